import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { apiId } from '../../webhookApi';

export const nameField: INodeProperties = {
	displayName: 'Name',
	name: 'name',
	type: 'string',
	default: '',
	description: 'The webhook’s title in KOMPaaS',
};

export const urlField: INodeProperties = {
	displayName: 'URL',
	name: 'url',
	type: 'string',
	default: '',
	placeholder: 'https://example.com/hook',
	description: 'Where KOMPaaS sends the request',
};

export const eventField: INodeProperties = {
	displayName: 'Event Name or ID',
	name: 'event',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getEvents' },
	default: '',
	description:
		'The KOMPaaS event that sends the webhook. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const methodField: INodeProperties = {
	displayName: 'Method',
	name: 'method',
	type: 'options',
	default: 'post',
	options: [
		{ name: 'GET', value: 'get', description: 'Variables and query parameters in the URL' },
		{ name: 'POST', value: 'post', description: 'Variables in the request body' },
	],
};

export const bodyDataTypeField: INodeProperties = {
	displayName: 'Body Data Type',
	name: 'bodyDataType',
	type: 'options',
	default: 'json',
	options: [
		{ name: 'JSON', value: 'json' },
		{ name: 'Text', value: 'text', description: 'Free text in any format' },
	],
};

/** The optional fields, in the order n8n's lint wants (alphabetical by display name). */
export const optionalFields: INodeProperties[] = [
	{
		displayName: 'All Variables',
		name: 'allVariables',
		type: 'boolean',
		default: true,
		description: 'Whether to send every variable of the event, not only the ones in the body',
	},
	{
		displayName: 'Body',
		name: 'body',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		description:
			'Body template. Event variables are written as ${{name}}. With Body Data Type JSON it must be a JSON object.',
	},
	{
		displayName: 'Filter ID',
		name: 'filterId',
		type: 'number',
		default: 0,
		description: 'A KOMPaaS filter that decides which events send the webhook',
	},
	{
		displayName: 'Headers',
		name: 'headers',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		options: [
			{
				displayName: 'Header',
				name: 'header',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Ignore Response',
		name: 'ignoreResponse',
		type: 'boolean',
		default: false,
		description:
			'Whether KOMPaaS counts the webhook as delivered even when the URL fails (for slow servers)',
	},
	{
		displayName: 'Query Parameters',
		name: 'query',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		options: [
			{
				displayName: 'Parameter',
				name: 'parameter',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Retry on Error',
		name: 'retryOnError',
		type: 'boolean',
		default: true,
		description: 'Whether KOMPaaS sends the webhook again when the URL answers with an error',
	},
];

function pairs(collection: unknown, key: string): IDataObject {
	const entries = ((collection as IDataObject | undefined)?.[key] ?? []) as IDataObject[];
	const result: IDataObject = {};
	for (const { name, value } of entries) {
		if (typeof name === 'string' && name.trim() !== '') result[name.trim()] = value ?? '';
	}
	return result;
}

function body(
	this: IExecuteFunctions,
	text: string,
	dataType: unknown,
	itemIndex: number,
): IDataObject | string | null {
	if (text.trim() === '') return null;
	if (dataType !== 'json') return text;
	try {
		return JSON.parse(text) as IDataObject;
	} catch (error) {
		throw new NodeOperationError(this.getNode(), 'Body is not valid JSON', {
			description: `${(error as Error).message}. Use Body Data Type Text for a free-form body.`,
			itemIndex,
		});
	}
}

/** Node parameters → the fields of /webhook/create and /webhook/update. Only set ones appear. */
export function toApiFields(
	this: IExecuteFunctions,
	values: IDataObject,
	itemIndex: number,
	bodyDataType: unknown,
): IDataObject {
	const fields: IDataObject = {};
	const set = (name: string, value: unknown) => {
		if (value !== undefined) fields[name] = value as IDataObject[string];
	};
	set('name', values.name);
	set('url', values.url);
	set('method', values.method);
	set('bodyDataType', values.bodyDataType);
	if (values.event !== undefined && values.event !== '')
		set('event_id', apiId(String(values.event)));
	if (values.headers !== undefined) set('headers', pairs(values.headers, 'header'));
	if (values.query !== undefined) set('query', pairs(values.query, 'parameter'));
	if (values.body !== undefined)
		set('body', body.call(this, String(values.body), bodyDataType, itemIndex));
	set('is_retriable', values.retryOnError);
	if (values.filterId !== 0) set('filter_id', values.filterId);
	set('allVariables', values.allVariables);
	set('ignore_response', values.ignoreResponse);
	return fields;
}
