// routeOperations called directly with a stand-in for n8n's execute context: each item to its
// resource/operation, output paired with its item, Continue On Fail per item. http.test.ts runs
// it in n8n-core's WorkflowExecute.
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
} from 'n8n-workflow';

import {
	routeOperations,
	toNodeError,
	type OperationHandlers,
} from '../../../nodes/shared/operationRouter';

const node = { name: 'PBX', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} } as INode;

function context(items: IDataObject[], continueOnFail = false) {
	return {
		getInputData: () => items.map((json) => ({ json })),
		getNodeParameter: (name: string, itemIndex: number) => items[itemIndex][name],
		getNode: () => node,
		continueOnFail: () => continueOnFail,
		helpers: {
			constructExecutionMetaData: (
				results: INodeExecutionData[],
				{ itemData }: { itemData: { item: number } },
			) => results.map((result) => ({ ...result, pairedItem: itemData })),
		},
	} as unknown as IExecuteFunctions;
}

const handlers: OperationHandlers = {
	call: {
		async make(this: IExecuteFunctions, itemIndex: number) {
			return [{ json: { made: this.getNodeParameter('to', itemIndex) } }];
		},
		async fail(this: IExecuteFunctions, itemIndex: number) {
			throw new NodeOperationError(this.getNode(), `item ${itemIndex} is bad`, { itemIndex });
		},
		async crash() {
			throw new Error('plain failure');
		},
	},
	webhook: {
		async getAll() {
			return [{ json: { id: 1 } }, { json: { id: 2 } }];
		},
	},
};

const route = async (items: IDataObject[], continueOnFail = false) =>
	await routeOperations.call(context(items, continueOnFail), handlers);

test('every item goes to its own operation, each output paired with its item', async () => {
	const output = await route([
		{ resource: 'call', operation: 'make', to: '+61' },
		{ resource: 'webhook', operation: 'getAll' },
		{ resource: 'call', operation: 'make', to: '+44' },
	]);
	expect(output).toEqual([
		[
			{ json: { made: '+61' }, pairedItem: { item: 0 } },
			{ json: { id: 1 }, pairedItem: { item: 1 } },
			{ json: { id: 2 }, pairedItem: { item: 1 } },
			{ json: { made: '+44' }, pairedItem: { item: 2 } },
		],
	]);
});

test('no items, no output', async () => {
	expect(await route([])).toEqual([[]]);
});

test.each([
	[{ resource: 'call', operation: 'teleport' }, 'The operation "teleport" is not known for "call"'],
	[{ resource: 'fax', operation: 'send' }, 'The operation "send" is not known for "fax"'],
])('an unknown operation names itself, for its item', async (item, message) => {
	const error = await route([{ resource: 'call', operation: 'make' }, item]).catch((e) => e);
	expect(error).toBeInstanceOf(NodeOperationError);
	expect(error).toMatchObject({ message, context: { itemIndex: 1 } });
});

test('with Continue On Fail, a failing item gives an error item and the rest go on', async () => {
	const output = await route(
		[
			{ resource: 'call', operation: 'fail' },
			{ resource: 'call', operation: 'crash' },
			{ resource: 'call', operation: 'make', to: '+1' },
		],
		true,
	);
	expect(output).toEqual([
		[
			{ json: { error: 'item 0 is bad' }, pairedItem: { item: 0 } },
			{ json: { error: 'plain failure' }, pairedItem: { item: 1 } },
			{ json: { made: '+1' }, pairedItem: { item: 2 } },
		],
	]);
});

test('without it, the first failure stops the node: a node error as is, any other wrapped for its item', async () => {
	const failed = await route([{ resource: 'call', operation: 'fail' }]).catch((e) => e);
	expect(failed).toBeInstanceOf(NodeOperationError);
	expect(failed.message).toBe('item 0 is bad');

	const crashed = await route([
		{ resource: 'call', operation: 'make', to: '+1' },
		{ resource: 'call', operation: 'crash' },
	]).catch((e) => e);
	expect(crashed).toBeInstanceOf(NodeOperationError);
	expect(crashed).toMatchObject({ message: 'plain failure', context: { itemIndex: 1 } });
});

test('toNodeError keeps a NodeApiError and a NodeOperationError, naming the item when they do not', () => {
	const api = new NodeApiError(node, {}, { message: 'vendor says no', httpCode: '418' });
	const operation = new NodeOperationError(node, 'bad');
	const named = new NodeOperationError(node, 'bad', { itemIndex: 1 });
	const ctx = context([]);
	expect(toNodeError(ctx, api, 0)).toBe(api);
	expect(api.context.itemIndex).toBe(0);
	expect(toNodeError(ctx, operation, 3)).toBe(operation);
	expect(operation.context.itemIndex).toBe(3);
	expect(toNodeError(ctx, named, 3).context.itemIndex).toBe(1);
	const wrapped = toNodeError(ctx, new TypeError('x is undefined'), 2);
	expect(wrapped).toBeInstanceOf(NodeOperationError);
	expect(wrapped).toMatchObject({ message: 'x is undefined', context: { itemIndex: 2 }, node });
});
