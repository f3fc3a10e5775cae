// What an action node's operation offers and checks about its request before sending it. The
// Retry On Fail refusal runs in n8n-core's WorkflowExecute through a test-only node.
import type { IExecuteFunctions, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { DEFAULT_TIMEOUT_MS } from '../../../nodes/shared/exchange';
import {
	refuseRetryOnFail,
	requestTimeoutOption,
	timeoutFromOption,
} from '../../../nodes/shared/operationOptions';
import { routeOperations } from '../../../nodes/shared/operationRouter';
import {
	actionNodeError,
	registerTestNodeType,
	runActionNode,
	type NodeSetup,
} from '../../support/n8nEngine';

describe('Request Timeout option', () => {
	test('offers seconds, 30 by default (the default request timeout), at least 1', () => {
		const option = requestTimeoutOption('How long the download may take');
		expect(option).toMatchObject({
			name: 'requestTimeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			description: 'How long the download may take',
		});
		expect(option.displayName).toMatch(/\(Seconds\)$/);
		expect(timeoutFromOption(option.default)).toBe(DEFAULT_TIMEOUT_MS);
	});

	test('seconds become milliseconds; unset or nonsense gives the default', () => {
		expect(timeoutFromOption(5)).toBe(5000);
		expect(timeoutFromOption('2.5')).toBe(2500);
		expect(timeoutFromOption(0.0015)).toBe(2);
		for (const value of [undefined, '', 0, -1, 'soon', null, Infinity]) {
			expect(timeoutFromOption(value)).toBe(DEFAULT_TIMEOUT_MS);
		}
	});
});

describe('refuseRetryOnFail', () => {
	/** Items that got past the check: what the operation would have sent. */
	let sent: number[] = [];
	beforeEach(() => {
		sent = [];
	});

	const text = (name: string) => ({
		displayName: name,
		name,
		type: 'string' as const,
		default: '',
	});

	class CreatingNode implements INodeType {
		description = {
			displayName: 'Creating Node',
			name: 'testCreatingNode',
			group: ['transform'],
			version: 1,
			description: 'An operation that must not run twice, beside one that may',
			defaults: { name: 'Make Call' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [text('resource'), text('operation')],
		} as INodeTypeDescription & { name: 'testCreatingNode' };

		async execute(this: IExecuteFunctions) {
			return await routeOperations.call(this, {
				webhook: {
					async get(this: IExecuteFunctions, itemIndex: number) {
						return [{ json: { read: itemIndex } }];
					},
					async create(this: IExecuteFunctions, itemIndex: number) {
						refuseRetryOnFail(this, itemIndex, 'Create Webhook');
						sent.push(itemIndex);
						return [{ json: { created: itemIndex } }];
					},
				},
			});
		}
	}
	registerTestNodeType(new CreatingNode());

	const items = [
		{ resource: 'webhook', operation: 'get' },
		{ resource: 'webhook', operation: 'get' },
		{ resource: 'webhook', operation: 'get' },
		{ resource: 'webhook', operation: 'create' },
	];
	const retrying: NodeSetup['settings'] = { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 };

	test.each([{}, { retryOnFail: false }])(
		'lets the operation run with node settings %p',
		async (settings) => {
			const { json, error } = await runActionNode({
				type: 'testCreatingNode',
				parameters: items,
				settings,
			});
			expect(error).toBeUndefined();
			expect(json).toEqual([{ read: 0 }, { read: 1 }, { read: 2 }, { created: 3 }]);
			expect(sent).toEqual([3]);
		},
	);

	test('refuses it on, for the item, saying nothing was sent and what to do', async () => {
		const error = await actionNodeError({
			type: 'testCreatingNode',
			parameters: items,
			settings: retrying,
		});
		expect(error.name).toBe('NodeOperationError');
		expect(error).toMatchObject({
			message: 'Create Webhook does not run with “Retry On Fail” on: nothing was sent',
			context: { itemIndex: 3 },
			node: { name: 'Make Call' },
		});
		expect(error.description).toContain('Turn off “Retry On Fail” in this node’s settings');
		expect(sent).toEqual([]);
	});

	test('an operation that may run twice runs under Retry On Fail', async () => {
		const { json, error } = await runActionNode({
			type: 'testCreatingNode',
			parameters: items.slice(0, 3),
			settings: retrying,
		});
		expect(error).toBeUndefined();
		expect(json).toEqual([{ read: 0 }, { read: 1 }, { read: 2 }]);
	});
});
