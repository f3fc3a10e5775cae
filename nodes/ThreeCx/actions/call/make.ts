import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import {
	refuseRetryOnFail,
	timeoutFromOption,
	requestTimeoutOption,
} from '../../../shared/operationOptions';
import { apiRequest } from '../../transport';
import { webApiPath } from '../../webApi';

const displayOptions = { show: { resource: ['call'], operation: ['make'] } };

export const description: INodeProperties[] = [
	{
		displayName:
			'Each run places a real call: the extension rings first, then 3CX dials the number. n8n never repeats it by itself; leave “Retry On Fail” off in the node settings.',
		name: 'makeCallNotice',
		type: 'notice',
		default: '',
		displayOptions,
	},
	{
		displayName: 'Extension',
		name: 'extension',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 117',
		description: 'The extension that places the call; it rings first (the WebAPI’s “first”)',
		displayOptions,
	},
	{
		displayName: 'Number to Call',
		name: 'number',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 05552221133',
		description: 'The number 3CX dials once the extension answers (the WebAPI’s “second”)',
		displayOptions,
	},
	{
		// Shown as Options like VoIPcloud's Make Call; saved workflows hold `additionalFields`.
		displayName: 'Options',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions,
		options: [
			{
				displayName: 'Device',
				name: 'contact',
				type: 'string',
				default: '',
				placeholder: 'e.g. 100',
				description: 'Which of the extension’s devices rings (the WebAPI’s “contact”)',
			},
			{
				displayName: 'PBX Timeout (Ms)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 2000,
				description:
					'How long the add-on waits for 3CX to accept the call (the WebAPI’s “timeout”); not how long n8n waits, which is Node Timeout',
			},
			requestTimeoutOption(
				'How long n8n waits for the WebAPI’s answer before the node fails. The call is never sent twice: after a timeout, check whether it was placed.',
			),
		],
	},
];

/** `GET /webapi/{key}/makecall?first=…&second=…` (Creomate’s WebAPI docs), answered with `{ chid }`. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const extension = (this.getNodeParameter('extension', itemIndex) as string).trim();
	const number = (this.getNodeParameter('number', itemIndex) as string).trim();
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const qs: IDataObject = { first: extension, second: number };
	if (typeof additional.contact === 'string' && additional.contact.trim() !== '') {
		qs.contact = additional.contact.trim();
	}
	if (typeof additional.timeout === 'number') qs.timeout = additional.timeout;

	refuseRetryOnFail(this, itemIndex, 'Make Call');
	const answer = await apiRequest.call(this, itemIndex, {
		method: 'GET',
		path: webApiPath('makecall'),
		qs,
		timeoutMs: timeoutFromOption(additional.requestTimeout),
		placesCall: true,
	});
	return this.helpers.returnJsonArray({ ...answer, extension, number });
}
