// The one request function (apiRequestFor) called directly, with a PBX's hooks (PbxApi) and a
// stand-in for n8n's execute context: what it sends, what it returns, and each failure as a
// NodeApiError in the PBX's words without the credential's secrets. http.test.ts runs the three
// real transports in n8n-core against real servers.
import { randomBytes } from 'crypto';
import {
	NodeApiError,
	NodeOperationError,
	type IAllExecuteFunctions,
	type IDataObject,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
	type INode,
} from 'n8n-workflow';

import { DEFAULT_TIMEOUT_MS } from '../../../nodes/shared/exchange';
import {
	answerText,
	apiRequestFor,
	causeOfStatus,
	jsonObject,
	type ApiRequest,
	type PbxApi,
} from '../../../nodes/shared/http';

const SECRET = `sk${randomBytes(8).toString('hex')}`;
const node = { name: 'PBX', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} } as INode;

type Reply = { status: number; body?: unknown; headers?: IDataObject } | { throws: unknown };

function setup(replies: Reply[], hooks: Partial<PbxApi> = {}, credentials: IDataObject = {}) {
	const sent: IHttpRequestOptions[] = [];
	const credentialCalls: unknown[][] = [];
	const context = {
		getNode: () => node,
		async getCredentials(...args: unknown[]) {
			credentialCalls.push(args);
			if (args[0] !== 'pbxApi') throw new Error(`no credential ${String(args[0])}`);
			return { apiKey: SECRET, token: 'short', base: 'https://pbx.example', ...credentials };
		},
		helpers: {
			async httpRequestWithAuthentication(type: string, options: IHttpRequestOptions) {
				expect(type).toBe('pbxApi');
				sent.push(options);
				const reply = replies.shift() ?? { status: 200, body: '{}' };
				if ('throws' in reply) throw reply.throws;
				return { statusCode: reply.status, headers: reply.headers ?? {}, body: reply.body };
			},
		},
	} as unknown as IAllExecuteFunctions;
	const api: PbxApi = {
		credentialName: 'pbxApi',
		secretFields: ['apiKey', 'token', 'missing'],
		baseUrl: (c) => `${String(c.base)}/api`,
		checkEnvelope: (body) => (jsonObject(body)?.ok === true ? (body as IDataObject) : null),
		describeFailure: (response) =>
			response.statusCode >= 400
				? { status: response.statusCode, message: `refused ${response.statusCode}` }
				: null,
		describeNoAnswer: (exchange, _request, url) => ({
			message: `no answer from ${url}`,
			description: exchange.failure?.kind,
		}),
		describeNotApi: (response, _request, url) => ({
			status: response.statusCode,
			message: `not the API at ${url}`,
		}),
		...hooks,
	};
	const request = <R extends ApiRequest>(itemIndex: number | undefined, r: R) =>
		apiRequestFor(api).call(context, itemIndex, r);
	return { sent, credentialCalls, request };
}

const failure = async (promise: Promise<unknown>) => {
	const error = await promise.then(
		() => undefined,
		(thrown: unknown) => thrown,
	);
	expect(error).toBeDefined();
	return error as NodeApiError;
};

describe('what is sent', () => {
	test("the request on the credential's base URL, asking for JSON, as a read with its retries", async () => {
		const { sent, credentialCalls, request } = setup([
			{ status: 503, headers: { 'retry-after': '0' } },
			{ status: 200, body: '{"ok":true,"n":1}' },
		]);
		const answer = await request(4, {
			method: 'GET',
			path: '/calls',
			qs: { page: 2 },
			headers: { 'x-extra': '1' },
			timeoutMs: 7_000,
		});
		expect(answer).toEqual({ ok: true, n: 1 });
		expect(credentialCalls[0]).toEqual(['pbxApi', 4]);
		expect(sent).toHaveLength(2);
		expect(sent[0]).toMatchObject({
			method: 'GET',
			url: 'https://pbx.example/api/calls',
			qs: { page: 2 },
			body: undefined,
			headers: { accept: 'application/json', 'x-extra': '1' },
			timeout: 7_000,
		});
		expect(sent[0].encoding).toBe('stream');
	});

	test('a write is sent once, within the default timeout, its headers able to replace accept', async () => {
		const { sent, request } = setup([{ status: 503 }, { status: 200, body: '{"ok":true}' }]);
		const error = await failure(
			request(0, {
				method: 'POST',
				path: '/hooks',
				body: { a: 1 },
				headers: { accept: 'text/plain' },
			}),
		);
		expect(error.httpCode).toBe('503');
		expect(sent).toHaveLength(1);
		expect(sent[0]).toMatchObject({ body: { a: 1 }, headers: { accept: 'text/plain' } });
		expect(sent[0].timeout).toBe(DEFAULT_TIMEOUT_MS);
	});

	test('a GET that places a call is sent once', async () => {
		const { sent, request } = setup([{ status: 503 }, { status: 200, body: '{"ok":true}' }]);
		await failure(request(0, { method: 'GET', path: '/makecall', placesCall: true }));
		expect(sent).toHaveLength(1);
	});
});

