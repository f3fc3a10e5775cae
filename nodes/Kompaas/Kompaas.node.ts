import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { operationSubtitle } from '../shared/editor';
import { routeOperations } from '../shared/operationRouter';
import * as event from './actions/event';
import * as webhook from './actions/webhook';
import { getEvents } from './methods';

const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		default: 'webhook',
		options: [
			{ name: 'Event', value: 'event' },
			{ name: 'Webhook', value: 'webhook' },
		],
	},
	...webhook.description,
	...event.description,
];

export class Kompaas implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'KOMPaaS',
		name: 'kompaas',
		icon: { light: 'file:../../icons/kompaas.svg', dark: 'file:../../icons/kompaas.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: operationSubtitle(properties),
		description: 'Manage KOMPaaS (MCN Telecom) webhooks and list the events they can send',
		defaults: { name: 'KOMPaaS' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'kompaasApi', required: true }],
		properties,
	};

	methods = {
		loadOptions: { getEvents },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperations.call(this, {
			webhook: webhook.handlers,
			event: event.handlers,
		});
	}
}
