// What the 3CX WebAPI transport says about an answer: its failures in the user's words, never
// with the access key. Called directly: the request itself is the shared one
// (test/unit/shared/http.test.ts).
import type { IN8nHttpFullResponse } from 'n8n-workflow';

import { NO_RETRY, type Exchange } from '../../../nodes/shared/exchange';
import type { ApiRequest } from '../../../nodes/shared/http';
import type { NetworkFailure } from '../../../nodes/shared/networkFailure';
import { api, describeFailure } from '../../../nodes/ThreeCx/transport';

const read: ApiRequest = { method: 'GET', path: '/webapi/{apiKey}/dn/list' };
const call: ApiRequest = { method: 'GET', path: '/webapi/{apiKey}/makecall', placesCall: true };
const answer = (statusCode: number, body: unknown, headers = {}) => ({ statusCode, body, headers });

describe('describeFailure: what a WebAPI answer means', () => {
	test.each([200, 204, 302, 399])('%i is no failure', (status) => {
		expect(describeFailure(answer(status, 'Forbidden'), read, 0)).toBeNull();
	});

	test.each([401, 403])('%i: the access key', (status) => {
		expect(describeFailure(answer(status, 'Invalid key'), read, 0)).toEqual({
			status,
			message: `The 3CX WebAPI answered HTTP ${status}: Invalid key`,
			description: 'Check the Access Key in the credential.',
			failure: { cause: 'credential-invalid' },
		});
	});

	test('404: the Base URL and the method', () => {
		expect(describeFailure(answer(404, ''), call, 0)).toEqual({
			status: 404,
			message: 'The 3CX WebAPI answered HTTP 404',
			description:
				'Check the Base URL in the credential, and that the WebAPI add-on offers this method.',
			failure: { cause: 'configuration-invalid' },
		});
	});

	test('5xx on a call: it may have been placed', () => {
		expect(describeFailure(answer(500, 'boom'), call, 0)?.description).toBe(
			'The call may have been placed: check on the PBX before running it again, and see the 3CX WebAPI add-on’s log.',
		);
	});

	test('a 4xx on a call is not a call that may have been placed', () => {
		expect(describeFailure(answer(499, 'no'), call, 0)?.description).toBe(
			'See the 3CX WebAPI add-on’s log on the PBX.',
		);
	});

	test('5xx on a read retried twice: the log, and how often it was sent', () => {
		expect(
			describeFailure(answer(503, { error: 'busy' }, { 'retry-after': '2' }), read, 2),
		).toEqual({
			status: 503,
			message: 'The 3CX WebAPI answered HTTP 503: {"error":"busy"}',
			description: 'See the 3CX WebAPI add-on’s log on the PBX. The node sent the request 3 times.',
			failure: { cause: 'temporarily-unavailable' },
		});
	});

	test('400 sent once says nothing of how often', () => {
		expect(describeFailure(answer(400, 'bad'), read, 0)?.description).toBe(
			'See the 3CX WebAPI add-on’s log on the PBX.',
		);
	});

	test('the answer is cut to 300 characters, its key removed', () => {
		const body = `GET /webapi/s3cret-key/makecall failed ${'x'.repeat(400)}`;
		const failure = describeFailure(answer(500, Buffer.from(body)), read, 0);
		expect(failure?.message).toBe(
			`The 3CX WebAPI answered HTTP 500: ${body.replace('s3cret-key', '***').slice(0, 300)}`,
		);
		expect(failure?.message).not.toContain('s3cret-key');
	});
});

