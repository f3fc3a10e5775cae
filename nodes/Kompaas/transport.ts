import {
	NodeApiError,
	type IAllExecuteFunctions,
	type IDataObject,
	type JsonObject,
} from 'n8n-workflow';

import {
	describeNetworkFailure,
	NO_RETRY,
	sendAuthenticated,
	withSecretsRedacted,
	worstCaseMs,
	type ApiAnswer,
	type ApiFailure,
	type ApiRequest,
	type RetryPolicy,
} from '../shared/http';
import { isObject, toText } from '../shared/values';

import { KOMPAAS_API_CREDENTIAL, KOMPAAS_DEFAULT_BASE_URL } from './constants';

/**
 * Reads may be sent again after a 429, 502, 503 or 504 or a connection reset (after 1 s, then
 * 2 s, or a Retry-After of at most 10 s); writes never are: a create whose answer was lost may
 * have created the webhook, which the trigger adopts on its next activation.
 */
export const READ_RETRY: RetryPolicy = { retries: 2, initialWaitMs: 1000, maxWaitMs: 10_000 };

/** Every KOMPaaS request fails after this long without an answer. */
export const KOMPAAS_TIMEOUT_MS = 30_000;

/**
 * One call to the KOMPaaS integration API; returns its JSON answer, `{ ok, result }` as KOMPaaS
 * sent it (the full response with `returnFullResponse`); {@link resultOf} reads the result.
 * KOMPaaS reports errors inside an HTTP 200 body (`{ ok: false, error, name }`), so `ok` is
 * checked as well as the status. Also called from the trigger's lifecycle and the editor's
 * option lists, which have no item: `itemIndex` is then undefined.
 */
export async function kompaasRequest(
	this: IAllExecuteFunctions,
	itemIndex: number | undefined,
	request: ApiRequest,
): Promise<ApiAnswer> {
	return await withSecretsRedacted(
		this,
		KOMPAAS_API_CREDENTIAL,
		['apiToken'],
		async () => await sendRequest.call(this, itemIndex, request),
	);
}

async function sendRequest(
	this: IAllExecuteFunctions,
	itemIndex: number | undefined,
	request: ApiRequest,
): Promise<ApiAnswer> {
	const { method, path, qs, body } = request;
	const credentials = await this.getCredentials(KOMPAAS_API_CREDENTIAL);
	const baseUrl = String(credentials.baseUrl || KOMPAAS_DEFAULT_BASE_URL).replace(/\/+$/, '');
	const url = `${baseUrl}${path}`;
	const node = this.getNode();

	const retry = method === 'GET' ? READ_RETRY : NO_RETRY;
	const exchange = await sendAuthenticated(
		this,
		KOMPAAS_API_CREDENTIAL,
		{
			method,
			url,
			qs,
			body,
			...(request.headers ? { headers: request.headers } : {}),
			...(request.returnFullResponse ? { encoding: 'arraybuffer', json: false } : { json: true }),
		},
		retry,
		request.timeoutMs ?? KOMPAAS_TIMEOUT_MS,
	);
	const { response } = exchange;
	if (response === undefined) {
		const cause = describeNetworkFailure(exchange);
		// The cause goes in the message: n8n would replace a message naming a network error code.
		throw new NodeApiError(node, { cause } as JsonObject, {
			message: `The KOMPaaS API at ${baseUrl} did not answer (${method} ${path}): ${cause}`,
			description:
				method === 'GET'
					? `Check the Base URL in the KOMPaaS API credential and that KOMPaaS is reachable from n8n. A read waits at most ${Math.round(worstCaseMs(exchange.timeoutMs, retry) / 1000)} s, retries included.`
					: `${exchange.failure?.answerBegun ? 'The request reached a server, so the change may have been made. ' : ''}Check the Base URL in the KOMPaaS API credential and that KOMPaaS is reachable from n8n. A change is never sent twice: if it reached KOMPaaS, the KOMPaaS Trigger adopts the webhook on its next activation; check Webhook → Get Many before creating it again.`,
			itemIndex,
			failure: { cause: 'temporarily-unavailable' },
		});
	}

	const data = request.returnFullResponse ? null : parseBody(response.body);
	const failure = describeFailure(response, request, exchange.attempts - 1);
	if (failure) {
		throw new NodeApiError(node, (data ?? {}) as JsonObject, {
			message: failure.message,
			description: failure.description,
			httpCode: String(failure.status),
			itemIndex,
		});
	}
	if (request.returnFullResponse) return response as unknown as ApiAnswer;
	if (data === null) {
		throw new NodeApiError(
			node,
			{ body: String(response.body).slice(0, 500) },
			{
				message: `KOMPaaS sent an answer that is not its API’s (${method} ${path}): not a JSON object`,
				description:
					method === 'GET'
						? `Something other than the KOMPaaS API answered (a login page, a proxy), or the answer was cut short. Check the Base URL in the KOMPaaS API credential: ${baseUrl}`
						: `Something other than the KOMPaaS API answered (a login page, a proxy), or the answer was cut short; the change may have been made: check Webhook → Get Many. Base URL: ${baseUrl}`,
				httpCode: String(response.statusCode),
				itemIndex,
			},
		);
	}
	return data;
}

