// sendAuthenticated run as n8n runs it: a probe node defined here calls it in n8n-core's
// WorkflowExecute, whose own httpRequestWithAuthentication sends it with the VoIPcloud API
// credential to a scripted HTTP server on 127.0.0.1. What reaches the server, how the body is
// read and bounded, and when the request is sent again.
import {
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import {
	DEFAULT_TIMEOUT_MS,
	NO_RETRY,
	retryAfterMs,
	sendAuthenticated,
	worstCaseMs,
	type RetryPolicy,
} from '../../../nodes/shared/exchange';
import { BODY_TIMEOUT } from '../../../nodes/shared/networkFailure';
import { startScriptedServer } from '../../fakes/scriptedServer';
import { megabytes } from '../../support/bodies';
import { freePort } from '../../support/n8n';
import { registerTestNodeType, runActionNode } from '../../support/n8nEngine';

const API_KEY = 'exchange-api-key';

class ExchangeProbe implements INodeType {
	description = {
		displayName: 'Exchange Probe',
		name: 'testExchangeProbe',
		group: ['transform'],
		version: 1,
		description: 'Sends one request with sendAuthenticated in the tests',
		defaults: { name: 'Exchange Probe' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'voipcloudApi' }],
		properties: [
			{ displayName: 'Options', name: 'options', type: 'json', default: '{}' },
			{ displayName: 'Retry', name: 'retry', type: 'json', default: '{}' },
			{ displayName: 'Timeout', name: 'timeoutMs', type: 'number', default: 0 },
		],
	} as INodeTypeDescription & { name: 'testExchangeProbe' };

	async execute(this: IExecuteFunctions) {
		const options = this.getNodeParameter('options', 0) as unknown as IHttpRequestOptions;
		const retry = this.getNodeParameter('retry', 0) as unknown as RetryPolicy;
		const timeoutMs = this.getNodeParameter('timeoutMs', 0) as number;
		// Without a retry policy or timeout, sendAuthenticated's own defaults.
		const exchange =
			timeoutMs === 0
				? await sendAuthenticated(this, 'voipcloudApi', options)
				: await sendAuthenticated(this, 'voipcloudApi', options, retry, timeoutMs);
		const { response, ...rest } = exchange;
		const body = response?.body as unknown;
		return [
			[
				{
					json: {
						...rest,
						status: response?.statusCode ?? null,
						headers: (response?.headers as IDataObject) ?? null,
						body: Buffer.isBuffer(body)
							? { bytes: body.length, start: body.subarray(0, 100).toString() }
							: ((body as IDataObject) ?? null),
					},
				} as never,
			],
		];
	}
}
registerTestNodeType(new ExchangeProbe());

type ScriptedServer = Awaited<ReturnType<typeof startScriptedServer>>;
type Reply = ScriptedServer['replies'][number];

let pbx: ScriptedServer;
beforeAll(async () => {
	pbx = await startScriptedServer();
});
afterAll(async () => {
	await pbx.close();
});

/**
 * The exchange for one request to the server (`/x` unless `options` say), which answers
 * `replies`; sendAuthenticated's defaults unless a policy and timeout are given.
 */
async function send(
	replies: Reply[],
	options: IDataObject = {},
	retry?: RetryPolicy,
	timeoutMs = DEFAULT_TIMEOUT_MS,
) {
	pbx.replies = replies;
	const { json, error } = await runActionNode({
		type: 'testExchangeProbe',
		parameters: {
			options: { url: `${pbx.url}/x`, ...options },
			retry: (retry ?? {}) as IDataObject,
			timeoutMs: retry ? timeoutMs : 0,
		},
		credentials: {
			voipcloudApi: { apiKey: API_KEY, region: 'custom', customUrl: pbx.url, apiVersion: 'v2' },
		},
	});
	if (error) throw error;
	return json[0] as IDataObject & {
		status: number | null;
		headers: IDataObject | null;
		failure?: IDataObject;
		attempts: number;
		waitedMs: number;
	};
}

const QUICK: RetryPolicy = { retries: 2, initialWaitMs: 1, maxWaitMs: 10 };

/** A reply that sends `first`, then the rest after `afterMs` (`headersAfterMs` before it all). */
function late(first: string, rest: string, afterMs: number, headersAfterMs = 0): Reply {
	return async (_req, res) => {
		await sleep(headersAfterMs);
		if (res.destroyed) return;
		res.writeHead(200, { 'content-type': 'application/json' });
		res.write(first);
		await sleep(afterMs);
		if (!res.destroyed) res.end(rest);
	};
}

