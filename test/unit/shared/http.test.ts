// The shared action plumbing (the operation router, sendAuthenticated, Retry On Fail) run as n8n
// runs it: a probe node defined here goes through n8n-core's WorkflowExecute with the package's
// API credentials' real authenticate, against scripted HTTP servers on 127.0.0.1.
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { DEFAULT_TIMEOUT_MS, sendAuthenticated, NO_RETRY } from '../../../nodes/shared/exchange';
import { describeNetworkFailure } from '../../../nodes/shared/networkFailure';
import { type ApiRequest } from '../../../nodes/shared/http';
import { refuseRetryOnFail } from '../../../nodes/shared/operationOptions';
import * as kompaasTransport from '../../../nodes/Kompaas/transport';
import { routeOperations, type OperationHandlers } from '../../../nodes/shared/operationRouter';
import * as threeCxTransport from '../../../nodes/ThreeCx/transport';
import { webApiPath } from '../../../nodes/ThreeCx/webApi';
import * as voipcloudTransport from '../../../nodes/Voipcloud/transport';
import { startScriptedServer } from '../../fakes/scriptedServer';
import { freePort } from '../../support/n8n';
import {
	registerTestNodeType,
	runActionNode,
	type ActionSetup,
	type NodeSetup,
} from '../../support/n8nEngine';

const API_KEY = 'probe-api-key';

const handlers: OperationHandlers = {
	call: {
		async echo(this: IExecuteFunctions, itemIndex: number) {
			return this.helpers.returnJsonArray([{ item: itemIndex }, { item: itemIndex, second: true }]);
		},
		async fail(this: IExecuteFunctions, itemIndex: number) {
			throw new NodeOperationError(this.getNode(), `item ${itemIndex} is bad`, { itemIndex });
		},
		async crash() {
			throw new Error('plain failure');
		},
		async api(this: IExecuteFunctions) {
			throw new NodeApiError(this.getNode(), {}, { message: 'vendor says no', httpCode: '418' });
		},
		async once(this: IExecuteFunctions, itemIndex: number) {
			refuseRetryOnFail(this, itemIndex, 'Make Call');
			await sendAuthenticated(this, 'voipcloudApi', {
				url: this.getNodeParameter('url', 0) as string,
			});
			return [{ json: { sent: true } }];
		},
	},
	transport: {
		/** One request through a PBX's transport (`pbx`), as an operation sends it. */
		async send(this: IExecuteFunctions, itemIndex: number) {
			const transports = {
				voipcloud: voipcloudTransport.apiRequest,
				kompaas: kompaasTransport.apiRequest,
				threeCx: threeCxTransport.apiRequest,
			};
			const pbx = this.getNodeParameter('pbx', itemIndex) as keyof typeof transports;
			const request = this.getNodeParameter('request', itemIndex) as unknown as ApiRequest;
			const answer = await transports[pbx].call(this, itemIndex, request);
			if (!request.returnFullResponse) return [{ json: { answer } }];
			const { statusCode, headers, body } = answer as IDataObject;
			return [
				{
					json: {
						statusCode,
						contentType: (headers as IDataObject)['content-type'],
						isBuffer: Buffer.isBuffer(body),
						text: String(body),
					},
				},
			];
		},
	},
	http: {
		async send(this: IExecuteFunctions, itemIndex: number) {
			const number = (name: string) => this.getNodeParameter(name, itemIndex) as number;
			const retries = number('retries');
			const exchange = await sendAuthenticated(
				this,
				this.getNodeParameter('credentialType', itemIndex) as string,
				{ method: 'GET', url: this.getNodeParameter('url', itemIndex) as string },
				retries === 0 ? NO_RETRY : { retries, initialWaitMs: 1, maxWaitMs: 50 },
				number('timeoutMs'),
			);
			const { response, failure, attempts, waitedMs } = exchange;
			return [
				{
					json: {
						status: response?.statusCode ?? null,
						body: (response?.body as IDataObject | string | undefined) ?? null,
						attempts,
						waitedMs,
						failure: failure?.kind ?? null,
						words: failure ? describeNetworkFailure(exchange) : null,
					},
				},
			];
		},
	},
};

