import { randomUUID } from 'crypto';

import { callEventSchema, type CallEvent } from '../../nodes/shared/callEventSchema';
import { createKompaasFake } from '../fakes/kompaasApi';
import { startDedicatedN8n } from '../support/dedicatedN8n';
import { e2eContext } from '../support/e2eState';
import { N8nApi, triggerItems, waitForWebhook } from '../support/n8n';
import { sendPbxEvent, sendWebhook } from '../support/pbxSender';
import { readLog } from '../support/report';
import { listScenarios, loadScenario, renderScenario } from '../support/scenarios';
import { triggerWorkflow } from '../support/workflows';

const context = e2eContext();
const VERIFY_HEADER = 'X-N8n-Webhook-Secret';

type Fake = ReturnType<typeof createKompaasFake>;
type Credentials = Record<string, { id: string; name: string }>;

interface Published {
	id: string;
	url: string;
	nodeName: string;
}

interface N8n {
	baseUrl: string;
	api: N8nApi;
}

const shared: N8n = { baseUrl: context.baseUrl, api: context.api };

async function apiCredential(n8n: N8n, fake: Fake, accountId = ''): Promise<Credentials> {
	const credential = await n8n.api.createCredential(`KOMPaaS API ${randomUUID()}`, 'kompaasApi', {
		apiToken: fake.token,
		accountId,
		baseUrl: fake.baseUrl,
	});
	return { kompaasApi: { id: credential.id, name: credential.name } };
}

/** Creates the workflow; `publish` activates it and waits for its URL. */
async function createTrigger(
	n8n: N8n,
	name: string,
	parameters: Record<string, unknown>,
	credentials: Credentials,
) {
	const built = triggerWorkflow({
		name,
		nodeType: 'kompaasTrigger',
		webhookPath: 'kompaas',
		parameters,
		credentials,
	});
	const created = await n8n.api.createWorkflow(built.workflow);
	const workflow: Published = {
		id: created.id,
		url: `${n8n.baseUrl}/webhook/${built.path}`,
		nodeName: built.nodeName,
	};
	return {
		workflow,
		publish: async () => {
			await n8n.api.activateWorkflow(workflow.id);
			await published(n8n, workflow);
		},
	};
}

/** n8n 2.x publishes in the background: wait until the trigger's create() has run. */
async function published(n8n: N8n, workflow: Published) {
	await n8n.api.waitForPublication(workflow.id, ['published']);
	await waitForWebhook(workflow.url);
}

async function unpublished(n8n: N8n, workflow: Published) {
	await n8n.api.deactivateWorkflow(workflow.id);
	await n8n.api.waitForPublication(workflow.id, ['not_published']);
}

async function publishTrigger(
	n8n: N8n,
	name: string,
	parameters: Record<string, unknown>,
	credentials: Credentials,
): Promise<Published> {
	const { workflow, publish } = await createTrigger(n8n, name, parameters, credentials);
	await publish();
	return workflow;
}

async function eventsOf(n8n: N8n, workflow: Published, executions: number): Promise<CallEvent[]> {
	const runs = await n8n.api.waitForExecutions(workflow.id, executions);
	expect(runs).toHaveLength(executions);
	return runs.flatMap((run: unknown) =>
		triggerItems(run, workflow.nodeName).map((item: unknown) => callEventSchema.parse(item)),
	);
}

const scenario = (name: string) => renderScenario(loadScenario('kompaas', name));

