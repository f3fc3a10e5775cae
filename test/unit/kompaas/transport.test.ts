// What the KOMPaaS transport says about an answer: its failures in the user's words, the Base URL
// it sends to. Called directly: the request itself is the shared one (test/unit/shared/http.test.ts).
import { READ_RETRY, type ApiRequest } from '../../../nodes/shared/http';
import { NO_RETRY, type Exchange } from '../../../nodes/shared/exchange';
import { api, describeFailure } from '../../../nodes/Kompaas/transport';

const read: ApiRequest = { method: 'GET', path: '/webhook/get' };
const change: ApiRequest = { method: 'POST', path: '/webhook/create' };
const answer = (statusCode: number, body: unknown, headers = {}) => ({ statusCode, body, headers });
const url = (request: ApiRequest) => `https://pbx.example.com/api${request.path}`;

describe('describeFailure: what a KOMPaaS answer means', () => {
	test.each([
		[answer(200, { ok: true, result: [] })],
		[answer(200, { result: [] })],
		[answer(200, '{"ok":true}')],
		[answer(399, { ok: true })],
		[answer(200, 'not json')],
	])('success: %j', (response) => {
		expect(describeFailure(response, read, 0)).toBeNull();
	});

	test('a refusal inside a 200 answer names the error and the parameter', () => {
		expect(
			describeFailure(
				answer(200, { ok: false, error: 'invalid_param', name: 'event_id' }),
				change,
				0,
			),
		).toEqual({
			status: 200,
			message: 'KOMPaaS refused POST /webhook/create: invalid_param (parameter "event_id")',
			description: 'KOMPaaS does not accept the value of the parameter "event_id".',
			failure: undefined,
		});
	});

	test('a refusal as text is read as JSON', () => {
		expect(describeFailure(answer(200, '{"ok":false,"error":"boom"}'), read, 0)).toEqual({
			status: 200,
			message: 'KOMPaaS refused GET /webhook/get: boom',
			description: 'KOMPaaS error: boom',
			failure: undefined,
		});
	});

	test('a refusal without error or name', () => {
		expect(describeFailure(answer(200, { ok: false, error: 3 }), read, 0)).toEqual({
			status: 200,
			message: 'KOMPaaS refused GET /webhook/get: unknown error',
			description: undefined,
			failure: undefined,
		});
	});

	test.each(['Authorization', 'x-account-id', 'X-ACCOUNT-ID'])(
		'a refused %s is the credential',
		(name) => {
			const failure = describeFailure(
				answer(200, { ok: false, error: 'invalid_param', name, type: 'string' }),
				read,
				0,
			);
			expect(failure?.failure).toEqual({ cause: 'credential-invalid' });
			expect(failure?.description).toBe(
				`KOMPaaS does not accept the value of the parameter "${name}" (expected string). Check the API token and the account number in the KOMPaaS API credential.`,
			);
		},
	);

	test.each(['x-authorization', 'authorizations', 'account-id'])(
		'a refused %s is not the credential',
		(name) => {
			const failure = describeFailure(
				answer(200, { ok: false, error: 'invalid_param', name }),
				read,
				0,
			);
			expect(failure?.failure).toBeUndefined();
			expect(failure?.description).toBe(
				`KOMPaaS does not accept the value of the parameter "${name}".`,
			);
		},
	);

	test('a refusal with a name that is not text names no parameter', () => {
		const failure = describeFailure(
			answer(200, { ok: false, error: 'missing_body_param', name: 5 }),
			read,
			0,
		);
		expect(failure?.message).toBe('KOMPaaS refused GET /webhook/get: missing_body_param');
		expect(failure?.description).toBe('The request lacks a body parameter.');
		expect(failure?.failure).toBeUndefined();
	});

	test.each([
		[{ error: 'missing_body_param', name: 'url' }, 'The request lacks the body parameter "url".'],
		[
			{ error: 'missing_query_param', name: 'webhook_id' },
			'The request lacks the query parameter "webhook_id".',
		],
		[
			{ error: 'missing_header_param', name: 'AUTHORIZATION' },
			'KOMPaaS did not receive the API token: check the KOMPaaS API credential.',
		],
		[
			{ error: 'missing_header_param', name: 'X-Account-Id' },
			'The request lacks the header "X-Account-Id".',
		],
		[{ error: 'missing_header_param' }, 'The request lacks a header.'],
		[
			{ error: 'invalid_param', name: 'url', type: 3 },
			'KOMPaaS does not accept the value of the parameter "url".',
		],
		[{ error: 'invalid_param' }, 'KOMPaaS does not accept the value of a parameter.'],
		[{ error: 'missing_query_param' }, 'The request lacks a query parameter.'],
		[{ error: 'unknown' }, 'KOMPaaS reported an unknown error and gave no details.'],
		[{ error: 'quota_exceeded' }, 'KOMPaaS error: quota_exceeded'],
	])('documented error code %j', (body, description) => {
		expect(describeFailure(answer(400, body), change, 0)?.description).toBe(description);
	});

	test('an HTTP failure: its status, the request, and the cause n8n reads', () => {
		expect(describeFailure(answer(400, { ok: false, error: 'unknown' }), change, 0)).toEqual({
			status: 400,
			message: 'KOMPaaS answered HTTP 400 to POST /webhook/create',
			description: 'KOMPaaS reported an unknown error and gave no details.',
			failure: undefined,
		});
	});

	test.each([401, 403])('%i: the token and the account number', (status) => {
		expect(describeFailure(answer(status, 'Forbidden'), read, 0)).toEqual({
			status,
			message: `KOMPaaS answered HTTP ${status} to GET /webhook/get`,
			description: 'Check the API token and the account number in the KOMPaaS API credential.',
			failure: { cause: 'credential-invalid' },
		});
	});

	test('404 without a KOMPaaS error has no description', () => {
		expect(describeFailure(answer(404, '<html>'), read, 0)).toEqual({
			status: 404,
			message: 'KOMPaaS answered HTTP 404 to GET /webhook/get',
			description: undefined,
			failure: { cause: 'configuration-invalid' },
		});
	});

	test('429 on a read retried twice: try again later, sent 3 times, the wait asked for', () => {
		expect(describeFailure(answer(429, '', { 'retry-after': '7' }), read, 2)).toEqual({
			status: 429,
			message: 'KOMPaaS answered HTTP 429 to GET /webhook/get',
			description:
				'KOMPaaS asks for fewer requests: try again later. The node sent the request 3 times.',
			failure: { cause: 'rate-limited', retryAfterMs: 7000 },
		});
	});

	test('500 on a read sent once: try again later', () => {
		expect(describeFailure(answer(500, ''), read, 0)?.description).toBe(
			'KOMPaaS had trouble on its side: try again later.',
		);
	});

	test('a failure under 500 other than 429 says nothing of trying again', () => {
		expect(describeFailure(answer(499, ''), read, 2)?.description).toBeUndefined();
	});

	test('5xx on a change: never sent twice, check before sending again', () => {
		expect(describeFailure(answer(503, ''), change, 0)?.description).toBe(
			'KOMPaaS had trouble on its side. A change is never sent twice; it may have been made: check Webhook → Get Many before sending it again.',
		);
		expect(describeFailure(answer(429, ''), change, 0)?.description).toBe(
			'KOMPaaS asks for fewer requests. A change is never sent twice; it may have been made: check Webhook → Get Many before sending it again.',
		);
	});

	test('an HTTP failure with a KOMPaaS error code explains the code', () => {
		expect(
			describeFailure(answer(500, { ok: false, error: 'unknown' }), read, 0)?.description,
		).toBe('KOMPaaS reported an unknown error and gave no details.');
	});
});

