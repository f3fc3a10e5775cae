// Hand-built n8n contexts for the KOMPaaS unit tests: the trigger's webhook(), its lifecycle
// hooks (talking over real HTTP to the fake KOMPaaS API) and the action node's execute().
import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	WorkflowActivateMode,
} from 'n8n-workflow';

import { n8nHttpRequest, type SentRequest as WireRequest } from '../support/n8nHttp';
import {
	webhookContext as sharedWebhookContext,
	type WebhookRequestOptions,
} from '../support/webhookContext';

export interface SentRequest {
	method: string;
	url: string;
	headers: Record<string, string>;
	body?: unknown;
}

/** n8n's httpRequestWithAuthentication with KOMPaaS's Bearer and x-account-id headers. */
export function httpWithKompaasAuth(credentials: IDataObject, sent: SentRequest[] = []) {
	return async function (this: unknown, _type: string, options: IHttpRequestOptions) {
		const wire: WireRequest[] = [];
		try {
			return await n8nHttpRequest(
				options,
				(ready) => ({
					...ready,
					headers: {
						...ready.headers,
						authorization: `Bearer ${String(credentials.apiToken)}`,
						'x-account-id': String(credentials.accountId ?? ''),
						accept: 'application/json',
					},
				}),
				wire,
			);
		} finally {
			for (const request of wire) {
				sent.push({
					method: request.method,
					url: request.url,
					headers: request.headers,
					body: options.body,
				});
			}
		}
	};
}

export interface LogEntry {
	level: 'debug' | 'info' | 'warn' | 'error';
	message: string;
}

function logger(logs: LogEntry[]) {
	const at = (level: LogEntry['level']) => (message: string) => logs.push({ level, message });
	return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const NODE = {
	id: 'node-1',
	name: 'KOMPaaS Trigger',
	type: 'n8n-nodes-pbx.kompaasTrigger',
	typeVersion: 1,
	position: [0, 0] as [number, number],
	parameters: {},
	webhookId: '5b2c1f0e-8d7a-4c3b-9e21-0a1b2c3d4e5f',
};

export const PRODUCTION_URL = `http://127.0.0.1:5678/webhook/${NODE.webhookId}/kompaas`;
export const TEST_URL = `http://127.0.0.1:5678/webhook-test/${NODE.webhookId}/kompaas`;

export interface HookOptions {
	credentials: IDataObject;
	parameters?: IDataObject;
	staticData?: IDataObject;
	activation?: WorkflowActivateMode;
	url?: string;
	workflowName?: string;
}

/** An IHookFunctions for checkExists/create/delete; static data and logs stay inspectable. */
export function hookContext(options: HookOptions) {
	const staticData = options.staticData ?? {};
	const logs: LogEntry[] = [];
	const sent: SentRequest[] = [];
	const parameters: IDataObject = { setupMode: 'automatic', events: ['*'], ...options.parameters };
	const activation = options.activation ?? 'activate';
	const context = {
		getNode: () => NODE,
		getWorkflow: () => ({ id: 'wf-1', name: options.workflowName ?? 'Calls', active: true }),
		// As n8n does, a dotted name reads inside a collection (additionalOptions.kompaasEvents).
		getNodeParameter: (name: string, fallback?: unknown) =>
			name
				.split('.')
				.reduce<unknown>((value, key) => (value as IDataObject | undefined)?.[key], parameters) ??
			fallback,
		getNodeWebhookUrl: () => options.url ?? (activation === 'manual' ? TEST_URL : PRODUCTION_URL),
		getWorkflowStaticData: () => staticData,
		getActivationMode: () => activation,
		getMode: () => (activation === 'manual' ? 'manual' : 'trigger'),
		getCredentials: async () => options.credentials,
		logger: logger(logs),
		helpers: { httpRequestWithAuthentication: httpWithKompaasAuth(options.credentials, sent) },
	};
	return { context: context as unknown as IHookFunctions, staticData, logs, sent };
}

/** One request to the trigger's URL; the credential is the kompaasWebhookApi one. */
export type WebhookRequest = Pick<
	WebhookRequestOptions,
	'method' | 'body' | 'contentType' | 'headers' | 'query' | 'parameters' | 'staticData'
> & { credentials?: IDataObject };

/** An IWebhookFunctions for one request to the trigger's URL. */
export function webhookContext(req: WebhookRequest) {
	const { context, response, credentialTypes } = sharedWebhookContext({
		...req,
		parameters: { setupMode: 'automatic', events: ['*'], ...req.parameters },
		credentials: req.credentials ? { kompaasWebhookApi: req.credentials } : {},
		parseBody: false,
	});
	return { context, response, credentialTypes };
}

/** An IExecuteFunctions for the action node, one input item per parameter set. */
export function executeContext(
	items: IDataObject[],
	credentials: IDataObject,
	{ continueOnFail = false }: { continueOnFail?: boolean } = {},
) {
	const sent: SentRequest[] = [];
	const context = {
		getNode: () => ({ ...NODE, name: 'KOMPaaS', type: 'n8n-nodes-pbx.kompaas' }),
		getInputData: () => items.map(() => ({ json: {} })),
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			const parameters = items[itemIndex];
			if (name in parameters) return parameters[name];
			if (fallback !== undefined) return fallback;
			throw new Error(`Parameter ${name} not set`);
		},
		getCredentials: async () => credentials,
		continueOnFail: () => continueOnFail,
		helpers: {
			httpRequestWithAuthentication: httpWithKompaasAuth(credentials, sent),
			constructExecutionMetaData: (
				data: Array<{ json: IDataObject }>,
				{ itemData }: { itemData: { item: number } },
			) => data.map((item) => ({ ...item, pairedItem: itemData })),
		},
	};
	return { context: context as unknown as IExecuteFunctions, sent };
}
