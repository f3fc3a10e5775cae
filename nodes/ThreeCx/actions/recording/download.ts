import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type IN8nHttpFullResponse,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { timeoutFromOption, requestTimeoutOption } from '../../../shared/operationOptions';
import { fileNameOf, ownValue } from '../../../shared/values';
import { API_CREDENTIAL } from '../../constants';
import { apiRequest } from '../../transport';
import { baseUrlOf, isAbsoluteUrl, redactKey, sameOrigin } from '../../webApi';

const displayOptions = { show: { resource: ['recording'], operation: ['download'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Recording URL',
		name: 'recordingUrl',
		type: 'string',
		required: true,
		default: '={{ $json.recording?.url }}',
		placeholder: 'e.g. https://pbx.example.com:5001/webapi/recording/230307140234_35-1-1.mp3',
		description:
			'The URL of the recording, as in the Recording URL of a 3CX Webhook Trigger event, or just its file name: a file name is fetched from the credential’s Base URL under /webapi/recording/',
		displayOptions,
	},
	{
		displayName:
			'Only the server in the credential is contacted. A URL under /webapi/recording/ on another host name is fetched by its file name from the credential’s Base URL; any other URL on another host is refused, so that the access key and the self-signed allowance never go anywhere else.',
		name: 'recordingHostNotice',
		type: 'notice',
		default: '',
		displayOptions,
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the output binary field to put the file in',
		displayOptions,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions,
		options: [
			requestTimeoutOption(
				'How long n8n waits without receiving anything from the server before the download fails',
			),
		],
	},
];

const MIME_TYPES: Record<string, string> = {
	mp3: 'audio/mpeg',
	wav: 'audio/wav',
	ogg: 'audio/ogg',
	opus: 'audio/opus',
	m4a: 'audio/mp4',
	gsm: 'audio/gsm',
};

/** Fetches a recording into binary data, typed by the server or, failing that, by its extension. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const location = (this.getNodeParameter('recordingUrl', itemIndex) as string).trim();
	const binaryPropertyName = this.getNodeParameter('binaryPropertyName', itemIndex) as string;
	if (location === '') {
		throw new NodeOperationError(this.getNode(), 'The Recording URL is empty', {
			itemIndex,
			description:
				'Map recording.url from a 3CX Webhook Trigger “Recording Ready” event, or enter a recording’s file name.',
		});
	}
	// A file name or a path, read on the credential's server: without a name it is a folder.
	if (!isAbsoluteUrl(location) && fileNameOf(location) === null) {
		throw new NodeOperationError(this.getNode(), 'The Recording URL names no file', {
			itemIndex,
			description:
				'It ends in a folder. Map recording.url or recording.fileName from a 3CX Webhook Trigger “Recording Ready” event, or enter a recording’s file name (e.g. 230307140234_35-1-1.mp3).',
		});
	}
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const serverUrl = baseUrlOf(await this.getCredentials(API_CREDENTIAL, itemIndex));
	const url = recordingRequestUrl(location, serverUrl);
	if (url === null) {
		throw new NodeOperationError(
			this.getNode(),
			`The Recording URL is not on the 3CX server of the credential`,
			{
				itemIndex,
				description: `The node only contacts ${serverUrl}, so that the access key goes nowhere else. Map the recording’s file name, or a URL under /webapi/recording/, or correct the Base URL in the credential.`,
			},
		);
	}

	// A read, so retried like every GET; `.call` loses the request's type, hence the cast.
	const response = (await apiRequest.call(this, itemIndex, {
		method: 'GET',
		path: url,
		timeoutMs: timeoutFromOption(options.requestTimeout),
		returnFullResponse: true,
	})) as unknown as IN8nHttpFullResponse;
	// The shared request function reads a file's answer as bytes.
	const data = response.body as Buffer;
	const fileName = fileNameOf(url) ?? 'recording';
	const served = contentTypeOf(response.headers['content-type']);
	if (served.startsWith('text/') || served.includes('json')) {
		throw new NodeApiError(
			this.getNode(),
			{ body: redactKey(data.toString('utf8', 0, 300)) },
			{
				itemIndex,
				httpCode: String(response.statusCode),
				message: `The 3CX WebAPI answered with ${served} instead of a recording`,
				description: redactKey(data.toString('utf8', 0, 300)),
			},
		);
	}
	const mimeType = mimeTypeOf(served, fileName);
	const binary = await this.helpers.prepareBinaryData(data, fileName, mimeType);
	return [
		{
			json: { url: location, fileName, mimeType, fileSize: data.length },
			binary: { [binaryPropertyName]: binary },
		},
	];
}

/**
 * Where to fetch a recording: a URL on the credential's server as it is; a file name, or a URL
 * under /webapi/recording/ on another host (the PBX's other name), from the credential's server;
 * null for anything else on another host, which is never contacted.
 */
export function recordingRequestUrl(location: string, baseUrl: string): string | null {
	const onCredentialServer = (name: string) =>
		`/webapi/recording/${encodeURIComponent(name.slice(name.lastIndexOf('/') + 1))}`;
	if (!isAbsoluteUrl(location)) return onCredentialServer(location.split(/[?#]/)[0]);
	// The scheme test too: URLs of schemes without an origin (`foo:`) all have the same, "null".
	if (/^https?:/i.test(location) && sameOrigin(location, baseUrl)) return location;
	const base = 'http://unused.invalid';
	if (!URL.canParse(location, base)) return null;
	const name = /^\/webapi\/recording\/([^/]+)$/.exec(new URL(location, base).pathname)?.[1];
	if (name === undefined) return null;
	try {
		return onCredentialServer(decodeURIComponent(name));
	} catch {
		return null;
	}
}

/** A Content-Type header's media type, in lower case; empty when there is none. */
export function contentTypeOf(header: unknown): string {
	const value = Array.isArray(header) ? header[0] : header;
	return typeof value === 'string' ? value.split(';')[0].trim().toLowerCase() : '';
}

/** The served type, unless the server only says "some bytes": then the file extension decides. */
export function mimeTypeOf(served: string, fileName: string): string {
	if (served !== '' && served !== 'application/octet-stream') return served;
	const extension = fileName.slice(fileName.lastIndexOf('.') + 1).toLowerCase();
	return ownValue(MIME_TYPES, extension) ?? 'application/octet-stream';
}
