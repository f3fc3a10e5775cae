#!/usr/bin/env node
// Benchmarks (not timed tests):
//  1. in process: the trigger's cost per event for every scenario event of every PBX, p50 / p99,
//     beside JSON.parse of the same body;
//  2. real n8n, side by side with what users build by hand (and F: n8n's Webhook v2 → our PBX
//     Call Event node), in n8n's default configuration and with lazy isolate acquisition: n8n CPU per event (its whole process group, task runner
//     included), executions per second, answer times; interleaved rounds, medians.
//  3. the fault matrix's time to each error (test/unit/shared/http.faultMatrix.test.ts and
//     kompaas/webhookLifecycle.timeout.test.ts, run with PBX_FAULT_TIMES) against its bound: the
//     unit tests assert what happens, the bench how long it takes (about 1 min; --skip-faults);
//  4. opt-in (--scale-out): n8n in queue mode, executions per second with 1 webhook processor and
//     1, then 2 workers, latency from sending an event to its execution's end, CPU per process
//     group (test/support/scaleOut.js).
//   npm run bench [-- --quick] [--pbx voipcloud] [--rounds 3] [--events 60] [--config default]
//                 [--tarball path.tgz] [--skip-n8n] [--skip-in-process] [--skip-faults]
//                 [--out bench/results.json]
//                 [--scale-out [--scale-out-pbx voipcloud] [--scale-out-seconds 60]
//                  [--scale-out-rounds 2] [--scale-out-concurrency 8]]
//   Results of parts not run are kept from the --out file.
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const n8n = require('../test/support/n8n.js');
const { listScenarios, loadScenario, renderScenario } = require('../test/support/scenarios.js');
const { buildPbxRequest, sendPbxEvent } = require('../test/support/pbxSender.js');
const { triggerWorkflow } = require('../test/support/workflows.js');
const { groupPids, waitUntilIdle } = require('../test/support/processGroupCpu.js');
const { runScaleOut } = require('../test/support/scaleOut.js');
const { creomateGetParams } = require('../test/support/threeCxForms.js');
const {
	HANDMADE,
	itemDifferences,
	eventIdDifferences,
} = require('../test/support/handmade/compare.js');

const { values } = parseArgs({
	options: {
		quick: { type: 'boolean', default: false },
		pbx: { type: 'string', multiple: true },
		config: { type: 'string', multiple: true },
		rounds: { type: 'string' },
		events: { type: 'string' },
		concurrency: { type: 'string', default: '4' },
		tarball: { type: 'string' },
		'skip-n8n': { type: 'boolean', default: false },
		'skip-in-process': { type: 'boolean', default: false },
		'skip-faults': { type: 'boolean', default: false },
		out: { type: 'string', default: 'bench/results.json' },
		'scale-out': { type: 'boolean', default: false },
		'scale-out-pbx': { type: 'string', multiple: true },
		'scale-out-seconds': { type: 'string' },
		'scale-out-rounds': { type: 'string' },
		'scale-out-concurrency': { type: 'string', default: '8' },
	},
});
const quick = values.quick;
const ROUNDS = Number(values.rounds ?? 3);
const EVENTS = Number(values.events ?? (quick ? 20 : 60));
const CONCURRENCY = Number(values.concurrency);
const PBXS = values.pbx ?? ['voipcloud', 'kompaas', '3cx'];
const CONFIGS = {
	default: {},
	lazy: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' },
};
const configNames = values.config ?? Object.keys(CONFIGS);
const loadAverages = [loadavg()];

