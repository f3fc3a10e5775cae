import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { operationSubtitle } from '../shared/editor';
import { routeOperations } from '../shared/router';
import { callHandlers, callProperties } from './actions/call';
import { systemHandlers, systemProperties } from './actions/system';
import { VOIPCLOUD_API_CREDENTIAL } from './transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		default: 'call',
		options: [
			{ name: 'Call', value: 'call' },
			{ name: 'System', value: 'system' },
		],
	},
	...callProperties,
	...systemProperties,
];

export class Voipcloud implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'VoIPcloud',
		name: 'voipcloud',
		icon: { light: 'file:../../icons/voipcloud.svg', dark: 'file:../../icons/voipcloud.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: operationSubtitle(properties),
		description: 'Read call history and place calls with the VoIPcloud API',
		defaults: { name: 'VoIPcloud' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: VOIPCLOUD_API_CREDENTIAL, required: true }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperations.call(this, { call: callHandlers, system: systemHandlers });
	}
}