describe('what is asked of n8n', () => {
	test('the request as given, with the credential; statuses and their bodies returned as they are', async () => {
		const exchange = await send(
			[{ status: 500, body: { ok: false } }],
			{
				method: 'POST',
				url: `${pbx.url}/api`,
				body: { a: 1 },
				qs: { q: 'x' },
				headers: { accept: 'application/json' },
				json: true,
			},
			NO_RETRY,
			4_000,
		);
		expect(pbx.received).toHaveLength(1);
		expect(pbx.received[0]).toMatchObject({ method: 'POST', url: '/api?q=x', body: '{"a":1}' });
		expect(pbx.received[0].headers).toMatchObject({ accept: 'application/json', token: API_KEY });
		expect(exchange).toMatchObject({
			status: 500,
			headers: { 'content-type': 'application/json' },
			body: { ok: false },
			attempts: 1,
			waitedMs: 0,
			timeoutMs: 4_000,
			retry: NO_RETRY,
		});
		expect(exchange.failure).toBeUndefined();
	});

	test('the timeout given bounds the wait for an answer', async () => {
		const exchange = await send([{ hang: true }, { status: 200 }], {}, QUICK, 300);
		expect(exchange).toMatchObject({ status: null, failure: { kind: 'timeout' }, attempts: 1 });
	});

	test('without a policy or timeout: sent once, within 30 s', async () => {
		const exchange = await send([{ status: 503 }, { status: 200 }]);
		expect(DEFAULT_TIMEOUT_MS).toBe(30_000);
		expect(exchange).toMatchObject({
			status: 503,
			attempts: 1,
			timeoutMs: 30_000,
			retry: NO_RETRY,
		});
		expect(pbx.received).toHaveLength(1);
	});
});

describe('the body, as the HTTP client would have parsed it', () => {
	const parsedBody = async (reply: Reply, options: IDataObject = {}) =>
		(await send([reply], options)).body;

	test.each([
		['JSON in chunks', late('{"calls":', '[1,2]}', 20), { calls: [1, 2] }],
		['a JSON list', { status: 200, body: '[{"id":1}]' }, [{ id: 1 }]],
		['JSON sent as text', { status: 200, body: '{"a":1}', contentType: 'text/plain' }, { a: 1 }],
		['text that is no JSON', { status: 200, body: '<html>login</html>' }, '<html>login</html>'],
		['JSON cut short', { status: 200, body: '{"calls": [1,' }, '{"calls": [1,'],
		['blank', { status: 200, body: '  \n' }, ''],
		['empty', { status: 200 }, ''],
		['null', { status: 200, body: 'null' }, null],
		['compressed', { status: 200, body: '{"z":1}', gzip: true }, { z: 1 }],
	] as Array<[string, Reply, unknown]>)('%s', async (_case, reply, parsed) => {
		expect(await parsedBody(reply)).toEqual(parsed);
	});

	test('a file (arraybuffer) stays bytes, whatever it holds', async () => {
		const body = await parsedBody(late('{"a":', '1}', 10), { encoding: 'arraybuffer' });
		expect(body).toEqual({ bytes: 7, start: '{"a":1}' });
	});

	test('a body that ends late but within the timeout is read whole', async () => {
		const exchange = await send([late('{"late":', 'true}', 200)], {}, NO_RETRY, 5_000);
		expect(exchange.body).toEqual({ late: true });
	});

	test('the time until the headers counts: the body must end within what is left', async () => {
		// Headers after 300 ms, the body 300 ms later: within 450 ms of the answer, not of the request.
		const exchange = await send([late('{"a":', '1}', 300, 300)], {}, NO_RETRY, 450);
		expect(exchange.failure).toEqual({ kind: 'timeout', detail: BODY_TIMEOUT, answerBegun: true });
	});

	test('a body still arriving at the timeout fails as a timeout whose answer had begun', async () => {
		const stalled: Reply = (_req, res) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.write('{"calls": [');
		};
		const exchange = await send([stalled, { status: 200 }], {}, QUICK, 300);
		expect(exchange).toMatchObject({ status: null, attempts: 1 });
		expect(exchange.failure).toEqual({ kind: 'timeout', detail: BODY_TIMEOUT, answerBegun: true });
		expect(pbx.received).toHaveLength(1);
	});

	test('a body cut off fails as what cut it, the answer begun', async () => {
		const cut: Reply = async (req, res) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.write('{"calls": [');
			await sleep(20);
			req.socket.destroy();
		};
		const exchange = await send([cut]);
		expect(exchange.failure).toMatchObject({ kind: 'reset', answerBegun: true });
	});

	const serveMegabytes = (count: number, sent: { count: () => number }) => {
		const reply: Reply = (_req, res) => {
			const body = megabytes(count);
			sent.count = body.sent;
			res.writeHead(200, { 'content-type': 'application/octet-stream' });
			body.pipe(res);
		};
		return reply;
	};

	test('JSON larger than 32 MB fails as too large, and is not read on', async () => {
		const sent = { count: () => 0 };
		const exchange = await send([serveMegabytes(100, sent)]);
		expect(exchange.failure).toEqual({
			kind: 'tooLarge',
			detail: 'the answer is larger than 32 MB, the most the node reads',
			answerBegun: true,
		});
		// What the sockets' buffers took beyond the 32 MB read.
		expect(sent.count()).toBeLessThanOrEqual(48);
	});

	test('a file may be larger: 40 MB of recording is read', async () => {
		const sent = { count: () => 0 };
		const exchange = await send([serveMegabytes(40, sent)], { encoding: 'arraybuffer' });
		expect(exchange.failure).toBeUndefined();
		expect((exchange.body as IDataObject).bytes).toBe(40 * 1024 * 1024);
	});

	test('a body of exactly the largest size is read', async () => {
		const sent = { count: () => 0 };
		const exchange = await send([serveMegabytes(32, sent)]);
		expect(exchange.failure).toBeUndefined();
		expect(exchange.body).toBe('');
	});
});

