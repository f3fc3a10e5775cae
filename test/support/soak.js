// A soak with accounting: scenario calls of the three PBXs sent to one n8n (regular or queue
// mode) at a fixed concurrency, interleaved with requests carrying a wrong secret and with
// events the triggers do not select; then every execution is read back through n8n's public
// API and matched to what was sent. Used by the e2e suites (a short run) and `npm run soak`.
const { randomBytes } = require('node:crypto');
const { performance } = require('node:perf_hooks');

const { createKompaasFake } = require('../fakes/kompaasApi');
const { triggerItems } = require('./n8n');
const { sendPbxEvent } = require('./pbxSender');
const { listScenarios, loadScenario, renderScenario } = require('./scenarios');
const { triggerWorkflow } = require('./workflows');

const wait = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * Per PBX: the trigger, the events it selects and the vendor event names it leaves out (the
 * calls' start and ringing events). A step whose vendor event is listed under `unselected` is
 * answered 200 and must start nothing; every other step must start exactly one execution.
 */
const SOAK_TRIGGERS = {
	voipcloud: {
		nodeType: 'voipcloudTrigger',
		webhookPath: 'voipcloud',
		events: [
			'user_inbound_answered',
			'user_inbound_completed',
			'user_outbound_answered',
			'user_outbound_completed',
			'queue_call',
			'ring_group_call',
			'voicemail',
			'recording_inbound',
			'recording_outbound',
		],
		unselected: ['user_inbound', 'user_outbound', 'webhook_component_event'],
		vendorEvent: (body) => body?.type,
	},
	kompaas: {
		nodeType: 'kompaasTrigger',
		webhookPath: 'kompaas',
		events: [
			'VpbxInboundCallEnd',
			'VpbxOutgoingEnd',
			'QUEUE_LINK_START',
			'QUEUE_LINK_END',
			'QueueCallStart',
			'QueueCallEnd',
			'record_upload_done',
		],
		unselected: ['VpbxInboundCallStart', 'VpbxOutgoingStart', 'SpeechKitDialog'],
		vendorEvent: (body) => body?.eventType,
	},
	'3cx': {
		nodeType: 'threeCxWebhookTrigger',
		webhookPath: '3cx',
		events: [
			'answeredIncoming',
			'answeredOutgoing',
			'endedIncoming',
			'endedOutgoing',
			'legEndedTransfer',
			'recordingReady',
		],
		unselected: ['ringing', 'dialing'],
		vendorEvent: (body) => body?.Event,
	},
};
const PBXS = Object.keys(SOAK_TRIGGERS);

/**
 * KOMPaaS identifies queue and recording events by their `id`, which the scenario files hold
 * as constants: each rendered call gets its own, as each real event has.
 */
function uniqueVendorIds(pbx, body, serial) {
	if (pbx !== 'kompaas' || body === null || typeof body !== 'object' || body.id == null) {
		return body;
	}
	const id = typeof body.id === 'number' ? body.id * 100_000 + serial : `${body.id}-${serial}`;
	return { ...body, id };
}

/** A small deterministic generator, so every run interleaves the same way. */
function seededRandom(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * The requests of a soak: whole calls, round robin over the PBXs and their scenarios, until
 * `events` steps are selected ones; their unselected steps go along; `wrongSecretShare` of
 * `events` more are selected steps of other calls sent with a wrong secret. Shuffled.
 * @returns {Array<{ pbx: string, kind: 'accepted' | 'unselected' | 'refused', callId: string, body: unknown }>}
 */
function planRequests({ events, wrongSecretShare = 0.1, seed = 13 }) {
	const scenarios = Object.fromEntries(PBXS.map((pbx) => [pbx, listScenarios(pbx)]));
	const requests = [];
	const classify = (pbx, step) =>
		SOAK_TRIGGERS[pbx].unselected.includes(SOAK_TRIGGERS[pbx].vendorEvent(step.body))
			? 'unselected'
			: 'accepted';
	let accepted = 0;
	let serial = 0;
	const request = (pbx, kind, scenario, step) => ({
		pbx,
		kind,
		callId: scenario.callId,
		body: uniqueVendorIds(pbx, step.body, serial++),
	});
	for (let call = 0; accepted < events; call++) {
		const pbx = PBXS[call % PBXS.length];
		const names = scenarios[pbx];
		const scenario = renderScenario(
			loadScenario(pbx, names[Math.floor(call / PBXS.length) % names.length]),
		);
		for (const step of scenario.steps) {
			if (accepted >= events && classify(pbx, step) === 'accepted') continue;
			const kind = classify(pbx, step);
			if (kind === 'accepted') accepted++;
			requests.push(request(pbx, kind, scenario, step));
		}
	}
	const refused = Math.ceil(events * wrongSecretShare);
	const nextScenario = Object.fromEntries(PBXS.map((pbx) => [pbx, 0]));
	for (let added = 0; added < refused; ) {
		const pbx = PBXS[added % PBXS.length];
		const names = scenarios[pbx];
		const scenario = renderScenario(loadScenario(pbx, names[nextScenario[pbx]++ % names.length]));
		const step = scenario.steps.find((candidate) => classify(pbx, candidate) === 'accepted');
		if (!step) continue;
		requests.push(request(pbx, 'refused', scenario, step));
		added++;
	}
	const random = seededRandom(seed);
	for (let i = requests.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[requests[i], requests[j]] = [requests[j], requests[i]];
	}
	return requests;
}

/**
 * Publishes one trigger per PBX in `target` (KOMPaaS in Automatic setup against a fake
 * KOMPaaS API, which it registers its webhooks with), and returns how to reach each.
 * @param {{ baseUrl: string, api: import('./n8n').N8nApi }} target
 */
async function publishSoakTriggers(target, { label = 'soak' } = {}) {
	const kompaas = createKompaasFake();
	await kompaas.listen();
	const secrets = {
		voipcloud: randomBytes(24).toString('hex'),
		'3cx': randomBytes(24).toString('hex'),
	};
	const credential = async (name, type, data) => {
		const created = await target.api.createCredential(`${label}: ${name}`, type, data);
		return { [type]: { id: created.id, name: created.name } };
	};
	const credentials = {
		voipcloud: await credential('VoIPcloud', 'voipcloudWebhookApi', {
			secretToken: secrets.voipcloud,
		}),
		kompaas: await credential('KOMPaaS', 'kompaasApi', {
			apiToken: kompaas.token,
			accountId: '',
			baseUrl: kompaas.baseUrl,
		}),
		'3cx': await credential('3CX', 'threeCxWebhookApi', { secret: secrets['3cx'] }),
	};
	const triggers = {};
	for (const pbx of PBXS) {
		const spec = SOAK_TRIGGERS[pbx];
		const built = triggerWorkflow({
			name: `${label}: ${pbx}`,
			nodeType: spec.nodeType,
			webhookPath: spec.webhookPath,
			parameters: { events: spec.events },
			credentials: credentials[pbx],
		});
		const created = await target.api.createWorkflow(built.workflow);
		await target.api.activateWorkflow(created.id);
		await target.api.waitForPublication(created.id, ['published']);
		triggers[pbx] = {
			id: created.id,
			nodeName: built.nodeName,
			url: `${target.baseUrl}/webhook/${built.path}`,
		};
	}
	// KOMPaaS's secret is the one the trigger registered with each of its webhooks.
	const registered = kompaas.webhooks();
	secrets.kompaas = registered[0]?.headers?.['X-N8n-Webhook-Secret'];
	if (registered.length !== SOAK_TRIGGERS.kompaas.events.length || !secrets.kompaas) {
		throw new Error(`KOMPaaS Trigger registered ${registered.length} webhook(s) with the fake`);
	}
	for (const pbx of PBXS) await waitUntilServed(triggers[pbx].url);
	return { triggers, secrets, kompaas, close: () => kompaas.close() };
}

/** Right after publishing a production URL can answer 404 for a moment (our triggers answer 401 to an empty POST). */
async function waitUntilServed(url, timeoutMs = 30_000) {
	const started = Date.now();
	while (Date.now() - started < timeoutMs) {
		const answer = await sendPbxEvent('voipcloud', url, { body: '' }).catch(() => ({ status: 0 }));
		if (answer.status !== 404 && answer.status !== 0 && answer.status < 500) return;
		await wait(250);
	}
	throw new Error(`${url} is not served after ${timeoutMs} ms`);
}

function percentile(sorted, p) {
	if (sorted.length === 0) return 0;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Sends the planned requests, `concurrency` at a time. `during` (optional) runs once half of
 * them have been sent, while the rest keep going (e.g. a worker killed and restarted).
 */
async function sendAll(requests, { triggers, secrets, concurrency, during }) {
	const answers = new Array(requests.length);
	let next = 0;
	let duringPromise = null;
	const half = Math.floor(requests.length / 2);
	const started = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < requests.length) {
				const index = next++;
				if (index === half && during) duringPromise = during();
				const request = requests[index];
				const token =
					request.kind === 'refused'
						? `wrong-${randomBytes(8).toString('hex')}`
						: secrets[request.pbx];
				const t0 = performance.now();
				try {
					const answer = await sendPbxEvent(request.pbx, triggers[request.pbx].url, {
						body: request.body,
						token,
					});
					answers[index] = { status: answer.status, text: answer.text, ms: performance.now() - t0 };
				} catch (error) {
					answers[index] = {
						status: 0,
						error: error.code || error.message,
						ms: performance.now() - t0,
					};
				}
			}
		}),
	);
	const sentMs = performance.now() - started;
	const duringResult = duringPromise ? await duringPromise : undefined;
	return { answers, sentMs, started, duringResult };
}

