import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { apiRequest } from '../../transport';

export const description: INodeProperties[] = [];

/** The PBX's status, as VoIPcloud reports it (its `data`, or the whole answer without one). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const body = await apiRequest.call(this, itemIndex, {
		method: 'GET',
		path: '/get-system-status',
	});
	const data = Array.isArray(body) ? body : body.data;
	if (Array.isArray(data)) return this.helpers.returnJsonArray(data as IDataObject[]);
	if (typeof data === 'object' && data !== null)
		return this.helpers.returnJsonArray(data as IDataObject);
	return this.helpers.returnJsonArray(body as IDataObject);
}
