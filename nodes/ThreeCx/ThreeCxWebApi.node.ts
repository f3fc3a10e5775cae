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
import { makeCall, makeCallProperties } from './actions/call/make';
import { downloadRecording, downloadRecordingProperties } from './actions/recording/download';

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
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'make',
		displayOptions: { show: { resource: ['call'] } },
		options: [
			{
				name: 'Make',
				value: 'make',
				description: 'Ring an extension, then connect it to a number (click-to-call)',
				action: 'Make a call',
			},
		],
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'download',
		displayOptions: { show: { resource: ['recording'] } },
		options: [
			{
				name: 'Download',
				value: 'download',
				description: 'Fetch a call recording into binary data',
				action: 'Download a recording',
			},
		],
	},
	...makeCallProperties,
	...downloadRecordingProperties,
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
			call: { make: makeCall },
			recording: { download: downloadRecording },
		});
	}
}
