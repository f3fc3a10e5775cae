import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
} from 'n8n-workflow';

import {
	DEFAULT_TIMEOUT_MS,
	describeNetworkFailure,
	NO_RETRY,
	refuseRetryOnFail,
	retryAfterMs,
	sendAuthenticated,
	timeoutFromOption,
	worstCaseMs,
} from '../../nodes/shared/http';
import { jsonItems, routeOperations, type OperationHandlers } from '../../nodes/shared/router';

const node: INode = {
	id: '1',
	name: 'PBX',
	type: 'n8n-nodes-pbx.test',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

interface FakeExecute {
	items?: INodeExecutionData[];
	parameters?: (name: string, itemIndex: number) => unknown;
	continueOnFail?: boolean;
	responses?: Array<{ statusCode: number; headers?: IDataObject; body?: unknown }>;
}

function fakeExecute(fake: FakeExecute) {
	const sent: IHttpRequestOptions[] = [];
	const responses = [...(fake.responses ?? [])];
	const context = {
		getInputData: () => fake.items ?? [{ json: {} }],
		getNodeParameter: (name: string, itemIndex: number) => fake.parameters?.(name, itemIndex),
		getNode: () => node,
		continueOnFail: () => fake.continueOnFail ?? false,
		helpers: {
			constructExecutionMetaData: (
				items: INodeExecutionData[],
				{ itemData }: { itemData: { item: number } },
			) => items.map((item) => ({ ...item, pairedItem: itemData })),
			httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => {
				sent.push(options);
				const next = responses.shift();
				if (!next) throw new Error('no more responses');
				return { headers: {}, body: null, ...next };
			},
		},
	};
	return { context: context as unknown as IExecuteFunctions, sent };
}

describe('routeOperations', () => {
	const handlers: OperationHandlers = {
		call: {
			echo: async function (this: IExecuteFunctions, itemIndex: number) {
				return jsonItems([{ item: itemIndex }, { item: itemIndex, second: true }]);
			},
			fail: async function (this: IExecuteFunctions, itemIndex: number) {
				throw new NodeOperationError(this.getNode(), `item ${itemIndex} is bad`, { itemIndex });
			},
			crash: async function () {
				throw new Error('plain failure');
			},
		},
	};
	const params = (operation: string) => (name: string) =>
		name === 'resource' ? 'call' : operation;

	test('pairs every output item with the input item it came from', async () => {
		const { context } = fakeExecute({
			items: [{ json: {} }, { json: {} }],
			parameters: params('echo'),
		});
		const [output] = await routeOperations.call(context, handlers);
		expect(output.map((item) => [item.json.item, item.pairedItem])).toEqual([
			[0, { item: 0 }],
			[0, { item: 0 }],
			[1, { item: 1 }],
			[1, { item: 1 }],
		]);
	});

	test('with Continue On Fail, a failing item gives an error item and the rest go on', async () => {
		const { context } = fakeExecute({
			items: [{ json: {} }, { json: {} }],
			parameters: (name, itemIndex) =>
				name === 'resource' ? 'call' : itemIndex === 0 ? 'fail' : 'echo',
			continueOnFail: true,
		});
		const [output] = await routeOperations.call(context, handlers);
		expect(output[0]).toEqual({ json: { error: 'item 0 is bad' }, pairedItem: { item: 0 } });
		expect(output.slice(1).map((item) => item.json.item)).toEqual([1, 1]);
	});

	test('without it, a node error is thrown as is', async () => {
		const { context } = fakeExecute({ parameters: params('fail') });
		await expect(routeOperations.call(context, handlers)).rejects.toThrow('item 0 is bad');
	});

	test('any other error becomes a NodeOperationError', async () => {
		const { context } = fakeExecute({ parameters: params('crash') });
		const error = await routeOperations.call(context, handlers).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toBe('plain failure');
	});

	test('an unknown operation names itself', async () => {
		const { context } = fakeExecute({ parameters: params('teleport') });
		await expect(routeOperations.call(context, handlers)).rejects.toThrow(
			'The operation "teleport" is not known for "call"',
		);
	});

	test('NodeApiError passes through unchanged', async () => {
		const apiError = new NodeApiError(node, { message: 'vendor says no' });
		const { context } = fakeExecute({ parameters: params('api') });
		const failing: OperationHandlers = {
			call: {
				api: async () => {
					throw apiError;
				},
			},
		};
		await expect(routeOperations.call(context, failing)).rejects.toBe(apiError);
	});
});

describe('sendAuthenticated', () => {
	const retry = { retries: 2, initialWaitMs: 1, maxWaitMs: 50 };
	const url = 'http://127.0.0.1/x';

	test('asks n8n for the full response with a timeout, keeps credentials off other hosts, never throws on a status', async () => {
		const { context, sent } = fakeExecute({ responses: [{ statusCode: 500, body: { e: 1 } }] });
		const { response, attempts } = await sendAuthenticated(context, 'testApi', { url });
		expect(response?.statusCode).toBe(500);
		expect(attempts).toBe(1);
		expect(sent[0]).toMatchObject({
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: DEFAULT_TIMEOUT_MS,
			sendCredentialsOnCrossOriginRedirect: false,
		});
		await sendAuthenticated(context, 'testApi', { url }, NO_RETRY, 1234).catch(() => null);
		expect(sent[1]).toMatchObject({ timeout: 1234 });
	});

	test.each([429, 502, 503, 504])(
		'retries a read answered %i and returns the first success',
		async (status) => {
			const { context, sent } = fakeExecute({
				responses: [
					{ statusCode: status, headers: { 'retry-after': '0' } },
					{ statusCode: status },
					{ statusCode: 200, body: 'ok' },
				],
			});
			const exchange = await sendAuthenticated(context, 'testApi', { url }, retry);
			expect(exchange.response?.body).toBe('ok');
			expect(exchange).toMatchObject({ attempts: 3, waitedMs: 2 });
			expect(sent).toHaveLength(3);
		},
	);

	test.each([500, 400, 401, 404])(
		'does not retry %i: sending it again would not help',
		async (status) => {
			const { context, sent } = fakeExecute({
				responses: [{ statusCode: status }, { statusCode: 200 }],
			});
			const { response } = await sendAuthenticated(context, 'testApi', { url }, retry);
			expect(response?.statusCode).toBe(status);
			expect(sent).toHaveLength(1);
		},
	);

	test('gives up after the allowed retries and returns the last answer', async () => {
		const { context, sent } = fakeExecute({
			responses: [
				{ statusCode: 429 },
				{ statusCode: 429 },
				{ statusCode: 429 },
				{ statusCode: 200 },
			],
		});
		const { response, attempts } = await sendAuthenticated(context, 'testApi', { url }, retry);
		expect(response?.statusCode).toBe(429);
		expect(attempts).toBe(3);
		expect(sent).toHaveLength(3);
	});

	test('never repeats a request by default (calls that must not be placed twice)', async () => {
		const { context, sent } = fakeExecute({
			responses: [{ statusCode: 429 }, { statusCode: 200 }],
		});
		const { response } = await sendAuthenticated(context, 'testApi', { url });
		expect(response?.statusCode).toBe(429);
		expect(sent).toHaveLength(1);
	});

	test('does not wait longer than allowed: a long Retry-After ends the retries', async () => {
		const { context, sent } = fakeExecute({
			responses: [{ statusCode: 429, headers: { 'retry-after': '900' } }, { statusCode: 200 }],
		});
		const { response, waitedMs } = await sendAuthenticated(context, 'testApi', { url }, retry);
		expect(response?.statusCode).toBe(429);
		expect(waitedMs).toBe(0);
		expect(sent).toHaveLength(1);
	});

	test.each([
		['timeout', 'ECONNABORTED', 'timeout of 30000ms exceeded', 'no answer within 30 s'],
		['timeout', 'ETIMEDOUT', 'connect ETIMEDOUT', 'no answer within 30 s'],
		['refused', 'ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9', 'the connection was refused'],
		[
			'reset',
			'ECONNRESET',
			'socket hang up',
			'the connection was closed without an answer (3 attempts)',
		],
		['unresolved', 'ENOTFOUND', 'getaddrinfo ENOTFOUND pbx', 'the host name could not be resolved'],
	])('tells a %s (%s) apart, and retries only a reset read', async (kind, code, message, words) => {
		const cause = Object.assign(new Error(message), { code });
		// As n8n hands it over: its NodeApiError around the HTTP client's error.
		const wrapped = Object.assign(new Error('The service refused the connection'), { cause });
		const { context, sent } = fakeExecute({ responses: [] });
		context.helpers.httpRequestWithAuthentication = (async (
			_t: string,
			options: IHttpRequestOptions,
		) => {
			sent.push(options);
			throw wrapped;
		}) as never;
		const exchange = await sendAuthenticated(context, 'testApi', { url }, retry);
		expect(exchange.response).toBeUndefined();
		expect(exchange.failure?.kind).toBe(kind);
		expect(sent).toHaveLength(kind === 'reset' ? 3 : 1);
		expect(describeNetworkFailure(exchange)).toBe(words);
	});

	test('the worst case a user is told covers every attempt and wait', () => {
		expect(worstCaseMs(30_000, { retries: 2, initialWaitMs: 1000, maxWaitMs: 60_000 })).toBe(
			210_000,
		);
		expect(worstCaseMs(30_000, NO_RETRY)).toBe(30_000);
	});
});

describe('Request Timeout option and Retry On Fail', () => {
	test('seconds become milliseconds; unset or nonsense gives the default', () => {
		expect(timeoutFromOption(5)).toBe(5000);
		expect(timeoutFromOption('2.5')).toBe(2500);
		for (const value of [undefined, '', 0, -1, 'soon', null]) {
			expect(timeoutFromOption(value)).toBe(DEFAULT_TIMEOUT_MS);
		}
	});

	test('an operation that must not run twice refuses Retry On Fail before sending anything', () => {
		const { context } = fakeExecute({});
		expect(() => refuseRetryOnFail(context, 0, 'Make Call')).not.toThrow();
		const retrying = { ...context, getNode: () => ({ ...node, retryOnFail: true }) };
		expect(() =>
			refuseRetryOnFail(retrying as unknown as IExecuteFunctions, 2, 'Make Call'),
		).toThrow('Make Call does not run with “Retry On Fail” on: nothing was sent');
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

	test.each([undefined, 'soon', ''])('%p → null', (value) => {
		expect(retryAfterMs(value === undefined ? {} : { 'retry-after': value }, now)).toBeNull();
	});
});
