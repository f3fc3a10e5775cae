import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** Return All + Limit for a Get Many operation. */
export function returnAllFields(resource: string): INodeProperties[] {
	const displayOptions = { show: { resource: [resource], operation: ['getAll'] } };
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions,
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { ...displayOptions.show, returnAll: [false] } },
		},
	];
}

/** KOMPaaS documents no paging: the whole list comes in one answer and is cut here. */
export function limited(
	context: IExecuteFunctions,
	itemIndex: number,
	entries: IDataObject[],
): IDataObject[] {
	if (context.getNodeParameter('returnAll', itemIndex, false) as boolean) return entries;
	return entries.slice(0, context.getNodeParameter('limit', itemIndex, 50) as number);
}
