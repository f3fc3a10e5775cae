// sendAuthenticated called directly, with a stand-in for n8n's httpRequestWithAuthentication that
// answers as n8n's HTTP client does (a full response, its body a stream): what is asked of n8n,
// how the body is read and bounded, and when the request is sent again. http.test.ts runs the
// same function in n8n-core against real servers.
import { sleep, type IAllExecuteFunctions, type IHttpRequestOptions } from 'n8n-workflow';

import {
	DEFAULT_TIMEOUT_MS,
	NO_RETRY,
	retryAfterMs,
	sendAuthenticated,
	worstCaseMs,
	type RetryPolicy,
} from '../../../nodes/shared/exchange';
import { BODY_TIMEOUT } from '../../../nodes/shared/networkFailure';
import { bodyOf, megabytes, openBody } from '../../support/bodies';

/** What the client does for one attempt: answer, or throw as n8n's client throws. */
type Attempt =
	| { status: number; body?: unknown; headers?: Record<string, unknown>; delayMs?: number }
	| { throws: unknown };

function client(attempts: Attempt[]) {
	const calls: Array<{ credentialType: string; options: IHttpRequestOptions; self: unknown }> = [];
	const context = {
		helpers: {
			async httpRequestWithAuthentication(
				this: unknown,
				credentialType: string,
				options: IHttpRequestOptions,
			) {
				calls.push({ credentialType, options, self: this });
				const attempt = attempts.shift() ?? { status: 200, body: bodyOf('{}') };
				if ('throws' in attempt) throw attempt.throws;
				if (attempt.delayMs) await sleep(attempt.delayMs);
				const headers = 'headers' in attempt ? attempt.headers : {};
				return { statusCode: attempt.status, headers, body: attempt.body };
			},
		},
	} as unknown as IAllExecuteFunctions;
	return { context, calls };
}

const stream = bodyOf;

/** A body with only the stream methods the reader uses, recording what is done to it. */
function scriptedBody() {
	type Listener = (...args: unknown[]) => void;
	const listeners = new Map<string, Listener[]>();
	let destroyed = 0;
	const add = (event: string, listener: Listener) => {
		listeners.set(event, [...(listeners.get(event) ?? []), listener]);
	};
	return {
		on: add,
		once: add,
		removeListener(event: string, listener: Listener) {
			listeners.set(
				event,
				(listeners.get(event) ?? []).filter((known) => known !== listener),
			);
		},
		destroy() {
			destroyed++;
		},
		emit(event: string, ...args: unknown[]) {
			for (const listener of listeners.get(event) ?? []) listener(...args);
		},
		listening: () => [...listeners.values()].flat().length,
		destroyed: () => destroyed,
	};
}
const reset = () => ({
	throws: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
});
const QUICK: RetryPolicy = { retries: 2, initialWaitMs: 1, maxWaitMs: 10 };

describe('what is asked of n8n', () => {
	test('the request as given, with the credential, read as a bounded stream, redirects and statuses left to the node', async () => {
		const { context, calls } = client([{ status: 200, body: stream('{"ok":true}') }]);
		const options: IHttpRequestOptions = {
			method: 'POST',
			url: 'https://pbx.example/api',
			body: { a: 1 },
			qs: { q: 'x' },
			headers: { accept: 'application/json' },
			json: true,
		};
		const exchange = await sendAuthenticated(context, 'voipcloudApi', options, NO_RETRY, 4_000);
		expect(calls).toHaveLength(1);
		expect(calls[0].credentialType).toBe('voipcloudApi');
		expect(calls[0].self).toBe(context);
		expect(calls[0].options).toEqual({
			...options,
			encoding: 'stream',
			json: false,
			timeout: 4_000,
			disableFollowRedirect: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		});
		expect(exchange).toEqual({
			response: { statusCode: 200, headers: {}, body: { ok: true } },
			failure: undefined,
			attempts: 1,
			waitedMs: 0,
			timeoutMs: 4_000,
			retry: NO_RETRY,
		});
	});

	test('without a policy or timeout: sent once, within 30 s', async () => {
		const { context, calls } = client([{ status: 503 }, { status: 200 }]);
		const exchange = await sendAuthenticated(context, 'kompaasApi', { url: '/x' });
		expect(calls[0].options.timeout).toBe(DEFAULT_TIMEOUT_MS);
		expect(DEFAULT_TIMEOUT_MS).toBe(30_000);
		expect(exchange).toMatchObject({ attempts: 1, timeoutMs: 30_000, retry: NO_RETRY });
		expect(exchange.response?.statusCode).toBe(503);
	});
});