describe('describeNoAnswer: no answer came', () => {
	const exchange = (request: ApiRequest, failure: Exchange['failure'], attempts = 1): Exchange => ({
		failure,
		attempts,
		waitedMs: 0,
		timeoutMs: 30_000,
		retry: request.method === 'GET' ? READ_RETRY : NO_RETRY,
	});

	test('a read: the Base URL, the cause, and how long it waits at most', () => {
		expect(
			api.describeNoAnswer(exchange(read, { kind: 'refused', detail: 'x' }, 3), read, url(read)),
		).toEqual({
			message:
				'The KOMPaaS API at https://pbx.example.com/api did not answer (GET /webhook/get): the connection was refused (3 attempts)',
			description:
				'Check the Base URL in the KOMPaaS API credential and that KOMPaaS is reachable from n8n. A read waits at most 210 s, retries included.',
			failure: { cause: 'temporarily-unavailable' },
		});
	});

	test('a change whose answer had begun may have been made', () => {
		const failure = api.describeNoAnswer(
			exchange(change, { kind: 'reset', detail: 'x', answerBegun: true }),
			change,
			url(change),
		);
		expect(failure.message).toBe(
			'The KOMPaaS API at https://pbx.example.com/api did not answer (POST /webhook/create): the connection was closed without an answer',
		);
		expect(failure.description).toBe(
			'The request reached a server, so the change may have been made. Check the Base URL in the KOMPaaS API credential and that KOMPaaS is reachable from n8n. A change is never sent twice: if it reached KOMPaaS, the KOMPaaS Trigger adopts the webhook on its next activation; check Webhook → Get Many before creating it again.',
		);
	});

	test('a change without a named failure is not said to have reached a server', () => {
		const unnamed = { attempts: 1, waitedMs: 0, timeoutMs: 30_000, retry: NO_RETRY };
		expect(api.describeNoAnswer(unnamed, change, url(change)).description).toMatch(
			/^Check the Base URL in the KOMPaaS API credential/,
		);
	});

	test('a change that reached no server says so less', () => {
		const failure = api.describeNoAnswer(
			exchange(change, { kind: 'refused', detail: 'x' }),
			change,
			url(change),
		);
		expect(failure.description).toMatch(/^Check the Base URL in the KOMPaaS API credential/);
	});
});

