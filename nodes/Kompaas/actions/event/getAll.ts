import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { listEventEntries } from '../../webhookApi';
import { limited, returnAllFields } from '../../../shared/returnAll';

export const description: INodeProperties[] = returnAllFields('event');

export async function execute(this: IExecuteFunctions, itemIndex: number) {
	return this.helpers.returnJsonArray(
		limited(this, itemIndex, await listEventEntries(this, itemIndex)),
	);
}