describe('the body, as the HTTP client would have parsed it', () => {
	const parsedBody = async (body: unknown, options: Partial<IHttpRequestOptions> = {}) => {
		const { context } = client([{ status: 200, body }]);
		const exchange = await sendAuthenticated(context, 'voipcloudApi', { url: '/x', ...options });
		return exchange.response?.body;
	};

	test.each([
		['JSON in chunks', stream('{"calls":', Buffer.from('[1,2]}')), { calls: [1, 2] }],
		['a JSON list', stream('[{"id":1}]'), [{ id: 1 }]],
		['text that is no JSON', stream('<html>login</html>'), '<html>login</html>'],
		['JSON cut short', stream('{"calls": [1,'), '{"calls": [1,'],
		['blank', stream('  \n'), ''],
		['empty', stream(), ''],
		['a string', '{"a":1}', { a: 1 }],
		['bytes', Buffer.from('[3]'), [3]],
		['parsed JSON', { a: 2 }, { a: 2 }],
		['none', undefined, ''],
		['null', null, null],
	])('%s', async (_case, body, parsed) => {
		expect(await parsedBody(body)).toEqual(parsed);
	});

	test('a file (arraybuffer) stays bytes, whatever it holds', async () => {
		const body = await parsedBody(stream('{"a":', '1}'), { encoding: 'arraybuffer' });
		expect(Buffer.isBuffer(body)).toBe(true);
		expect(String(body)).toBe('{"a":1}');
	});

	test('an object with no stream methods is not read as a stream', async () => {
		expect(await parsedBody({ on: 'x', destroy: () => undefined })).toEqual({
			on: 'x',
		});
		expect(await parsedBody({ on: () => undefined, destroy: 'x' })).toEqual({ destroy: 'x' });
	});

	test('a body that ends late but within the timeout is read whole', async () => {
		const body = openBody('{"late":');
		const { context } = client([{ status: 200, body }]);
		const pending = sendAuthenticated(context, 'voipcloudApi', { url: '/x' }, NO_RETRY, 5_000);
		await sleep(30);
		body.end('true}');
		expect((await pending).response?.body).toEqual({ late: true });
	});

	test('a body read to its end leaves no listener on it, and is not destroyed once its time is up', async () => {
		const body = scriptedBody();
		const { context } = client([{ status: 200, body }]);
		const pending = sendAuthenticated(context, 'x', { url: '/x' }, NO_RETRY, 20);
		while (body.listening() === 0) await sleep(1);
		body.emit('data', '{"a":"é');
		body.emit('data', Buffer.from('"}'));
		body.emit('end');
		expect((await pending).response?.body).toEqual({ a: 'é' });
		expect(body.listening()).toBe(0);
		await sleep(40);
		expect(body.destroyed()).toBe(0);
	});

	test('the time until the headers counts: the body must end within what is left', async () => {
		const body = openBody('{"a":');
		const { context } = client([{ status: 200, body, delayMs: 60 }]);
		const pending = sendAuthenticated(context, 'x', { url: '/x' }, NO_RETRY, 80);
		await sleep(60 + 40);
		body.end('1}');
		expect((await pending).failure).toMatchObject({ kind: 'timeout', detail: BODY_TIMEOUT });
	});

	test('a body still arriving at the timeout fails as a timeout whose answer had begun', async () => {
		const body = openBody('{"calls": [');
		const { context, calls } = client([{ status: 200, body }, { status: 200 }]);
		const exchange = await sendAuthenticated(context, 'voipcloudApi', { url: '/x' }, QUICK, 50);
		expect(exchange.response).toBeUndefined();
		expect(exchange.failure).toEqual({ kind: 'timeout', detail: BODY_TIMEOUT, answerBegun: true });
		expect(body.destroyed).toBe(true);
		expect(calls).toHaveLength(1);
	});

	test('a body cut off fails as what cut it, the answer begun', async () => {
		const body = openBody('{"calls": [');
		const { context } = client([{ status: 200, body }]);
		const pending = sendAuthenticated(context, 'voipcloudApi', { url: '/x' });
		await sleep(10);
		body.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
		const exchange = await pending;
		expect(exchange.failure).toEqual({ kind: 'reset', detail: 'aborted', answerBegun: true });
	});

	test('JSON larger than 32 MB fails as too large, and is not read on', async () => {
		const body = megabytes(40);
		const { context } = client([{ status: 200, body }]);
		const exchange = await sendAuthenticated(context, 'x', { url: '/x' });
		expect(exchange.failure).toEqual({
			kind: 'tooLarge',
			detail: 'the answer is larger than 32 MB, the most the node reads',
			answerBegun: true,
		});
		expect(body.destroyed).toBe(true);
		expect(body.sent()).toBeLessThanOrEqual(35);
	});

	test('a file may be larger: 40 MB of recording is read', async () => {
		const { context } = client([{ status: 200, body: megabytes(40) }]);
		const exchange = await sendAuthenticated(context, 'x', { url: '/x', encoding: 'arraybuffer' });
		expect(exchange.failure).toBeUndefined();
		expect((exchange.response?.body as Buffer).length).toBe(40 * 1024 * 1024);
	});

	test('a body of exactly the largest size is read', async () => {
		const body = megabytes(32);
		const { context } = client([{ status: 200, body }]);
		const exchange = await sendAuthenticated(context, 'x', { url: '/x' });
		expect(exchange.failure).toBeUndefined();
		expect(exchange.response?.body).toBe('');
	});
});

