import type { INodeProperties } from 'n8n-workflow';

import type { OperationHandler } from '../../../shared/operationRouter';
import * as getAll from './getAll';

/** The resource's operation selector, then each operation's fields. */
export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['event'] } },
		default: 'getAll',
		options: [{ name: 'Get Many', value: 'getAll', action: 'Get many events' }],
	},
	...getAll.description,
];

/** Each operation's execute, by the operation's value. */
export const handlers: Record<string, OperationHandler> = {
	getAll: getAll.execute,
};
