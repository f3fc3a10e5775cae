import type { INodeProperties } from 'n8n-workflow';

import type { OperationHandler } from '../../../shared/router';
import { getManyCalls, getManyProperties } from './getMany';
import { makeCall, makeProperties } from './make';

export const callProperties: INodeProperties[] = [
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
	...getManyProperties,
	...makeProperties,
];

export const callHandlers: Record<string, OperationHandler> = {
	getAll: getManyCalls,
	make: makeCall,
};
