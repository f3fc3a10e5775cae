import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { refuseRetryOnFail } from '../../../shared/operationOptions';
import { duplicateWebhook } from '../../webhookApi';
import { webhookIdField } from './update';
import { hideTriggerSecret } from '../../webhookHeaders';

const displayOptions = { show: { resource: ['webhook'], operation: ['duplicate'] } };

export const description: INodeProperties[] = [{ ...webhookIdField, displayOptions }];

export async function execute(this: IExecuteFunctions, itemIndex: number) {
	const id = String(this.getNodeParameter('webhookId', itemIndex)).trim();
	refuseRetryOnFail(this, itemIndex, 'Duplicate Webhook');
	const webhook = await duplicateWebhook(this, id, itemIndex);
	return this.helpers.returnJsonArray(hideTriggerSecret(webhook.raw));
}
