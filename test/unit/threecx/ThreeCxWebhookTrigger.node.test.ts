import { randomBytes } from 'crypto';
import type { IDataObject, IWebhookResponseData } from 'n8n-workflow';

import { ThreeCxWebhookApi } from '../../../credentials/ThreeCxWebhookApi.credentials';
import { callEventSchema, type CallEvent } from '../../../nodes/shared/callEventSchema';
import { checkUrlSecret } from '../../../nodes/shared/secret';
import { ThreeCxWebhookTrigger } from '../../../nodes/ThreeCx/ThreeCxWebhookTrigger.node';
import { callWebhook } from '../../support/n8nEngine';

const SECRET = `Tcx${randomBytes(12).toString('hex')}`;

interface FakeRequest {
	method?: 'GET' | 'POST';
	/** Objects and arrays are sent as JSON. */
	body?: unknown;
	contentType?: string;
	/** The query as n8n parses it; the secret is added unless `token` says otherwise. */
	query?: IDataObject;
	/** Value of the token query parameter (an object as n8n parses `token[a]=…`); null sends none. */
	token?: string | string[] | IDataObject | null;
	ip?: string;
	parameters?: IDataObject;
	credentials?: IDataObject;
}

/** One request with 3CX's token query parameter and client address, in n8n-core's WebhookContext. */
async function deliver(request: FakeRequest) {
	const token = request.token === undefined ? SECRET : request.token;
	const query: IDataObject = { ...(request.query ?? {}) };
	if (token !== null) query.token = token;
	const call = await callWebhook({
		type: 'threeCxWebhookTrigger',
		parameters: request.parameters,
		credentials: { threeCxWebhookApi: request.credentials ?? { secret: SECRET } },
		request: {
			method: request.method,
			body: request.body,
			contentType: request.contentType,
			query,
			ip: request.ip ?? '::ffff:127.0.0.1',
		},
	});
	const warnings = call.logs
		.filter((log) => log.level === 'warn' || log.level === 'error')
		.map((log) => log.message);
	return { ...call, warnings };
}

function events(result: IWebhookResponseData): CallEvent[] {
	expect(result.workflowData).toHaveLength(1);
	return (result.workflowData?.[0] ?? []).map((item) => callEventSchema.parse(item.json));
}

const NOTHING_SELECTED = { webhookResponse: { message: 'No selected event in this request' } };

const ringing = {
	Event: 'ringing',
	Callerid: '05552221133',
	User: '202',
	Usertype: 'ext',
	Did: '',
	Id: '230307114903_10-0',
};
const ringingGet = {
	event: 'ringing',
	callerid: '420774852629',
	user: '102',
	usertype: 'ext',
	did: 'DID-420222000320',
	id: '230102104542_15-0',
};

