import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { redact, webApiRequest } from '../../transport';

const show = { show: { resource: ['recording'], operation: ['download'] } };

export const downloadRecordingProperties: INodeProperties[] = [
	{
		displayName: 'Recording URL',
		name: 'recordingUrl',
		type: 'string',
		required: true,
		default: '={{ $json.recording?.url }}',
		placeholder: 'e.g. https://pbx.example.com:5001/webapi/recording/230307140234_35-1-1.mp3',
		description:
			'The URL of the recording, as in the Recording URL of a 3CX Webhook Trigger event, or just its file name: a file name is fetched from the credential’s Base URL under /webapi/recording/',
		displayOptions: show,
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the output binary field to put the file in',
		displayOptions: show,
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
export async function downloadRecording(
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
	const url = /^https?:\/\//i.test(location)
		? location
		: `/webapi/recording/${encodeURIComponent(location.replace(/^.*\//, ''))}`;

	const response = await webApiRequest.call(this, itemIndex, {
		method: 'GET',
		url,
		encoding: 'arraybuffer',
		json: false,
	});
	const data = Buffer.isBuffer(response.body)
		? response.body
		: Buffer.from(response.body as ArrayBuffer);
	const fileName = fileNameOf(url);
	const served = contentTypeOf(response.headers['content-type']);
	if (served.startsWith('text/') || served.includes('json')) {
		throw new NodeOperationError(
			this.getNode(),
			`The 3CX WebAPI answered with ${served} instead of a recording`,
			{
				itemIndex,
				description: redact(data.toString('utf8', 0, 300)),
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

function fileNameOf(url: string): string {
	const path = url.split(/[?#]/)[0];
	const name = path.slice(path.lastIndexOf('/') + 1);
	try {
		return decodeURIComponent(name) || 'recording';
	} catch {
		return name || 'recording';
	}
}

function contentTypeOf(header: unknown): string {
	const value = Array.isArray(header) ? header[0] : header;
	return typeof value === 'string' ? value.split(';')[0].trim().toLowerCase() : '';
}

/** The served type, unless the server only says "some bytes": then the file extension decides. */
export function mimeTypeOf(served: string, fileName: string): string {
	if (served !== '' && served !== 'application/octet-stream') return served;
	const extension = fileName.slice(fileName.lastIndexOf('.') + 1).toLowerCase();
	return MIME_TYPES[extension] ?? 'application/octet-stream';
}
