import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { routeOperations } from '../shared/operationRouter';
import * as call from './actions/call';
import * as recording from './actions/recording';

export class ThreeCxWebApi implements INodeType {
	description: INodeTypeDescription = {
		displayName: '3CX WebAPI',
		name: 'threeCxWebApi',
		icon: { light: 'file:../../icons/3cx.svg', dark: 'file:../../icons/3cx.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Place calls and download recordings through the 3CX WebAPI add-on',
		defaults: { name: '3CX WebAPI' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'threeCxWebApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'call',
				options: [
					{ name: 'Call', value: 'call' },
					{ name: 'Recording', value: 'recording' },
				],
			},
			...call.description,
			...recording.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperations.call(this, {
			call: call.handlers,
			recording: recording.handlers,
		});
	}
}