describe('3CX Webhook Trigger: secret in the URL', () => {
	it('accepts the right token and emits the normalized event', async () => {
		const { result, response } = await deliver({ body: ringing });
		expect(response.statusCode).toBeUndefined();
		expect(events(result)).toEqual([
			expect.objectContaining({ pbx: '3cx', event: 'call.ringing', callId: '230307114903_10' }),
		]);
	});

	it.each([
		['a missing token', null, 'Missing token query parameter'],
		['a token sent as token[a]=…', { a: SECRET }, 'Missing token query parameter'],
		['an empty token', '', 'Invalid token'],
		['a wrong token', 'not-the-secret', 'Invalid token'],
		['the token in another case', SECRET.toUpperCase(), 'Invalid token'],
		['a prefix of the token', SECRET.slice(0, -1), 'Invalid token'],
	])('refuses %s with 401 and starts nothing', async (_case, token, message) => {
		const { result, response } = await deliver({ body: ringing, token });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response).toEqual({ statusCode: 401, jsonBody: { code: 401, message }, ended: true });
	});

	it('refuses every token while the credential holds no secret', async () => {
		const { response, result } = await deliver({
			body: ringing,
			token: '',
			credentials: { secret: '' },
		});
		expect(response.statusCode).toBe(401);
		expect(result.workflowData).toBeUndefined();
	});

	it('checks the first of repeated token parameters', async () => {
		expect((await deliver({ body: ringing, token: [SECRET, 'x'] })).response.statusCode).toBe(
			undefined,
		);
		expect((await deliver({ body: ringing, token: ['x', SECRET] })).response.statusCode).toBe(401);
	});

	it('keeps the token out of a GET event', async () => {
		const { result } = await deliver({ method: 'GET', query: ringingGet });
		const [event] = events(result);
		expect(event.raw).toEqual(ringingGet);
		expect(JSON.stringify(event)).not.toContain(SECRET);
	});

	it('reads a GET event an add-on appended with a second "?" after the token', async () => {
		// …/3cx?token=<secret>?event=ringing&callerid=… : the first field lands in the token.
		const { event, ...rest } = ringingGet;
		const { result, response } = await deliver({
			method: 'GET',
			query: rest,
			token: `${SECRET}?event=${event}`,
		});
		expect(response.statusCode).toBeUndefined();
		const [normalized] = events(result);
		expect(normalized).toMatchObject({ event: 'call.ringing', vendorEvent: 'ringing' });
		expect(normalized.raw).toEqual(ringingGet);
		expect(JSON.stringify(normalized)).not.toContain(SECRET);
	});

	it.each([
		// each its own secret: the trigger checks against the secret it last loaded for 30 s
		['one "?"', `Tcx?${randomBytes(12).toString('hex')}`],
		['two "?"', `Tcx?${randomBytes(12).toString('hex')}?x`],
		['a "?" at the end', `${randomBytes(12).toString('hex')}?`],
	])('accepts a secret holding %s, alone or followed by fields', async (_case, secret) => {
		const credentials = { secret };
		const alone = await deliver({ body: ringing, token: secret, credentials });
		expect(alone.response.statusCode).toBeUndefined();
		expect(events(alone.result)).toHaveLength(1);

		const { event, ...rest } = ringingGet;
		const appended = await deliver({
			method: 'GET',
			query: rest,
			token: `${secret}?event=${event}`,
			credentials,
		});
		expect(appended.response.statusCode).toBeUndefined();
		const [normalized] = events(appended.result);
		expect(normalized).toMatchObject({ event: 'call.ringing', raw: ringingGet });
		expect(JSON.stringify(normalized)).not.toContain(secret);

		for (const wrong of [secret.slice(0, -1), `${secret}x`, secret.split('?')[0]]) {
			const refused = await deliver({ body: ringing, token: wrong, credentials });
			expect(refused.response.statusCode).toBe(401);
		}
	});

	it('loads the credential at most once for a token carrying the event, and not again while cached', async () => {
		const { event, ...rest } = ringingGet;
		const send = () =>
			callWebhook({
				type: 'threeCxWebhookTrigger',
				credentials: { threeCxWebhookApi: { secret: SECRET } },
				request: {
					method: 'GET',
					query: { ...rest, token: `${SECRET}?event=${event}` },
					ip: '::ffff:127.0.0.1',
				},
			});
		const first = await send();
		expect(first.credentialTypes.length).toBeLessThanOrEqual(1);
		for (let i = 0; i < 3; i++) {
			const next = await send();
			expect(next.response.statusCode).toBeUndefined();
			expect(next.result.workflowData?.[0][0].json).toMatchObject({ event: 'call.ringing' });
			expect(next.credentialTypes).toEqual([]);
		}
	});

	it('refuses a wrong token followed by a second "?"', async () => {
		const { response } = await deliver({
			method: 'GET',
			query: {},
			token: `wrong?event=ringing`,
		});
		expect(response.statusCode).toBe(401);
	});
});