describe('redirects: never followed, a failure', () => {
	test.each([300, 301, 308, 399])('%i', async (status) => {
		const { context, calls } = client([
			{ status, headers: { location: 'https://other.example/login' } },
			{ status: 200 },
		]);
		const exchange = await sendAuthenticated(context, 'x', { url: '/x' }, QUICK);
		expect(exchange.response).toBeUndefined();
		expect(exchange.failure).toEqual({
			kind: 'redirect',
			detail: `HTTP ${status}, redirected to https://other.example`,
			answerBegun: true,
		});
		expect(calls).toHaveLength(1);
	});

	test('without a Location', async () => {
		const { context } = client([{ status: 302, headers: undefined }]);
		const exchange = await sendAuthenticated(context, 'x', { url: '/x' });
		expect(exchange.failure?.detail).toBe('HTTP 302, redirected to another address');
	});

	test.each([299, 400])('%i is an answer', async (status) => {
		const { context } = client([{ status }]);
		const exchange = await sendAuthenticated(context, 'x', { url: '/x' });
		expect(exchange.response?.statusCode).toBe(status);
		expect(exchange.failure).toBeUndefined();
	});
});

describe('sent again: as the policy allows', () => {
	test('the wait doubles from the first, and the last outcome is the one returned', async () => {
		const { context, calls } = client([{ status: 503 }, { status: 502 }, { status: 200 }]);
		const exchange = await sendAuthenticated(context, 'x', { url: '/x' }, QUICK);
		expect(calls).toHaveLength(3);
		expect(exchange).toMatchObject({ attempts: 3, waitedMs: 1 + 2, failure: undefined });
		expect(exchange.response?.statusCode).toBe(200);
	});

	test('an answer after a cut connection clears the failure', async () => {
		const { context } = client([reset(), { status: 200, body: '[]' }]);
		const exchange = await sendAuthenticated(context, 'x', { url: '/x' }, QUICK);
		expect(exchange).toMatchObject({ attempts: 2, waitedMs: 1, failure: undefined });
		expect(exchange.response?.body).toEqual([]);
	});

	test('a cut connection after an answer clears the answer', async () => {
		const { context } = client([{ status: 429 }, reset(), reset()]);
		const exchange = await sendAuthenticated(context, 'x', { url: '/x' }, QUICK);
		expect(exchange.response).toBeUndefined();
		expect(exchange).toMatchObject({ attempts: 3, failure: { kind: 'reset' } });
	});

	test.each([
		['a timeout', { throws: Object.assign(new Error('timeout'), { code: 'ECONNABORTED' }) }],
		['a refused connection', { throws: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }],
		['an unknown failure', { throws: 'weird' }],
		['a 500', { status: 500 }],
		['a 501', { status: 501 }],
		['a 200', { status: 200 }],
	] as Array<[string, Attempt]>)('%s is not sent again', async (_case, attempt) => {
		const { context, calls } = client([attempt, { status: 200 }]);
		const exchange = await sendAuthenticated(context, 'x', { url: '/x' }, QUICK);
		expect(calls).toHaveLength(1);
		expect(exchange.waitedMs).toBe(0);
	});

	test.each([429, 502, 503, 504])('%i is sent again', async (status) => {
		const { context, calls } = client([{ status, headers: undefined }, { status: 200 }]);
		await sendAuthenticated(context, 'x', { url: '/x' }, QUICK);
		expect(calls).toHaveLength(2);
	});

	test("the API's Retry-After is the wait, up to the longest allowed", async () => {
		const wait = (seconds: string) => ({ status: 429, headers: { 'retry-after': seconds } });
		const allowed = client([wait('0.01'), { status: 200 }]);
		const exchange = await sendAuthenticated(allowed.context, 'x', { url: '/x' }, QUICK);
		expect(exchange).toMatchObject({ attempts: 2, waitedMs: 10 });

		const tooLong = client([wait('0.011'), { status: 200 }]);
		const refused = await sendAuthenticated(tooLong.context, 'x', { url: '/x' }, QUICK);
		expect(refused).toMatchObject({ attempts: 1, waitedMs: 0 });
		expect(refused.response?.statusCode).toBe(429);
	});

	test('a backoff longer than the longest wait ends the retries', async () => {
		const { context, calls } = client([{ status: 503 }, { status: 503 }, { status: 200 }]);
		const policy = { retries: 5, initialWaitMs: 6, maxWaitMs: 10 };
		const exchange = await sendAuthenticated(context, 'x', { url: '/x' }, policy);
		expect(calls).toHaveLength(2);
		expect(exchange).toMatchObject({ attempts: 2, waitedMs: 6 });
	});
});