/** Counts the workflows' executions until `expected` have finished or none finished for `idleMs`. */
async function waitForExecutions(api, workflowIds, expected, { idleMs, timeoutMs, onProgress }) {
	const started = Date.now();
	let last = -1;
	let lastChange = Date.now();
	for (;;) {
		let finished = 0;
		for (const id of workflowIds) {
			const executions = await api.listExecutions(id, { includeData: false });
			finished += executions.filter((e) => e.stoppedAt).length;
		}
		if (finished !== last) {
			last = finished;
			lastChange = Date.now();
			onProgress?.(`${finished}/${expected} executions finished`);
		}
		if (finished >= expected) return { finished, waitedMs: Date.now() - started, complete: true };
		if (Date.now() - lastChange > idleMs || Date.now() - started > timeoutMs) {
			return { finished, waitedMs: Date.now() - started, complete: false };
		}
		await wait(2_000);
	}
}

/** The event items an execution's trigger emitted; none for an execution that never ran. */
function eventsOf(execution, nodeName) {
	const items = triggerItems(execution, nodeName);
	return { items, ran: items.length > 0 };
}

/**
 * Reads every execution back and matches it to what was sent.
 * @returns the figures of the soak (see README "Load accounting")
 */
async function account(api, requests, answers, triggers) {
	const executions = [];
	for (const pbx of PBXS) {
		const list = await api.listExecutions(triggers[pbx].id, { includeData: true });
		executions.push(...list.map((execution) => ({ pbx, execution })));
	}
	const expectedPerCall = new Map();
	const sentCalls = new Set();
	const refusedCalls = new Set();
	for (const request of requests) {
		sentCalls.add(request.callId);
		if (request.kind === 'accepted') {
			expectedPerCall.set(request.callId, (expectedPerCall.get(request.callId) ?? 0) + 1);
		}
		if (request.kind === 'refused') refusedCalls.add(request.callId);
	}
	const byStatus = {};
	const eventIds = new Map();
	const perCall = new Map();
	let ranItems = 0;
	let notRunItems = 0;
	let itemsWithoutCall = 0;
	let multiItemExecutions = 0;
	// One accepted request is one event of the soak, and starts one execution, whatever number of
	// items it gives (a voicemail is also its call's end). Its identity is its eventId with the
	// payload it carries: two ends of one call share their eventId by design, a request run twice
	// repeats both.
	for (const { pbx, execution } of executions) {
		byStatus[execution.status] = (byStatus[execution.status] ?? 0) + 1;
		const { items, ran } = eventsOf(execution, triggers[pbx].nodeName);
		if (!ran) {
			notRunItems++;
			continue;
		}
		if (items.length !== 1) multiItemExecutions++;
		const [item] = items;
		ranItems++;
		const identity = `${item.eventId} ${JSON.stringify(item.raw)}`;
		eventIds.set(identity, (eventIds.get(identity) ?? 0) + 1);
		if (item.callId === undefined || item.callId === null) itemsWithoutCall++;
		else perCall.set(item.callId, (perCall.get(item.callId) ?? 0) + 1);
	}
	let lost = 0;
	let duplicatedCalls = 0;
	const lostCalls = [];
	for (const [callId, expected] of expectedPerCall) {
		const got = perCall.get(callId) ?? 0;
		if (got < expected) {
			lost += expected - got;
			lostCalls.push(callId);
		}
		if (got > expected) duplicatedCalls++;
	}
	let strays = 0;
	for (const [callId, got] of perCall) {
		if (!expectedPerCall.has(callId)) strays += got;
	}
	const count = (predicate) => requests.filter((r, i) => predicate(r, answers[i])).length;
	const latencies = answers.map((a) => a.ms).sort((a, b) => a - b);
	const statuses = {};
	for (const answer of answers) statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
	return {
		sent: requests.length,
		sentEvents: count((r) => r.kind === 'accepted'),
		accepted: count((r, a) => r.kind === 'accepted' && a.status === 200),
		refused: count((r, a) => r.kind === 'refused' && a.status === 401),
		refusedSent: count((r) => r.kind === 'refused'),
		unselected: count(
			(r, a) =>
				r.kind === 'unselected' && a.status === 200 && /No selected event/.test(a.text ?? ''),
		),
		unselectedSent: count((r) => r.kind === 'unselected'),
		fiveXX: answers.filter((a) => a.status >= 500).length,
		fiveXXAnswers: [
			...new Set(answers.filter((a) => a.status >= 500).map((a) => `${a.status} ${a.text}`)),
		].slice(0, 5),
		duplicates: [...eventIds.entries()]
			.filter(([, n]) => n > 1)
			.slice(0, 5)
			.map(([identity, n]) => [identity.slice(0, 160), n]),
		networkErrors: answers.filter((a) => a.status === 0).length,
		statuses,
		executions: executions.length,
		executionsByStatus: byStatus,
		eventsRan: ranItems,
		executionsNotRun: notRunItems,
		distinctEventIds: eventIds.size,
		duplicateEventIds: [...eventIds.values()].filter((n) => n > 1).length,
		lost,
		lostSamples: lostCalls.slice(0, 5).map((callId) => ({
			callId,
			requests: requests
				.map((r, i) => ({ r, a: answers[i] }))
				.filter(({ r }) => r.callId === callId && r.kind === 'accepted')
				.map(({ r, a }) => ({
					pbx: r.pbx,
					event: SOAK_TRIGGERS[r.pbx].vendorEvent(r.body),
					answer: `${a.status} ${String(a.text ?? '').slice(0, 120)}`,
				})),
			ran: perCall.get(callId) ?? 0,
		})),
		duplicatedCalls,
		strays,
		itemsWithoutCall,
		multiItemExecutions,
		latencyMs: {
			p50: Math.round(percentile(latencies, 50)),
			p95: Math.round(percentile(latencies, 95)),
			max: Math.round(latencies[latencies.length - 1] ?? 0),
		},
		calls: sentCalls.size,
		refusedCalls: refusedCalls.size,
	};
}