const median = (list) => {
	const sorted = [...list].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const percentile = (sorted, p) =>
	sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const round1 = (x) => (x === null || x === undefined ? null : Math.round(x * 10) / 10);

const PBX = {
	voipcloud: {
		nodeType: 'voipcloudTrigger',
		className: ['Voipcloud/VoipcloudTrigger.node.js', 'VoipcloudTrigger'],
		credentialType: 'voipcloudWebhookApi',
		credentialData: (secret) => ({ secretToken: secret }),
		parameters: {},
		// What n8n's Header Auth can check: the PBX's own header.
		secretHeader: 'X-Pbx-Token',
	},
	kompaas: {
		nodeType: 'kompaasTrigger',
		className: ['Kompaas/KompaasTrigger.node.js', 'KompaasTrigger'],
		credentialType: 'kompaasWebhookApi',
		credentialData: (secret) => ({ secret }),
		// The secret in the credential (Manual setup), as for the other PBXs.
		parameters: { setupMode: 'manual' },
		secretHeader: 'X-N8n-Webhook-Secret',
	},
	'3cx': {
		nodeType: 'threeCxWebhookTrigger',
		className: ['ThreeCx/ThreeCxWebhookTrigger.node.js', 'ThreeCxWebhookTrigger'],
		credentialType: 'threeCxWebhookApi',
		credentialData: (secret) => ({ secret }),
		parameters: {},
		// The add-ons put the secret in the URL's query and cannot send headers; n8n's Webhook node
		// has no check for a query secret, so the user's secured version compares it in an IF node.
		secretHeader: null,
		secretQuery: 'token',
	},
};

const workDir = mkdtempSync(join(tmpdir(), 'n8n-nodes-pbx-bench-'));
const tarball = values.tarball ? resolve(values.tarball) : n8n.packPackage(join(workDir, 'pack')); // builds dist/
const secret = randomBytes(20).toString('hex');

/** Every scenario event of a PBX, as the PBX sends it. */
function scenarioEvents(pbx) {
	return listScenarios(pbx).flatMap((name) =>
		renderScenario(loadScenario(pbx, name)).steps.map((step) => ({ scenario: name, ...step })),
	);
}

function triggerOf(pbx) {
	const [file, name] = PBX[pbx].className;
	const NodeClass = require(`../dist/nodes/${file}`)[name];
	return new NodeClass();
}

/** The functions n8n gives a trigger's webhook(), for a request as `buildPbxRequest` makes it. */
function webhookContext(pbx, sent, { parameters = {} } = {}) {
	const url = new URL(sent.url);
	const headers = Object.fromEntries(
		Object.entries(sent.headers).map(([name, value]) => [name.toLowerCase(), value]),
	);
	const rawBody = Buffer.from(sent.body ?? '');
	const query = Object.fromEntries(url.searchParams);
	const response = { status: () => response, json: () => response, end: () => response };
	const nodeParameters = { ...PBX[pbx].parameters, ...parameters };
	return {
		getHeaderData: () => headers,
		getRequestObject: () => ({ rawBody, body: undefined, headers, ip: '127.0.0.1' }),
		getResponseObject: () => response,
		getQueryData: () => query,
		getNodeParameter: (name, fallback) => nodeParameters[name] ?? fallback,
		getNode: () => ({ name: 'PBX Trigger', credentials: {} }),
		getWorkflowStaticData: () => ({}),
		// The workflow's time zone, as the unit tests set it (test/support/triggers.ts).
		getTimezone: () => 'UTC',
		getCredentials: async () => PBX[pbx].credentialData(secret),
		logger: { warn() {}, error() {}, info() {}, debug() {} },
	};
}

function sentRequest(pbx, step) {
	return buildPbxRequest(pbx, 'http://127.0.0.1:5678/webhook/bench', {
		body: step.body,
		token: secret,
		form: step.form,
		query: step.query,
	});
}

async function triggerItems(pbx, trigger, step, options) {
	const answer = await trigger.webhook.call(webhookContext(pbx, sentRequest(pbx, step), options));
	return (answer.workflowData?.[0] ?? []).map((item) => item.json);
}

// ---- the hand-made Code node, checked field by field against the trigger -----------------------
/**
 * Runs the hand-made normalization on every scenario event and compares it with the trigger's
 * items field by field (test/support/handmade/compare.js). Throws on any difference.
 */
async function checkHandmade(pbx) {
	const { normalize } = HANDMADE[pbx];
	const trigger = triggerOf(pbx);
	const differences = [];
	const ids = [];
	let count = 0;
	for (const step of scenarioEvents(pbx)) {
		const from = new Date().toISOString();
		const ours = await triggerItems(pbx, trigger, step);
		const theirs = normalize(step.body);
		const received = { from, to: new Date().toISOString() };
		differences.push(...itemDifferences(step.scenario, ours, theirs, received));
		ours.forEach((item, index) => ids.push([item.eventId, theirs[index]?.eventId]));
		count += ours.length;
	}
	differences.push(...eventIdDifferences(ids));
	if (differences.length > 0) {
		throw new Error(
			`The hand-made ${pbx} Code node does not match the trigger:\n  ${differences.join('\n  ')}`,
		);
	}
	return count;
}

const results = {
	date: new Date().toISOString(),
	n8n: '2.41.1',
	machine: { cores: cpus().length },
	quick,
	rounds: ROUNDS,
	eventsPerRound: EVENTS,
	concurrency: CONCURRENCY,
	handmadeChecked: {},
	inProcess: {},
	n8nSideBySide: {},
};

for (const pbx of PBXS) {
	results.handmadeChecked[pbx] = await checkHandmade(pbx);
	console.log(
		`hand-made ${pbx} Code node = trigger, field by field, on ${results.handmadeChecked[pbx]} scenario events`,
	);
}

// ---- 1. in process: every scenario event, p50 / p99, beside JSON.parse --------------------------
if (!values['skip-in-process']) {
	const iterations = quick ? 300 : 2000;
	for (const pbx of PBXS) {
		const trigger = triggerOf(pbx);
		const rows = [];
		for (const step of scenarioEvents(pbx)) {
			const sent = sentRequest(pbx, step);
			const bodyText = sent.body ?? '';
			const times = [];
			const parseTimes = [];
			for (let i = 0; i < iterations + 100; i++) {
				const context = webhookContext(pbx, sent);
				const t0 = performance.now();
				await trigger.webhook.call(context);
				const t1 = performance.now();
				if (bodyText !== '') JSON.parse(bodyText);
				const t2 = performance.now();
				if (i >= 100) {
					times.push((t1 - t0) * 1000);
					parseTimes.push((t2 - t1) * 1000);
				}
			}
			times.sort((a, b) => a - b);
			parseTimes.sort((a, b) => a - b);
			const jsonBody = bodyText !== '' && /json/.test(sent.headers['content-type'] ?? '');
			rows.push({
				scenario: step.scenario,
				event: (await triggerItems(pbx, trigger, step))[0]?.vendorEvent ?? null,
				bytes: Buffer.byteLength(bodyText),
				p50us: round1(percentile(times, 50)),
				p99us: round1(percentile(times, 99)),
				jsonParseP50us: jsonBody ? round1(percentile(parseTimes, 50)) : null,
				jsonParseP99us: jsonBody ? round1(percentile(parseTimes, 99)) : null,
			});
		}
		results.inProcess[pbx] = rows;
		const p50s = rows.map((r) => r.p50us);
		console.log(
			`in process, ${pbx}: ${rows.length} events, p50 ${Math.min(...p50s)}–${Math.max(...p50s)} µs`,
		);
	}
}

// ---- the fault matrix's times against their bounds (part 3) ----------------------------------
/** Runs the fault matrix's tests and reads the time to each error they recorded. */
function faultTimes() {
	const file = join(workDir, 'fault-times.jsonl');
	const tests = [
		'test/unit/shared/http.faultMatrix.test.ts',
		'test/unit/kompaas/webhookLifecycle.timeout.test.ts',
	];
	const jest = require.resolve('jest/bin/jest');
	const run = spawnSync(process.execPath, [jest, ...tests, '--selectProjects', 'unit'], {
		stdio: ['ignore', 'ignore', 'inherit'],
		env: { ...process.env, PBX_FAULT_TIMES: file },
	});
	if (run.status !== 0) throw new Error('The fault matrix failed: its times would mean nothing');
	return readFileSync(file, 'utf8')
		.trim()
		.split('\n')
		.map((line) => JSON.parse(line))
		.map((time) => ({
			...time,
			ok: time.ms <= time.withinMs && (time.atLeastMs === undefined || time.ms >= time.atLeastMs),
		}));
}

// ---- 2. real n8n, side by side ---------------------------------------------------------------------
function codeNode(name, jsCode) {
	return {
		name,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		parameters: { jsCode },
	};
}

/** n8n's own Webhook node v2 (and the nodes after it), as a user builds it. */
function webhookWorkflow(name, { auth, after = [] }) {
	const webhookId = randomUUID();
	const path = `bench-${randomBytes(4).toString('hex')}`;
	const nodes = [
		{
			id: randomUUID(),
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId,
			parameters: {
				httpMethod: 'POST',
				path,
				authentication: auth ? 'headerAuth' : 'none',
				options: {},
			},
			...(auth ? { credentials: { httpHeaderAuth: { id: auth.id, name: auth.name } } } : {}),
		},
		...after.map((node, index) => ({
			id: randomUUID(),
			position: [220 * (index + 1), 0],
			...node,
		})),
	];
	const connections = {};
	const names = nodes.map((node) => node.name);
	for (let i = 0; i + 1 < names.length; i++) {
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	}
	return {
		path,
		workflow: { name, nodes, connections, settings: { executionOrder: 'v1' } },
	};
}

/** The event a filter can leave out, and a selector of the trigger that excludes it. */
async function unselectedEvent(pbx) {
	const trigger = triggerOf(pbx);
	const step = scenarioEvents(pbx)[0];
	const selectable = trigger.description.properties
		.find((property) => property.name === 'events')
		.options.map((option) => option.value)
		.filter((value) => value !== '*');
	// The first scenario event is a call's first event; select only the last selector that
	// is not its own (checked below: the request must start no execution).
	const ownEvent = (await triggerItems(pbx, trigger, step))[0].vendorEvent;
	for (const value of [...selectable].reverse()) {
		const items = await triggerItems(pbx, trigger, step, { parameters: { events: [value] } });
		if (items.length === 0) return { step, selector: value, vendorEvent: ownEvent };
	}
	throw new Error(`${pbx}: no selector leaves out ${ownEvent}`);
}

async function publish(api, baseUrl, built) {
	const created = await api.createWorkflow(built.workflow);
	await api.activateWorkflow(created.id);
	const url = `${baseUrl}/webhook/${built.path}`;
	await n8n.waitForWebhook(url);
	return { id: created.id, url };
}

/** The variants measured for one PBX; each sends `events` of its own. */
async function variantsOf(pbx, api, baseUrl) {
	const spec = PBX[pbx];
	const credential = await api.createCredential(`bench ${pbx}`, spec.credentialType, {
		...spec.credentialData(secret),
	});
	const credentials = { [spec.credentialType]: { id: credential.id, name: credential.name } };
	const ours = (name, parameters) =>
		publish(
			api,
			baseUrl,
			triggerWorkflow({
				name,
				nodeType: spec.nodeType,
				webhookPath: pbx,
				parameters: { ...spec.parameters, ...parameters },
				credentials,
			}),
		);
	const events = scenarioEvents(pbx);
	const unselected = await unselectedEvent(pbx);
	const headerAuth = spec.secretHeader
		? await api.createCredential(`bench ${pbx} header`, 'httpHeaderAuth', {
				name: spec.secretHeader,
				value: secret,
			})
		: null;
	const handmade = HANDMADE[pbx];
	const ifNode = (name, conditions) => ({
		name,
		type: 'n8n-nodes-base.if',
		typeVersion: 1,
		parameters: { conditions: { string: conditions }, combineOperation: 'all' },
	});
	// The secured user version: n8n's Header Auth where the PBX sends a header; for the 3CX
	// add-ons, which can only put the secret in the URL, an IF node comparing the query's token
	// (what n8n offers for that: the secret then sits in the workflow, compared in plain `===`).
	const secured = headerAuth
		? { auth: headerAuth, checks: [], how: `Header Auth (${spec.secretHeader})` }
		: {
				auth: null,
				checks: [{ value1: `={{ $json.query.${spec.secretQuery} }}`, value2: secret }],
				how: `IF ?${spec.secretQuery}= is the secret`,
			};
	const code = codeNode('Normalize', handmade.jsCode);
	const variants = [];
	variants.push({
		key: 'A',
		label: `A our ${pbx} trigger (all events, normalized)`,
		target: await ours(`bench ${pbx}: A`, { events: ['*'] }),
		events,
		executions: true,
	});
	variants.push({
		key: 'B',
		label: 'B Webhook v2 → Code node (same normalization)',
		target: await publish(api, baseUrl, webhookWorkflow(`bench ${pbx}: B`, { after: [code] })),
		events,
		executions: true,
	});
	variants.push({
		key: 'C',
		label: `C Webhook v2 + ${secured.how} → the same Code node`,
		target: await publish(
			api,
			baseUrl,
			webhookWorkflow(`bench ${pbx}: C`, {
				auth: secured.auth,
				after: [...(secured.checks.length > 0 ? [ifNode('Secret?', secured.checks)] : []), code],
			}),
		),
		events,
		executions: true,
	});
	variants.push({
		key: 'D',
		label: 'D bare Webhook v2 (platform floor)',
		target: await publish(api, baseUrl, webhookWorkflow(`bench ${pbx}: D`, {})),
		events,
		executions: true,
	});
	variants.push({
		key: 'E',
		label: `E ours, an unselected event (${unselected.vendorEvent}; no execution)`,
		target: await ours(`bench ${pbx}: E`, { events: [unselected.selector] }),
		events: [unselected.step],
		executions: false,
	});
	// F: the path n8n favours: its Webhook v2 (+ Header Auth where the PBX sends a header) → our
	// PBX Call Event node; for 3CX the node checks the query's token against the credential.
	const pbxCallEvent = {
		name: 'PBX Call Event',
		type: 'n8n-nodes-pbx.pbxCallEvent',
		typeVersion: 1,
		parameters: {
			pbx,
			source: 'webhook',
			events: ['*'],
			output: 'normalized',
			checkSecret: !headerAuth,
			refused: 'drop',
			options: {},
		},
		...(headerAuth ? {} : { credentials }),
	};
	variants.push({
		key: 'F',
		label: `F Webhook v2 + ${headerAuth ? `Header Auth (${spec.secretHeader})` : 'the node’s ?token= check'} → PBX Call Event`,
		target: await publish(
			api,
			baseUrl,
			webhookWorkflow(`bench ${pbx}: F`, { auth: headerAuth, after: [pbxCallEvent] }),
		),
		events,
		executions: true,
	});
	if (pbx === '3cx') {
		// The add-on that appends `?event=…` to a URL holding `?token=…`: the token carries the
		// event (`token=<secret>?event=ringing&…`), checked with one credential load at most.
		variants.push({
			key: 'Atoken',
			label: 'A our 3cx trigger, GET with the event in the token (token=<secret>?event=…)',
			target: await ours(`bench ${pbx}: A token`, { events: ['*'] }),
			events: events.map((step) => ({
				...step,
				form: 'query',
				tokenCarriesEvent: true,
			})),
			executions: true,
		});
	}
	const selectedEvent = {
		value1: `={{ $json.body.${handmade.eventField} }}`,
		value2: handmade.vendorValueOf(unselected.selector),
	};
	variants.push({
		key: 'Euser',
		label: `E the user’s ${secured.how} → IF selected event → Code, same event`,
		target: await publish(
			api,
			baseUrl,
			webhookWorkflow(`bench ${pbx}: E user`, {
				auth: secured.auth,
				after: [ifNode('Selected event?', [...secured.checks, selectedEvent]), code],
			}),
		),
		events: [unselected.step],
		executions: true,
	});
	return variants.map((variant) => ({ pbx, ...variant, rounds: [] }));
}

/** Sends EVENTS events, CONCURRENCY at a time, and waits until n8n's process group is idle. */
async function measure(pgid, variant) {
	const latencies = [];
	let next = 0;
	const before = await waitUntilIdle(pgid);
	const started = performance.now();
	const startedAt = Date.now();
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			while (next < EVENTS) {
				const step = variant.events[next++ % variant.events.length];
				const t0 = performance.now();
				const answer = await sendPbxEvent(variant.pbx, variant.target.url, {
					body: step.body,
					token: step.tokenCarriesEvent
						? `${secret}?event=${creomateGetParams(step.body).event}`
						: secret,
					form: step.form,
					query: step.query,
				});
				if (answer.status !== 200) {
					throw new Error(`${variant.label}: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
				}
				latencies.push(performance.now() - t0);
			}
		}),
	);
	const answeredMs = performance.now() - started;
	const after = await waitUntilIdle(pgid);
	latencies.sort((a, b) => a - b);
	return {
		cpuMsPerEvent: (after.cpuMs - before.cpuMs) / EVENTS,
		perSecond: EVENTS / (Math.max(answeredMs, after.lastBusyAt - startedAt) / 1000),
		p50: percentile(latencies, 50),
		p95: percentile(latencies, 95),
	};
}

async function sideBySide(configName) {
	const userFolder = join(workDir, `user-${configName}`);
	n8n.installPackage(userFolder, tarball);
	const port = await n8n.freePort();
	const { child, baseUrl } = await n8n.startN8n({
		userFolder,
		port,
		logFile: join(workDir, `n8n-${configName}.log`),
		env: CONFIGS[configName],
	});
	try {
		const { apiKey } = await n8n.provisionOwner(baseUrl);
		const api = new n8n.N8nApi(baseUrl, apiKey);
		const variants = [];
		for (const pbx of PBXS) variants.push(...(await variantsOf(pbx, api, baseUrl)));
		// What publishing started (n8n.waitForWebhook probes an unsecured webhook with a request).
		await waitUntilIdle(child.pid);
		for (const variant of variants) {
			variant.baseline = (
				await api.listExecutions(variant.target.id, { includeData: false })
			).length;
		}
		// Warm-up: one pass of every variant, not counted (first executions compile code, fill caches).
		for (const variant of variants) {
			await sendPbxEvent(variant.pbx, variant.target.url, {
				body: variant.events[0].body,
				token: secret,
				form: variant.events[0].form,
				query: variant.events[0].query,
			});
		}
		await waitUntilIdle(child.pid);
		const processes = groupPids(child.pid).length;
		for (let round = 0; round < ROUNDS; round++) {
			// Interleaved: every variant once per round, starting one further along each round.
			for (let i = 0; i < variants.length; i++) {
				const variant = variants[(i + round) % variants.length];
				variant.rounds.push(await measure(child.pid, variant));
			}
			loadAverages.push(loadavg());
			console.log(
				`${configName}: round ${round + 1}/${ROUNDS} done, load ${loadavg()[0].toFixed(1)}`,
			);
		}
		// Every accepted event ran once; no unselected event started an execution.
		for (const variant of variants) {
			const expected = variant.baseline + (variant.executions ? 1 + ROUNDS * EVENTS : 0);
			const runs = variant.executions
				? await api.waitForExecutions(variant.target.id, expected, {
						timeoutMs: 120_000,
						settleMs: 500,
					})
				: await api.listExecutions(variant.target.id, { includeData: false });
			const failed = runs.filter((run) => run.status && run.status !== 'success');
			if (runs.length !== expected || failed.length > 0) {
				throw new Error(
					`${configName} ${variant.label}: ${runs.length} executions (${failed.length} not successful), expected ${expected}`,
				);
			}
		}
		const byPbx = {};
		for (const variant of variants) {
			const summary = {
				label: variant.label,
				cpuMsPerEvent: round1(median(variant.rounds.map((r) => r.cpuMsPerEvent))),
				cpuMsPerEventRounds: variant.rounds.map((r) => round1(r.cpuMsPerEvent)),
				execPerSecond: variant.executions
					? round1(median(variant.rounds.map((r) => r.perSecond)))
					: null,
				answerP50ms: Math.round(median(variant.rounds.map((r) => r.p50))),
				answerP95ms: Math.round(median(variant.rounds.map((r) => r.p95))),
			};
			(byPbx[variant.pbx] ??= { variants: {} }).variants[variant.key] = summary;
		}
		for (const entry of Object.values(byPbx)) {
			const cpu = (key) => entry.variants[key]?.cpuMsPerEvent;
			const ratio = (a, b) => (cpu(a) && cpu(b) ? Math.round((cpu(a) / cpu(b)) * 100) / 100 : null);
			entry.ratios = {
				'A/C': ratio('A', 'C'),
				'A/B': ratio('A', 'B'),
				'A/D': ratio('A', 'D'),
				'E/Euser': ratio('E', 'Euser'),
				'F/C': ratio('F', 'C'),
				'F/B': ratio('F', 'B'),
			};
			for (const [key, value] of Object.entries(entry.ratios))
				if (value === null) delete entry.ratios[key];
		}
		results.n8nSideBySide[configName] = {
			env: CONFIGS[configName],
			processesInGroup: processes,
			pbx: byPbx,
		};
	} finally {
		await n8n.stopN8n(child);
	}
}

if (!values['skip-faults']) {
	const times = faultTimes();
	results.faultTimes = { date: new Date().toISOString(), times };
	const over = times.filter((time) => !time.ok);
	console.log(`fault matrix: ${times.length} times to error, ${over.length} outside their bounds`);
	for (const time of over) {
		console.log(
			`  ${time.operation}, ${time.fault}: ${time.ms} ms (bound ${time.atLeastMs ?? 0}–${time.withinMs} ms)`,
		);
	}
	if (over.length > 0) process.exitCode = 1;
}
if (!values['skip-n8n']) {
	for (const configName of configNames) await sideBySide(configName);
}
if (values['scale-out']) {
	const measureSeconds = Number(values['scale-out-seconds'] ?? (quick ? 30 : 60));
	const uptimeBefore = loadavg().map((x) => round1(x));
	results.scaleOut = await runScaleOut({
		tarball,
		workDir: join(workDir, 'scale-out'),
		secret,
		specs: PBX,
		pbxs: values['scale-out-pbx'] ?? ['voipcloud'],
		warmupSeconds: Math.max(10, Math.round(measureSeconds / 4)),
		measureSeconds,
		rounds: Number(values['scale-out-rounds'] ?? (quick ? 1 : 2)),
		concurrency: Number(values['scale-out-concurrency']),
		workerConcurrency: 10,
		log: (message) => console.log(`[scale-out] ${message}`),
	});
	results.scaleOut.date = new Date().toISOString();
	results.scaleOut.loadAverage = { atStart: uptimeBefore, atEnd: loadavg().map((x) => round1(x)) };
	loadAverages.push(loadavg());
}
results.loadAverage = {
	atStart: loadAverages[0].map((x) => round1(x)),
	atEnd: loadAverage1(loadavg()),
	oneMinuteMedian: round1(median(loadAverages.map((l) => l[0]))),
};
function loadAverage1(list) {
	return list.map((x) => round1(x));
}

// The parts not run this time keep their last results.
if (existsSync(resolve(values.out))) {
	const previous = JSON.parse(readFileSync(resolve(values.out), 'utf8'));
	const kept = {
		inProcess: values['skip-in-process'],
		n8nSideBySide: values['skip-n8n'],
		scaleOut: !values['scale-out'],
		faultTimes: values['skip-faults'],
	};
	for (const [part, keep] of Object.entries(kept)) {
		if (keep && previous[part] !== undefined) results[part] = previous[part];
	}
	if (values['skip-n8n'] && previous.loadAverage)
		results.sideBySideLoadAverage = previous.loadAverage;
}
mkdirSync(dirname(resolve(values.out)), { recursive: true });
writeFileSync(resolve(values.out), `${JSON.stringify(results, null, '\t')}\n`);

// ---- the table -----------------------------------------------------------------------------------
for (const [configName, config] of Object.entries(results.n8nSideBySide)) {
	console.log(
		`\n### n8n 2.41.1, ${configName === 'default' ? 'default configuration' : 'N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true'}`,
	);
	for (const [pbx, entry] of Object.entries(config.pbx)) {
		console.log(
			`\n${pbx}\n\n| variant | n8n CPU ms/event | exec/s | answer p50 / p95 ms |\n| --- | --- | --- | --- |`,
		);
		for (const v of Object.values(entry.variants)) {
			console.log(
				`| ${v.label} | ${v.cpuMsPerEvent} | ${v.execPerSecond ?? ''} | ${v.answerP50ms} / ${v.answerP95ms} |`,
			);
		}
		console.log(
			`\n${Object.entries(entry.ratios)
				.map(([k, v]) => `${k} = ${v}`)
				.join(', ')}`,
		);
	}
}
if (Object.keys(results.inProcess).length > 0) {
	console.log(
		'\n| PBX | events | trigger p50 (µs) | trigger p99 (µs) | JSON.parse p50 (µs) |\n| --- | --- | --- | --- | --- |',
	);
	for (const [pbx, rows] of Object.entries(results.inProcess)) {
		const range = (key) => {
			const list = rows.map((r) => r[key]).filter((x) => x !== null);
			return list.length ? `${Math.min(...list)}–${Math.max(...list)}` : '—';
		};
		console.log(
			`| ${pbx} | ${rows.length} | ${range('p50us')} | ${range('p99us')} | ${range('jsonParseP50us')} |`,
		);
	}
}
if (values['scale-out']) {
	const so = results.scaleOut;
	for (const [pbx, entry] of Object.entries(so.byPbx)) {
		const groups = Object.keys(entry.byWorkers[2].cpuCores);
		console.log(
			`\n### Scale-out, queue mode, ${pbx} (${so.concurrency} concurrent requests, worker concurrency ${so.workerConcurrency}, ${so.rounds} round(s) × ${so.measureSeconds} s measured)\n`,
		);
		console.log(
			`| workers | exec/s finished | accepted/s | send → execution end p50 / p95 ms | answer p50 / p95 ms | ${groups.map((g) => `${g} cores`).join(' | ')} | machine busy / others' cores |`,
		);
		console.log(`|${' --- |'.repeat(5 + groups.length + 1)}`);
		for (const [workers, w] of Object.entries(entry.byWorkers)) {
			console.log(
				`| ${workers} | ${w.finishedPerSecond} | ${w.acceptedPerSecond} | ${w.latencyP50ms} / ${w.latencyP95ms} | ${w.answerP50ms} / ${w.answerP95ms} | ${groups.map((g) => w.cpuCores[g] ?? '—').join(' | ')} | ${w.machineBusyCores} / ${w.otherCores} |`,
			);
		}
		console.log(
			`\nCPU ms per execution (2 workers): ${groups.map((g) => `${g} ${entry.byWorkers[2].cpuMsPerExecution[g]}`).join(', ')}`,
		);
	}
	console.log(
		`\nscale-out load average ${so.loadAverage.atStart.join(' ')} → ${so.loadAverage.atEnd.join(' ')}`,
	);
}
console.log(
	`\nload average at start ${results.loadAverage.atStart.join(' ')}, median of 1-min during the n8n rounds ${results.loadAverage.oneMinuteMedian}; results in ${values.out}`,
);
