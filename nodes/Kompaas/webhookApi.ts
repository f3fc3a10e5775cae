// KOMPaaS's webhook API: the events it can send a webhook for and the webhooks it holds, read
// and written for the Event and Webhook operations and the KOMPaaS Trigger's lifecycle.
import { NodeApiError, type IAllExecuteFunctions, type IDataObject } from 'n8n-workflow';

import type { ApiAnswer } from '../shared/http';
import { isObject, toText } from '../shared/values';

import { apiRequest } from './transport';

/** What an answer's envelope holds: its `result`, or the answer itself when it has none. */
function resultOf(answer: ApiAnswer): unknown {
	return !Array.isArray(answer) && answer.result !== undefined ? answer.result : answer;
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
	const answer = await apiRequest.call(context, itemIndex, {
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
	const answer = await apiRequest.call(context, itemIndex, {
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
	const answer = await apiRequest.call(context, itemIndex, {
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
	const answer = await apiRequest.call(context, itemIndex, {
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
	const answer = await apiRequest.call(context, itemIndex, {
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
	const object = isObject(result) ? result : {};
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
	const sample = JSON.stringify(Array.isArray(answer) ? answer : (answer.result ?? null));
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