/**
 * One soak against `target` ({ baseUrl, api }): publishes the three triggers, sends, waits and
 * accounts. `during` runs once half the requests are out.
 */
async function runSoak(
	target,
	{
		events = 200,
		concurrency = 50,
		label = 'soak',
		during,
		idleMs = 60_000,
		timeoutMs = 30 * 60_000,
		onProgress,
	} = {},
) {
	const soak = await publishSoakTriggers(target, { label });
	try {
		const requests = planRequests({ events });
		onProgress?.(`sending ${requests.length} requests at concurrency ${concurrency}`);
		const { answers, sentMs, started, duringResult } = await sendAll(requests, {
			triggers: soak.triggers,
			secrets: soak.secrets,
			concurrency,
			during,
		});
		const accepted = requests.filter(
			(r, i) => r.kind === 'accepted' && answers[i].status === 200,
		).length;
		const waited = await waitForExecutions(
			target.api,
			PBXS.map((pbx) => soak.triggers[pbx].id),
			accepted,
			{ idleMs, timeoutMs, onProgress },
		);
		const totalMs = performance.now() - started;
		const figures = await account(target.api, requests, answers, soak.triggers);
		return {
			...figures,
			concurrency,
			sendSeconds: Math.round(sentMs / 100) / 10,
			totalSeconds: Math.round(totalMs / 100) / 10,
			executionsPerSecond: Math.round((waited.finished / (totalMs / 1000)) * 10) / 10,
			allFinished: waited.complete,
			during: duringResult,
			workflows: Object.fromEntries(PBXS.map((pbx) => [pbx, soak.triggers[pbx].id])),
		};
	} finally {
		await soak.close();
	}
}