describe('3CX Webhook Trigger: allowed source IPs', () => {
	const allow = (allowedSourceIps: string) => ({ additionalOptions: { allowedSourceIps } });

	it.each([
		['an exact IPv4 address', '203.0.113.7', '203.0.113.7'],
		['an IPv4 address in a CIDR range', '203.0.113.0/24', '203.0.113.200'],
		['an IPv4-mapped address', '127.0.0.1', '::ffff:127.0.0.1'],
		['one of several entries', '10.0.0.1, 203.0.113.7\n198.51.100.1', '203.0.113.7'],
		['an exact IPv6 address', '2001:db8::1', '2001:DB8::1'],
	])('accepts %s', async (_case, list, ip) => {
		const { response, result, warnings } = await deliver({
			body: ringing,
			ip,
			parameters: allow(list),
		});
		expect(response.statusCode).toBeUndefined();
		expect(events(result)).toHaveLength(1);
		expect(warnings).toEqual([]);
	});

	it('refuses an address outside the list with 403 even with the right token', async () => {
		const { response, result } = await deliver({
			body: ringing,
			ip: '198.51.100.9',
			parameters: allow('203.0.113.0/24'),
		});
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(403);
		expect(response.jsonBody).toEqual({
			code: 403,
			message: 'Requests from 198.51.100.9 are not allowed',
		});
	});

	it('refuses everything when the list holds only entries that are not addresses', async () => {
		const { response, warnings } = await deliver({
			body: ringing,
			ip: '127.0.0.1',
			parameters: allow('pbx.example.com'),
		});
		expect(response.statusCode).toBe(403);
		expect(warnings).toEqual([expect.stringContaining('pbx.example.com')]);
	});

	it('ignores entries that are not addresses, with a warning naming them, and checks the others', async () => {
		const { response, result, warnings } = await deliver({
			body: ringing,
			ip: '203.0.113.7',
			parameters: allow('pbx.example.com, 203.0.113.7; nope'),
		});
		expect(response.statusCode).toBeUndefined();
		expect(events(result)).toHaveLength(1);
		expect(warnings).toEqual([
			'3CX Webhook Trigger: ignoring allowed source IPs that are not addresses: pbx.example.com, nope',
		]);
	});

	it('refuses a request whose address n8n does not know', async () => {
		const { response } = await callWebhook({
			type: 'threeCxWebhookTrigger',
			parameters: allow('203.0.113.7'),
			credentials: { threeCxWebhookApi: { secret: SECRET } },
			request: { body: ringing, query: { token: SECRET } },
		});
		expect(response).toEqual({
			statusCode: 403,
			jsonBody: { code: 403, message: 'Requests from an unknown address are not allowed' },
			ended: true,
		});
	});

	it('accepts any address when the list is empty', async () => {
		const { response } = await deliver({ body: ringing, ip: '192.0.2.1', parameters: allow(' ') });
		expect(response.statusCode).toBeUndefined();
	});
});

describe('3CX Webhook Trigger: bodies and events filter', () => {
	it('recovers the malformed JSON of the vendor’s own samples', async () => {
		const text =
			'{ "Event": "incomingcall_started", "Callerid": 05552221133", "User": "202", "Trtype": "NotDef", "Did": "", "Id": "230307114903_10-1" }';
		const [event] = events((await deliver({ body: text, contentType: 'application/json' })).result);
		expect(event).toMatchObject({
			event: 'call.answered',
			from: { number: '05552221133' },
			legId: '1',
			parseError: null,
		});
	});

	it('delivers JSON it cannot recover raw, flagged, even when events are filtered', async () => {
		const text = '{ “event”: “ringing”, “callerid”: “420774852629” }';
		const { result } = await deliver({
			body: text,
			contentType: 'application/json',
			parameters: { events: ['dialing'] },
		});
		const [event] = events(result);
		expect(event).toMatchObject({ event: 'unknown', raw: text });
		expect(event.parseError).toMatch(/^Body is not valid JSON/);
	});

	it('reads a bare recording URL sent as text, as a form or as a JSON string', async () => {
		const url = 'https://3CXDQDN:5001/webapi/recording/230102185935_18-1-1.mp3';
		const bodies: Array<[string, string | undefined]> = [
			[url, 'text/plain'],
			[url, 'application/x-www-form-urlencoded'],
			[url, undefined],
			[JSON.stringify(url), 'application/json'],
		];
		for (const [body, contentType] of bodies) {
			const { result } = await deliver({ body, contentType });
			expect(events(result)[0]).toMatchObject({
				event: 'recording.ready',
				callId: '230102185935_18',
				legId: '1',
				recording: { url, fileName: '230102185935_18-1-1.mp3' },
			});
		}
	});

	it('answers an unselected event with 200 and no workflow data', async () => {
		const { result } = await deliver({ body: ringing, parameters: { events: ['ringingQueue'] } });
		expect(result).toEqual(NOTHING_SELECTED);
	});

	it('tells ringing at an extension, a queue and an IVR apart', async () => {
		const parameters = { events: ['ringingQueue', 'ringingIvr'] };
		const queue = await deliver({ body: { ...ringing, Usertype: 'queue' }, parameters });
		expect(events(queue.result)[0].event).toBe('queue.entered');
		const ivr = await deliver({ body: { ...ringing, Usertype: 'other' }, parameters });
		expect(events(ivr.result)[0].agent.extension).toBeNull();
		expect((await deliver({ body: ringing, parameters })).result).toEqual(NOTHING_SELECTED);
	});

	it('matches every spelling of an answered call to its selector', async () => {
		for (const spelling of ['incomingcall_started', 'hangupincoming', 'pickupincoming']) {
			const { result } = await deliver({
				body: { ...ringing, Event: spelling, Id: '230307114903_10-1' },
				parameters: { events: ['answeredIncoming'] },
			});
			expect(events(result)[0]).toMatchObject({ event: 'call.answered', vendorEvent: spelling });
		}
	});

	it('gives the payload unchanged with output "raw"', async () => {
		const { result } = await deliver({
			method: 'GET',
			query: ringingGet,
			parameters: { output: 'raw' },
		});
		expect(result.workflowData?.[0].map((item) => item.json)).toEqual([ringingGet]);
	});

	it('reads the call’s start time from its ID in the configured time zone', async () => {
		const { result } = await deliver({
			body: ringing,
			parameters: { additionalOptions: { timeZone: 'Europe/Istanbul' } },
		});
		expect(events(result)[0].startedAt).toBe('2023-03-07T08:49:03.000Z');
	});
});