const text = (name: string, value: string | number) => ({
	displayName: name,
	name,
	type: typeof value === 'number' ? ('number' as const) : ('string' as const),
	default: value,
});

class RouterProbe implements INodeType {
	description = {
		displayName: 'Router Probe',
		name: 'testRouterProbe',
		group: ['transform'],
		version: 1,
		description: 'Runs the shared action plumbing in the tests',
		defaults: { name: 'Router Probe' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'voipcloudApi' }, { name: 'kompaasApi' }, { name: 'threeCxWebApi' }],
		properties: [
			text('resource', 'call'),
			text('operation', 'echo'),
			text('url', ''),
			text('credentialType', 'voipcloudApi'),
			text('retries', 0),
			text('timeoutMs', DEFAULT_TIMEOUT_MS),
			text('pbx', 'voipcloud'),
			{ displayName: 'request', name: 'request', type: 'json', default: '{}' },
		],
	} as INodeTypeDescription & { name: 'testRouterProbe' };

	async execute(this: IExecuteFunctions) {
		return await routeOperations.call(this, handlers);
	}
}
registerTestNodeType(new RouterProbe());

type ScriptedServer = Awaited<ReturnType<typeof startScriptedServer>>;
type Reply = ScriptedServer['replies'][number];

let pbx: ScriptedServer;
let elsewhere: ScriptedServer;
beforeAll(async () => {
	pbx = await startScriptedServer();
	elsewhere = await startScriptedServer();
});
afterAll(async () => {
	await pbx.close();
	await elsewhere.close();
});

function probe(
	parameters: ActionSetup['parameters'],
	settings: NodeSetup['settings'] = {},
): ReturnType<typeof runActionNode> {
	return runActionNode({
		type: 'testRouterProbe',
		parameters,
		credentials: {
			voipcloudApi: { apiKey: API_KEY, region: 'custom', customUrl: pbx.url, apiVersion: 'v2' },
			kompaasApi: { apiToken: API_KEY, accountId: '42', baseUrl: pbx.url },
			threeCxWebApi: { baseUrl: pbx.url, apiKey: API_KEY, allowSelfSigned: false },
		},
		settings,
	});
}

async function send(replies: Reply[], parameters: IDataObject = {}) {
	pbx.replies = replies;
	const { json, error } = await probe({
		resource: 'http',
		operation: 'send',
		url: `${pbx.url}/x`,
		...parameters,
	});
	if (error) throw error;
	return json[0];
}

describe('the three transports: one request shape, one answer shape', () => {
	const paths = {
		voipcloud: '/get-system-status',
		kompaas: '/event/get',
		threeCx: webApiPath('makecall'),
	};
	const requestPaths = {
		voipcloud: '/api/integration/v2/get-system-status',
		kompaas: '/event/get',
		threeCx: `/webapi/${API_KEY}/makecall`,
	};

	test.each(Object.keys(paths) as Array<keyof typeof paths>)(
		'%s: the JSON answer as the PBX sent it, envelope included',
		async (name) => {
			const sent = { ok: true, code: 200, result: { id: 7 } };
			pbx.replies = [{ status: 200, body: sent }];
			const { json, error } = await probe({
				resource: 'transport',
				operation: 'send',
				pbx: name,
				request: { method: 'GET', path: paths[name], qs: { q: 'a b' } } as unknown as IDataObject,
			});
			expect(error).toBeUndefined();
			expect(json[0]).toEqual({ answer: sent });
			expect(pbx.received[0].url).toBe(`${requestPaths[name]}?q=a%20b`);
		},
	);

	test.each(Object.keys(paths) as Array<keyof typeof paths>)(
		'%s: with returnFullResponse, status, headers and the body as bytes',
		async (name) => {
			pbx.replies = [{ status: 200, body: 'ID3 audio', contentType: 'audio/mpeg' }];
			const { json, error } = await probe({
				resource: 'transport',
				operation: 'send',
				pbx: name,
				request: { method: 'GET', path: paths[name], returnFullResponse: true } as IDataObject,
			});
			expect(error).toBeUndefined();
			expect(json[0]).toEqual({
				statusCode: 200,
				contentType: 'audio/mpeg',
				isBuffer: true,
				text: 'ID3 audio',
			});
		},
	);

	test.each(Object.keys(paths) as Array<keyof typeof paths>)(
		'%s: a failed answer is a NodeApiError with its HTTP status',
		async (name) => {
			pbx.replies = [{ status: 403, body: { message: 'no' } }];
			const { error } = await probe({
				resource: 'transport',
				operation: 'send',
				pbx: name,
				request: { method: 'POST', path: paths[name] } as IDataObject,
			});
			expect(error?.name).toBe('NodeApiError');
			expect(error?.httpCode).toBe('403');
		},
	);
});

