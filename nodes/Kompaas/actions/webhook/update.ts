import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { listWebhooks, updateWebhook, webhookFields } from '../../transport';
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

const displayOptions = { show: { resource: ['webhook'], operation: ['update'] } };

export const webhookIdField: INodeProperties = {
	displayName: 'Webhook ID',
	name: 'webhookId',
	type: 'string',
	required: true,
	default: '',
	description: 'The ID of the webhook, as Get Many returns it',
};

export const description: INodeProperties[] = [
	{ ...webhookIdField, displayOptions },
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions,
		options: [
			...optionalFields,
			bodyDataTypeField,
			eventField,
			methodField,
			nameField,
			urlField,
		].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
];

/**
 * KOMPaaS does not document whether /webhook/update takes only the changed fields, so the
 * webhook is read first and sent back whole with the changes applied.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number) {
	const id = String(this.getNodeParameter('webhookId', itemIndex)).trim();
	const changes = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const current = (await listWebhooks(this, itemIndex)).find((webhook) => webhook.id === id);
	if (!current) {
		throw new NodeOperationError(this.getNode(), `KOMPaaS has no webhook with ID "${id}"`, {
			description: 'Use Webhook → Get Many to see the IDs of this account’s webhooks.',
			itemIndex,
		});
	}
	const base = webhookFields(current.raw);
	const bodyDataType = changes.bodyDataType ?? base.bodyDataType;
	const fields = { ...base, ...toApiFields.call(this, changes, itemIndex, bodyDataType) };
	const webhook = await updateWebhook(this, id, fields, itemIndex);
	return this.helpers.returnJsonArray(hideTriggerSecret({ ...current.raw, ...webhook.raw }));
}
