import { randomBytes } from 'crypto';
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { toE164 } from '../../../shared/e164';
import {
	refuseRetryOnFail,
	timeoutFromOption,
	requestTimeoutOption,
} from '../../../shared/operationOptions';
import { apiRequest } from '../../transport';

const displayOptions = { show: { resource: ['call'], operation: ['make'] } };

export type RequestEncoding = 'form' | 'json';

export const description: INodeProperties[] = [
	{
		displayName:
			'The user’s phones ring first; when the user answers, VoIPcloud dials the number. A call is never retried automatically, so leave “Retry On Fail” off in this node’s settings.',
		name: 'makeNotice',
		type: 'notice',
		default: '',
		displayOptions,
	},
	{
		displayName: 'User Extension',
		name: 'userNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 101',
		displayOptions,
		description: 'Extension of the user whose phones ring first',
	},
	{
		displayName: 'Number to Call',
		name: 'numberToCall',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. +61298765432',
		displayOptions,
		description:
			'The destination in E.164 format: + and the country code, no leading 0. Spaces and dashes are ignored.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions,
		options: [
			{
				displayName: 'Caller ID',
				name: 'callerId',
				type: 'string',
				default: '',
				placeholder: 'e.g. +61280000100',
				description: 'Number shown to the person called, when not the user’s default',
			},
			{
				displayName: 'Request Encoding',
				name: 'encoding',
				type: 'options',
				default: 'form',
				options: [
					{
						name: 'Form Data',
						value: 'form',
						description: 'Multipart form, as most working integrations send it',
					},
					{ name: 'JSON', value: 'json' },
				],
				description:
					'Leave on Form Data: it is what integrations that place calls through VoIPcloud send. JSON is here in case VoIPcloud’s support asks for it.',
			},
			requestTimeoutOption(
				'How long n8n waits for VoIPcloud’s answer before the node fails. The call is never sent twice: after a timeout, check in VoIPcloud whether it was placed.',
			),
		],
	},
];

export interface CallRequest {
	user_number: string;
	number_to_call: string;
	caller_id?: string;
}

/** The call-to-number fields, checked before anything is sent. */
export function callRequest(
	node: INode,
	itemIndex: number,
	parameters: { userNumber: unknown; numberToCall: unknown; callerId?: unknown },
): CallRequest {
	const fail = (message: string, description: string) =>
		new NodeOperationError(node, `${message} [item ${itemIndex}]`, { itemIndex, description });

	const userNumber = String(parameters.userNumber ?? '').trim();
	if (!/^\d{1,10}$/.test(userNumber)) {
		throw fail(
			`The user extension "${userNumber}" is not an extension number`,
			'Use the extension of a VoIPcloud user, e.g. 101.',
		);
	}
	const numberToCall = toE164(parameters.numberToCall);
	if (numberToCall === null) {
		throw fail(
			`The number to call "${String(parameters.numberToCall ?? '')}" is not in E.164 format`,
			'Write it with + and the country code, without the leading 0: e.g. 0298765432 in Australia is +61298765432. Nothing was sent.',
		);
	}
	const request: CallRequest = { user_number: userNumber, number_to_call: numberToCall };
	const callerId = String(parameters.callerId ?? '').replace(/[\s\-().]/g, '');
	if (callerId !== '') {
		if (!/^\+?\d{3,15}$/.test(callerId)) {
			throw fail(
				`The caller ID "${String(parameters.callerId)}" is not a phone number`,
				'Use one of your VoIPcloud numbers, e.g. +61280000100. Nothing was sent.',
			);
		}
		request.caller_id = callerId;
	}
	return request;
}

/** The body and content type of a call-to-number request in the chosen encoding. */
export function encodeCallRequest(
	request: CallRequest,
	encoding: RequestEncoding,
	boundary = `n8nVoipcloud${randomBytes(12).toString('hex')}`,
): { body: string | IDataObject; headers: IDataObject } {
	if (encoding === 'json') {
		return { body: { ...request }, headers: { 'content-type': 'application/json' } };
	}
	// The values are digits and "+" only (checked above), so they need no escaping.
	const parts = Object.entries(request).map(
		([name, value]) =>
			`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
	);
	return {
		body: `${parts.join('')}--${boundary}--\r\n`,
		headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
	};
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const request = callRequest(this.getNode(), itemIndex, {
		userNumber: this.getNodeParameter('userNumber', itemIndex),
		numberToCall: this.getNodeParameter('numberToCall', itemIndex),
		callerId: options.callerId,
	});
	const encoding = options.encoding === 'json' ? 'json' : 'form';
	const { body, headers } = encodeCallRequest(request, encoding);
	refuseRetryOnFail(this, itemIndex, 'Make Call');
	const response = await apiRequest.call(this, itemIndex, {
		method: 'POST',
		path: '/call-to-number',
		body,
		headers,
		placesCall: true,
		timeoutMs: timeoutFromOption(options.requestTimeout),
	});
	return this.helpers.returnJsonArray({
		success: true,
		userNumber: request.user_number,
		numberToCall: request.number_to_call,
		callerId: request.caller_id ?? null,
		response: Array.isArray(response) ? { data: response } : response,
	});
}
