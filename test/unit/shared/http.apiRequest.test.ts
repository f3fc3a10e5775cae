// The one request function (apiRequestFor) with a PBX's hooks (PbxApi), run as n8n runs it: a
// probe node defined here calls it in n8n-core's WorkflowExecute with the VoIPcloud API
// credential's real authenticate, against a scripted HTTP server on 127.0.0.1. What it sends,
// what it returns, and each failure as a NodeApiError in the PBX's words without the credential's
// secrets. http.test.ts runs the three real transports the same way.
import { randomBytes } from 'crypto';
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeType,
	type INodeTypeDescription,
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
import { startScriptedServer } from '../../fakes/scriptedServer';
import { freePort } from '../../support/n8n';
import { actionNodeError, registerTestNodeType, runActionNode } from '../../support/n8nEngine';

const SECRET = `sk${randomBytes(8).toString('hex')}`;

type ScriptedServer = Awaited<ReturnType<typeof startScriptedServer>>;
type Reply = ScriptedServer['replies'][number];

let pbx: ScriptedServer;
beforeAll(async () => {
	pbx = await startScriptedServer();
});
afterAll(async () => {
	await pbx.close();
});

/** The PBX's hooks: a test's own replace these for the next run. */
let hooks: Partial<PbxApi> = {};

const api = (): PbxApi => ({
	credentialName: 'voipcloudApi',
	// apiVersion ('v2') is too short to be a secret worth redacting: shown as it is.
	secretFields: ['apiKey', 'apiVersion', 'missing'],
	baseUrl: (c) => `${String(c.customUrl)}/api`,
	checkEnvelope: (body) => (jsonObject(body)?.ok === true ? (body as IDataObject) : null),
	describeFailure: (response) =>
		response.statusCode >= 400
			? { status: response.statusCode, message: `refused ${response.statusCode}` }
			: null,
	describeNoAnswer: (exchange, _request, url) => ({
		message: `no answer from ${url}`,
		description: `${exchange.failure?.kind} within ${exchange.timeoutMs} ms`,
	}),
	describeNotApi: (response, _request, url) => ({
		status: response.statusCode,
		message: `not the API at ${url}`,
	}),
	...hooks,
});

class ApiRequestProbe implements INodeType {
	description = {
		displayName: 'API Request Probe',
		name: 'testApiRequestProbe',
		group: ['transform'],
		version: 1,
		description: 'Sends one request with apiRequestFor in the tests',
		defaults: { name: 'API Request Probe' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'voipcloudApi' }],
		properties: [
			{ displayName: 'Request', name: 'request', type: 'json', default: '{}' },
			{ displayName: 'Item Index', name: 'itemIndex', type: 'number', default: 0 },
		],
	} as INodeTypeDescription & { name: 'testApiRequestProbe' };

	async execute(this: IExecuteFunctions) {
		const request = this.getNodeParameter('request', 0) as unknown as ApiRequest;
		const index = this.getNodeParameter('itemIndex', 0) as number;
		const answer = await apiRequestFor(api()).call(this, index < 0 ? undefined : index, request);
		if (!request.returnFullResponse) return [[{ json: { answer } }]];
		const { statusCode, headers, body } = answer as IDataObject;
		return [
			[{ json: { statusCode, headers, isBuffer: Buffer.isBuffer(body), text: String(body) } }],
		];
	}
}
registerTestNodeType(new ApiRequestProbe());

/** The probe's run: `request` sent to the server (its path under /api), which answers `replies`. */
function setup(replies: Reply[], pbxHooks: Partial<PbxApi> = {}) {
	pbx.replies = replies;
	hooks = pbxHooks;
	const run = (itemIndex: number | undefined, request: IDataObject, customUrl = pbx.url) => ({
		type: 'testApiRequestProbe' as const,
		parameters: { request, itemIndex: itemIndex ?? -1 },
		credentials: {
			voipcloudApi: { apiKey: SECRET, region: 'custom', customUrl, apiVersion: 'v2' },
		},
	});
	return {
		async request(itemIndex: number | undefined, request: IDataObject) {
			const { json, error } = await runActionNode(run(itemIndex, request));
			if (error) throw error;
			return json[0];
		},
		failure: async (itemIndex: number | undefined, request: IDataObject, customUrl?: string) =>
			await actionNodeError(run(itemIndex, request, customUrl)),
	};
}

