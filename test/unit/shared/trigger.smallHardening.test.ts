// Issue 20, finding 9: the smaller ways a request or a credential could lose a call.
import type { ICredentialTestFunctions } from 'n8n-workflow';

import { readPayloads } from '../../../nodes/shared/intake';
import { checkWebhookSecret, repeatedHeaderValue } from '../../../nodes/shared/secret';
import { parseTolerantJson } from '../../../nodes/shared/tolerantJson';
import { callTrigger, TRIGGER_SECRETS } from '../../support/triggers';

describe('call ids above 2^53 stay exact', () => {
	test('an integer no double holds is read as its digits', () => {
		const parsed = parseTolerantJson(
			'{"callId": 12345678901234567891, "n": 42, "s": "9007199254740993"}',
		);
		expect(parsed).toEqual({
			ok: true,
			value: { callId: '12345678901234567891', n: 42, s: '9007199254740993' },
		});
	});

	test('numbers inside strings, decimals and exponents are left alone', () => {
		const text =
			'{"a": "x 12345678901234567891 y", "b": 1.5e300, "c": -12345678901234567891, "d": [9007199254740993]}';
		expect(parseTolerantJson(text)).toEqual({
			ok: true,
			value: {
				a: 'x 12345678901234567891 y',
				b: 1.5e300,
				c: '-12345678901234567891',
				d: ['9007199254740993'],
			},
		});
	});

	test('a KOMPaaS call id sent as a big number is the event’s callId to the digit', async () => {
		const { result } = await callTrigger('kompaas', {
			body: '{"eventType":"VpbxInboundCallStart","callId":98765432109876543210,"callerNumber":436641234567}',
			contentType: 'application/json',
		});
		expect(result.workflowData?.[0][0].json.callId).toBe('98765432109876543210');
	});
});

describe('a repeated secret header', () => {
	test('the same value repeated (a proxy that copies the header) reads as one value', () => {
		expect(repeatedHeaderValue('S3cret, S3cret')).toBe('S3cret');
		expect(repeatedHeaderValue('S3cret,S3cret, S3cret')).toBe('S3cret');
		expect(repeatedHeaderValue('S3cret')).toBe('S3cret');
		expect(repeatedHeaderValue('S3cret, other')).toBe('S3cret, other');
		expect(repeatedHeaderValue(['a', 'b'])).toEqual(['a', 'b']);
	});

	test('VoIPcloud: X-Pbx-Token "S, S" as n8n joins it is accepted; "S, X" is refused', async () => {
		const secret = TRIGGER_SECRETS.voipcloud;
		const body = { type: 'user_inbound', unique_call_id: '1.2', caller_id: '+61298765432' };
		const twice = await callTrigger('voipcloud', { body, secret: `${secret}, ${secret}` });
		expect(twice.response.statusCode).toBeUndefined();
		expect(twice.result.workflowData?.[0]).toHaveLength(1);
		const mixed = await callTrigger('voipcloud', { body, secret: `${secret}, other` });
		expect(mixed.response.statusCode).toBe(401);
	});

	test('KOMPaaS: the same for X-N8n-Webhook-Secret', async () => {
		const secret = TRIGGER_SECRETS.kompaas;
		const body = { eventType: 'VpbxInboundCallStart', callId: 'c-1' };
		const twice = await callTrigger('kompaas', { body, secret: `${secret}, ${secret}` });
		expect(twice.response.statusCode).toBeUndefined();
		const mixed = await callTrigger('kompaas', { body, secret: `other, ${secret}` });
		expect(mixed.response.statusCode).toBe(401);
	});
});

describe('non-ASCII webhook secrets', () => {
	test('the credential test refuses a secret a header cannot carry as written', async () => {
		const context = {} as ICredentialTestFunctions;
		const result = await checkWebhookSecret.call(context, {
			id: '1',
			name: 'x',
			type: 'voipcloudWebhookApi',
			data: { secretToken: 'pässwort-pässwort-1234' },
		});
		expect(result).toEqual({
			status: 'Error',
			message: expect.stringContaining('not plain ASCII'),
		});
	});
});

describe('a 3CX body that carries nothing', () => {
	test('an empty JSON array or object leaves the event in the query', () => {
		const query = { event: 'ringing', callerid: '05552221133', id: '230307114903_10-0' };
		for (const body of ['[]', '{}']) {
			expect(
				readPayloads(
					{
						contentType: 'application/json',
						rawBody: Buffer.from(body),
						body: {},
						query: { token: 'x', ...query },
					},
					['token'],
				),
			).toEqual([{ data: query, parseError: null }]);
		}
	});

	test('the 3CX Trigger delivers the event carried in the URL when the body is []', async () => {
		const { result } = await callTrigger('3cx', {
			body: '[]',
			contentType: 'application/json',
			query: {
				event: 'ringing',
				callerid: '05552221133',
				user: '202',
				usertype: 'ext',
				id: '230307114903_10-0',
			},
		});
		expect(result.workflowData?.[0][0].json).toMatchObject({
			event: 'call.ringing',
			callId: '230307114903_10',
		});
	});

	test('without a query, an empty object is still delivered (as unknown), an empty array carries nothing', () => {
		const read = (body: string) =>
			readPayloads({
				contentType: 'application/json',
				rawBody: Buffer.from(body),
				body: {},
				query: {},
			});
		expect(read('{}')).toEqual([{ data: {}, parseError: null }]);
		expect(read('[]')).toEqual([]);
	});
});
