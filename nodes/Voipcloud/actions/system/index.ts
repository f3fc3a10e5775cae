import type { INodeProperties } from 'n8n-workflow';

import type { OperationHandler } from '../../../shared/operationRouter';
import * as getStatus from './getStatus';

/** The resource's operation selector, then each operation's fields. */
export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['system'] } },
		default: 'getStatus',
		options: [
			{
				name: 'Get Status',
				value: 'getStatus',
				action: 'Get the system status',
				description: 'Check that the PBX and its API answer',
			},
		],
	},
	...getStatus.description,
];

/** Each operation's execute, by the operation's value. */
export const handlers: Record<string, OperationHandler> = {
	getStatus: getStatus.execute,
};
