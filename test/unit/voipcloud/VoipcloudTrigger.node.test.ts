import { randomBytes } from 'crypto';
import type { IDataObject, INodeExecutionData, IWebhookResponseData } from 'n8n-workflow';

import { VoipcloudWebhookApi } from '../../../credentials/VoipcloudWebhookApi.credentials';
import { callEventSchema, type CallEvent } from '../../../nodes/shared/callEventSchema';
import { checkWebhookSecret } from '../../../nodes/shared/secret';
import { VoipcloudTrigger } from '../../../nodes/Voipcloud/VoipcloudTrigger.node';
import { callWebhook } from '../../support/n8nEngine';

/** Fresh secrets each run, with upper and lower case letters. */
const SECRET = `Vc${randomBytes(12).toString('hex')}`;
const COMPONENT_SECRET = `Flow${randomBytes(12).toString('hex')}`;

interface FakeRequest {
	/** The body exactly as sent; objects and arrays are sent as JSON. */
	body?: unknown;
	contentType?: string;
	/** Header value for X-Pbx-Token; null sends no header. */
	token?: string | string[] | null;
	query?: IDataObject;
	parameters?: IDataObject;
	credentials?: IDataObject;
}

/** One request with VoIPcloud's header token, in n8n-core's WebhookContext. */
async function deliver(request: FakeRequest) {
	const token = request.token === undefined ? SECRET : request.token;
	return await callWebhook({
		type: 'voipcloudTrigger',
		parameters: request.parameters,
		credentials: {
			voipcloudWebhookApi: request.credentials ?? { secretToken: SECRET, componentSecretToken: '' },
		},
		request: {
			body: request.body,
			contentType: request.contentType,
			headers: token === null ? {} : { 'x-pbx-token': token },
			query: request.query,
		},
	});
}

function itemsOf(result: IWebhookResponseData): INodeExecutionData[] {
	expect(result.workflowData).toBeDefined();
	expect(result.workflowData).toHaveLength(1);
	return result.workflowData?.[0] ?? [];
}

/** Every normalized item must satisfy the shared schema. */
function events(result: IWebhookResponseData): CallEvent[] {
	return itemsOf(result).map((item) => callEventSchema.parse(item.json));
}

const NOTHING_SELECTED = { webhookResponse: { message: 'No selected event in this request' } };

const userInbound = {
	type: 'user_inbound',
	unique_call_id: '1765975061.4821',
	caller_id: '61412345678',
	caller_name: 'Jane Citizen',
	user_name: 'Sam Support',
	user_number: '201',
	dest_number: '61299998888',
	call_start_at: '2025-12-17T12:37:41+11:00',
	queue_name: 'Sales Queue',
	ring_group_name: '',
};
const userInboundAnswered = {
	...userInbound,
	type: 'user_inbound_answered',
	connected_at: '2025-12-17T12:37:53+11:00',
};
const userInboundCompleted = {
	...userInboundAnswered,
	type: 'user_inbound_completed',
	call_duration: 95,
	conversation_duration: 83,
};