/** What an answer's envelope holds: its `result`, or the answer itself when it has none. */
export function resultOf(answer: ApiAnswer): unknown {
	return !Array.isArray(answer) && answer.result !== undefined ? answer.result : answer;
}

/**
 * What went wrong, in words that help: null for a successful answer. KOMPaaS also reports a
 * failure inside a 200 answer, as `{ ok: false, error, name }`.
 */
export function describeFailure(
	response: { statusCode: number; body: unknown },
	{ method, path }: ApiRequest,
	retries: number,
): ApiFailure | null {
	const status = response.statusCode;
	const data = parseBody(response.body);
	if (status >= 400) {
		return {
			status,
			message: `KOMPaaS answered HTTP ${status} to ${method} ${path}`,
			description: explainErrorCode(data) ?? describeStatus(status, method, retries + 1),
		};
	}
	if (data?.ok === false) {
		return {
			status,
			message: `KOMPaaS refused ${method} ${path}: ${failureTitle(data)}`,
			description: explainErrorCode(data) ?? undefined,
		};
	}
	return null;
}

function describeStatus(status: number, method: string, attempts: number): string | undefined {
	const tried = attempts > 1 ? ` The node sent the request ${attempts} times.` : '';
	if (status === 401 || status === 403) {
		return 'Check the API token and the account number in the KOMPaaS API credential.';
	}
	if (status === 429 || status >= 500) {
		const busy =
			status === 429 ? 'KOMPaaS asks for fewer requests' : 'KOMPaaS had trouble on its side';
		return method === 'GET'
			? `${busy}: try again later.${tried}`
			: `${busy}. A change is never sent twice; it may have been made: check Webhook → Get Many before sending it again.`;
	}
	return undefined;
}

function parseBody(body: unknown): IDataObject | null {
	if (typeof body === 'string') {
		try {
			return parseBody(JSON.parse(body));
		} catch {
			return null;
		}
	}
	if (Buffer.isBuffer(body)) return parseBody(body.toString('utf8'));
	return typeof body === 'object' && body !== null && !Array.isArray(body)
		? (body as IDataObject)
		: null;
}

function failureTitle(data: IDataObject): string {
	const error = typeof data.error === 'string' ? data.error : 'unknown error';
	return typeof data.name === 'string' ? `${error} (parameter "${data.name}")` : error;
}

/** What KOMPaaS's documented error codes mean for the user. */
function explainErrorCode(data: IDataObject | null): string | null {
	if (data === null) return null;
	const name = typeof data.name === 'string' ? data.name : null;
	switch (data.error) {
		case 'missing_body_param':
			return `The request lacks the body parameter "${name}".`;
		case 'missing_query_param':
			return `The request lacks the query parameter "${name}".`;
		case 'missing_header_param':
			return name?.toLowerCase() === 'authorization'
				? 'KOMPaaS did not receive the API token: check the KOMPaaS API credential.'
				: `The request lacks the header "${name}".`;
		case 'invalid_param':
			return `KOMPaaS does not accept the value of "${name}"${typeof data.type === 'string' ? ` (expected ${data.type})` : ''}.${
				name?.toLowerCase() === 'authorization' || name?.toLowerCase() === 'x-account-id'
					? ' Check the API token and the account number in the KOMPaaS API credential.'
					: ''
			}`;
		case 'unknown':
			return 'KOMPaaS reported an unknown error and gave no details.';
		default:
			return typeof data.error === 'string' ? `KOMPaaS error: ${data.error}` : null;
	}
}

/** An event KOMPaaS can send a webhook for (one entry of /event/get). */
export interface KompaasEventInfo {
	id: string;
	name: string;
	code: string | null;
}

/** A webhook as /webhook/get lists it, with its fields as KOMPaaS sent them in `raw`. */
export interface KompaasWebhook {
	id: string;
	url: string;
	eventId: string | null;
	raw: IDataObject;
}

/** The entries of /event/get as KOMPaaS sent them. */
export async function listEventEntries(
	context: IAllExecuteFunctions,
	itemIndex?: number,
): Promise<IDataObject[]> {
	const answer = await kompaasRequest.call(context, itemIndex, {
		method: 'GET',
		path: '/event/get',
	});
	return listOf(resultOf(answer), 'events') ?? unreadable(context, itemIndex, '/event/get', answer);
}

export async function listEvents(context: IAllExecuteFunctions): Promise<KompaasEventInfo[]> {
	const entries = await listEventEntries(context);
	return entries.flatMap((entry) => {
		const id = toText(entry.id ?? entry.event_id);
		if (id === null) return [];
		const code = toText(entry.code ?? entry.type ?? entry.event ?? entry.eventType ?? entry.key);
		const name =
			toText(entry.name ?? entry.title ?? entry.label ?? entry.description) ?? code ?? id;
		return [{ id, name, code }];
	});
}