describe('what is sent', () => {
	test("the request on the credential's base URL, authenticated, asking for JSON, as a read with its retries", async () => {
		const { request } = setup([
			{ status: 503, headers: { 'retry-after': '0' } },
			{ status: 200, body: '{"ok":true,"n":1}' },
		]);
		const { answer } = await request(4, {
			method: 'GET',
			path: '/calls',
			qs: { page: 2 },
			headers: { 'x-extra': '1' },
			timeoutMs: 7_000,
		});
		expect(answer).toEqual({ ok: true, n: 1 });
		expect(pbx.received).toHaveLength(2);
		expect(pbx.received[1]).toMatchObject({ method: 'GET', url: '/api/calls?page=2', body: '' });
		expect(pbx.received[1].headers).toMatchObject({
			accept: 'application/json',
			'x-extra': '1',
			token: SECRET,
		});
	});

	test('the timeout asked for is the one the request runs under', async () => {
		const { failure } = setup([{ hang: true }, { hang: true }]);
		const error = await failure(0, { method: 'GET', path: '/calls', timeoutMs: 300 });
		expect(error).toMatchObject({
			message: `no answer from ${pbx.url}/api/calls`,
			description: 'timeout within 300 ms',
		});
		// A silent server is not asked again.
		expect(pbx.received).toHaveLength(1);
	});

	test('a write is sent once, within the default timeout, its headers able to replace accept', async () => {
		const { failure } = setup([{ status: 503 }, { status: 200, body: '{"ok":true}' }]);
		const error = await failure(0, {
			method: 'POST',
			path: '/hooks',
			body: { a: 1 },
			headers: { accept: 'text/plain' },
		});
		expect(error.httpCode).toBe('503');
		expect(pbx.received).toHaveLength(1);
		expect(pbx.received[0]).toMatchObject({ method: 'POST', body: '{"a":1}' });
		expect(pbx.received[0].headers.accept).toBe('text/plain');

		const port = await freePort();
		const refused = await failure(
			0,
			{ method: 'POST', path: '/hooks' },
			`http://127.0.0.1:${port}`,
		);
		expect(refused.description).toBe(`refused within ${DEFAULT_TIMEOUT_MS} ms`);
	});

	test('a GET that places a call is sent once', async () => {
		const { failure } = setup([{ status: 503 }, { status: 200, body: '{"ok":true}' }]);
		await failure(0, { method: 'GET', path: '/makecall', placesCall: true });
		expect(pbx.received).toHaveLength(1);
	});
});

describe('what is returned', () => {
	test('the full response, body as bytes, for a file, sent with its own headers only', async () => {
		const { request } = setup([{ status: 200, body: 'ID3', contentType: 'audio/mpeg' }]);
		const response = await request(0, {
			method: 'GET',
			path: '/rec.mp3',
			returnFullResponse: true,
			headers: { range: 'bytes=0-' },
		});
		expect(response).toMatchObject({
			statusCode: 200,
			headers: { 'content-type': 'audio/mpeg' },
			isBuffer: true,
			text: 'ID3',
		});
		expect(pbx.received[0].headers.range).toBe('bytes=0-');
		expect(pbx.received[0].headers.accept).not.toBe('application/json');
	});

	test('a file is still checked for failure first', async () => {
		const { failure } = setup([{ status: 404, body: 'gone' }]);
		const error = await failure(0, { method: 'GET', path: '/rec.mp3', returnFullResponse: true });
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
		const { failure } = setup([slowDown, slowDown, slowDown], {
			describeFailure: (response, _request, retries) => ({
				status: response.statusCode,
				message: `too many (${retries} retries)`,
				description: 'wait',
				failure: { cause: 'rate-limited' },
			}),
		});
		const error = await failure(2, { method: 'GET', path: '/x' });
		expect(error.name).toBe('NodeApiError');
		expect(error).toMatchObject({
			message: 'too many (2 retries)',
			description: 'wait',
			httpCode: '429',
			context: { itemIndex: 2 },
			failure: { cause: 'rate-limited' },
		});
		expect(error.errorResponse).toMatchObject({ error: 'slow down' });
		expect(pbx.received).toHaveLength(3);
	});

	test('a failure without a status or a cause names none', async () => {
		const { failure } = setup([{ status: 500, body: '<h1>x</h1>' }], {
			describeFailure: () => ({ message: 'broken' }),
		});
		const error = await failure(undefined, { method: 'GET', path: '/x' });
		expect(error.message).toBe('broken');
		expect(error.httpCode).toBeNull();
		expect(error.failure).toBeUndefined();
		expect((error.context as IDataObject).itemIndex).toBeUndefined();
		expect(error.errorResponse).toMatchObject({ body: '<h1>x</h1>' });
	});

	test("no answer: the PBX's words, the network cause in the details", async () => {
		const port = await freePort();
		const { failure } = setup([]);
		const error = await failure(1, { method: 'GET', path: '/x' }, `http://127.0.0.1:${port}`);
		expect(error).toMatchObject({
			message: `no answer from http://127.0.0.1:${port}/api/x`,
			description: `refused within ${DEFAULT_TIMEOUT_MS} ms`,
			context: { itemIndex: 1 },
		});
		expect(error.httpCode).toBeNull();
		expect(error.errorResponse).toMatchObject({ cause: 'the connection was refused' });
	});

	test('an answer that is not the API: its status, the start of its text', async () => {
		const page = `<html>${'x'.repeat(600)}</html>`;
		const { failure } = setup([{ status: 200, body: page, contentType: 'text/html' }]);
		const error = await failure(0, { method: 'GET', path: '/x' });
		expect(error).toMatchObject({ message: `not the API at ${pbx.url}/api/x`, httpCode: '200' });
		expect(error.errorResponse).toEqual({ body: page.slice(0, 500) });
	});

	test('JSON cut short is not the API either', async () => {
		const { failure } = setup([{ status: 200, body: '{"ok":true,"calls":[' }]);
		const error = await failure(0, { method: 'GET', path: '/x' });
		expect(error).toMatchObject({ message: `not the API at ${pbx.url}/api/x`, httpCode: '200' });
		expect(error.errorResponse).toEqual({ body: '{"ok":true,"calls":[' });
	});

	test('an answer of JSON null: its text, empty', async () => {
		const { failure } = setup([{ status: 500, body: 'null' }]);
		const error = await failure(0, { method: 'GET', path: '/x' });
		expect(error.errorResponse).toEqual({ body: '' });
	});

	test('JSON that is not a success of the API: its JSON in the details', async () => {
		const { failure } = setup([{ status: 200, body: { ok: false } }]);
		const error = await failure(0, { method: 'GET', path: '/x' });
		expect(error.errorResponse).toMatchObject({ ok: false });
	});
});

