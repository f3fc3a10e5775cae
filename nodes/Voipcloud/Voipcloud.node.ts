import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { routeOperations } from '../shared/operationRouter';
import * as call from './actions/call';
import * as system from './actions/system';

export class Voipcloud implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'VoIPcloud',
		name: 'voipcloud',
		icon: { light: 'file:../../icons/voipcloud.svg', dark: 'file:../../icons/voipcloud.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read call history and place calls with the VoIPcloud API',
		defaults: { name: 'VoIPcloud' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'voipcloudApi', required: true }],
		properties: [
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
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperations.call(this, { call: call.handlers, system: system.handlers });
	}
}
