import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

// Return All and Limit, the two fields of every Get Many, and what they ask for.

/** Return All + Limit for a Get Many operation of `resource`. */
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

/**
 * How many entries the Get Many returns: Infinity with Return All, else its Limit. n8n fills in
 * both fields' defaults, and drops Limit only when Return All is on.
 */
export function wantedCount(context: IExecuteFunctions, itemIndex: number): number {
	if (context.getNodeParameter('returnAll', itemIndex) as boolean) return Infinity;
	return context.getNodeParameter('limit', itemIndex) as number;
}

/** A whole list the API sent in one answer (KOMPaaS documents no paging), cut to the Limit. */
export function limited(
	context: IExecuteFunctions,
	itemIndex: number,
	entries: IDataObject[],
): IDataObject[] {
	return entries.slice(0, wantedCount(context, itemIndex));
}
