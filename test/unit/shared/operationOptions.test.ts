// What an action node's operation offers and checks about its request before sending it.
import { NodeOperationError, type IExecuteFunctions, type INode } from 'n8n-workflow';

import { DEFAULT_TIMEOUT_MS } from '../../../nodes/shared/exchange';
import {
	refuseRetryOnFail,
	requestTimeoutOption,
	timeoutFromOption,
} from '../../../nodes/shared/operationOptions';

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
	const node = (retryOnFail?: boolean) =>
		({
			name: 'Make Call',
			type: 'x',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
			retryOnFail,
		}) as INode;
	const context = (retryOnFail?: boolean) =>
		({ getNode: () => node(retryOnFail) }) as unknown as IExecuteFunctions;

	test.each([undefined, false])('lets the operation run with Retry On Fail %p', (retryOnFail) => {
		expect(() => refuseRetryOnFail(context(retryOnFail), 0, 'Make Call')).not.toThrow();
	});

	test('refuses it on, for the item, saying nothing was sent and what to do', () => {
		let error: unknown;
		try {
			refuseRetryOnFail(context(true), 3, 'Create Webhook');
		} catch (thrown) {
			error = thrown;
		}
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error).toMatchObject({
			message: 'Create Webhook does not run with “Retry On Fail” on: nothing was sent',
			context: { itemIndex: 3 },
			node: { name: 'Make Call' },
		});
		expect((error as NodeOperationError).description).toContain(
			'Turn off “Retry On Fail” in this node’s settings',
		);
	});
});
