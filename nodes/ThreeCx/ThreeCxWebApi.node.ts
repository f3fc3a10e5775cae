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
import * as recording from './actions/recording';

const properties: INodeProperties[] = [
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
];

export class ThreeCxWebApi implements INodeType {
	description: INodeTypeDescription = {
		displayName: '3CX WebAPI',
		name: 'threeCxWebApi',
		icon: { light: 'file:../../icons/3cx.svg', dark: 'file:../../icons/3cx.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: operationSubtitle(properties),
		description: 'Place calls and download recordings through the 3CX WebAPI add-on',
		defaults: { name: '3CX WebAPI' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'threeCxWebApi', required: true }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperations.call(this, {
			call: call.handlers,
			recording: recording.handlers,
		});
	}
}