describe('describeNotApi: an answer that is not the API’s', () => {
	const response = { statusCode: 200, headers: {}, body: '<html>login</html>' };

	test('a read: something else answered, check the Base URL', () => {
		expect(api.describeNotApi(response, read, url(read))).toEqual({
			status: 200,
			message: 'KOMPaaS sent an answer that is not its API’s (GET /webhook/get): not a JSON object',
			description:
				'Something other than the KOMPaaS API answered (a login page, a proxy), or the answer was cut short. Check the Base URL in the KOMPaaS API credential: https://pbx.example.com/api',
			failure: { cause: 'configuration-invalid' },
		});
	});

	test('a change: it may have been made', () => {
		expect(api.describeNotApi(response, change, url(change)).description).toBe(
			'Something other than the KOMPaaS API answered (a login page, a proxy), or the answer was cut short; the change may have been made: check Webhook → Get Many. Base URL: https://pbx.example.com/api',
		);
	});
});

describe('the Base URL', () => {
	test.each([
		[{ baseUrl: 'https://pbx.example.com/api///' }, 'https://pbx.example.com/api'],
		[{ baseUrl: 'https://pbx.example.com/a/b' }, 'https://pbx.example.com/a/b'],
		[{ baseUrl: '' }, 'https://integration.kompaas.tech/api/protected/api/integration'],
		[{}, 'https://integration.kompaas.tech/api/protected/api/integration'],
	])('%j → %s', (credentials, baseUrl) => {
		expect(api.baseUrl(credentials)).toBe(baseUrl);
	});

	test('the answer must be a JSON object; the token is the secret', () => {
		expect(api.checkEnvelope('{"ok":true}')).toEqual({ ok: true });
		expect(api.checkEnvelope('[1]')).toBeNull();
		expect(api.secretFields).toEqual(['apiToken']);
		expect(api.credentialName).toBe('kompaasApi');
	});
});
