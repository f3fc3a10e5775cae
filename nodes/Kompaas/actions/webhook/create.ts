import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { refuseRetryOnFail } from '../../../shared/operationOptions';
import { createWebhook } from '../../webhookApi';
import {
	bodyDataTypeField,
	eventField,
	methodField,
	nameField,
	optionalFields,
	toApiFields,
	urlField,
} from './fields';
import { hideTriggerSecret } from '../../webhookHeaders';

const displayOptions = { show: { resource: ['webhook'], operation: ['create'] } };

export const description: INodeProperties[] = [
	{ ...nameField, required: true, displayOptions },
	{ ...urlField, required: true, displayOptions },
	{ ...eventField, required: true, displayOptions },
	{ ...methodField, displayOptions },
	{ ...bodyDataTypeField, displayOptions },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions,
		options: optionalFields,
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number) {
	const values: IDataObject = {
		name: this.getNodeParameter('name', itemIndex),
		url: this.getNodeParameter('url', itemIndex),
		event: this.getNodeParameter('event', itemIndex),
		method: this.getNodeParameter('method', itemIndex),
		bodyDataType: this.getNodeParameter('bodyDataType', itemIndex),
		...(this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject),
	};
	const fields = {
		headers: {},
		query: {},
		body: null,
		is_retriable: true,
		allVariables: true,
		ignore_response: false,
		...toApiFields.call(this, values, itemIndex, values.bodyDataType),
	};
	refuseRetryOnFail(this, itemIndex, 'Create Webhook');
	const webhook = await createWebhook(this, fields, itemIndex);
	return this.helpers.returnJsonArray(hideTriggerSecret(webhook.raw));
}