describe('VoipcloudTrigger webhook: secret', () => {
	it('accepts the right token and emits one normalized call event', async () => {
		const { result, response } = await deliver({ body: userInbound });
		expect(response.statusCode).toBeUndefined();
		const [event, ...rest] = events(result);
		expect(rest).toHaveLength(0);
		expect(event).toMatchObject({
			pbx: 'voipcloud',
			event: 'call.ringing',
			vendorEvent: 'user_inbound',
			callId: '1765975061.4821',
			direction: 'inbound',
			startedAt: '2025-12-17T01:37:41.000Z',
			occurredAt: '2025-12-17T01:37:41.000Z',
			from: { number: '61412345678', name: 'Jane Citizen' },
			to: { number: '201', name: 'Sam Support' },
			did: '61299998888',
			agent: { extension: '201', name: 'Sam Support' },
			queue: { id: null, name: 'Sales Queue' },
			parseError: null,
		});
		expect(event.eventId).toMatch(/^[0-9a-f]{32}$/);
		expect(event.raw).toEqual(userInbound);
	});

	it('refuses a wrong token with 401 and a JSON message, starting nothing', async () => {
		const { result, response } = await deliver({ body: userInbound, token: 'not-the-secret' });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(result.workflowData).toBeUndefined();
		expect(response.statusCode).toBe(401);
		expect(response.jsonBody).toEqual({ code: 401, message: 'Invalid X-Pbx-Token' });
		expect(response.ended).toBe(true);
	});

	it('refuses a missing token with 401 and a JSON message, starting nothing', async () => {
		const { result, response } = await deliver({ body: userInbound, token: null });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(401);
		expect(response.jsonBody).toEqual({ code: 401, message: 'Missing X-Pbx-Token header' });
		expect(response.ended).toBe(true);
	});

	it('refuses an empty token, even when the credential is empty too', async () => {
		const empty = await deliver({ body: userInbound, token: '' });
		expect(empty.response.statusCode).toBe(401);
		expect(empty.result.workflowData).toBeUndefined();
		const unset = await deliver({
			body: userInbound,
			token: '',
			credentials: { secretToken: '', componentSecretToken: '' },
		});
		expect(unset.response.statusCode).toBe(401);
		expect(unset.result.workflowData).toBeUndefined();
	});

	it('refuses a token that differs only by case or a prefix', async () => {
		for (const token of [SECRET.toUpperCase(), SECRET.slice(0, -1), `${SECRET} `]) {
			const { response, result } = await deliver({ body: userInbound, token });
			expect(response.statusCode).toBe(401);
			expect(result.workflowData).toBeUndefined();
		}
	});

	it('accepts the Webhook object (component) secret token too', async () => {
		const credentials = { secretToken: SECRET, componentSecretToken: COMPONENT_SECRET };
		const component = {
			type: 'webhook_component_event',
			unique_call_id: '1765975061.4821',
			user_name: 'Jane Citizen',
			user_number: '61412345678',
			dest_number: '61299998888',
			call_start_at: '2025-12-17T12:37:41+11:00',
			component_name: 'After hours webhook',
		};
		const viaComponent = await deliver({ body: component, token: COMPONENT_SECRET, credentials });
		expect(viaComponent.response.statusCode).toBeUndefined();
		expect(events(viaComponent.result)[0]).toMatchObject({
			event: 'flow.webhook',
			from: { number: '61412345678', name: 'Jane Citizen' },
			did: '61299998888',
		});
		const viaGlobal = await deliver({ body: component, token: SECRET, credentials });
		expect(events(viaGlobal.result)).toHaveLength(1);
	});

	it('reads the credential of type voipcloudWebhookApi for a token it has not checked before', async () => {
		// A token already checked within SECRET_RELOAD_MS is matched without loading the credential.
		const fresh = `fresh-${SECRET}`;
		const { credentialTypes, response } = await deliver({
			body: userInbound,
			token: fresh,
			credentials: { secretToken: fresh, componentSecretToken: '' },
		});
		expect(response.statusCode).toBeUndefined();
		expect(credentialTypes).toEqual(['voipcloudWebhookApi']);
	});

	it('takes the first of repeated X-Pbx-Token headers', async () => {
		const first = await deliver({ body: userInbound, token: [SECRET, 'other'] });
		expect(events(first.result)).toHaveLength(1);
		const second = await deliver({ body: userInbound, token: ['other', SECRET] });
		expect(second.response.statusCode).toBe(401);
	});
});

