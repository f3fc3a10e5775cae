import type { IN8nHttpFullResponse, INode } from 'n8n-workflow';

import { toE164 } from '../../../nodes/shared/e164';
import { callRequest, encodeCallRequest } from '../../../nodes/Voipcloud/actions/call/make';
import { api, describeFailure } from '../../../nodes/Voipcloud/transport';

import type { Exchange } from '../../../nodes/shared/exchange';
import { READ_RETRY, type ApiRequest } from '../../../nodes/shared/http';

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

describe('VoIPcloud’s own words in the message, whatever shape its error answer has', () => {
	test.each([
		[{ message: 'Not authorised' }, 'Not authorised'],
		[{ error: { message: 'bad token' } }, 'bad token'],
		[{ message: { status: 'failed' } }, 'failed'],
		[{ code: 500, data: { message: 'db down' } }, 'db down'],
		['  plain text  ', 'plain text'],
		[{ code: 500 }, null],
		['', null],
		[null, null],
	])('%j → %j', (body, said) => {
		const failure = describeFailure(answer(500, body), ...read);
		expect(failure?.message).toBe(
			`VoIPcloud could not process the request (${said === null ? '500' : `500: ${said}`})`,
		);
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

describe('describeFailure: the status and the caller’s next step', () => {
	test.each([
		[answer(400, ''), 400],
		[answer(200, { code: 599 }), 599],
		[answer(200, { code: 400 }), 400],
		[answer(200, { code: '403' }), 403],
	])('%j fails with %i', (response, status) => {
		expect(describeFailure(response, ...read)?.status).toBe(status);
	});

	test.each([
		[answer(399, { code: 200 })],
		[answer(200, { code: 399 })],
		[answer(200, { code: 600 })],
		[answer(200, 'code 500')],
	])('success: %j', (response) => {
		expect(describeFailure(response, ...read)).toBeNull();
	});

	test('403 is the key or the whitelist too; on a call, it was not placed', () => {
		const failure = describeFailure(answer(403, { message: 'Forbidden' }), ...call);
		expect(failure).toEqual({
			status: 403,
			message: 'VoIPcloud refused the API key or this server’s IP address (403: Forbidden)',
			description:
				'Check the API key in the credential, and that the public IP address of this n8n server is on the PBX’s API whitelist (Integration/API → API → add IP). VoIPcloud answers 401 for both. The call was not placed.',
			failure: { cause: 'credential-invalid' },
		});
		expect(describeFailure(answer(401, ''), ...read)?.description).not.toMatch(/not placed/);
	});

	test('405 is no endpoint either; a call was not placed', () => {
		const failure = describeFailure(answer(405, ''), ...call);
		expect(failure).toMatchObject({
			status: 405,
			message: 'VoIPcloud has no call-to-number endpoint at this address (405)',
			description:
				'Check the region or custom URL in the credential, and try the other API version: v1 is in VoIPcloud’s documentation, v2 is what working integrations call. The call was not placed.',
		});
		expect(describeFailure(answer(404, ''), ...read)?.description).toMatch(/call\.$/);
	});

	test('5xx on a read: try again later', () => {
		expect(describeFailure(answer(500, ''), ...read)?.description).toBe(
			'VoIPcloud had trouble on its side: try again later.',
		);
		expect(describeFailure(answer(499, ''), ...read)?.message).toBe(
			'VoIPcloud refused the request (499)',
		);
	});

	test('other refusals: the parameters to check, for a read and for a call', () => {
		expect(describeFailure(answer(422, ''), ...read)?.description).toBe(
			'Check the node’s parameters: dates, names and the call ID.',
		);
		expect(describeFailure(answer(422, ''), ...call)?.description).toBe(
			'Check the user extension and the number to call. The call was not placed.',
		);
	});

	test('429 on a read retried once, and on a call with Retry-After', () => {
		expect(describeFailure(answer(429, ''), read[0], 1)?.description).toBe(
			'VoIPcloud allows 100 API requests per 15 minutes. The node retried once and waits at most 60 s for a retry; try again later.',
		);
		expect(describeFailure(answer(429, '', { 'retry-after': '1.5' }), ...call)?.description).toBe(
			'VoIPcloud allows 100 API requests per 15 minutes. The call was not placed, and a call is never retried automatically so that nobody is called twice: run it again in 2 s.',
		);
	});

	test('a 429 without headers is still a rate limit', () => {
		const failure = describeFailure({ statusCode: 429, body: '' }, ...read);
		expect(failure?.message).toBe('VoIPcloud’s rate limit is reached (429)');
		expect(failure?.description).toMatch(/try again later\.$/);
	});
});

describe('VoIPcloud’s own words: which field, and how much of it', () => {
	test.each([
		[{ error: 'bad token' }, 'bad token'],
		[{ detail: 'no such queue' }, 'no such queue'],
		[{ errors: 'limit too big' }, 'limit too big'],
		[{ message: '  ', error: ' second ' }, 'second'],
		[{ message: [], error: 'after an empty list' }, 'after an empty list'],
		[{ errors: [1, 'two'] }, '1; two'],
		[{ error: { code: 5 }, detail: 'later key' }, 'later key'],
		[{ error: { status: 7 }, detail: 'a status that is not text' }, 'a status that is not text'],
		[{ error: null, detail: 'after null' }, 'after null'],
		[{ message: 5, detail: 'after a number' }, 'after a number'],
		[{ data: 'text data' }, null],
		[{ data: null }, null],
		[['a list'], null],
	])('%j → %j', (body, said) => {
		const failure = describeFailure(answer(500, body), ...read);
		expect(failure?.message).toBe(
			`VoIPcloud could not process the request (${said === null ? '500' : `500: ${said}`})`,
		);
	});

	test('a text answer is cut at 300 characters', () => {
		const failure = describeFailure(answer(500, ` ${'x'.repeat(400)} `), ...read);
		expect(failure?.message).toBe(
			`VoIPcloud could not process the request (500: ${'x'.repeat(300)})`,
		);
	});
});

describe('no answer, or not the API’s', () => {
	const exchange = (failure: Exchange['failure']): Exchange => ({
		failure,
		attempts: 1,
		waitedMs: 0,
		timeoutMs: 10_000,
		retry: READ_RETRY,
	});
	const url = 'https://pbx.example.com/api/integration/v2/get-user-calls';

	test('a read that got no answer: the address, and the longest the node waits', () => {
		expect(
			api.describeNoAnswer(exchange({ kind: 'timeout', detail: 'timeout' }), read[0], url),
		).toEqual({
			message: `VoIPcloud did not answer at ${url}: no answer within 10 s`,
			description:
				'Check the region or custom URL in the credential, and that this n8n server can reach it. The node waits at most 150 s for a read, retries included.',
			failure: { cause: 'temporarily-unavailable' },
		});
	});

	test('a redirect is an answer from somewhere else', () => {
		const failure = api.describeNoAnswer(
			exchange({ kind: 'redirect', detail: 'HTTP 302, redirected to https://login.example.com' }),
			read[0],
			url,
		);
		expect(failure.message).toMatch(
			/^VoIPcloud's API is not at https:\/\/pbx\.example\.com\/api\/integration\/v2\/get-user-calls: the server answered HTTP 302/,
		);
	});

	test('a call that reached nothing was not placed; one that may have reached VoIPcloud is checked', () => {
		expect(
			api.describeNoAnswer(exchange({ kind: 'refused', detail: 'ECONNREFUSED' }), call[0], url)
				.description,
		).toBe(
			'The call was not placed: nothing reached VoIPcloud. Check the region or custom URL in the credential.',
		);
		expect(
			api.describeNoAnswer(exchange({ kind: 'timeout', detail: 'timeout' }), call[0], url)
				.description,
		).toBe(
			'The request may have reached VoIPcloud: check in VoIPcloud whether the call was placed before running it again. A call is never sent twice by the node.',
		);
		expect(api.describeNoAnswer(exchange(undefined), call[0], url).description).toMatch(
			/^The request may have reached VoIPcloud/,
		);
	});

	const response = (statusCode: number, body: unknown, contentType?: string) =>
		({
			statusCode,
			body,
			headers: contentType === undefined ? {} : { 'content-type': contentType },
		}) as IN8nHttpFullResponse;

	test.each([
		[response(200, '', 'text/html; charset=utf-8'), 'HTTP 200, empty text/html'],
		[response(200, '  '), 'HTTP 200, empty'],
		[response(200, undefined), 'HTTP 200, empty'],
		[
			response(200, '{"code": 200, "data": [', 'application/json'),
			'HTTP 200, JSON that does not parse',
		],
		[response(200, '[1,', 'text/plain'), 'HTTP 200, JSON that does not parse'],
		[response(200, '<html>Login</html>', ' text/html ; charset=utf-8'), 'HTTP 200, text/html'],
		[response(203, 'Login'), 'HTTP 203, text'],
		[response(200, '<html>{"a": 1}</html>', 'text/html'), 'HTTP 200, text/html'],
	])('%j is named %s', (answered, kind) => {
		expect(api.describeNotApi(answered, read[0], '')).toEqual({
			status: answered.statusCode,
			message: `VoIPcloud’s answer to get-user-calls is not its API’s (${kind})`,
			description:
				'Something other than the VoIPcloud API answered, such as a login page or a proxy, or the answer was cut short. Check the region or custom URL in the credential.',
			failure: { cause: 'configuration-invalid' },
		});
	});

	test('an answer that is not the API’s to a call may have placed it', () => {
		expect(api.describeNotApi(response(200, 'Login'), call[0], '').description).toMatch(
			/The call may have been placed: check in VoIPcloud before running it again\.$/,
		);
	});

	test('a response without headers is named by its status', () => {
		expect(
			api.describeNotApi({ statusCode: 200, body: 'x' } as IN8nHttpFullResponse, read[0], '')
				.message,
		).toMatch(/\(HTTP 200, text\)$/);
	});
});

describe('the API’s address and envelope', () => {
	test.each([
		[{}, 'https://au.voipcloud.online/api/integration/v2'],
		[{ region: 'custom' }, '/api/integration/v2'],
		[
			{ region: 'custom', customUrl: ' https://pbx.example.com// ', apiVersion: 'v1' },
			'https://pbx.example.com/api/integration/v1',
		],
		[
			{ region: 'https://uk.voipcloud.online/', apiVersion: 'v3' },
			'https://uk.voipcloud.online/api/integration/v2',
		],
	])('%j → %s', (credentials, base) => {
		expect(api.baseUrl(credentials)).toBe(base);
	});

	test.each([
		[{ code: 200 }, { code: 200 }],
		[[1], [1]],
		['{}', null],
		[null, null],
		[Buffer.from('{}'), null],
	])('%j as an envelope: %j', (body, envelope) => {
		expect(api.checkEnvelope(body)).toEqual(envelope);
	});
});
