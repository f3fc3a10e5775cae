import { randomBytes } from 'crypto';

import { callEventSchema, type CallEvent } from '../../nodes/shared/callEventSchema';
import { e2eContext } from '../support/e2eState';
import { sendPbxEvent, sendWebhook } from '../support/pbxSender';
import { loadScenario, renderScenario } from '../support/scenarios';
import { triggerItems } from '../support/n8n';
import { publishTriggerWorkflow } from '../support/workflows';

const TOKEN = randomBytes(24).toString('hex');
const context = e2eContext();

interface Published {
	id: string;
	url: string;
	nodeName: string;
}

let credentials: Record<string, { id: string; name: string }>;

async function publish(
	name: string,
	parameters: Record<string, unknown>,
	after: Array<Record<string, unknown>> = [],
): Promise<Published> {
	return await publishTriggerWorkflow(context, {
		name,
		nodeType: 'voipcloudTrigger',
		webhookPath: 'voipcloud',
		parameters,
		credentials,
		after,
	});
}

async function itemsOf(workflow: Published, executions: number) {
	const runs = await context.api.waitForExecutions(workflow.id, executions);
	return runs.map((run: unknown) => triggerItems(run, workflow.nodeName));
}

const completedCall = renderScenario(loadScenario('voipcloud', 'inbound-answered')).steps[2].body;

beforeAll(async () => {
	const credential = await context.api.createCredential('VoIPcloud e2e', 'voipcloudWebhookApi', {
		secretToken: TOKEN,
	});
	credentials = { voipcloudWebhookApi: { id: credential.id, name: credential.name } };
});

describe('VoIPcloud Trigger in a real n8n', () => {
	let all: Published;

	beforeAll(async () => {
		all = await publish('VoIPcloud: all events', { events: ['*'], output: 'normalized' });
	});

	test('a request with the right X-Pbx-Token starts one execution with the normalized event', async () => {
		const answer = await sendPbxEvent('voipcloud', all.url, { body: completedCall, token: TOKEN });
		expect(answer.status).toBe(200);
		expect(JSON.parse(answer.text)).toEqual({ message: 'Workflow was started', events: 1 });

		const [items] = await itemsOf(all, 1);
		expect(items).toHaveLength(1);
		const event = callEventSchema.parse(items[0]);
		expect(event).toMatchObject({
			pbx: 'voipcloud',
			event: 'call.ended',
			vendorEvent: 'user_inbound_completed',
			callId: completedCall.unique_call_id,
			direction: 'inbound',
			outcome: 'answered',
			durationSec: 128,
			talkSec: 120,
			from: { number: '+61298765432', name: 'Jane Citizen' },
			agent: { extension: '101', name: 'Alice Agent' },
		});
		expect(event.raw).toEqual(completedCall);
	});

	test('a batched array gives one item per event in one execution', async () => {
		const batch = renderScenario(loadScenario('voipcloud', 'outbound-answered')).steps.map(
			(s) => s.body,
		);
		const before = (await context.api.listExecutions(all.id)).length;
		const answer = await sendPbxEvent('voipcloud', all.url, { body: batch, token: TOKEN });
		expect(answer.status).toBe(200);

		const runs = await context.api.waitForExecutions(all.id, before + 1);
		expect(runs).toHaveLength(before + 1);
		const items = triggerItems(runs[runs.length - 1], all.nodeName) as CallEvent[];
		expect(items.map((item) => item.event)).toEqual([
			'call.started',
			'call.answered',
			'call.ended',
		]);
		expect(items.map((item) => item.raw)).toEqual(batch);
	});

	test('malformed JSON is still delivered, raw, with a parse error', async () => {
		const before = (await context.api.listExecutions(all.id)).length;
		const broken = '{"type": "user_inbound", "unique_call_id": "abc", "caller_id": +6129';
		const answer = await sendWebhook(all.url, {
			headers: { 'content-type': 'application/json', 'x-pbx-token': TOKEN },
			body: broken,
		});
		expect(answer.status).toBe(200);

		const runs = await context.api.waitForExecutions(all.id, before + 1);
		const [item] = triggerItems(runs[runs.length - 1], all.nodeName) as CallEvent[];
		expect(item.event).toBe('unknown');
		expect(item.raw).toBe(broken);
		expect(item.parseError).toMatch(/not valid JSON/);
	});
});

