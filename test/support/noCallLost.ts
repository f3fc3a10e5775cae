// The outage proof ("No call lost" in the README): the no-call-lost example in a real n8n, calls
// arriving all along from VoIPcloud (webhooks, and the same calls written to the fake call history,
// some of them late) and KOMPaaS (webhooks it sends again after a failure), while n8n (or its
// worker) is down for a while in the middle. At the end the CRM table must hold exactly one row
// per call made. Shared by the regular-mode e2e test and the queue-mode test.
import { randomBytes, randomUUID } from 'crypto';
import { sleep } from 'n8n-workflow';

import { createKompaasFake } from '../fakes/kompaasApi';
import { startVoipcloudApi } from '../fakes/voipcloudApi';
import { loadExample, report } from './examples';
import { waitForWebhook, type N8nApi } from './n8n';
import { sendPbxEvent } from './pbxSender';
import { loadScenario, renderScenario } from './scenarios';
import { historyRowsOf } from './voipcloudHistoryRows';

type VoipcloudFake = Awaited<ReturnType<typeof startVoipcloudApi>>;
type KompaasFake = ReturnType<typeof createKompaasFake>;

export type N8nApiLike = InstanceType<typeof N8nApi>;

/** The history trigger's options in the test: see the README for why each differs from the default. */
export const HISTORY_OPTIONS = {
	// Calls that started before publishing (scenarios last up to 2 minutes) are in the net too.
	backfillHours: 1,
	// A minute in the shipped example; 15 s keeps the test short and still lets each webhook's
	// execution finish before the history brings the same call.
	settleSeconds: 15,
};

const VOIPCLOUD_SCENARIOS = [
	'inbound-answered',
	'queue-answered-second-agent',
	'ring-group-missed',
	'outbound-answered',
	'inbound-missed',
];
const KOMPAAS_SCENARIOS = ['inbound-answered', 'inbound-missed', 'outbound-answered'];
/** Every Nth VoIPcloud call is written to the history this late (the PBX writes it late). */
const LATE_EVERY = 4;
const LATE_MS = 30_000;

export interface OutagePlan {
	/** Seconds of calls before, during and after the outage, and seconds between calls. */
	beforeMs: number;
	outageMs: number;
	afterMs: number;
	everyMs: number;
	/** Stops what goes down (n8n, or a worker); resolves when it is down. */
	stop: () => Promise<void>;
	/** Starts it again; resolves when it is back. */
	start: () => Promise<void>;
}

export interface OutageFigures {
	callsMade: number;
	voipcloudCalls: number;
	kompaasCalls: number;
	webhooksSent: number;
	webhooksLost: number;
	voipcloudWebhooksLost: number;
	kompaasDeliveriesRetried: number;
	kompaasDeliveriesGivenUp: number;
	rows: number;
	missing: number;
	duplicates: number;
	requestsPerPoll: number;
	polls: number;
	restartToLastMissingSec: number;
	outageSec: number;
}

interface Table {
	id: string;
}