/** The figures a test asserts on: each must be as below for a soak where every event is accounted for. */
function accounting(figures) {
	return {
		'scenario events sent': figures.sentEvents,
		'accepted (200)': figures.accepted,
		executions: figures.executions,
		'events in executions': figures.eventsRan,
		'distinct eventIds': figures.distinctEventIds,
		'duplicate eventIds': figures.duplicateEventIds,
		'calls with more events than sent': figures.duplicatedCalls,
		'lost events': figures.lost,
		'executions from refused or unselected requests': figures.strays,
		'wrong secrets refused (401)': `${figures.refused}/${figures.refusedSent}`,
		'unselected answered 200, not run': `${figures.unselected}/${figures.unselectedSent}`,
		'5xx answers': figures.fiveXX,
		'unanswered requests': figures.networkErrors,
		'execution statuses': figures.executionsByStatus,
	};
}

/** What every soak must show: `events` accepted and run once each, nothing else. */
function accountedFor(events, figures) {
	return {
		'scenario events sent': events,
		'accepted (200)': events,
		executions: events,
		'events in executions': events,
		'distinct eventIds': events,
		'duplicate eventIds': 0,
		'calls with more events than sent': 0,
		'lost events': 0,
		'executions from refused or unselected requests': 0,
		'wrong secrets refused (401)': `${figures.refusedSent}/${figures.refusedSent}`,
		'unselected answered 200, not run': `${figures.unselectedSent}/${figures.unselectedSent}`,
		'5xx answers': 0,
		'unanswered requests': 0,
		'execution statuses': { success: events },
	};
}