describe('3CX Webhook Trigger description', () => {
	const trigger = new ThreeCxWebhookTrigger();
	const { description } = trigger;

	it('listens on one path for JSON by POST and query strings by GET', () => {
		expect(description.webhooks).toEqual([
			expect.objectContaining({ name: 'default', httpMethod: 'POST', path: '3cx' }),
			expect.objectContaining({ name: 'setup', httpMethod: 'GET', path: '3cx' }),
		]);
		expect(Object.keys(trigger.webhookMethods)).toEqual(['default', 'setup']);
	});

	it('reads the raw body itself so malformed JSON is not refused by n8n', () => {
		const options = description.properties.find((property) => property.name === 'options');
		expect(options).toMatchObject({ type: 'hidden', default: { binaryData: true } });
	});

	it('shows the ini lines of both add-ons with the secret in the URL', () => {
		const notices = description.properties
			.filter((property) => property.type === 'notice')
			.map((property) => property.displayName)
			.join('\n');
		for (const line of [
			'WebhooksApi.ini',
			'WEBHOOK_URL = &lt;Production URL&gt;?token=&lt;secret&gt;',
			'WEBHOOK_POST_ENABLED = true',
			'HTTP_REQUEST_METHOD_POST = 1',
			'TCXWebAPI.ini',
			'POST = 1',
			'WEBHOOK_POST_URL = &lt;Production URL&gt;?token=&lt;secret&gt;',
			'RECORDING_FULL_INFO = 1',
		]) {
			expect(notices).toContain(line);
		}
	});

	it('offers All Events and the ten 3CX events', () => {
		const events = description.properties.find((property) => property.name === 'events');
		const values = (events?.options ?? []).map((option) => (option as { value: string }).value);
		expect(values).toEqual([
			'*',
			'dialing',
			'answeredIncoming',
			'endedIncoming',
			'answeredOutgoing',
			'endedOutgoing',
			'recordingReady',
			'ringingQueue',
			'ringingExtension',
			'ringingIvr',
			'legEndedTransfer',
		]);
	});

	it('uses the 3CX Webhook credential, its secret a password tested for length and URL safety', () => {
		expect(description.credentials).toEqual([
			{ name: 'threeCxWebhookApi', required: true, testedBy: 'checkUrlSecret' },
		]);
		expect(trigger.methods.credentialTest.checkUrlSecret).toBe(checkUrlSecret);
		const credential = new ThreeCxWebhookApi();
		expect(credential.name).toBe('threeCxWebhookApi');
		expect(credential.properties.find((p) => p.name === 'secret')?.typeOptions?.password).toBe(
			true,
		);
	});

	it('is a trigger, not an AI tool, and registers nothing in the PBX', async () => {
		expect(description.inputs).toEqual([]);
		expect(description).not.toHaveProperty('usableAsTool');
		for (const hooks of Object.values(trigger.webhookMethods)) {
			await expect(hooks.checkExists.call({} as never)).resolves.toBe(true);
			await expect(hooks.create.call({} as never)).resolves.toBe(true);
			await expect(hooks.delete.call({} as never)).resolves.toBe(true);
		}
	});
});

