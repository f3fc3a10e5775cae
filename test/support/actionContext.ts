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
import { request } from 'undici';

export interface ActionContextOptions {
	/** Node parameters, one object per input item (or one for every item). */
	parameters: IDataObject | IDataObject[];
	credentials: IDataObject;
	credentialType: ICredentialType;
	items?: number;
	continueOnFail?: boolean;
}

export interface SentRequest {
	method: string;
	url: string;
	headers: Record<string, string>;
	body?: string;
}

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
		const authenticate = options.credentialType.authenticate as
			| { properties: { headers?: IDataObject } }
			| undefined;
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(requestOptions.headers ?? {})) {
			headers[name.toLowerCase()] = String(value);
		}
		for (const [name, value] of Object.entries(authenticate?.properties.headers ?? {})) {
			headers[name.toLowerCase()] = resolve(value, options.credentials);
		}
		const url = new URL(requestOptions.url);
		for (const [name, value] of Object.entries(requestOptions.qs ?? {})) {
			if (value !== undefined) url.searchParams.set(name, String(value));
		}
		let body: string | undefined;
		if (typeof requestOptions.body === 'string') body = requestOptions.body;
		else if (requestOptions.body !== undefined) {
			body = JSON.stringify(requestOptions.body);
			headers['content-type'] ??= 'application/json';
		}
		const method = requestOptions.method ?? 'GET';
		sent.push({ method, url: url.toString(), headers, body });

		const res = await request(url, { method, headers, body });
		const text = await res.body.text();
		const contentType = String(res.headers['content-type'] ?? '');
		let parsed: unknown = text;
		if (contentType.includes('json') && text !== '') parsed = JSON.parse(text);
		if (!requestOptions.ignoreHttpStatusErrors && res.statusCode >= 400) {
			throw new Error(`Request failed with status code ${res.statusCode}`);
		}
		if (!requestOptions.returnFullResponse) return parsed;
		return {
			body: parsed,
			headers: res.headers as IDataObject,
			statusCode: res.statusCode,
			statusMessage: '',
		};
	}

	const context = {
		getInputData: (): INodeExecutionData[] =>
			Array.from({ length: count }, (_, index) => ({ json: { index } })),
		getNode: () => node,
		getNodeParameter(name: string, itemIndex: number, fallback?: unknown) {
			const value = lookup(parametersOf(itemIndex), name);
			if (value !== undefined) return value;
			if (fallback !== undefined) return fallback;
			throw new Error(`Could not get parameter "${name}"`);
		},
		getCredentials: async () => options.credentials,
		continueOnFail: () => options.continueOnFail === true,
		helpers: {
			httpRequestWithAuthentication,
			constructExecutionMetaData: (
				items: INodeExecutionData[],
				{ itemData }: { itemData: { item: number } },
			) => items.map((item) => ({ ...item, pairedItem: itemData })),
		},
	};
	return { context: context as unknown as IExecuteFunctions, sent };
}
