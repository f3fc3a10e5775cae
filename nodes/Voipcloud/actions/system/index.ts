import type { INodeProperties } from 'n8n-workflow';

import type { OperationHandler } from '../../../shared/router';
import { getStatusProperties, getSystemStatus } from './getStatus';

export const systemProperties: INodeProperties[] = [
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
	...getStatusProperties,
];

export const systemHandlers: Record<string, OperationHandler> = { getStatus: getSystemStatus };