describe('VoipcloudTrigger webhook: events filter', () => {
	it('answers an unselected event with no workflow data', async () => {
		const { result, response } = await deliver({
			body: userInbound,
			parameters: { events: ['user_inbound_completed', 'queue_call'] },
		});
		expect(result).toEqual(NOTHING_SELECTED);
		expect(response.statusCode).toBeUndefined();
	});

	it('delivers a selected event', async () => {
		const { result } = await deliver({
			body: userInboundCompleted,
			parameters: { events: ['user_inbound_completed', 'queue_call'] },
		});
		// The call came through a queue: the user's completion is the user's part of it.
		expect(events(result)[0]).toMatchObject({
			event: 'leg.ended',
			endedAt: '2025-12-17T01:39:16.000Z',
			durationSec: 95,
			talkSec: 83,
			waitSec: 12,
			outcome: 'answered',
		});
	});

	it('matches a spelling variant against its selector', async () => {
		const variant = { ...userInbound, type: 'user_user_inbound_answered' };
		const { result } = await deliver({
			body: variant,
			parameters: { events: ['user_inbound_answered'] },
		});
		expect(events(result)[0]).toMatchObject({
			event: 'call.answered',
			vendorEvent: 'user_user_inbound_answered',
		});
		const filtered = await deliver({ body: variant, parameters: { events: ['user_inbound'] } });
		expect(filtered.result).toEqual(NOTHING_SELECTED);
	});

	it('delivers an unknown event type even when only specific events are selected', async () => {
		const unknown = { ...userInbound, type: 'user_transfer' };
		const { result } = await deliver({
			body: unknown,
			parameters: { events: ['voicemail'] },
		});
		const [event] = events(result);
		expect(event).toMatchObject({
			event: 'unknown',
			vendorEvent: 'user_transfer',
			parseError: null,
		});
		expect(event.raw).toEqual(unknown);
	});

	it('treats "All Events" as every event', async () => {
		const { result } = await deliver({ body: userInbound, parameters: { events: ['*'] } });
		expect(events(result)).toHaveLength(1);
	});
});

describe('VoipcloudTrigger webhook: batches and bodies', () => {
	it('turns a batched array of 3 events into 3 items', async () => {
		const batch = [userInbound, userInboundAnswered, userInboundCompleted];
		const { result } = await deliver({ body: batch });
		const emitted = events(result);
		expect(emitted.map((event) => event.event)).toEqual([
			'call.ringing',
			'call.answered',
			'leg.ended',
		]);
		expect(emitted.map((event) => event.raw)).toEqual(batch);
		expect(new Set(emitted.map((event) => event.eventId)).size).toBe(3);
	});

	it('filters each event of a batch on its own', async () => {
		const batch = [userInbound, userInboundAnswered, userInboundCompleted];
		const { result } = await deliver({
			body: batch,
			parameters: { events: ['user_inbound', 'user_inbound_completed'] },
		});
		expect(events(result).map((event) => event.vendorEvent)).toEqual([
			'user_inbound',
			'user_inbound_completed',
		]);
	});

	it('gives the same event id to the same payload delivered twice', async () => {
		const first = events((await deliver({ body: userInbound })).result)[0];
		const reordered = Object.fromEntries(Object.entries(userInbound).reverse());
		const second = events((await deliver({ body: reordered })).result)[0];
		expect(second.eventId).toBe(first.eventId);
	});

	it('delivers a malformed body it cannot recover as one unknown event with parseError', async () => {
		const text = '{"type": "user_inbound", "caller_id": "61412345678", "user_number": }';
		const { result } = await deliver({
			body: text,
			contentType: 'application/json',
			parameters: { events: ['user_inbound_completed'] },
		});
		const [event, ...rest] = events(result);
		expect(rest).toHaveLength(0);
		expect(event.event).toBe('unknown');
		expect(event.vendorEvent).toBeNull();
		expect(event.parseError).toMatch(/^Body is not valid JSON/);
		expect(event.raw).toBe(text);
		expect(event.eventId).toMatch(/^[0-9a-f]{32}$/);
	});

	it('recovers a malformed body the tolerant reader can repair', async () => {
		const text =
			'{"type": "user_inbound", "unique_call_id": "1765975061.4821", "caller_id": 0412345678, "user_number": "201",}';
		const { result } = await deliver({ body: text, contentType: 'application/json' });
		expect(events(result)[0]).toMatchObject({
			event: 'call.ringing',
			from: { number: '0412345678' },
			parseError: null,
		});
	});

	it('delivers plain text as an unknown event with the text as raw', async () => {
		const { result } = await deliver({
			body: 'ping',
			parameters: { events: ['voicemail'] },
		});
		expect(events(result)[0]).toMatchObject({ event: 'unknown', raw: 'ping', parseError: null });
	});

	it('starts nothing for an empty request, and says so', async () => {
		const { result, response } = await deliver({});
		expect(response.statusCode).toBeUndefined();
		expect(result).toEqual({ webhookResponse: { message: 'The request carries no event' } });
	});
});

