// routeOperations as every action node's execute(), run by n8n-core's WorkflowExecute through a
// test-only node: each item to its resource/operation, output paired with its item, Continue On
// Fail per item, errors as node errors for their item. (n8n does not run an action node without
// input items, so there is no empty input to route.)
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { routeOperations, type OperationHandlers } from '../../../nodes/shared/operationRouter';
import { actionNodeError, registerTestNodeType, runActionNode } from '../../support/n8nEngine';

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
		async typo(this: IExecuteFunctions) {
			return (this.getNodeParameter('to', 0) as unknown as { x: { y: string } }).x.y as never;
		},
		async refuse(this: IExecuteFunctions) {
			throw new NodeApiError(this.getNode(), {}, { message: 'vendor says no', httpCode: '418' });
		},
	},
	webhook: {
		async getAll() {
			return [{ json: { id: 1 } }, { json: { id: 2 } }];
		},
	},
};

const text = (name: string) => ({ displayName: name, name, type: 'string' as const, default: '' });

class RoutedNode implements INodeType {
	description = {
		displayName: 'Routed Node',
		name: 'testRoutedNode',
		group: ['transform'],
		version: 1,
		description: 'An action node whose execute() is the shared router',
		defaults: { name: 'PBX' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [text('resource'), text('operation'), text('to')],
	} as INodeTypeDescription & { name: 'testRoutedNode' };

	async execute(this: IExecuteFunctions) {
		return await routeOperations.call(this, handlers);
	}
}
registerTestNodeType(new RoutedNode());

const route = async (items: IDataObject[], continueOnFail = false) =>
	await runActionNode({
		type: 'testRoutedNode',
		parameters: items,
		settings: continueOnFail ? { onError: 'continueRegularOutput' } : {},
	});

const failure = async (items: IDataObject[]) =>
	await actionNodeError({ type: 'testRoutedNode', parameters: items });

test('every item goes to its own operation, each output paired with its item', async () => {
	const { items, error } = await route([
		{ resource: 'call', operation: 'make', to: '+61' },
		{ resource: 'webhook', operation: 'getAll' },
		{ resource: 'call', operation: 'make', to: '+44' },
	]);
	expect(error).toBeUndefined();
	expect(items).toEqual([
		{ json: { made: '+61' }, pairedItem: { item: 0 } },
		{ json: { id: 1 }, pairedItem: { item: 1 } },
		{ json: { id: 2 }, pairedItem: { item: 1 } },
		{ json: { made: '+44' }, pairedItem: { item: 2 } },
	]);
});

test.each([
	[{ resource: 'call', operation: 'teleport' }, 'The operation "teleport" is not known for "call"'],
	[{ resource: 'fax', operation: 'send' }, 'The operation "send" is not known for "fax"'],
])('an unknown operation names itself, for its item', async (item, message) => {
	const error = await failure([{ resource: 'call', operation: 'make', to: '+1' }, item]);
	expect(error.name).toBe('NodeOperationError');
	expect(error).toMatchObject({ message, context: { itemIndex: 1 } });
});

test('with Continue On Fail, a failing item gives an error item and the rest go on', async () => {
	const { items, error } = await route(
		[
			{ resource: 'call', operation: 'fail' },
			{ resource: 'call', operation: 'crash' },
			{ resource: 'call', operation: 'make', to: '+1' },
		],
		true,
	);
	expect(error).toBeUndefined();
	expect(items).toEqual([
		{ json: { error: 'item 0 is bad' }, pairedItem: { item: 0 } },
		{ json: { error: 'plain failure' }, pairedItem: { item: 1 } },
		{ json: { made: '+1' }, pairedItem: { item: 2 } },
	]);
});

test('without it, the first failure stops the node: a node error as is, any other wrapped for its item', async () => {
	const failed = await failure([
		{ resource: 'call', operation: 'fail' },
		{ resource: 'call', operation: 'make', to: '+1' },
	]);
	expect(failed.name).toBe('NodeOperationError');
	expect(failed).toMatchObject({ message: 'item 0 is bad', context: { itemIndex: 0 } });

	const crashed = await failure([
		{ resource: 'call', operation: 'make', to: '+1' },
		{ resource: 'call', operation: 'crash' },
	]);
	expect(crashed.name).toBe('NodeOperationError');
	expect(crashed).toMatchObject({
		message: 'plain failure',
		context: { itemIndex: 1 },
		node: { name: 'PBX' },
	});
});

test('a NodeApiError stops the node as it is, naming its item; a TypeError becomes a NodeOperationError for its item', async () => {
	const refused = await failure([
		{ resource: 'call', operation: 'make', to: '+1' },
		{ resource: 'call', operation: 'refuse' },
	]);
	expect(refused.name).toBe('NodeApiError');
	expect(refused).toMatchObject({
		message: 'vendor says no',
		httpCode: '418',
		context: { itemIndex: 1 },
	});

	const typo = await failure([
		{ resource: 'call', operation: 'make', to: '+1' },
		{ resource: 'call', operation: 'make', to: '+2' },
		{ resource: 'call', operation: 'typo', to: '' },
	]);
	expect(typo.name).toBe('NodeOperationError');
	expect(typo).toMatchObject({ context: { itemIndex: 2 }, node: { name: 'PBX' } });
	expect(typo.message).toMatch(/^Cannot read properties of undefined/);
});
