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
import * as call from './actions/call';
import * as system from './actions/system';

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
	...call.description,
	...system.description,
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
		credentials: [{ name: 'voipcloudApi', required: true }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperations.call(this, { call: call.handlers, system: system.handlers });
	}
}