describe('VoipcloudTrigger webhook: output and options', () => {
	it('emits the payload exactly as sent with output "raw"', async () => {
		const { result } = await deliver({ body: userInboundCompleted, parameters: { output: 'raw' } });
		const items = itemsOf(result);
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual(userInboundCompleted);
	});

	it('emits each payload of a batch as sent with output "raw"', async () => {
		const batch = [userInbound, userInboundCompleted];
		const { result } = await deliver({ body: batch, parameters: { output: 'raw' } });
		expect(itemsOf(result).map((item) => item.json)).toEqual(batch);
	});

	it('wraps text in { raw, parseError } with output "raw"', async () => {
		const text = '{"type": "voicemail",';
		const { result } = await deliver({
			body: text,
			contentType: 'application/json',
			parameters: { output: 'raw' },
		});
		const [item] = itemsOf(result);
		expect(item.json.raw).toBe(text);
		expect(item.json.parseError).toMatch(/^Body is not valid JSON/);
		const plain = await deliver({ body: 'ping', parameters: { output: 'raw' } });
		expect(itemsOf(plain.result)[0].json).toEqual({ raw: 'ping' });
	});

	it('still filters events with output "raw"', async () => {
		const { result } = await deliver({
			body: userInbound,
			parameters: { output: 'raw', events: ['voicemail'] },
		});
		expect(result).toEqual(NOTHING_SELECTED);
	});

	it('reads times without an offset in the configured time zone', async () => {
		const naive = {
			...userInboundCompleted,
			call_start_at: '2025-12-17 12:37:41',
			connected_at: '2025-12-17 12:37:53',
		};
		const sydney = await deliver({
			body: naive,
			parameters: { additionalOptions: { timeZone: 'Australia/Sydney' } },
		});
		expect(events(sydney.result)[0]).toMatchObject({
			startedAt: '2025-12-17T01:37:41.000Z',
			answeredAt: '2025-12-17T01:37:53.000Z',
			endedAt: '2025-12-17T01:39:16.000Z',
			occurredAt: '2025-12-17T01:39:16.000Z',
		});
		const utc = await deliver({ body: naive });
		expect(events(utc.result)[0].startedAt).toBe('2025-12-17T12:37:41.000Z');
	});

	it('trims the time zone option and falls back to UTC when it is not a zone', async () => {
		const naive = { ...userInbound, call_start_at: '2025-07-01 09:00:00' };
		const padded = await deliver({
			body: naive,
			parameters: { additionalOptions: { timeZone: ' Australia/Sydney ' } },
		});
		expect(events(padded.result)[0].startedAt).toBe('2025-06-30T23:00:00.000Z');
		const invalid = await deliver({
			body: naive,
			parameters: { additionalOptions: { timeZone: 'Mars/Olympus_Mons' } },
		});
		expect(events(invalid.result)[0].startedAt).toBe('2025-07-01T09:00:00.000Z');
	});

	it('falls back to the time of receipt when an event carries no time', async () => {
		const before = Date.now();
		const { result } = await deliver({
			body: { type: 'webhook_component_event', unique_call_id: '1', user_number: '0412345678' },
		});
		const after = Date.now();
		const occurredAt = Date.parse(events(result)[0].occurredAt);
		expect(occurredAt).toBeGreaterThanOrEqual(before);
		expect(occurredAt).toBeLessThanOrEqual(after);
	});
});