describe('secrets never shown in an error', () => {
	test('every secret field, in every form, is removed from the message, the details and the stack', async () => {
		const echo = `key ${SECRET} (${encodeURIComponent(SECRET)}) v2`;
		const { failure } = setup([{ status: 401, body: { echo } }], {
			describeFailure: () => ({ status: 401, message: `refused ${SECRET}`, description: echo }),
		});
		const error = await failure(0, { method: 'GET', path: '/x' });
		expect(error.message).toBe('refused ***');
		expect(error.description).toBe('key *** (***) v2');
		expect(error.errorResponse).toMatchObject({ echo: 'key *** (***) v2' });
		expect(error.stack).not.toContain(SECRET);
		expect(JSON.stringify(error)).not.toContain(SECRET);
	});

	test("the PBX's own redaction runs first", async () => {
		const { failure } = setup([{ status: 404 }], {
			describeFailure: () => ({ message: 'GET /webapi/abc123def/x failed' }),
			redact: (text) => text.replace(/\/webapi\/[^/]+/, '/webapi/…'),
		});
		const error = await failure(0, { method: 'GET', path: '/x' });
		expect(error.message).toBe('GET /webapi/…/x failed');
	});

	test('any other error becomes a NodeOperationError, redacted too', async () => {
		const { failure } = setup([], {
			baseUrl: () => {
				throw new TypeError(`bad base URL for ${SECRET}`);
			},
		});
		const error = await failure(0, { method: 'GET', path: '/x' });
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toBe('bad base URL for ***');
		// Wrapped for the node that ran the request.
		expect(error).toMatchObject({ node: { name: 'API Request Probe' } });
		expect(error.stack).toContain('bad base URL for ***');
		expect(JSON.stringify(error)).not.toContain(SECRET);
		expect(pbx.received).toHaveLength(0);
	});

	test('something thrown that is no error becomes one', async () => {
		const { failure } = setup([], {
			baseUrl: () => {
				throw `no ${SECRET}`;
			},
		});
		const error = await failure(0, { method: 'GET', path: '/x' });
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toBe('no ***');
	});

	test('a NodeOperationError stays one', async () => {
		const { failure } = setup([], {
			baseUrl: () => {
				const error = new NodeOperationError(
					{ id: 'pbx', name: 'PBX', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} },
					`bad ${SECRET}`,
				);
				// A stack already read (logged, say) is text of its own: redacted too.
				expect(error.stack).toContain(SECRET);
				throw error;
			},
		});
		const error = await failure(0, { method: 'GET', path: '/x' });
		// Not wrapped: the node it names is its own, not the probe.
		expect(error).toMatchObject({ name: 'NodeOperationError', node: { name: 'PBX' } });
		expect(error.message).toBe('bad ***');
		expect(error.stack).toContain('bad ***');
		expect(error.stack).not.toContain(SECRET);
	});

	test('when the credential cannot be read, the error is still thrown', async () => {
		const { failure } = setup([], { credentialName: 'kompaasApi' });
		const error = await failure(0, { method: 'GET', path: '/x' });
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toBe(
			'Node type "n8n-nodes-pbx.testApiRequestProbe" does not have any credentials of type "kompaasApi" defined',
		);
		expect(pbx.received).toHaveLength(0);
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
