import type { INodeProperties } from 'n8n-workflow';

import type { OperationHandler } from '../../../shared/operationRouter';
import * as create from './create';
import * as duplicate from './duplicate';
import * as getAll from './getAll';
import * as update from './update';

/** The resource's operation selector, then each operation's fields. */
export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['webhook'] } },
		default: 'getAll',
		options: [
			{ name: 'Create', value: 'create', action: 'Create a webhook' },
			{ name: 'Duplicate', value: 'duplicate', action: 'Duplicate a webhook' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many webhooks' },
			{ name: 'Update', value: 'update', action: 'Update a webhook' },
		],
	},
	...create.description,
	...duplicate.description,
	...getAll.description,
	...update.description,
];

/** Each operation's execute, by the operation's value. */
export const handlers: Record<string, OperationHandler> = {
	create: create.execute,
	duplicate: duplicate.execute,
	getAll: getAll.execute,
	update: update.execute,
};