describe('the normalized event in n8n expressions', () => {
	// n8n's expression sandbox refuses some property names (e.g. "caller"): every field must be readable.
	const fields = {
		event: '={{ $json.event }}',
		fromNumber: '={{ $json.from.number }}',
		fromName: '={{ $json.from.name }}',
		toName: '={{ $json.to.name }}',
		agent: '={{ $json.agent.extension }}',
		did: '={{ $json.did }}',
		talk: '={{ $json.talkSec }}',
		outcome: '={{ $json.outcome }}',
		rawId: '={{ $json.raw.unique_call_id }}',
	};

	test('a Set node reads every kind of field with {{ $json.… }}', async () => {
		const setNode = {
			name: 'Read fields',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: {
				mode: 'manual',
				includeOtherFields: false,
				assignments: {
					assignments: Object.entries(fields).map(([name, value], index) => ({
						id: String(index),
						name,
						value,
						type: 'string',
					})),
				},
				options: {},
			},
		};
		const workflow = await publish('VoIPcloud: expressions', { events: ['*'] }, [setNode]);
		await sendPbxEvent('voipcloud', workflow.url, { body: completedCall, token: TOKEN });

		const [run] = await context.api.waitForExecutions(workflow.id, 1);
		expect(run.status).toBe('success');
		expect(triggerItems(run, 'Read fields')).toEqual([
			{
				event: 'call.ended',
				fromNumber: '+61298765432',
				fromName: 'Jane Citizen',
				toName: 'Alice Agent',
				agent: '101',
				did: '+61280001000',
				talk: '120',
				outcome: 'answered',
				rawId: completedCall.unique_call_id,
			},
		]);
	});
});

describe('VoIPcloud Trigger refuses requests without the secret', () => {
	let guarded: Published;

	beforeAll(async () => {
		guarded = await publish('VoIPcloud: secret check', { events: ['*'] });
	});

	test.each([
		['a wrong token', 'not-the-secret'],
		['no token', undefined],
	])('%s gets 401 and starts no execution', async (_case, token) => {
		const before = (await context.api.listExecutions(guarded.id)).length;
		const answer = await sendPbxEvent('voipcloud', guarded.url, { body: completedCall, token });
		expect(answer.status).toBe(401);
		expect(JSON.parse(answer.text)).toMatchObject({ code: 401 });

		const marker = randomBytes(8).toString('hex');
		const runs = await context.api.executionsBesideMarker(guarded.id, marker, () =>
			sendPbxEvent('voipcloud', guarded.url, {
				body: { ...completedCall, e2eMarker: marker },
				token: TOKEN,
			}),
		);
		expect(runs).toHaveLength(before);
	});
});

describe('VoIPcloud Trigger event selection and output', () => {
	test('an unselected event is answered 200 and starts nothing', async () => {
		const onlyCompleted = await publish('VoIPcloud: completed only', {
			events: ['user_inbound_completed'],
		});
		const ringing = renderScenario(loadScenario('voipcloud', 'inbound-answered')).steps[0].body;
		const answer = await sendPbxEvent('voipcloud', onlyCompleted.url, {
			body: ringing,
			token: TOKEN,
		});
		expect(answer.status).toBe(200);
		expect(JSON.parse(answer.text)).toEqual({ message: 'No selected event in this request' });
		const marker = randomBytes(8).toString('hex');
		const others = await context.api.executionsBesideMarker(onlyCompleted.id, marker, () =>
			sendPbxEvent('voipcloud', onlyCompleted.url, {
				body: { ...completedCall, e2eMarker: marker },
				token: TOKEN,
			}),
		);
		expect(others).toHaveLength(0);
		const [items] = await itemsOf(onlyCompleted, 1);
		expect(items).toHaveLength(1);
		expect((items[0] as CallEvent).vendorEvent).toBe('user_inbound_completed');
	});

	test('Raw output gives the payload unchanged', async () => {
		const raw = await publish('VoIPcloud: raw', { events: ['*'], output: 'raw' });
		await sendPbxEvent('voipcloud', raw.url, { body: completedCall, token: TOKEN });
		const [items] = await itemsOf(raw, 1);
		expect(items).toEqual([completedCall]);
	});
});