describe('KOMPaaS Trigger, Automatic setup, in a real n8n', () => {
	const fake = createKompaasFake();
	let credentials: Credentials;
	let trigger: Published;

	beforeAll(async () => {
		await fake.listen();
		credentials = await apiCredential(shared, fake);
		trigger = await publishTrigger(
			shared,
			'KOMPaaS: incoming call end',
			{ events: ['VpbxInboundCallEnd'] },
			credentials,
		);
	});
	afterAll(async () => await fake.close());

	test('publishing creates exactly one KOMPaaS webhook, pointing at the trigger, with the secret header', () => {
		const webhooks = fake.webhooks();
		expect(webhooks).toHaveLength(1);
		expect(webhooks[0]).toMatchObject({
			url: trigger.url,
			method: 'post',
			bodyDataType: 'json',
			allVariables: true,
			event_id: fake.eventId('VpbxInboundCallEnd'),
		});
		expect(webhooks[0].headers[VERIFY_HEADER]).toMatch(/^[0-9a-f]{48}$/);
	});

	test('an event KOMPaaS sends reaches n8n and the execution holds the normalized event', async () => {
		const call = scenario('inbound-answered');
		const [delivery] = await fake.deliver('VpbxInboundCallEnd', call.steps[1].body);
		expect(delivery.attempts).toEqual([200]);
		expect(JSON.parse(delivery.responses[0])).toEqual({
			message: 'Workflow was started',
			events: 1,
		});

		const [event] = await eventsOf(shared, trigger, 1);
		expect(event).toMatchObject({ pbx: 'kompaas', callId: call.callId, ...call.steps[1].expect });
		expect(event.raw).toEqual(call.steps[1].body);
	});

	test('the secret is nowhere n8n shows: workflow export, static data, executions, log', async () => {
		const secret = fake.webhooks()[0].headers[VERIFY_HEADER] as string;
		expect(secret).toMatch(/^[0-9a-f]{48}$/);
		const call = scenario('inbound-answered');
		await fake.deliver('VpbxInboundCallEnd', call.steps[1].body);
		const runs = await shared.api.waitForExecutions(trigger.id, 2);

		const exported = await shared.api.call('GET', `/workflows/${trigger.id}`);
		expect(JSON.stringify(exported)).not.toContain(secret);
		// Only the secret's hash is kept, enough to check requests.
		const nodeData = Object.values(exported.staticData ?? {})[0] as Record<string, unknown>;
		expect(nodeData).toMatchObject({ secretHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
		expect(nodeData).not.toHaveProperty('secret');
		expect(JSON.stringify(runs)).not.toContain(secret);
		expect(readLog(context.logFile)).not.toContain(secret);
	});

	test.each([
		['no secret', undefined],
		['a wrong secret', 'not-the-secret-at-all-0000'],
	])('a request with %s gets 401 and starts no execution', async (_case, token) => {
		const before = (await shared.api.listExecutions(trigger.id)).length;
		const body = scenario('inbound-answered').steps[1].body;
		const post = await sendPbxEvent('kompaas', trigger.url, { body, token });
		expect(post.status).toBe(401);
		expect(JSON.parse(post.text)).toMatchObject({ code: 401 });
		const get = await sendWebhook(
			`${trigger.url}?eventType=VpbxInboundCallEnd&n8n_secret=${token ?? ''}`,
			{
				method: 'GET',
				body: undefined,
			},
		);
		expect(get.status).toBe(401);
		const marker = randomUUID();
		const runs = await shared.api.executionsBesideMarker(trigger.id, marker, () =>
			fake.deliver('VpbxInboundCallEnd', { ...body, e2eMarker: marker }),
		);
		expect(runs).toHaveLength(before);
	});

	test('unpublish → publish keeps exactly one webhook with the same id and secret', async () => {
		const [before] = fake.webhooks().map((webhook) => ({ ...webhook }));
		await unpublished(shared, trigger);
		expect(fake.webhooks()).toHaveLength(1);

		// While unpublished the webhook stays in KOMPaaS; n8n answers it 404 and KOMPaaS retries.
		const body = scenario('inbound-answered').steps[1].body;
		const [missed] = await fake.deliver('VpbxInboundCallEnd', body);
		expect(missed.attempts).toEqual([404, 404, 404]);

		await shared.api.activateWorkflow(trigger.id);
		await published(shared, trigger);
		expect(fake.webhooks()).toHaveLength(1);
		expect(fake.webhooks()[0]).toEqual(before);

		const executions = (await shared.api.listExecutions(trigger.id)).length;
		const [delivered] = await fake.deliver('VpbxInboundCallEnd', body);
		expect(delivered.attempts).toEqual([200]);
		await eventsOf(shared, trigger, executions + 1);
	});
});

describe('KOMPaaS Trigger accepts what KOMPaaS can be set to send', () => {
	const fake = createKompaasFake();
	let trigger: Published;

	beforeAll(async () => {
		await fake.listen();
		trigger = await publishTrigger(
			shared,
			'KOMPaaS: request formats',
			{ events: ['*'] },
			await apiCredential(shared, fake),
		);
	});
	afterAll(async () => await fake.close());

	test('All Events registers one webhook for each of the 10 documented events', () => {
		expect(
			fake
				.webhooks()
				.map((webhook) => webhook.event_id)
				.sort(),
		).toEqual([101, 102, 103, 104, 201, 202, 203, 204, 301, 401].sort());
	});

	test('a GET webhook (variables in the query) and a text webhook reach the same URL', async () => {
		const end = fake.webhooks().find((w) => w.event_id === fake.eventId('VpbxInboundCallEnd'));
		const call = scenario('inbound-answered');

		const original = structuredClone(end!);
		end!.method = 'get';
		const [viaGet] = await fake.deliver('VpbxInboundCallEnd', call.steps[1].body);
		expect(viaGet.method).toBe('GET');
		expect(viaGet.attempts).toEqual([200]);

		Object.assign(end!, {
			method: 'post',
			bodyDataType: 'text',
			allVariables: false,
			body: 'Call ${{linkedId}} ended after ${{duration}} s',
		});
		const [viaText] = await fake.deliver('VpbxInboundCallEnd', call.steps[1].body);
		expect(viaText.attempts).toEqual([200]);
		Object.assign(end!, original);

		const events = await eventsOf(shared, trigger, 2);
		const fromGet = events.find((event) => typeof event.raw === 'object');
		expect(fromGet).toMatchObject({ callId: call.callId, ...call.steps[1].expect });
		expect((fromGet!.raw as Record<string, unknown>).duration).toBe('128');
		expect((fromGet!.raw as Record<string, unknown>)[VERIFY_HEADER]).toBeUndefined();
		const fromText = events.find((event) => typeof event.raw === 'string');
		expect(fromText).toMatchObject({
			event: 'unknown',
			raw: `Call ${call.callId} ended after 128 s`,
		});
	});

	test.each(listScenarios('kompaas'))(
		'scenario %s: every event arrives normalized as expected',
		async (name) => {
			const call = scenario(name);
			const before = (await shared.api.listExecutions(trigger.id)).length;
			for (const step of call.steps) {
				const deliveries = await fake.deliver(step.body.eventType, step.body);
				expect(deliveries.map((d) => d.attempts)).toEqual([[200]]);
			}
			const events = await eventsOf(shared, trigger, before + call.steps.length);
			const mine = events.filter((event) => event.callId === call.callId);
			for (const step of call.steps) {
				const event = mine.find(
					(candidate) => JSON.stringify(candidate.raw) === JSON.stringify(step.body),
				);
				expect(event).toMatchObject({ pbx: 'kompaas', ...step.expect });
			}
		},
	);
});

describe('KOMPaaS Trigger when the KOMPaaS API fails during publishing', () => {
	const createCalls = (fake: Fake) =>
		fake.calls.filter((call) => call.path === '/webhook/create').length;

	test('API down: publishing fails with a clear error; publishing again once it is back creates exactly one webhook', async () => {
		const fake = createKompaasFake();
		await fake.listen();
		const port = fake.port;
		const credentials = await apiCredential(shared, fake);
		await fake.close();

		const { workflow, publish } = await createTrigger(
			shared,
			'KOMPaaS: API down',
			{ events: ['VpbxInboundCallStart'] },
			credentials,
		);
		await shared.api.activateWorkflow(workflow.id);
		// n8n tries 5 times over ~15 s, then shows the error on the trigger in the editor.
		const failed = await shared.api.waitForPublication(workflow.id, ['failed']);
		expect(failed.triggers).toEqual([
			expect.objectContaining({
				status: 'failed',
				errorMessage: `The KOMPaaS API at ${fake.baseUrl} did not answer (GET /event/get): the connection was refused`,
			}),
		]);

		await fake.listen(port);
		try {
			await publish();
			expect(fake.webhooks()).toHaveLength(1);
			expect(fake.webhooks()[0].url).toBe(workflow.url);
			expect(createCalls(fake)).toBe(1);
		} finally {
			await fake.close();
		}
	});

	test('KOMPaaS unreachable for the first attempts: n8n’s retry registers exactly one webhook', async () => {
		const fake = createKompaasFake();
		await fake.listen();
		try {
			const { workflow, publish } = await createTrigger(
				shared,
				'KOMPaaS: flaky API',
				{ events: ['VpbxInboundCallStart'] },
				await apiCredential(shared, fake),
			);
			fake.failNext('*', 'drop', 2);
			await publish();
			expect(fake.calls.filter((call) => call.error === 'dropped')).toHaveLength(2);
			expect(fake.webhooks()).toHaveLength(1);
			expect(fake.webhooks()[0].url).toBe(workflow.url);
			expect(createCalls(fake)).toBe(1);
		} finally {
			await fake.close();
		}
	});

	test('a create whose answer was lost: n8n’s retry adopts the webhook KOMPaaS stored, no duplicate', async () => {
		const fake = createKompaasFake();
		await fake.listen();
		try {
			const { workflow, publish } = await createTrigger(
				shared,
				'KOMPaaS: lost answer',
				{ events: ['VpbxInboundCallStart'] },
				await apiCredential(shared, fake),
			);
			fake.failNext('/webhook/create', 'lose-answer');
			await publish();
			expect(createCalls(fake)).toBe(1);
			expect(fake.webhooks()).toHaveLength(1);
			const call = scenario('inbound-answered');
			const [delivery] = await fake.deliver('VpbxInboundCallStart', call.steps[0].body);
			expect(delivery.attempts).toEqual([200]);
			expect(workflow.url).toBe(fake.webhooks()[0].url);
		} finally {
			await fake.close();
		}
	});
});

describe('KOMPaaS Trigger, Manual setup', () => {
	test('no KOMPaaS API call; the credential secret is checked in the header or the query', async () => {
		const secret = `manual-${randomUUID()}`;
		const credential = await shared.api.createCredential(
			'KOMPaaS Webhook e2e',
			'kompaasWebhookApi',
			{
				secret,
			},
		);
		const trigger = await publishTrigger(
			shared,
			'KOMPaaS: manual',
			{ setupMode: 'manual', events: ['*'] },
			{ kompaasWebhookApi: { id: credential.id, name: credential.name } },
		);
		const call = scenario('voice-robot');
		const viaHeader = await sendPbxEvent('kompaas', trigger.url, {
			body: call.steps[1].body,
			token: secret,
		});
		expect(viaHeader.status).toBe(200);
		const query = new URLSearchParams({
			eventType: 'SpeechKitDialog',
			linkedid: call.callId,
			n8n_secret: secret,
		});
		const viaQuery = await sendWebhook(`${trigger.url}?${query}`, {
			method: 'GET',
			body: undefined,
		});
		expect(viaQuery.status).toBe(200);
		// A GET is answered like a POST (it was the literal text "firstEntryJson").
		expect(JSON.parse(viaQuery.text)).toEqual({ message: 'Workflow was started', events: 1 });
		const refused = await sendPbxEvent('kompaas', trigger.url, {
			body: call.steps[1].body,
			token: 'x',
		});
		expect(refused.status).toBe(401);

		const events = await eventsOf(shared, trigger, 2);
		expect(events.map((event) => event.event)).toEqual(['speech.replica', 'speech.replica']);
		expect(events.every((event) => event.callId === call.callId)).toBe(true);
		// The secret in the query is not part of the event.
		expect(events[1].raw).toEqual({ eventType: 'SpeechKitDialog', linkedid: call.callId });
	});
});

describe('KOMPaaS Trigger across an n8n restart (dedicated n8n)', () => {
	const fake = createKompaasFake();
	let n8n: Awaited<ReturnType<typeof startDedicatedN8n>>;

	beforeAll(async () => {
		await fake.listen();
		n8n = await startDedicatedN8n(context);
	});
	afterAll(async () => {
		await n8n?.stop();
		await fake.close();
	});

	test('publish → restart n8n → unpublish → publish leaves exactly one webhook that still works', async () => {
		const trigger = await publishTrigger(
			n8n,
			'KOMPaaS: restart',
			{ events: ['VpbxInboundCallStart'] },
			await apiCredential(n8n, fake),
		);
		expect(fake.webhooks()).toHaveLength(1);
		const registered = { ...fake.webhooks()[0] };

		fake.calls.length = 0;
		const restartMs = await n8n.restart();
		await published(n8n, trigger);
		// Restarting n8n trusts the registration it saved: no call to KOMPaaS at all.
		expect(fake.calls).toEqual([]);
		expect(fake.webhooks()).toEqual([registered]);

		const call = scenario('inbound-answered');
		const [afterRestart] = await fake.deliver('VpbxInboundCallStart', call.steps[0].body);
		expect(afterRestart.attempts).toEqual([200]);

		await unpublished(n8n, trigger);
		await n8n.api.activateWorkflow(trigger.id);
		await published(n8n, trigger);
		expect(fake.webhooks()).toEqual([registered]);
		const [afterRepublish] = await fake.deliver('VpbxInboundCallStart', call.steps[0].body);
		expect(afterRepublish.attempts).toEqual([200]);

		const events = await eventsOf(n8n, trigger, 2);
		expect(events.map((event) => event.event)).toEqual(['call.started', 'call.started']);
		expect(restartMs).toBeGreaterThan(0);
	});
});
