// A hand-built IExecuteFunctions for action nodes: parameters per item, a credential, and
// httpRequestWithAuthentication sending real HTTP (undici) with the credential's generic
// authentication applied, the way n8n does for the options our transport uses.
import type {
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';

import { n8nHttpRequest, type SentRequest } from './n8nHttp';

export interface ActionContextOptions {
	/** Node parameters, one object per input item (or one for every item). */
	parameters: IDataObject | IDataObject[];
	credentials: IDataObject;
	credentialType: ICredentialType;
	items?: number;
	continueOnFail?: boolean;
	/** The node's Retry On Fail setting. */
	retryOnFail?: boolean;
}

export type { SentRequest };

const node: INode = {
	id: 'test-node',
	name: 'VoIPcloud',
	type: 'n8n-nodes-pbx.voipcloud',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function lookup(parameters: IDataObject, name: string): unknown {
	return name.split('.').reduce<unknown>((value, key) => (value as IDataObject)?.[key], parameters);
}

/** The credential's authenticate: generic headers, or its own function. */
export async function authenticateWith(
	type: ICredentialType,
	credentials: IDataObject,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const authenticate = type.authenticate as unknown;
	if (typeof authenticate === 'function') {
		return await (
			authenticate as (c: IDataObject, o: IHttpRequestOptions) => Promise<IHttpRequestOptions>
		).call(type, credentials, requestOptions);
	}
	const generic = authenticate as { properties: { headers?: IDataObject } } | undefined;
	const headers: IDataObject = { ...requestOptions.headers };
	for (const [name, value] of Object.entries(generic?.properties.headers ?? {})) {
		headers[name] = resolve(value, credentials);
	}
	return { ...requestOptions, headers };
}

/** `={{$credentials.apiKey}}` and the like, for the simple expressions credentials use. */
function resolve(template: unknown, credentials: IDataObject): string {
	return String(template)
		.replace(/^=/, '')
		.replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_, key) => String(credentials[key] ?? ''));
}

export function actionContext(options: ActionContextOptions) {
	const count =
		options.items ?? (Array.isArray(options.parameters) ? options.parameters.length : 1);
	const parametersOf = (index: number): IDataObject =>
		Array.isArray(options.parameters) ? options.parameters[index] : options.parameters;
	const sent: SentRequest[] = [];

	async function httpRequestWithAuthentication(
		this: unknown,
		credentialType: string,
		requestOptions: IHttpRequestOptions,
	) {
		if (credentialType !== options.credentialType.name) {
			throw new Error(`Unexpected credential type ${credentialType}`);
		}
		return await n8nHttpRequest(
			requestOptions,
			(ready) => authenticateWith(options.credentialType, options.credentials, ready),
			sent,
		);
	}

	const context = {
		getInputData: (): INodeExecutionData[] =>
			Array.from({ length: count }, (_, index) => ({ json: { index } })),
		getNode: () => ({ ...node, retryOnFail: options.retryOnFail === true }),
		getNodeParameter(name: string, itemIndex: number, fallback?: unknown) {
			const value = lookup(parametersOf(itemIndex), name);
			if (value !== undefined) return value;
			if (fallback !== undefined) return fallback;
			throw new Error(`Could not get parameter "${name}"`);
		},
		getCredentials: async () => options.credentials,
		logger: { debug() {}, info() {}, warn() {}, error() {} },
		continueOnFail: () => options.continueOnFail === true,
		helpers: {
			httpRequestWithAuthentication,
			prepareBinaryData: async (data: Buffer, fileName: string, mimeType: string) => ({
				data: data.toString('base64'),
				fileName,
				mimeType,
			}),
			constructExecutionMetaData: (
				items: INodeExecutionData[],
				{ itemData }: { itemData: { item: number } },
			) => items.map((item) => ({ ...item, pairedItem: itemData })),
		},
	};
	return { context: context as unknown as IExecuteFunctions, sent };
}
