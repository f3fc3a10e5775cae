import { randomBytes } from 'crypto';

import { callEventSchema, type CallEvent } from '../../nodes/shared/callEventSchema';
import { createKompaasFake } from '../fakes/kompaasApi';
import { kompaasWebhooks } from '../support/kompaasWebhooks';
import { triggerItems, waitForWebhook } from '../support/n8n';
import { sendPbxEvent, sendWebhook } from '../support/pbxSender';
import { workerRan } from '../support/queueN8n';
import { queueContext } from '../support/queueState';
import { loadScenario, renderScenario } from '../support/scenarios';
import { publishTriggerWorkflow, triggerWorkflow } from '../support/workflows';

// Every request below goes to the load balancer, which sends /webhook/* to the webhook
// processor; the main serves no production webhook; the worker runs every execution.
const context = queueContext();

interface Published {
	id: string;
	url: string;
	nodeName: string;
}
type Credentials = Record<string, { id: string; name: string }>;

async function credential(name: string, type: string, data: Record<string, unknown>) {
	const created = await context.api.createCredential(`queue: ${name}`, type, data);
	return { [type]: { id: created.id as string, name: created.name as string } } as Credentials;
}

async function publish(
	name: string,
	nodeType: string,
	webhookPath: string,
	parameters: Record<string, unknown>,
	credentials: Credentials,
): Promise<Published> {
	return await publishTriggerWorkflow(context, {
		name,
		nodeType,
		webhookPath,
		parameters,
		credentials,
	});
}

/** The workflow's `count` executions, each checked to have been run by the worker. */
async function runsOf(workflow: Published, count: number) {
	const runs = await context.api.waitForExecutions(workflow.id, count, { settleMs: 500 });
	expect(runs).toHaveLength(count);
	for (const run of runs) {
		expect({ id: run.id, status: run.status, mode: run.mode }).toEqual({
			id: run.id,
			status: 'success',
			mode: 'webhook',
		});
		expect(await workerRan(context.logs.worker, run.id)).toBe(true);
	}
	return runs;
}

async function eventsOf(workflow: Published, count: number): Promise<CallEvent[]> {
	const runs = await runsOf(workflow, count);
	return runs.flatMap((run: unknown) =>
		triggerItems(run, workflow.nodeName).map((item: unknown) => callEventSchema.parse(item)),
	);
}

async function expectNoExecution(workflow: Published, before = 0) {
	const runs = await context.api.waitForExecutions(workflow.id, before, { settleMs: 2000 });
	expect(runs).toHaveLength(before);
}

/** The same request straight to the main, bypassing the load balancer. */
const onMain = (url: string) => url.replace(context.baseUrl, context.mainUrl);

const scenario = (pbx: string, name: string) => renderScenario(loadScenario(pbx, name));

describe('VoIPcloud Trigger in queue mode', () => {
	const token = randomBytes(24).toString('hex');
	let trigger: Published;
	const completed = scenario('voipcloud', 'inbound-answered').steps[2].body;

	beforeAll(async () => {
		trigger = await publish(
			'queue: VoIPcloud',
			'voipcloudTrigger',
			'voipcloud',
			{ events: ['user_inbound_completed'] },
			await credential('VoIPcloud webhook', 'voipcloudWebhookApi', { secretToken: token }),
		);
	});

	test('an event is answered by the webhook processor and run by the worker, normalized', async () => {
		const answer = await sendPbxEvent('voipcloud', trigger.url, { body: completed, token });
		expect(answer.status).toBe(200);
		expect(JSON.parse(answer.text)).toEqual({ message: 'Workflow was started', events: 1 });

		const [event] = await eventsOf(trigger, 1);
		expect(event).toMatchObject({
			pbx: 'voipcloud',
			event: 'call.ended',
			callId: completed.unique_call_id,
		});
		expect(event.raw).toEqual(completed);
	});

	test('the main does not serve the production URL: the load balancer must send it to the webhook processor', async () => {
		const answer = await sendPbxEvent('voipcloud', onMain(trigger.url), { body: completed, token });
		expect(answer.status).toBe(404);
		await runsOf(trigger, 1);
	});

	test('a wrong token gets 401 and an unselected event 200, neither starts an execution', async () => {
		const refused = await sendPbxEvent('voipcloud', trigger.url, {
			body: completed,
			token: 'not-the-token',
		});
		expect(refused.status).toBe(401);
		const ringing = scenario('voipcloud', 'inbound-answered').steps[0].body;
		const skipped = await sendPbxEvent('voipcloud', trigger.url, { body: ringing, token });
		expect(skipped.status).toBe(200);
		expect(JSON.parse(skipped.text)).toEqual({ message: 'No selected event in this request' });
		await expectNoExecution(trigger, 1);
	});
});

