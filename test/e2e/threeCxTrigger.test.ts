import { randomBytes } from 'crypto';

import { callEventSchema, type CallEvent } from '../../nodes/shared/callEventSchema';
import { DOC_TABLES } from '../fixtures/threeCxDocSamples';
import { e2eContext } from '../support/e2eState';
import { triggerItems } from '../support/n8n';
import { sendPbxEvent, sendScenario, sendWebhook } from '../support/pbxSender';
import { loadScenario, renderScenario } from '../support/scenarios';
import { publishTriggerWorkflow } from '../support/workflows';

const SECRET = randomBytes(24).toString('hex');
const context = e2eContext();

interface Published {
	id: string;
	url: string;
	nodeName: string;
}

let credentials: Record<string, { id: string; name: string }>;

async function publish(name: string, parameters: Record<string, unknown>): Promise<Published> {
	return await publishTriggerWorkflow(context, {
		name,
		nodeType: 'threeCxWebhookTrigger',
		webhookPath: '3cx',
		parameters,
		credentials,
	});
}

async function eventsOf(workflow: Published, executions: number): Promise<CallEvent[]> {
	const runs = await context.api.waitForExecutions(workflow.id, executions, { settleMs: 300 });
	expect(runs).toHaveLength(executions);
	return runs
		.flatMap((run: unknown) => triggerItems(run, workflow.nodeName))
		.map((item: unknown) => callEventSchema.parse(item));
}

const withSecret = (url: string, secret = SECRET) => `${url}?token=${encodeURIComponent(secret)}`;
const ringingQuery =
	'event=ringing&callerid=420774852629&user=102&usertype=ext&did=DID-420222000320&id=230102104542_15-0';

/**
 * The request to `url` is refused and starts no execution of `workflow`: a ringing event sent
 * afterwards to `accepting` (which runs it), carrying a marker, shows when n8n has caught up.
 */
async function expectRefused(
	url: string,
	workflow: Published,
	message: string,
	{ status = 401, accepting = workflow }: { status?: number; accepting?: Published } = {},
) {
	const before = (await context.api.listExecutions(workflow.id)).length;
	const answer = await sendWebhook(url, { method: url.includes('event=') ? 'GET' : 'POST' });
	expect(answer.status).toBe(status);
	expect(JSON.parse(answer.text)).toEqual({ code: status, message });
	const marker = randomBytes(8).toString('hex');
	const runs = await context.api.executionsBesideMarker(
		workflow.id,
		marker,
		() =>
			sendWebhook(`${withSecret(accepting.url)}&${ringingQuery}&e2eMarker=${marker}`, {
				method: 'GET',
			}),
		{ markerWorkflowId: accepting.id },
	);
	expect(runs).toHaveLength(before);
}

beforeAll(async () => {
	const credential = await context.api.createCredential('3CX e2e', 'threeCxWebhookApi', {
		secret: SECRET,
	});
	credentials = { threeCxWebhookApi: { id: credential.id, name: credential.name } };
});

describe('3CX Webhook Trigger in a real n8n: one URL, every form', () => {
	let all: Published;

	beforeAll(async () => {
		all = await publish('3CX: all events', { events: ['*'] });
	});

	test('JSON POST (K2M), GET query (Creomate), a bare recording URL and malformed JSON', async () => {
		const malformed = DOC_TABLES['inbound-queue-answered'][3].text;
		const bareUrl = 'https://3CXDQDN:5001/webapi/recording/230102185935_18-1-1.mp3';
		const answers = [
			await sendWebhook(withSecret(all.url), {
				headers: { 'content-type': 'application/json' },
				body: DOC_TABLES['inbound-queue-answered'][2].text,
			}),
			await sendWebhook(`${withSecret(all.url)}&${ringingQuery}`, { method: 'GET' }),
			await sendWebhook(withSecret(all.url), {
				headers: { 'content-type': 'text/plain' },
				body: bareUrl,
			}),
			await sendWebhook(withSecret(all.url), {
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: bareUrl,
			}),
			await sendWebhook(withSecret(all.url), {
				headers: { 'content-type': 'application/json' },
				body: malformed,
			}),
		];
		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
		expect(JSON.parse(answers[0].text)).toEqual({ message: 'Workflow was started', events: 1 });

		const events = await eventsOf(all, 5);
		expect(events.map((event) => [event.event, event.callId, event.legId])).toEqual([
			['call.ringing', '230307114903_10', '0'],
			['call.ringing', '230102104542_15', '0'],
			['recording.ready', '230102185935_18', '1'],
			['recording.ready', '230102185935_18', '1'],
			['call.answered', '230307114903_10', '1'],
		]);
		expect(events[1]).toMatchObject({ did: '420222000320', agent: { extension: '102' } });
		expect(events[1].raw).toEqual(Object.fromEntries(new URLSearchParams(ringingQuery)));
		expect(events[4]).toMatchObject({ from: { number: '05552221133' }, parseError: null });
		expect(JSON.stringify(events)).not.toContain(SECRET);
	});
});