export async function listWebhooks(
	context: IAllExecuteFunctions,
	itemIndex?: number,
): Promise<KompaasWebhook[]> {
	const answer = await kompaasRequest.call(context, itemIndex, {
		method: 'GET',
		path: '/webhook/get',
	});
	const entries =
		listOf(resultOf(answer), 'webhooks') ?? unreadable(context, itemIndex, '/webhook/get', answer);
	return entries.flatMap(toWebhook);
}

export async function createWebhook(
	context: IAllExecuteFunctions,
	fields: IDataObject,
	itemIndex?: number,
): Promise<KompaasWebhook> {
	const answer = await kompaasRequest.call(context, itemIndex, {
		method: 'POST',
		path: '/webhook/create',
		body: fields,
	});
	const saved = savedWebhook(resultOf(answer), fields);
	return saved.id === '' ? unreadable(context, itemIndex, '/webhook/create', answer) : saved;
}

export async function updateWebhook(
	context: IAllExecuteFunctions,
	id: string,
	fields: IDataObject,
	itemIndex?: number,
): Promise<KompaasWebhook> {
	const answer = await kompaasRequest.call(context, itemIndex, {
		method: 'POST',
		path: '/webhook/update',
		qs: { webhook_id: id },
		body: fields,
	});
	return savedWebhook(resultOf(answer), fields, id);
}

export async function duplicateWebhook(
	context: IAllExecuteFunctions,
	id: string,
	itemIndex?: number,
): Promise<KompaasWebhook> {
	const answer = await kompaasRequest.call(context, itemIndex, {
		method: 'POST',
		path: '/webhook/duplicate',
		qs: { webhook_id: id },
	});
	return savedWebhook(resultOf(answer), {});
}

/** The fields of a webhook that /webhook/create and /webhook/update take. */
export const WEBHOOK_FIELDS = [
	'name',
	'url',
	'method',
	'headers',
	'body',
	'query',
	'logic',
	'event_id',
	'is_retriable',
	'bodyDataType',
	'filter_id',
	'allVariables',
	'ignore_response',
];

export function webhookFields(raw: IDataObject): IDataObject {
	const fields: IDataObject = {};
	for (const name of WEBHOOK_FIELDS) if (raw[name] !== undefined) fields[name] = raw[name];
	return fields;
}

/** KOMPaaS ids are numbers in its examples; ids that look numeric are sent as numbers. */
export function apiId(id: string): string | number {
	return /^\d{1,15}$/.test(id) ? Number(id) : id;
}

/** The create/update answer may be the webhook, `{ id }`, or a bare id: take what is there. */
function savedWebhook(result: unknown, sent: IDataObject, knownId?: string): KompaasWebhook {
	const object =
		typeof result === 'object' && result !== null && !Array.isArray(result)
			? (result as IDataObject)
			: {};
	const nested = (object.webhook ?? object.item) as IDataObject | undefined;
	const raw = { ...sent, ...(nested ?? object) };
	// A bare result is an id only when it looks like one (KOMPaaS ids are numbers): not "done".
	const bareId = /^\d{1,20}$/.test(String(toText(result))) ? toText(result) : null;
	const id = toText(raw.id ?? raw.webhook_id) ?? bareId ?? knownId ?? null;
	if (id !== null) raw.id = raw.id ?? apiId(id);
	return toWebhook(raw)[0] ?? { id: id ?? '', url: toText(raw.url) ?? '', eventId: null, raw };
}

function toWebhook(raw: IDataObject): KompaasWebhook[] {
	const id = toText(raw.id ?? raw.webhook_id);
	if (id === null) return [];
	return [
		{
			id,
			url: toText(raw.url) ?? '',
			eventId: toText(raw.event_id ?? raw.eventId),
			raw,
		},
	];
}

/**
 * An `ok: true` answer whose result cannot be read (`null`, `{}`, a string, a list under an
 * unknown name) is an error: reading it as "nothing there" would, on a trigger's activation,
 * create a second webhook beside the first.
 */
function unreadable(
	context: IAllExecuteFunctions,
	itemIndex: number | undefined,
	path: string,
	answer: ApiAnswer,
): never {
	const sample = JSON.stringify(Array.isArray(answer) ? answer : (answer.result ?? null)) ?? '';
	throw new NodeApiError(
		context.getNode(),
		{ body: sample.slice(0, 300) },
		{
			message: `KOMPaaS answered ${path} with success but no readable result (${sample.slice(0, 60)})`,
			description: path.endsWith('/create')
				? 'The webhook may have been created: check Webhook → Get Many before creating it again. The KOMPaaS Trigger adopts it on its next activation.'
				: 'The answer does not say what KOMPaaS holds, so nothing was read as “none”. Check the Base URL in the KOMPaaS API credential, and try again.',
			itemIndex,
		},
	);
}

/** A list answer may be the array itself or an object holding it; null when it is neither. */
function listOf(result: unknown, key: string): IDataObject[] | null {
	if (Array.isArray(result)) return result.filter(isObject);
	if (isObject(result)) {
		for (const name of [key, 'items', 'list', 'data', 'rows']) {
			const value = result[name];
			if (Array.isArray(value)) return value.filter(isObject);
		}
	}
	return null;
}