describe('3CX Webhook Trigger in queue mode, behind the load balancer', () => {
	const secret = randomBytes(24).toString('hex');
	let credentials: Credentials;
	const call = scenario('3cx', 'queue-abandoned');
	const ended = call.steps.find((step) => step.expect?.event === 'call.ended')!;

	beforeAll(async () => {
		credentials = await credential('3CX webhook', 'threeCxWebhookApi', { secret });
	});

	test('a K2M JSON POST and a Creomate GET of the same event both run in the worker', async () => {
		const trigger = await publish(
			'queue: 3CX',
			'threeCxWebhookTrigger',
			'3cx',
			{ events: ['*'] },
			credentials,
		);
		for (const form of ['json', 'query'] as const) {
			const answer = await sendPbxEvent('3cx', trigger.url, {
				body: ended.body,
				token: secret,
				form,
			});
			expect(answer.status).toBe(200);
		}
		const events = await eventsOf(trigger, 2);
		expect(events.map((event) => [event.pbx, event.event, event.callId])).toEqual([
			['3cx', 'call.ended', call.callId],
			['3cx', 'call.ended', call.callId],
		]);
		const wrong = await sendPbxEvent('3cx', trigger.url, { body: ended.body, token: 'wrong' });
		expect(wrong.status).toBe(401);
		await expectNoExecution(trigger, 2);
	});

	test('with N8N_PROXY_HOPS=1 the allow-list sees the PBX’s address, not the load balancer’s, and a forged X-Forwarded-For does not pass', async () => {
		// The PBX is 127.0.0.2; the load balancer (127.0.0.1) appends it to X-Forwarded-For.
		const trigger = await publish(
			'queue: 3CX allow-list',
			'threeCxWebhookTrigger',
			'3cx',
			{ events: ['*'], additionalOptions: { allowedSourceIps: '127.0.0.2' } },
			credentials,
		);
		const url = `${trigger.url}?token=${secret}`;
		const post = (from: string, headers: Record<string, string> = {}) =>
			sendWebhook(url, {
				from,
				headers: { 'content-type': 'application/json', ...headers },
				body: JSON.stringify(ended.body),
			});

		const fromPbx = await post('127.0.0.2');
		expect(fromPbx.status).toBe(200);
		const elsewhere = await post('127.0.0.3');
		expect(elsewhere.status).toBe(403);
		expect(JSON.parse(elsewhere.text)).toEqual({
			code: 403,
			message: 'Requests from 127.0.0.3 are not allowed',
		});
		const forged = await post('127.0.0.3', { 'x-forwarded-for': '127.0.0.2' });
		expect(forged.status).toBe(403);
		expect(JSON.parse(forged.text).message).toBe('Requests from 127.0.0.3 are not allowed');

		await runsOf(trigger, 1);
		await expectNoExecution(trigger, 1);
	});
});

describe('KOMPaaS Trigger in queue mode (Automatic setup)', () => {
	const fake = createKompaasFake();
	let trigger: Published;

	beforeAll(async () => {
		await fake.listen();
		const built = triggerWorkflow({
			name: 'queue: KOMPaaS',
			nodeType: 'kompaasTrigger',
			webhookPath: 'kompaas',
			parameters: { events: ['VpbxInboundCallStart', 'VpbxInboundCallEnd'] },
			credentials: await credential('KOMPaaS API', 'kompaasApi', {
				apiToken: fake.token,
				accountId: '',
				baseUrl: fake.baseUrl,
			}),
		});
		const created = await context.api.createWorkflow(built.workflow);
		await context.api.activateWorkflow(created.id);
		await context.api.waitForPublication(created.id, ['published']);
		trigger = {
			id: created.id,
			url: `${context.baseUrl}/webhook/${built.path}`,
			nodeName: built.nodeName,
		};
		await waitForWebhook(trigger.url);
	});
	afterAll(async () => await fake.close());

	const webhookSummary = () => kompaasWebhooks(fake);

	test('publishing registers exactly one webhook per event, at the load balancer’s URL, with a secret', () => {
		const webhooks = webhookSummary();
		expect(webhooks.map((webhook) => webhook.event)).toEqual([
			fake.eventId('VpbxInboundCallStart'),
			fake.eventId('VpbxInboundCallEnd'),
		]);
		for (const webhook of webhooks) {
			expect(webhook.url).toBe(trigger.url);
			expect(webhook.secret).toMatch(/^\S{24,}$/);
		}
	});

	test('what KOMPaaS delivers reaches the webhook processor and runs in the worker', async () => {
		const call = scenario('kompaas', 'inbound-answered');
		for (const step of call.steps) {
			const [delivery] = await fake.deliver(step.body.eventType, step.body);
			expect(delivery.attempts).toEqual([200]);
		}
		const events = await eventsOf(trigger, 2);
		expect(events.map((event) => [event.pbx, event.callId])).toEqual([
			['kompaas', call.callId],
			['kompaas', call.callId],
		]);
		expect(events.map((event) => event.raw)).toEqual(
			expect.arrayContaining(call.steps.map((step) => step.body)),
		);
	});

	test('a wrong secret gets 401 and starts nothing', async () => {
		const body = scenario('kompaas', 'inbound-answered').steps[1].body;
		const answer = await sendPbxEvent('kompaas', trigger.url, { body, token: 'not-the-secret' });
		expect(answer.status).toBe(401);
		await expectNoExecution(trigger, 2);
	});

	test('unpublish → publish keeps exactly one webhook per event, unchanged', async () => {
		const before = webhookSummary();
		await context.api.deactivateWorkflow(trigger.id);
		await context.api.waitForPublication(trigger.id, ['not_published']);
		await context.api.activateWorkflow(trigger.id);
		await context.api.waitForPublication(trigger.id, ['published']);
		await waitForWebhook(trigger.url);
		expect(webhookSummary()).toEqual(before);

		const body = scenario('kompaas', 'inbound-answered').steps[1].body;
		const [delivery] = await fake.deliver('VpbxInboundCallEnd', body);
		expect(delivery.attempts).toEqual([200]);
		await runsOf(trigger, 3);
	});
});