describe('VoipcloudTrigger description', () => {
	const trigger = new VoipcloudTrigger();
	const { description } = trigger;

	it('is a trigger with no inputs and is not offered as an AI tool', () => {
		expect(description.inputs).toEqual([]);
		expect(description.outputs).toEqual(['main']);
		expect(description.group).toEqual(['trigger']);
		expect(description).not.toHaveProperty('usableAsTool');
		expect(description.name).toBe('voipcloudTrigger');
	});

	it('listens on one POST webhook answered on receipt', () => {
		expect(description.webhooks).toEqual([
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: '',
				path: 'voipcloud',
			},
		]);
	});

	it('requires the VoIPcloud credential, tested by checkWebhookSecret', () => {
		expect(description.credentials).toEqual([
			{ name: 'voipcloudWebhookApi', required: true, testedBy: 'checkWebhookSecret' },
		]);
		expect(trigger.methods.credentialTest.checkWebhookSecret).toBe(checkWebhookSecret);
		expect(new VoipcloudWebhookApi().name).toBe('voipcloudWebhookApi');
	});

	it('offers All Events plus the 12 VoIPcloud types, All Events by default', () => {
		const events = description.properties.find((property) => property.name === 'events');
		expect(events?.type).toBe('multiOptions');
		expect(events?.default).toEqual(['*']);
		const values = (events?.options ?? []).map((option) => (option as { value: string }).value);
		expect(values[0]).toBe('*');
		expect(values.slice(1).sort()).toEqual(
			[
				'queue_call',
				'recording_inbound',
				'recording_outbound',
				'ring_group_call',
				'user_inbound',
				'user_inbound_answered',
				'user_inbound_completed',
				'user_outbound',
				'user_outbound_answered',
				'user_outbound_completed',
				'voicemail',
				'webhook_component_event',
			].sort(),
		);
	});

	it('defaults to normalized output', () => {
		const output = description.properties.find((property) => property.name === 'output');
		expect(output?.default).toBe('normalized');
	});

	it('stores both secrets of the credential as passwords', () => {
		const credential = new VoipcloudWebhookApi();
		for (const name of ['secretToken', 'componentSecretToken']) {
			const property = credential.properties.find((p) => p.name === name);
			expect(property?.typeOptions?.password).toBe(true);
		}
	});

	it('needs no webhook registration in VoIPcloud', async () => {
		const hooks = trigger.webhookMethods.default;
		const context = {} as never;
		await expect(hooks.checkExists.call(context)).resolves.toBe(true);
		await expect(hooks.create.call(context)).resolves.toBe(true);
		await expect(hooks.delete.call(context)).resolves.toBe(true);
	});
});

describe('VoipcloudTrigger webhook: type spellings reported by integrators', () => {
	const outbound = {
		unique_call_id: '1765975061.4821',
		caller_id: '61299998888',
		user_name: 'Sam Support',
		user_number: '201',
		dest_number: '61398765432',
		call_start_at: '2025-12-17T12:37:41+11:00',
	};

	it.each([
		['user_user_outbound', 'call.started', null],
		['user_user_outbound_answered', 'call.answered', null],
		['user_user_outbound_completed', 'call.ended', 'noAnswer'],
		['user_outbound_missed', 'call.ended', 'noAnswer'],
	])('%s is recognised (%s), not unknown', async (type, event, outcome) => {
		const { result } = await deliver({
			body: { type, ...outbound, call_duration: 20, conversation_duration: 0 },
		});
		expect(events(result)).toMatchObject([
			{ event, vendorEvent: type, direction: 'outbound', outcome },
		]);
	});
});