describe('routeOperations in WorkflowExecute', () => {
	test('pairs every output item with the input item it came from', async () => {
		const { items, error } = await probe([
			{ resource: 'call', operation: 'echo' },
			{ resource: 'call', operation: 'echo' },
		]);
		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.item, item.pairedItem])).toEqual([
			[0, { item: 0 }],
			[0, { item: 0 }],
			[1, { item: 1 }],
			[1, { item: 1 }],
		]);
	});

	test('with Continue On Fail, a failing item gives an error item and the rest go on', async () => {
		const { items, error } = await probe(
			[
				{ resource: 'call', operation: 'fail' },
				{ resource: 'call', operation: 'echo' },
			],
			{ onError: 'continueRegularOutput' },
		);
		expect(error).toBeUndefined();
		expect(items[0]).toEqual({ json: { error: 'item 0 is bad' }, pairedItem: { item: 0 } });
		expect(items.slice(1).map((item) => item.json.item)).toEqual([1, 1]);
	});

	test('without it, a node error stops the node as is', async () => {
		const { error } = await probe({ resource: 'call', operation: 'fail' });
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toBe('item 0 is bad');
	});

	test('any other error becomes a NodeOperationError', async () => {
		const { error } = await probe({ resource: 'call', operation: 'crash' });
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toBe('plain failure');
	});

	test('an unknown operation names itself', async () => {
		const { error } = await probe({ resource: 'call', operation: 'teleport' });
		expect(error?.message).toBe('The operation "teleport" is not known for "call"');
	});

	test('NodeApiError passes through unchanged', async () => {
		const { error } = await probe({ resource: 'call', operation: 'api' });
		expect(error?.name).toBe('NodeApiError');
		expect(error).toMatchObject({ message: 'vendor says no', httpCode: '418' });
	});
});

