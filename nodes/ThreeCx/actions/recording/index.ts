import type { INodeProperties } from 'n8n-workflow';

import type { OperationHandler } from '../../../shared/operationRouter';
import * as download from './download';

/** The resource's operation selector, then each operation's fields. */
export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['recording'] } },
		default: 'download',
		options: [
			{
				name: 'Download',
				value: 'download',
				description: 'Fetch a call recording into binary data',
				action: 'Download a recording',
			},
		],
	},
	...download.description,
];

/** Each operation's execute, by the operation's value. */
export const handlers: Record<string, OperationHandler> = {
	download: download.execute,
};
