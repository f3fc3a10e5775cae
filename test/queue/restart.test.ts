import { randomBytes } from 'crypto';

import { createKompaasFake } from '../fakes/kompaasApi';
import { kompaasWebhooks } from '../support/kompaasWebhooks';
import { triggerItems, waitForWebhook } from '../support/n8n';
import { sendPbxEvent } from '../support/pbxSender';
import { queueContext, startDedicatedQueueN8n } from '../support/queueState';
import { loadScenario, renderScenario } from '../support/scenarios';
import { triggerWorkflow } from '../support/workflows';

// A queue-mode deployment of its own, whose processes these tests stop and start. Starting and
// restarting three n8n processes takes minutes on a busy 2-core machine: the limits below are
// generous on purpose (they guard against a hang, they do not measure speed).
const context = queueContext();

type Cluster = Awaited<ReturnType<typeof startDedicatedQueueN8n>>;
interface Trigger {
	pbx: string;
	id: string;
	url: string;
	nodeName: string;
	token: string;
}

const fake = createKompaasFake();
const secrets = {
	voipcloud: randomBytes(24).toString('hex'),
	'3cx': randomBytes(24).toString('hex'),
};
let cluster: Cluster;
const triggers: Record<string, Trigger> = {};

async function publish(
	pbx: string,
	nodeType: string,
	webhookPath: string,
	events: string[],
	credentials: Record<string, { id: string; name: string }>,
	token: string,
) {
	const built = triggerWorkflow({
		name: `restart: ${pbx}`,
		nodeType,
		webhookPath,
		parameters: { events },
		credentials,
	});
	const created = await cluster.api.createWorkflow(built.workflow);
	await cluster.api.activateWorkflow(created.id);
	await cluster.api.waitForPublication(created.id, ['published']);
	triggers[pbx] = {
		pbx,
		id: created.id,
		url: `${cluster.baseUrl}/webhook/${built.path}`,
		nodeName: built.nodeName,
		token,
	};
	await waitForWebhook(triggers[pbx].url);
}

async function credential(type: string, data: Record<string, unknown>) {
	const created = await cluster.api.createCredential(`restart: ${type}`, type, data);
	return { [type]: { id: created.id as string, name: created.name as string } };
}

const registrations = () => kompaasWebhooks(fake);

/** One selected event per trigger, sent as its PBX sends it (KOMPaaS's by the fake KOMPaaS); their calls. */
async function sendOneEventEach() {
	const voipcloud = renderScenario(loadScenario('voipcloud', 'inbound-answered'));
	const threeCx = renderScenario(loadScenario('3cx', 'outbound-answered'));
	const kompaas = renderScenario(loadScenario('kompaas', 'inbound-answered'));
	const answers = [
		await sendPbxEvent('voipcloud', triggers.voipcloud.url, {
			body: voipcloud.steps[2].body,
			token: triggers.voipcloud.token,
		}),
		await sendPbxEvent('3cx', triggers['3cx'].url, {
			body: threeCx.steps[2].body,
			token: triggers['3cx'].token,
		}),
	].map((answer) => answer.status);
	const deliveries = await fake.deliver('VpbxInboundCallEnd', kompaas.steps[1].body);
	expect([...answers, deliveries.map((delivery) => delivery.attempts)]).toEqual([
		200,
		200,
		[[200]],
	]);
	return { voipcloud: voipcloud.callId, kompaas: kompaas.callId, '3cx': threeCx.callId };
}

/** Each trigger's executions, once each has `count`; every one run by the worker. */
async function executionsOfEach(count: number) {
	const result: Record<string, Array<{ id: string; status: string; items: unknown[] }>> = {};
	for (const trigger of Object.values(triggers)) {
		const runs = await cluster.api.waitForExecutions(trigger.id, count, { settleMs: 300 });
		for (const run of runs) expect(await cluster.workerRan(run.id)).toBe(true);
		result[trigger.pbx] = runs.map((run: { id: string; status: string }) => ({
			id: run.id,
			status: run.status,
			items: triggerItems(run, trigger.nodeName),
		}));
	}
	return result;
}