describe('sendAuthenticated in WorkflowExecute', () => {
	test('sends the credential through its real authenticate and never throws on a status', async () => {
		const result = await send([{ status: 500, body: { e: 1 } }], { retries: 2 });
		expect(result).toMatchObject({ status: 500, body: { e: 1 }, attempts: 1, failure: null });
		expect(pbx.received).toHaveLength(1);
		expect(pbx.received[0].headers.token).toBe(API_KEY);
	});

	test.each(['voipcloudApi', 'kompaasApi'])(
		'does not follow a redirect: no %s credential reaches the address it names',
		async (credentialType) => {
			elsewhere.replies = [{ status: 200, body: 'moved here' }];
			const result = await send(
				[{ status: 302, headers: { location: `${elsewhere.url}/y?from=pbx` } }],
				{ credentialType, retries: 2 },
			);
			expect(result).toMatchObject({ status: null, failure: 'redirect', attempts: 1 });
			expect(result.words).toContain(`HTTP 302, redirected to ${elsewhere.url}`);
			expect(result.words).not.toContain('/y?from=pbx');
			expect(pbx.received).toHaveLength(1);
			expect(elsewhere.received).toHaveLength(0);
		},
	);

	test('does not follow a redirect on the same server either, and says so', async () => {
		const result = await send([{ status: 301, headers: { location: '/moved' } }, { status: 200 }]);
		expect(result).toMatchObject({ failure: 'redirect', attempts: 1 });
		expect(result.words).toContain('redirected to another path on the same server');
		expect(pbx.received).toHaveLength(1);
	});

	test.each([429, 502, 503, 504])(
		'retries a read answered %i and returns the first success',
		async (status) => {
			const result = await send(
				[{ status, headers: { 'retry-after': '0' } }, { status }, { status: 200, body: 'ok' }],
				{ retries: 2 },
			);
			expect(result).toMatchObject({ status: 200, body: 'ok', attempts: 3, waitedMs: 2 });
			expect(pbx.received).toHaveLength(3);
		},
	);

	test.each([500, 400, 401, 404])(
		'does not retry %i: sending it again would not help',
		async (status) => {
			const result = await send([{ status }, { status: 200 }], { retries: 2 });
			expect(result).toMatchObject({ status, attempts: 1 });
			expect(pbx.received).toHaveLength(1);
		},
	);

	test('gives up after the allowed retries and returns the last answer', async () => {
		const result = await send(
			[{ status: 429 }, { status: 429 }, { status: 429 }, { status: 200 }],
			{ retries: 2 },
		);
		expect(result).toMatchObject({ status: 429, attempts: 3 });
		expect(pbx.received).toHaveLength(3);
	});

	test('never repeats a request by default (calls that must not be placed twice)', async () => {
		const result = await send([{ status: 429 }, { status: 200 }]);
		expect(result).toMatchObject({ status: 429, attempts: 1 });
		expect(pbx.received).toHaveLength(1);
	});

	test('does not wait longer than allowed: a long Retry-After ends the retries', async () => {
		const result = await send(
			[{ status: 429, headers: { 'retry-after': '900' } }, { status: 200 }],
			{ retries: 2 },
		);
		expect(result).toMatchObject({ status: 429, waitedMs: 0 });
		expect(pbx.received).toHaveLength(1);
	});

	test('retries a read whose connection is cut, and says so', async () => {
		const result = await send([{ destroy: true }, { destroy: true }, { destroy: true }], {
			retries: 2,
		});
		expect(result).toMatchObject({
			status: null,
			failure: 'reset',
			attempts: 3,
			words: 'the connection was closed without an answer (3 attempts)',
		});
	});

	test('a silent server is a timeout, with the timeout it was given, not retried', async () => {
		const result = await send([{ hang: true }, { hang: true }], { retries: 2, timeoutMs: 1000 });
		expect(result).toMatchObject({
			failure: 'timeout',
			attempts: 1,
			words: 'no answer within 1 s',
		});
	});

	test('a closed port is a refused connection, not retried', async () => {
		const port = await freePort();
		const result = await send([], { url: `http://127.0.0.1:${port}/x`, retries: 2 });
		expect(result).toMatchObject({
			failure: 'refused',
			attempts: 1,
			words: 'the connection was refused',
		});
	});

	test('an operation that must not run twice refuses Retry On Fail before sending anything', async () => {
		pbx.replies = [];
		const url = `${pbx.url}/call`;
		const allowed = await probe({ resource: 'call', operation: 'once', url });
		expect(allowed.json).toEqual([{ sent: true }]);
		expect(pbx.received).toHaveLength(1);

		pbx.replies = [];
		const { error } = await probe(
			{ resource: 'call', operation: 'once', url },
			{ retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
		);
		expect(error?.message).toBe('Make Call does not run with “Retry On Fail” on: nothing was sent');
		expect(pbx.received).toHaveLength(0);
	});
});