describe('describeNoAnswer: no answer came', () => {
	const exchange = (failure: NetworkFailure, attempts = 1): Exchange => ({
		failure,
		attempts,
		waitedMs: 0,
		timeoutMs: 30_000,
		retry: NO_RETRY,
	});

	test('a read: the cause, the Base URL and the self-signed allowance', () => {
		expect(api.describeNoAnswer(exchange({ kind: 'refused', detail: 'x' }, 2), read, '')).toEqual({
			message: 'The 3CX WebAPI could not be reached: the connection was refused (2 attempts)',
			description:
				'Check the Base URL in the credential; if the server uses a self-signed certificate, turn on "Allow Self-Signed Certificate" there.',
			failure: { cause: 'temporarily-unavailable' },
		});
	});

	test.each<NetworkFailure['kind']>(['refused', 'unresolved', 'tls'])(
		'a call that met %s was not placed',
		(kind) => {
			expect(api.describeNoAnswer(exchange({ kind, detail: 'x' }), call, '').description).toMatch(
				/^The call was not placed\. Check the Base URL/,
			);
		},
	);

	test.each<NetworkFailure['kind']>(['timeout', 'reset', 'redirect', 'other'])(
		'a call that met %s may have been placed',
		(kind) => {
			expect(api.describeNoAnswer(exchange({ kind, detail: 'x' }), call, '').description).toBe(
				'The request may have reached the PBX: check whether the call was placed before running it again. Check the Base URL in the credential; if the server uses a self-signed certificate, turn on "Allow Self-Signed Certificate" there.',
			);
		},
	);

	test('a call with no failure named may have been placed', () => {
		const unknown: Exchange = { attempts: 1, waitedMs: 0, timeoutMs: 1000, retry: NO_RETRY };
		expect(api.describeNoAnswer(unknown, call, '').description).toMatch(/^The request may have/);
	});

	test('the cause never shows the key', () => {
		const failure = api.describeNoAnswer(
			exchange({ kind: 'other', detail: 'GET https://pbx/webapi/s3cret/makecall failed' }),
			call,
			'',
		);
		expect(failure.message).toBe(
			'The 3CX WebAPI could not be reached: GET https://pbx/webapi/***/makecall failed',
		);
	});
});

describe('describeNotApi: an answer that is not the WebAPI’s', () => {
	const response = (body: unknown, contentType?: string): IN8nHttpFullResponse => ({
		statusCode: 200,
		headers: contentType === undefined ? {} : { 'content-type': contentType },
		body: body as IN8nHttpFullResponse['body'],
	});

	test('the method is named by the last segment of its path', () => {
		expect(
			api.describeNotApi(response('x'), { method: 'GET', path: '/a/b/dn/list' }, '').message,
		).toBe('The answer to list is not the 3CX WebAPI’s (text: x)');
	});

	test('a read: what answered, by its type and its start, and the Base URL', () => {
		expect(
			api.describeNotApi(response('  <html>Login</html>  ', 'text/html; charset=utf-8'), read, ''),
		).toEqual({
			status: 200,
			message: 'The answer to list is not the 3CX WebAPI’s (text/html: <html>Login</html>)',
			description:
				'Something other than the WebAPI add-on answered (a login page, a proxy), or the answer was cut short. Check the Base URL in the credential.',
			failure: { cause: 'configuration-invalid' },
		});
	});

	test('a call: it may have been placed', () => {
		expect(api.describeNotApi(response('x'), call, '').description).toBe(
			'Something other than the WebAPI add-on answered (a login page, a proxy), or the answer was cut short. The call may have been placed: check on the PBX before running it again, and check the Base URL in the credential.',
		);
	});

	test.each([
		[response('', 'text/html'), 'an empty text/html'],
		[response('x', ' text/html ; charset=utf-8'), 'text/html: x'],
		[response('   '), 'an empty answer'],
		[response(undefined), 'an empty answer'],
		[response('plain words'), 'text: plain words'],
		[response(`${'y'.repeat(100)}z`), `text: ${'y'.repeat(100)}…`],
		[response('y'.repeat(100)), `text: ${'y'.repeat(100)}`],
		[response('/webapi/k3y/x', 'text/plain'), 'text/plain: /webapi/***/x'],
	])('the answer %j is shown as %s', (notApi, shown) => {
		expect(api.describeNotApi(notApi, call, '').message).toBe(
			`The answer to makecall is not the 3CX WebAPI’s (${shown})`,
		);
	});
});

describe('the WebAPI for the shared request function', () => {
	test('the credential sets the server: no Base URL here; the key is the secret and redacted', () => {
		expect(api.baseUrl({ baseUrl: 'https://pbx.example.com' })).toBe('');
		expect(api.secretFields).toEqual(['apiKey']);
		expect(api.credentialName).toBe('threeCxWebApi');
		expect(api.redact?.('/webapi/abc/dn')).toBe('/webapi/***/dn');
		expect(api.checkEnvelope('{"a":1}')).toEqual({ a: 1 });
		expect(api.checkEnvelope('[]')).toBeNull();
	});
});