beforeAll(async () => {
	await fake.listen();
	cluster = await startDedicatedQueueN8n(context, 'restart');
	await publish(
		'kompaas',
		'kompaasTrigger',
		'kompaas',
		['*'],
		await credential('kompaasApi', { apiToken: fake.token, accountId: '', baseUrl: fake.baseUrl }),
		'',
	);
	await publish(
		'voipcloud',
		'voipcloudTrigger',
		'voipcloud',
		['user_inbound_completed'],
		await credential('voipcloudWebhookApi', { secretToken: secrets.voipcloud }),
		secrets.voipcloud,
	);
	await publish(
		'3cx',
		'threeCxWebhookTrigger',
		'3cx',
		['endedOutgoing'],
		await credential('threeCxWebhookApi', { secret: secrets['3cx'] }),
		secrets['3cx'],
	);
}, 600_000);
afterAll(async () => {
	await cluster?.close();
	await fake.close();
});

describe('queue mode across restarts (a deployment of its own)', () => {
	let registered: ReturnType<typeof registrations>;

	test('publishing All Events registers exactly one KOMPaaS webhook per event', () => {
		registered = registrations();
		expect(registered.map((webhook) => webhook.event)).toEqual([
			101, 102, 103, 104, 201, 202, 203, 204, 301, 401,
		]);
		expect(new Set(registered.map((webhook) => webhook.url))).toEqual(
			new Set([triggers.kompaas.url]),
		);
		expect(new Set(registered.map((webhook) => webhook.secret)).size).toBe(1);
	});

	test('events that arrive while the worker is stopped wait in Redis and run once it is back', async () => {
		await cluster.stop('worker');
		const calls = await sendOneEventEach();
		for (const trigger of Object.values(triggers)) {
			const waiting = await cluster.api.listExecutions(trigger.id, { includeData: false });
			expect(waiting.map((execution: { status: string }) => execution.status)).toEqual(['new']);
		}
		await cluster.start('worker');
		const runs = await executionsOfEach(1);
		for (const pbx of Object.keys(triggers)) {
			expect(runs[pbx].map((run) => run.status)).toEqual(['success']);
			expect(runs[pbx][0].items).toEqual([
				expect.objectContaining({ pbx, callId: calls[pbx as keyof typeof calls] }),
			]);
		}
	}, 600_000);

	test('after restarting every process: the same KOMPaaS webhooks, one per event, and every trigger runs', async () => {
		const restartMs = await cluster.restartAll();
		expect(restartMs).toBeGreaterThan(0);
		for (const trigger of Object.values(triggers)) await waitForWebhook(trigger.url);
		expect(registrations()).toEqual(registered);

		await sendOneEventEach();
		const runs = await executionsOfEach(2);
		for (const pbx of Object.keys(triggers)) {
			expect(runs[pbx].map((run) => run.status)).toEqual(['success', 'success']);
		}
	}, 600_000);

	test('unpublish → publish after the restart still leaves exactly one webhook per event', async () => {
		const { id } = triggers.kompaas;
		await cluster.api.deactivateWorkflow(id);
		await cluster.api.waitForPublication(id, ['not_published']);
		await cluster.api.activateWorkflow(id);
		await cluster.api.waitForPublication(id, ['published']);
		await waitForWebhook(triggers.kompaas.url);
		expect(registrations()).toEqual(registered);

		const body = renderScenario(loadScenario('kompaas', 'inbound-answered')).steps[1].body;
		const [delivery] = await fake.deliver('VpbxInboundCallEnd', body);
		expect(delivery.attempts).toEqual([200]);
		const runs = await cluster.api.waitForExecutions(id, 3, { settleMs: 300 });
		expect(runs.map((run: { status: string }) => run.status)).toEqual([
			'success',
			'success',
			'success',
		]);
	});
});