/** Prints one line: the soak's size, speed and answer times. */
function printSummary(name, figures) {
	process.stdout.write(
		`\n[soak] ${name}: ${figures.sent} requests (${figures.sentEvents} events, ${figures.refusedSent} wrong secrets, ${figures.unselectedSent} unselected) at concurrency ${figures.concurrency}: ${figures.executions} executions in ${figures.totalSeconds} s (${figures.executionsPerSecond}/s), answers p50 ${figures.latencyMs.p50} ms, p95 ${figures.latencyMs.p95} ms\n`,
	);
	if (figures.lostSamples?.length) {
		process.stdout.write(`[soak] lost: ${JSON.stringify(figures.lostSamples, null, 1)}\n`);
	}
}

/**
 * The runs that make `npm run soak` fail. A run that stops or kills the worker half-way may end
 * executions in error or crashed (that is what it measures), but it fails when an event is lost:
 * a call the PBX got a 200 for whose execution never finished, which n8n does not run again.
 * @param {Array<{ name: string, figures: { lost: number }, problems: string[] }>} runs
 */
function failedRuns(runs) {
	return runs.filter((run) =>
		/half-way/.test(run.name) ? run.figures.lost > 0 : run.problems.length > 0,
	);
}

module.exports = {
	SOAK_TRIGGERS,
	failedRuns,
	accounting,
	accountedFor,
	planRequests,
	publishSoakTriggers,
	runSoak,
	printSummary,
};