describe('retryAfterMs', () => {
	const now = Date.parse('2026-11-22T10:00:00Z');

	test.each([
		['120', 120_000],
		['0', 0],
		[['3'], 3_000],
		['Sun, 22 Nov 2026 10:00:30 GMT', 30_000],
		['Sun, 22 Nov 2026 09:00:00 GMT', 0],
	])('%p → %p ms', (value, expected) => {
		expect(retryAfterMs({ 'retry-after': value }, now)).toBe(expected);
	});

	test.each([undefined, 'soon', '', ' '])('%p → null', (value) => {
		expect(retryAfterMs(value === undefined ? {} : { 'retry-after': value }, now)).toBeNull();
	});

	test.each([
		[5, 5_000],
		['-5', 0],
		[[], null],
		[[' 2 '], 2_000],
		[true, null],
	])('%p', (value, ms) => {
		expect(retryAfterMs({ 'retry-after': value } as never)).toBe(ms);
	});

	test('an HTTP date counts from now', () => {
		expect(retryAfterMs({ 'retry-after': 'Sun, 22 Nov 2026 10:01:00 GMT' }, now)).toBe(60_000);
		expect(
			retryAfterMs({ 'retry-after': new Date(Date.now() + 3_600_000).toUTCString() }),
		).toBeGreaterThan(3_500_000);
	});
});

describe('worstCaseMs', () => {
	test('the worst case a user is told covers every attempt and wait', () => {
		expect(worstCaseMs(30_000, { retries: 2, initialWaitMs: 1000, maxWaitMs: 60_000 })).toBe(
			210_000,
		);
		expect(worstCaseMs(30_000, NO_RETRY)).toBe(30_000);
	});
});