describe('redirects: never followed, a failure', () => {
	test.each([300, 301, 308, 399])('%i', async (status) => {
		const exchange = await send(
			[{ status, headers: { location: 'https://other.example/login' } }, { status: 200 }],
			{},
			QUICK,
		);
		expect(exchange.status).toBeNull();
		expect(exchange.failure).toEqual({
			kind: 'redirect',
			detail: `HTTP ${status}, redirected to https://other.example`,
			answerBegun: true,
		});
		expect(pbx.received).toHaveLength(1);
	});

	test('without a Location', async () => {
		const exchange = await send([{ status: 302 }]);
		expect(exchange.failure?.detail).toBe('HTTP 302, redirected to another address');
	});

	test.each([299, 400])('%i is an answer', async (status) => {
		const exchange = await send([{ status }]);
		expect(exchange.status).toBe(status);
		expect(exchange.failure).toBeUndefined();
	});
});

describe('sent again: as the policy allows', () => {
	test('the wait doubles from the first, and the last outcome is the one returned', async () => {
		const exchange = await send([{ status: 503 }, { status: 502 }, { status: 200 }], {}, QUICK);
		expect(pbx.received).toHaveLength(3);
		expect(exchange).toMatchObject({ status: 200, attempts: 3, waitedMs: 1 + 2 });
		expect(exchange.failure).toBeUndefined();
	});

	test('an answer after a cut connection clears the failure', async () => {
		const exchange = await send([{ destroy: true }, { status: 200, body: '[]' }], {}, QUICK);
		expect(exchange).toMatchObject({ attempts: 2, waitedMs: 1, body: [] });
		expect(exchange.failure).toBeUndefined();
	});

	test('a cut connection after an answer clears the answer', async () => {
		const exchange = await send([{ status: 429 }, { destroy: true }, { destroy: true }], {}, QUICK);
		expect(exchange).toMatchObject({ status: null, attempts: 3, failure: { kind: 'reset' } });
	});

	test.each([
		['a timeout', { hang: true }],
		['a 500', { status: 500 }],
		['a 501', { status: 501 }],
		['a 200', { status: 200 }],
	] as Array<[string, Reply]>)('%s is not sent again', async (_case, reply) => {
		const exchange = await send([reply, { status: 200 }], {}, QUICK, 300);
		expect(pbx.received).toHaveLength(1);
		expect(exchange).toMatchObject({ attempts: 1, waitedMs: 0 });
	});

	test('a refused connection is not sent again', async () => {
		const port = await freePort();
		const exchange = await send([], { url: `http://127.0.0.1:${port}/x` }, QUICK);
		expect(exchange).toMatchObject({ failure: { kind: 'refused' }, attempts: 1, waitedMs: 0 });
	});

	test('an unknown failure is not sent again', async () => {
		const exchange = await send([], { url: 'http://127.0.0.1:99999/x' }, QUICK);
		expect(exchange).toMatchObject({ failure: { kind: 'other' }, attempts: 1, waitedMs: 0 });
	});

	test.each([429, 502, 503, 504])('%i is sent again', async (status) => {
		await send([{ status }, { status: 200 }], {}, QUICK);
		expect(pbx.received).toHaveLength(2);
	});

	test("the API's Retry-After is the wait, up to the longest allowed", async () => {
		const wait = (seconds: string) => ({ status: 429, headers: { 'retry-after': seconds } });
		const allowed = await send([wait('0.01'), { status: 200 }], {}, QUICK);
		expect(allowed).toMatchObject({ attempts: 2, waitedMs: 10 });

		const refused = await send([wait('0.011'), { status: 200 }], {}, QUICK);
		expect(refused).toMatchObject({ status: 429, attempts: 1, waitedMs: 0 });
	});

	test('a backoff longer than the longest wait ends the retries', async () => {
		const policy = { retries: 5, initialWaitMs: 6, maxWaitMs: 10 };
		const exchange = await send([{ status: 503 }, { status: 503 }, { status: 200 }], {}, policy);
		expect(pbx.received).toHaveLength(2);
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
