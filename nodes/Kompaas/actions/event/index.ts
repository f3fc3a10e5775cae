import type { INodeProperties } from 'n8n-workflow';

import type { OperationHandler } from '../../../shared/router';
import * as getAll from './getAll';

export const operations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['event'] } },
	default: 'getAll',
	options: [{ name: 'Get Many', value: 'getAll', action: 'Get many events' }],
};

export const fields: INodeProperties[] = [...getAll.description];

export const handlers: Record<string, OperationHandler> = { getAll: getAll.execute };