describe('3CX Webhook Trigger refuses requests without the secret or from elsewhere', () => {
	let guarded: Published;

	beforeAll(async () => {
		guarded = await publish('3CX: secret check', { events: ['*'] });
	});

	test.each([
		['POST without a token', (url: string) => url, 'Missing token query parameter'],
		['POST with a wrong token', (url: string) => withSecret(url, 'wrong'), 'Invalid token'],
		[
			'GET with a wrong token',
			(url: string) => `${withSecret(url, 'wrong')}&${ringingQuery}`,
			'Invalid token',
		],
		[
			'GET without a token',
			(url: string) => `${url}?${ringingQuery}`,
			'Missing token query parameter',
		],
	])('%s gets 401 and starts no execution', async (_case, build, message) => {
		await expectRefused(build(guarded.url), guarded, message);
	});

	test('a source outside the allowed IPs gets 403 and starts nothing; an allowed one runs', async () => {
		const outside = await publish('3CX: allow-list elsewhere', {
			events: ['*'],
			additionalOptions: { allowedSourceIps: '203.0.113.7' },
		});
		const local = await publish('3CX: allow-list local', {
			events: ['*'],
			additionalOptions: { allowedSourceIps: '10.0.0.0/8, 127.0.0.0/8' },
		});
		// The marker expectRefused sends to `local` is the allowed request: it must run.
		await expectRefused(
			`${withSecret(outside.url)}&${ringingQuery}`,
			outside,
			'Requests from 127.0.0.1 are not allowed',
			{ status: 403, accepting: local },
		);
		expect(await eventsOf(local, 1)).toHaveLength(1);
	});

	test('an add-on that appends "?event=…" after the token is still understood', async () => {
		const naive = await publish('3CX: second question mark', { events: ['ringingExtension'] });
		const answer = await sendWebhook(`${withSecret(naive.url)}?${ringingQuery}`, { method: 'GET' });
		expect(answer.status).toBe(200);
		const [event] = await eventsOf(naive, 1);
		expect(event).toMatchObject({ event: 'call.ringing', vendorEvent: 'ringing' });
		expect(event.raw).toEqual(Object.fromEntries(new URLSearchParams(ringingQuery)));
	});
});

describe('3CX Webhook Trigger event selection', () => {
	test('only the selected events start the workflow', async () => {
		const endedOnly = await publish('3CX: ended only', { events: ['endedIncoming'] });
		const scenario = renderScenario(loadScenario('3cx', 'ring-group-answered'));
		const answers = await sendScenario(scenario, { url: endedOnly.url, token: SECRET });
		expect(answers.map((answer: { text: string }) => JSON.parse(answer.text).message)).toEqual([
			'No selected event in this request',
			'No selected event in this request',
			'No selected event in this request',
			'Workflow was started',
		]);
		const [event] = await eventsOf(endedOnly, 1);
		expect(event).toMatchObject({ event: 'call.ended', callId: scenario.callId });
	});

	test('Raw output gives the GET query without the token', async () => {
		const raw = await publish('3CX: raw', { events: ['*'], output: 'raw' });
		await sendPbxEvent('3cx', raw.url, {
			body: { Event: 'dialing', Callerid: '05552221133', User: '117', Id: '230307135611_31-0' },
			token: SECRET,
			form: 'query',
		});
		const runs = await context.api.waitForExecutions(raw.id, 1, { settleMs: 300 });
		expect(triggerItems(runs[0], raw.nodeName)).toEqual([
			{ event: 'dialing', callerid: '05552221133', user: '117', id: '230307135611_31-0' },
		]);
	});
});
