import type { INodeProperties } from 'n8n-workflow';

import type { OperationHandler } from '../../../shared/operationRouter';
import * as make from './make';

/** The resource's operation selector, then each operation's fields. */
export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['call'] } },
		default: 'make',
		options: [
			{
				name: 'Make',
				value: 'make',
				description: 'Ring an extension, then connect it to a number (click-to-call)',
				action: 'Make a call',
			},
		],
	},
	...make.description,
];

/** Each operation's execute, by the operation's value. */
export const handlers: Record<string, OperationHandler> = {
	make: make.execute,
};