describe('3CX Webhook Trigger: ends that carry the recording, and recording events', () => {
	const url = 'https://pbx.example.com:5001/webapi/recording/250917195359_47-1-1.mp3';
	const recordedEnd = {
		FILES: [url],
		event: 'outgoing',
		callerid: '381629759787',
		user: '105',
		finishtype: 'Ok',
		transfer: 'False',
		did: '',
		title: 'Successful call to 381629759787 (0:05)',
		id: '250917195359_47-1',
	};

	it('a Creomate end event with FILES is the end of the call, with its recording, and a recording.ready', async () => {
		const { result } = await deliver({ body: recordedEnd });
		const [end, recording, ...rest] = events(result);
		expect(rest).toHaveLength(0);
		expect(end).toMatchObject({
			event: 'call.ended',
			vendorEvent: 'outgoing',
			callId: '250917195359_47',
			direction: 'outbound',
			answered: true,
			outcome: 'answered',
			talkSec: 5,
			agent: { extension: '105', name: null },
			recording: { url, fileName: '250917195359_47-1-1.mp3' },
		});
		expect(recording).toMatchObject({
			event: 'recording.ready',
			callId: '250917195359_47',
			legId: '1',
			recording: { url, fileName: '250917195359_47-1-1.mp3' },
		});
	});

	it('a K2M recording event names the external party (contact) and the user (agent)', async () => {
		const { result } = await deliver({
			body: {
				Event: 'recording',
				FileUrls: ['https://FQDN:5001/webapi/recording/230307140234_35-1-1.mp3'],
				Callerid: '05552221133',
				User: '202',
				Id: '230307140234_35-1',
			},
		});
		expect(events(result)).toMatchObject([
			{
				event: 'recording.ready',
				callId: '230307140234_35',
				contact: { number: '05552221133', name: null },
				agent: { extension: '202', name: null },
			},
		]);
	});
});

describe('3CX Webhook Trigger: the Events filter on ends, legs and recordings', () => {
	const legEnd = {
		Event: 'incoming',
		Callerid: '05552221133',
		User: '117',
		Finishtype: 'Ok',
		Transfer: 'True',
		Duration: '00:14',
		Id: '230307142318_40-1',
	};
	const callEnd = { ...legEnd, User: '204', Transfer: 'False', Id: '230307142318_40-2' };
	const withFiles = {
		...callEnd,
		FILES: ['https://pbx.example.com:5001/webapi/recording/230307142318_40-2-1.mp3'],
	};

	it('Incoming Call Ended passes the end of the call, not the leg a transfer ended', async () => {
		const parameters = { events: ['endedIncoming'] };
		expect((await deliver({ body: legEnd, parameters })).result).toEqual(NOTHING_SELECTED);
		expect(events((await deliver({ body: callEnd, parameters })).result)).toMatchObject([
			{ event: 'call.ended', agent: { extension: '204' } },
		]);
	});

	it('Transferred Leg Ended passes the leg a transfer ended', async () => {
		const parameters = { events: ['legEndedTransfer'] };
		expect(events((await deliver({ body: legEnd, parameters })).result)).toMatchObject([
			{ event: 'leg.ended', agent: { extension: '117' }, transfer: 'attended' },
		]);
		expect((await deliver({ body: callEnd, parameters })).result).toEqual(NOTHING_SELECTED);
	});

	it('an end carrying files gives each of its two items to its own option', async () => {
		const recordingOnly = await deliver({
			body: withFiles,
			parameters: { events: ['recordingReady'] },
		});
		expect(events(recordingOnly.result).map((event) => event.event)).toEqual(['recording.ready']);
		const endOnly = await deliver({ body: withFiles, parameters: { events: ['endedIncoming'] } });
		expect(events(endOnly.result).map((event) => event.event)).toEqual(['call.ended']);
		const raw = await deliver({ body: withFiles, parameters: { events: ['*'], output: 'raw' } });
		// Raw output is the payload as sent: once, however many events it carries.
		expect(raw.result.workflowData?.[0]).toHaveLength(1);
	});
});

describe('3CX Webhook Trigger: several recordings in one request', () => {
	it('gives each file its own recording.ready with its own event id, the same on a retry', async () => {
		const body = {
			Event: 'recording',
			FileUrls: [
				'https://pbx.example.com:5001/webapi/recording/230307142318_40-2-1.mp3',
				'https://pbx.example.com:5001/webapi/recording/230307142318_40-2-2.mp3',
			],
			Callerid: '05552221133',
			User: '204',
			Id: '230307142318_40-2',
		};
		const first = events((await deliver({ body })).result);
		expect(first.map((event) => event.recording.fileName)).toEqual([
			'230307142318_40-2-1.mp3',
			'230307142318_40-2-2.mp3',
		]);
		expect(new Set(first.map((event) => event.eventId)).size).toBe(2);
		const again = events((await deliver({ body })).result);
		expect(again.map((event) => event.eventId)).toEqual(first.map((event) => event.eventId));
	});
});