describe('what is returned', () => {
	test('the full response, body as bytes, for a file, sent with its own headers only', async () => {
		const { sent, request } = setup([
			{ status: 200, body: Buffer.from('ID3'), headers: { 'content-type': 'audio/mpeg' } },
		]);
		const response = (await request(0, {
			method: 'GET',
			path: '/rec.mp3',
			returnFullResponse: true,
			headers: { range: 'bytes=0-' },
		})) as unknown as IN8nHttpFullResponse;
		expect(response.statusCode).toBe(200);
		expect(response.headers).toEqual({ 'content-type': 'audio/mpeg' });
		expect(Buffer.isBuffer(response.body)).toBe(true);
		expect(String(response.body)).toBe('ID3');
		expect(sent[0].headers).toEqual({ range: 'bytes=0-' });
		expect(sent[0].encoding).toBe('stream');
	});

	test('a file is still checked for failure first', async () => {
		const { request } = setup([{ status: 404, body: Buffer.from('gone') }]);
		const error = await failure(
			request(0, { method: 'GET', path: '/rec.mp3', returnFullResponse: true }),
		);
		expect(error).toMatchObject({ message: 'refused 404', httpCode: '404' });
		expect(error.errorResponse).toEqual({ body: 'gone' });
	});
});

describe('failures: a NodeApiError for the item, in the PBX words', () => {
	test('a refusal: its status, message, description and cause, the body for details', async () => {
		const slowDown = {
			status: 429,
			body: '{"error":"slow down"}',
			headers: { 'retry-after': '0' },
		};
		const { request } = setup([slowDown, slowDown, slowDown], {
			describeFailure: (response, _request, retries) => ({
				status: response.statusCode,
				message: `too many (${retries} retries)`,
				description: 'wait',
				failure: { cause: 'rate-limited' },
			}),
		});
		const error = await failure(request(2, { method: 'GET', path: '/x' }));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error).toMatchObject({
			message: 'too many (2 retries)',
			description: 'wait',
			httpCode: '429',
			context: { itemIndex: 2 },
			failure: { cause: 'rate-limited' },
		});
		expect(error.errorResponse).toMatchObject({ error: 'slow down' });
	});

	test('a failure without a status or a cause names none', async () => {
		const { request } = setup([{ status: 500, body: '<h1>x</h1>' }], {
			describeFailure: () => ({ message: 'broken' }),
		});
		const error = await failure(request(undefined, { method: 'GET', path: '/x' }));
		expect(error.message).toBe('broken');
		expect(error.httpCode).toBeNull();
		expect(error.failure).toBeUndefined();
		expect(error.context.itemIndex).toBeUndefined();
		expect(error.errorResponse).toMatchObject({ body: '<h1>x</h1>' });
	});

	test("no answer: the PBX's words, the network cause in the details", async () => {
		const { request } = setup([
			{ throws: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) },
		]);
		const error = await failure(request(1, { method: 'GET', path: '/x' }));
		expect(error).toMatchObject({
			message: 'no answer from https://pbx.example/api/x',
			description: 'refused',
			context: { itemIndex: 1 },
		});
		expect(error.httpCode).toBeNull();
		expect(error.errorResponse).toMatchObject({ cause: 'the connection was refused' });
	});

	test('an answer that is not the API: its status, the start of its text', async () => {
		const page = `<html>${'x'.repeat(600)}</html>`;
		const { request } = setup([{ status: 200, body: page }]);
		const error = await failure(request(0, { method: 'GET', path: '/x' }));
		expect(error).toMatchObject({
			message: 'not the API at https://pbx.example/api/x',
			httpCode: '200',
		});
		expect(error.errorResponse).toMatchObject({ body: page.slice(0, 500) });
	});

	test('an answer of JSON null: its text, empty', async () => {
		const { request } = setup([{ status: 500, body: 'null' }]);
		const error = await failure(request(0, { method: 'GET', path: '/x' }));
		expect(error.errorResponse).toEqual({ body: '' });
	});

	test('JSON that is not a success of the API: its JSON in the details', async () => {
		const { request } = setup([{ status: 200, body: '{"ok":false}' }]);
		const error = await failure(request(0, { method: 'GET', path: '/x' }));
		expect(error.errorResponse).toMatchObject({ ok: false });
	});
});

