import type { INode } from 'n8n-workflow';

import { toE164 } from '../../../nodes/shared/e164';
import { callRequest, encodeCallRequest } from '../../../nodes/Voipcloud/actions/call/make';
import { describeFailure, vendorMessage } from '../../../nodes/Voipcloud/transport';

import type { ApiRequest } from '../../../nodes/shared/http';

/** A read retried 3 times, and a call (never retried). */
const read: [ApiRequest, number] = [{ method: 'GET', path: '/get-user-calls' }, 3];
const call: [ApiRequest, number] = [
	{ method: 'POST', path: '/call-to-number', placesCall: true },
	0,
];

const answer = (statusCode: number, body: unknown, headers = {}) => ({ statusCode, body, headers });

describe('describeFailure: what a failed answer means', () => {
	test.each([
		[answer(200, { code: 200, data: [] })],
		[answer(200, { code: 200, message: { status: 'success' } })],
		[answer(200, [])],
		[answer(204, '')],
	])('success: %j', (response) => {
		expect(describeFailure(response, ...read)).toBeNull();
	});

	test('401: the key or the IP whitelist, and the vendor’s words', () => {
		const failure = describeFailure(answer(401, { code: 401, message: 'Not authorised' }), ...read);
		expect(failure).toMatchObject({
			status: 401,
			message: 'VoIPcloud refused the API key or this server’s IP address (401: Not authorised)',
			failure: { cause: 'credential-invalid' },
		});
		expect(failure?.description).toMatch(/API key/);
		expect(failure?.description).toMatch(/whitelist/);
	});

	test('a failure reported inside a 200 answer is a failure', () => {
		const failure = describeFailure(answer(200, { code: 401, message: 'Not authorised' }), ...read);
		expect(failure?.status).toBe(401);
	});

	test('404 points at the address and the API version', () => {
		const failure = describeFailure(answer(404, 'Not Found'), ...read);
		expect(failure?.message).toBe(
			'VoIPcloud has no get-user-calls endpoint at this address (404: Not Found)',
		);
		expect(failure?.description).toMatch(/other API version/);
	});

	test('429 on a read: retried, and when to try again', () => {
		const failure = describeFailure(
			answer(429, { code: 429, message: 'Too Many Requests' }, { 'retry-after': '120' }),
			...read,
		);
		expect(failure?.message).toBe('VoIPcloud’s rate limit is reached (429: Too Many Requests)');
		expect(failure?.description).toBe(
			'VoIPcloud allows 100 API requests per 15 minutes. The node retried 3 times and waits at most 60 s for a retry; try again in 120 s.',
		);
		expect(failure?.failure).toEqual({ cause: 'rate-limited', retryAfterMs: 120_000 });
	});

	test('429 on a call without Retry-After: not placed, not retried', () => {
		const failure = describeFailure(answer(429, ''), ...call);
		expect(failure?.message).toBe('VoIPcloud’s rate limit is reached (429)');
		expect(failure?.description).toMatch(/The call was not placed/);
		expect(failure?.description).toMatch(/run it again later/);
		expect(failure?.failure).toEqual({ cause: 'rate-limited' });
	});

	test('5xx on a call: check whether it was placed before running again', () => {
		const failure = describeFailure(answer(502, '<html>Bad gateway</html>'), ...call);
		expect(failure?.message).toBe(
			'VoIPcloud could not process the request (502: <html>Bad gateway</html>)',
		);
		expect(failure?.description).toMatch(/whether the call was placed/);
	});

	test('other refusals pass the vendor message on', () => {
		const failure = describeFailure(
			answer(422, { errors: ['from_date must be YYYY-MM-DD', 'limit too big'] }),
			...read,
		);
		expect(failure?.message).toBe(
			'VoIPcloud refused the request (422: from_date must be YYYY-MM-DD; limit too big)',
		);
	});
});

describe('vendorMessage', () => {
	test.each([
		[{ message: 'Not authorised' }, 'Not authorised'],
		[{ error: { message: 'bad token' } }, 'bad token'],
		[{ message: { status: 'failed' } }, 'failed'],
		[{ code: 500, data: { message: 'db down' } }, 'db down'],
		['  plain text  ', 'plain text'],
		[{ code: 500 }, null],
		['', null],
		[null, null],
	])('%j → %j', (body, message) => {
		expect(vendorMessage(body)).toBe(message);
	});
});

describe('E.164', () => {
	test.each([
		['+61298765432', '+61298765432'],
		[' +61 2 9876-5432 ', '+61298765432'],
		['+44 (20) 7946.0958', '+442079460958'],
		['+123456789012345', '+123456789012345'],
		['+1234567890123456', null],
		['0298765432', null],
		['61298765432', null],
		['+0298765432', null],
		['+61 2 9876 543a', null],
		['+', null],
		['', null],
	])('%j → %j', (input, output) => {
		expect(toE164(input)).toBe(output);
	});

	test('a number that is not a string is not E.164', () => {
		expect(toE164(61298765432)).toBeNull();
		expect(toE164(undefined)).toBeNull();
	});
});

describe('call-to-number request', () => {
	const node = { name: 'VoIPcloud' } as INode;

	test('fields are checked and named as VoIPcloud names them', () => {
		expect(
			callRequest(node, 0, {
				userNumber: ' 101 ',
				numberToCall: '+61 2 9876 5432',
				callerId: '(02) 8000 0100',
			}),
		).toEqual({ user_number: '101', number_to_call: '+61298765432', caller_id: '0280000100' });
	});

	test.each([
		[{ userNumber: '', numberToCall: '+61298765432' }, /user extension "" .* \[item 3\]/],
		[
			{ userNumber: '101', numberToCall: '0298765432' },
			/"0298765432" is not in E\.164 format \[item 3\]/,
		],
		[
			{ userNumber: '101', numberToCall: '+61298765432', callerId: 'Sales' },
			/caller ID "Sales" is not a phone number \[item 3\]/,
		],
	])('%j is refused', (parameters, message) => {
		expect(() => callRequest(node, 3, parameters)).toThrow(message);
	});

	test('multipart form body', () => {
		const { body, headers } = encodeCallRequest(
			{ user_number: '101', number_to_call: '+61298765432' },
			'form',
			'BOUNDARY',
		);
		expect(headers).toEqual({ 'content-type': 'multipart/form-data; boundary=BOUNDARY' });
		expect(body).toBe(
			'--BOUNDARY\r\nContent-Disposition: form-data; name="user_number"\r\n\r\n101\r\n' +
				'--BOUNDARY\r\nContent-Disposition: form-data; name="number_to_call"\r\n\r\n+61298765432\r\n' +
				'--BOUNDARY--\r\n',
		);
	});

	test('JSON body', () => {
		expect(encodeCallRequest({ user_number: '101', number_to_call: '+1555' }, 'json')).toEqual({
			body: { user_number: '101', number_to_call: '+1555' },
			headers: { 'content-type': 'application/json' },
		});
	});
});
