// Every trigger of the package behind one function: a request that passes the trigger's secret
// check (unless told otherwise) goes into its webhook(), and the answer comes back. Used by the
// robustness tests and the fuzzer, which must treat the three triggers alike.
import { randomBytes } from 'crypto';
import type { IDataObject, IWebhookResponseData, IWorkflowSettings } from 'n8n-workflow';

import { registeredSecret } from '../../nodes/Kompaas/webhookStore';
import { callWebhook, type NodeTypeName, type WebhookResponse } from './n8nEngine';

export type PbxName = 'voipcloud' | 'kompaas' | '3cx';

export const PBX_NAMES: PbxName[] = ['voipcloud', 'kompaas', '3cx'];

/** Fresh secrets each run. */
export const TRIGGER_SECRETS: Record<PbxName, string> = {
	voipcloud: `Vc${randomBytes(12).toString('hex')}`,
	kompaas: randomBytes(24).toString('hex'),
	'3cx': `Tcx${randomBytes(12).toString('hex')}`,
};

export interface TriggerRequest {
	method?: string;
	/** The body: a string or bytes exactly as sent; objects and arrays are sent as JSON. */
	body?: unknown;
	contentType?: string;
	/** Headers besides the secret and content-type. */
	headers?: Record<string, string | string[]>;
	/** The query as n8n parses it; the 3CX token is added to it. */
	query?: IDataObject;
	/** The secret to send: the trigger's own unless given; null sends none. */
	secret?: string | null;
	parameters?: IDataObject;
	/** The workflow's settings (its `timezone`); UTC unless given. */
	workflowSettings?: IWorkflowSettings;
}

export interface TriggerAnswer {
	/** Milliseconds the trigger's webhook() took (the request's own work). */
	ms: number;
	result: IWebhookResponseData;
	response: WebhookResponse;
	warnings: string[];
}

const NODE_TYPES: Record<PbxName, NodeTypeName> = {
	voipcloud: 'voipcloudTrigger',
	kompaas: 'kompaasTrigger',
	'3cx': 'threeCxWebhookTrigger',
};

/** Sends one request into a trigger's webhook(), as n8n would hand it over. */
export async function callTrigger(pbx: PbxName, request: TriggerRequest): Promise<TriggerAnswer> {
	const secret = request.secret === undefined ? TRIGGER_SECRETS[pbx] : request.secret;
	const headers: Record<string, string | string[]> = { ...request.headers };
	const query: IDataObject = { ...request.query };
	let staticData: IDataObject = {};
	let credentials: Record<string, IDataObject> = {};
	if (pbx === 'voipcloud') {
		if (secret !== null) headers['x-pbx-token'] = secret;
		credentials = {
			voipcloudWebhookApi: { secretToken: TRIGGER_SECRETS.voipcloud, componentSecretToken: '' },
		};
	} else if (pbx === 'kompaas') {
		if (secret !== null) headers['x-n8n-webhook-secret'] = secret;
		staticData = registeredSecret(TRIGGER_SECRETS.kompaas) as IDataObject;
	} else {
		if (secret !== null) query.token = secret;
		credentials = { threeCxWebhookApi: { secret: TRIGGER_SECRETS['3cx'] } };
	}
	const started = Date.now();
	const call = await callWebhook({
		type: NODE_TYPES[pbx],
		parameters: { events: ['*'], ...request.parameters },
		credentials,
		staticData,
		workflowSettings: request.workflowSettings,
		request: {
			method: request.method,
			body: request.body,
			contentType: request.contentType,
			headers,
			query,
			ip: '127.0.0.1',
		},
	});
	const ms = Date.now() - started;
	const warnings = call.logs
		.filter((log) => log.level === 'warn' || log.level === 'error')
		.map((log) => log.message);
	return { ms, result: call.result, response: call.response, warnings };
}
