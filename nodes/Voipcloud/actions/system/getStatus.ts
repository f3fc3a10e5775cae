import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { jsonItems } from '../../../shared/router';
import { voipcloudRequest } from '../../transport';

export const getStatusProperties: INodeProperties[] = [];

/** The PBX's status, as VoIPcloud reports it (its `data`, or the whole answer without one). */
export async function getSystemStatus(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const body = await voipcloudRequest.call(this, itemIndex, {
		method: 'GET',
		endpoint: 'get-system-status',
	});
	const data = Array.isArray(body) ? body : body.data;
	if (Array.isArray(data)) return jsonItems(data as IDataObject[]);
	if (typeof data === 'object' && data !== null) return jsonItems(data as IDataObject);
	return jsonItems(body as IDataObject);
}