describe('secrets never shown in an error', () => {
	test('every secret field, in every form, is removed from the message, the details and the stack', async () => {
		const echo = `key ${SECRET} (${encodeURIComponent(SECRET)}) short`;
		const { request } = setup([{ status: 401, body: { echo } }], {
			describeFailure: () => ({ status: 401, message: `refused ${SECRET}`, description: echo }),
		});
		const error = await failure(request(0, { method: 'GET', path: '/x' }));
		expect(error.message).toBe('refused ***');
		expect(error.description).toBe('key *** (***) short');
		expect(error.errorResponse).toMatchObject({ echo: 'key *** (***) short' });
		expect(error.stack).not.toContain(SECRET);
		expect(JSON.stringify(error)).not.toContain(SECRET);
	});

	test("the PBX's own redaction runs first", async () => {
		const { request } = setup([{ status: 404 }], {
			describeFailure: () => ({ message: 'GET /webapi/abc123def/x failed' }),
			redact: (text) => text.replace(/\/webapi\/[^/]+/, '/webapi/…'),
		});
		const error = await failure(request(0, { method: 'GET', path: '/x' }));
		expect(error.message).toBe('GET /webapi/…/x failed');
	});

	test('any other error becomes a NodeOperationError, redacted too', async () => {
		const { request } = setup([], {
			baseUrl: () => {
				throw new TypeError(`bad base URL for ${SECRET}`);
			},
		});
		const error = await failure(request(0, { method: 'GET', path: '/x' }));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('bad base URL for ***');
		// n8n keeps the error it wraps as the cause, stack included.
		expect((error.cause as Error).stack).toContain('bad base URL for ***');
		expect(JSON.stringify(error)).not.toContain(SECRET);
	});

	test('something thrown that is no error becomes one', async () => {
		const { request } = setup([], {
			baseUrl: () => {
				throw `no ${SECRET}`;
			},
		});
		const error = await failure(request(0, { method: 'GET', path: '/x' }));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('no ***');
	});

	test('a NodeOperationError stays one', async () => {
		const thrown = new NodeOperationError(node, `bad ${SECRET}`);
		const { request } = setup([], {
			baseUrl: () => {
				throw thrown;
			},
		});
		const error = await failure(request(0, { method: 'GET', path: '/x' }));
		expect(error).toBe(thrown);
		expect(error.message).toBe('bad ***');
		expect(error.stack).toContain('bad ***');
		expect(error.stack).not.toContain(SECRET);
	});

	test('when the credential cannot be read, the error is still thrown', async () => {
		const { request } = setup([], { credentialName: 'gone' });
		const error = await failure(request(0, { method: 'GET', path: '/x' }));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('no credential gone');
	});
});

describe('answerText and jsonObject', () => {
	test('an object already parsed is returned as it is', () => {
		const parsed = { c: 3 };
		expect(jsonObject(parsed)).toBe(parsed);
	});

	test.each([
		[undefined, ''],
		[null, ''],
		[Buffer.from('bytes é'), 'bytes é'],
		['text', 'text'],
		[{ a: 1 }, '{"a":1}'],
		[[1], '[1]'],
	])('answerText(%p) = %p', (body, text) => {
		expect(answerText(body)).toBe(text);
	});

	test.each([
		[' {"a":1}\n', { a: 1 }],
		[Buffer.from('{"b":2}'), { b: 2 }],
		['\uFEFF{"bom":true}', { bom: true }],

		['[1]', null],
		[[{ a: 1 }], null],
		['{"cut":', null],
		['<html>', null],
		[null, null],
		[7, null],
	])('jsonObject(%p) = %p', (body, value) => {
		expect(jsonObject(body)).toEqual(value);
	});
});

describe('causeOfStatus: what n8n is told the failure is', () => {
	test.each([
		[401, { cause: 'credential-invalid' }],
		[403, { cause: 'credential-invalid' }],
		[404, { cause: 'configuration-invalid' }],
		[405, { cause: 'configuration-invalid' }],
		[429, { cause: 'rate-limited' }],
		[500, { cause: 'temporarily-unavailable' }],
		[503, { cause: 'temporarily-unavailable' }],
		[400, undefined],
		[402, undefined],
		[406, undefined],
		[422, undefined],
		[499, undefined],
	])('%i', (status, cause) => {
		expect(causeOfStatus(status)).toEqual(cause);
	});

	test('a rate limit carries the wait the API asked for', () => {
		expect(causeOfStatus(429, { 'retry-after': '120' })).toEqual({
			cause: 'rate-limited',
			retryAfterMs: 120_000,
		});
	});
});