async function tableRows(api: N8nApiLike, table: Table): Promise<Array<{ callId: string }>> {
	const found: Array<{ callId: string }> = [];
	let cursor: string | undefined;
	do {
		const query = new URLSearchParams({ limit: '250' });
		if (cursor) query.set('cursor', cursor);
		const page = await api.call('GET', `/data-tables/${table.id}/rows?${query}`);
		found.push(...page.data);
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return found;
}

/**
 * The CRM tables (as the README has them created), the credentials and the example as shipped,
 * published: only the credentials are picked, and the history trigger's options of HISTORY_OPTIONS.
 */
export async function publishNoCallLostExample(
	api: N8nApiLike,
	baseUrl: string,
	voipcloud: VoipcloudFake,
	kompaas: KompaasFake,
) {
	const calls: Table = await api.call('POST', '/data-tables', {
		name: 'pbx_calls',
		columns: [
			['callId', 'string'],
			['pbx', 'string'],
			['direction', 'string'],
			['contact', 'string'],
			['agent', 'string'],
			['answered', 'boolean'],
			['outcome', 'string'],
			['startedAt', 'string'],
			['talkSec', 'number'],
			['recorded', 'boolean'],
			['recording', 'string'],
			['lastEnd', 'string'],
		].map(([name, type]) => ({ name, type })),
	});
	await api.call('POST', '/data-tables', {
		name: 'pbx_follow_ups',
		columns: ['callId', 'pbx', 'number', 'reason', 'direction'].map((name) => ({
			name,
			type: 'string',
		})),
	});
	const secret = randomBytes(24).toString('hex');
	const credential = async (name: string, type: string, data: Record<string, unknown>) => {
		const created = await api.createCredential(name, type, data);
		return { [type]: { id: created.id as string, name: created.name as string } };
	};
	const pick: Record<string, object> = {
		'VoIPcloud Trigger': await credential(
			'No call lost: VoIPcloud webhook',
			'voipcloudWebhookApi',
			{
				secretToken: secret,
			},
		),
		'VoIPcloud Call History Trigger': await credential(
			'No call lost: VoIPcloud API',
			'voipcloudApi',
			{
				apiKey: voipcloud.token,
				region: 'custom',
				customUrl: voipcloud.url,
				apiVersion: 'v2',
			},
		),
		'KOMPaaS Trigger': await credential('No call lost: KOMPaaS API', 'kompaasApi', {
			apiToken: kompaas.token,
			accountId: '',
			baseUrl: kompaas.baseUrl,
		}),
	};

	const example = loadExample('crm-call-log-no-call-lost.json');
	let voipcloudUrl = '';
	for (const node of example.nodes) {
		if (pick[node.name]) node.credentials = pick[node.name];
		if (node.webhookId) node.webhookId = randomUUID();
		if (node.name === 'VoIPcloud Trigger')
			voipcloudUrl = `${baseUrl}/webhook/${node.webhookId}/voipcloud`;
		if (node.name === 'VoIPcloud Call History Trigger')
			node.parameters.additionalOptions = { ...HISTORY_OPTIONS };
	}
	const { name, nodes, connections, settings } = example;
	const created = await api.createWorkflow({ name, nodes, connections, settings });
	await api.activateWorkflow(created.id);
	await api.waitForPublication(created.id, ['published']);
	await waitForWebhook(voipcloudUrl);
	return { workflowId: created.id as string, calls, voipcloudUrl, secret };
}

/** A VoIPcloud call that ends now: its start is set back by its length. */
function voipcloudCall(index: number) {
	const scenario = loadScenario(
		'voipcloud',
		VOIPCLOUD_SCENARIOS[index % VOIPCLOUD_SCENARIOS.length],
	);
	const probe = renderScenario(scenario, { startedAt: new Date(0) });
	const lengthSec = Math.max(
		0,
		...historyRowsOf(probe).map(({ row }) => Number(row.call_duration ?? 0)),
	);
	return renderScenario(scenario, { startedAt: new Date(Date.now() - lengthSec * 1000) });
}

/**
 * Plays calls for the plan's whole length, with what goes down stopped in the middle, and waits
 * until every call has its row (or `settleTimeoutMs` passed). Returns the figures.
 */
export async function runOutage(
	api: N8nApiLike,
	published: Awaited<ReturnType<typeof publishNoCallLostExample>>,
	voipcloud: VoipcloudFake,
	kompaas: KompaasFake,
	plan: OutagePlan,
	{
		settleTimeoutMs = 240_000,
		log,
	}: { settleTimeoutMs?: number; log?: (line: string) => void } = {},
): Promise<OutageFigures> {
	const callIds = { voipcloud: [] as string[], kompaas: [] as string[] };
	let webhooksSent = 0;
	let webhooksLost = 0;
	const kompaasDeliveries: Array<Promise<Array<{ attempts: unknown[]; delivered: boolean }>>> = [];

	async function oneCall(index: number) {
		const vc = voipcloudCall(index);
		callIds.voipcloud.push(vc.callId);
		for (const step of vc.steps) {
			webhooksSent++;
			const answer = await sendPbxEvent('voipcloud', published.voipcloudUrl, {
				body: step.body,
				token: published.secret,
			}).catch(() => null);
			if (answer?.status !== 200) webhooksLost++;
		}
		// The PBX writes the call to its history when it ends; some calls it writes late.
		for (const { endpoint, row } of historyRowsOf(vc)) {
			voipcloud.addCalls(endpoint, [row], { delayMs: index % LATE_EVERY === 0 ? LATE_MS : 0 });
		}
		const kp = renderScenario(
			loadScenario('kompaas', KOMPAAS_SCENARIOS[index % KOMPAAS_SCENARIOS.length]),
		);
		callIds.kompaas.push(kp.callId);
		for (const step of kp.steps) {
			// KOMPaaS sends each event on its own, and again after a failure: not awaited here.
			kompaasDeliveries.push(
				kompaas.deliver(String(step.body.eventType ?? step.body.event), step.body),
			);
		}
	}

	let index = 0;
	const playFor = async (ms: number) => {
		const until = Date.now() + ms;
		while (Date.now() < until) {
			const started = Date.now();
			await oneCall(index++);
			await sleep(Math.max(0, plan.everyMs - (Date.now() - started)));
		}
	};

	await playFor(plan.beforeMs);
	const outageStarted = Date.now();
	await plan.stop();
	log?.(`down after ${index} calls`);
	await playFor(Math.max(0, plan.outageMs - (Date.now() - outageStarted)));
	await plan.start();
	const restartedAt = Date.now();
	const outageSec = Math.round((restartedAt - outageStarted) / 1000);
	log?.(`back after ${outageSec} s, ${index} calls`);
	await playFor(plan.afterMs);

	const expected = [...callIds.voipcloud, ...callIds.kompaas];
	let rows = await tableRows(api, published.calls);
	let lastMissingAt = restartedAt;
	const settleStarted = Date.now();
	while (Date.now() - settleStarted < settleTimeoutMs) {
		const have = new Set(rows.map((row) => row.callId));
		if (expected.every((callId) => have.has(callId))) break;
		await sleep(1_000);
		rows = await tableRows(api, published.calls);
		lastMissingAt = Date.now();
	}
	const deliveries = (await Promise.all(kompaasDeliveries)).flat();
	// Whatever may still come (a late history poll, a last retry) has had its chance to double a row.
	await sleep(5_000);
	rows = await tableRows(api, published.calls);

	const counts = new Map<string, number>();
	for (const row of rows) counts.set(row.callId, (counts.get(row.callId) ?? 0) + 1);
	const historyRequests = voipcloud.requests.filter((request) =>
		/^get-(user|queue|ringgroup)-calls$/.test(String(request.endpoint)),
	);
	const polls = voipcloud.requestsTo('get-queue-calls').length;
	return {
		callsMade: expected.length,
		voipcloudCalls: callIds.voipcloud.length,
		kompaasCalls: callIds.kompaas.length,
		webhooksSent: webhooksSent + deliveries.length,
		webhooksLost: webhooksLost + deliveries.filter((d) => d.attempts[0] !== 200).length,
		voipcloudWebhooksLost: webhooksLost,
		kompaasDeliveriesRetried: deliveries.filter((d) => d.attempts.length > 1).length,
		kompaasDeliveriesGivenUp: deliveries.filter((d) => !d.delivered).length,
		rows: rows.length,
		missing: expected.filter((callId) => !counts.has(callId)).length,
		duplicates: [...counts.values()].filter((count) => count > 1).length,
		requestsPerPoll: polls === 0 ? 0 : historyRequests.length / polls,
		polls,
		restartToLastMissingSec: Math.round((lastMissingAt - restartedAt) / 1000),
		outageSec,
	};
}

/**
 * The whole proof: the fakes, the example published on `n8n`, calls played across the outage that
 * `stop` and `start` make, the figures reported under `label`; the fakes are closed after.
 */
export async function proveNoCallLost(
	n8n: { api: N8nApiLike; baseUrl: string },
	plan: Pick<OutagePlan, 'stop' | 'start'>,
	label: string,
): Promise<OutageFigures> {
	const voipcloud = await startVoipcloudApi({
		history: { userCalls: 0, queueCalls: 0, ringGroupCalls: 0 },
	});
	// KOMPaaS does not document its retry intervals: these span an outage of a minute and a restart.
	const kompaas = createKompaasFake({ retryDelaysMs: [5_000, 15_000, 30_000, 60_000] });
	await kompaas.listen();
	try {
		const published = await publishNoCallLostExample(n8n.api, n8n.baseUrl, voipcloud, kompaas);
		const figures = await runOutage(
			n8n.api,
			published,
			voipcloud,
			kompaas,
			{ beforeMs: 15_000, outageMs: 60_000, afterMs: 10_000, everyMs: 5_000, ...plan },
			{ log: (line) => report(`[${label}] ${line}`) },
		);
		report(`[${label}] ${JSON.stringify(figures)}`);
		return figures;
	} finally {
		await voipcloud.close();
		await kompaas.close();
	}
}
