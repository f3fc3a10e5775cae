import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { listWebhooks } from '../../transport';
import { limited, returnAllFields } from '../returnAll';
import { hideTriggerSecret } from '../../webhookHeaders';

export const description: INodeProperties[] = returnAllFields('webhook');

export async function execute(this: IExecuteFunctions, itemIndex: number) {
	const webhooks = await listWebhooks(this, itemIndex);
	return this.helpers.returnJsonArray(
		limited(
			this,
			itemIndex,
			webhooks.map((webhook) => hideTriggerSecret(webhook.raw)),
		),
	);
}
