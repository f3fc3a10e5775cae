import type { INodeProperties } from 'n8n-workflow';

import type { OperationHandler } from '../../../shared/operationRouter';
import * as getAll from './getAll';
import * as make from './make';

/** The resource's operation selector, then each operation's fields. */
export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['call'] } },
		default: 'getAll',
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many calls',
				description: 'Read call history: user, queue or ring group calls',
			},
			{
				name: 'Make',
				value: 'make',
				action: 'Make a call',
				description: 'Ring a user’s phones, then dial a number when the user answers',
			},
		],
	},
	...getAll.description,
	...make.description,
];

/** Each operation's execute, by the operation's value. */
export const handlers: Record<string, OperationHandler> = {
	getAll: getAll.execute,
	make: make.execute,
};
