import type { IDataObject } from 'n8n-workflow';

import { parseTolerantJson } from './tolerantJson';

/** What arrived over HTTP, as n8n hands it to a trigger's webhook(). */
export interface IncomingRequest {
	contentType: string | undefined;
	rawBody: Buffer | string | undefined;
	body: unknown;
	query: IDataObject;
}

/** One event's worth of data: an object, or text the PBX sent that is not an object. */
export interface Payload {
	data: IDataObject | string;
	parseError: string | null;
}

/**
 * Turns any body a PBX sends (JSON object or array, text, form-urlencoded, or a GET query
 * string) into payloads, one per event. Never drops a request that carries something:
 * what cannot be parsed comes back as text with `parseError` set.
 */
export function readPayloads(request: IncomingRequest, ignoredQueryKeys: string[] = []): Payload[] {
	const text = bodyText(request);
	if (text !== '') return parseBodyText(text, request.contentType);
	if (isObject(request.body) && Object.keys(request.body).length > 0) return [object(request.body)];
	if (Array.isArray(request.body)) return request.body.map(toPayload);

	const query = withoutKeys(request.query, ignoredQueryKeys);
	return Object.keys(query).length > 0 ? [object(query)] : [];
}

function bodyText(request: IncomingRequest): string {
	const { rawBody, body } = request;
	if (rawBody !== undefined && rawBody.length > 0) {
		return (typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8')).trim();
	}
	return typeof body === 'string' ? body.trim() : '';
}

function parseBodyText(text: string, contentType = ''): Payload[] {
	if (text.startsWith('{') || text.startsWith('[') || contentType.includes('json')) {
		const parsed = parseTolerantJson(text);
		if (!parsed.ok) return [{ data: text, parseError: `Body is not valid JSON: ${parsed.error}` }];
		return Array.isArray(parsed.value) ? parsed.value.map(toPayload) : [toPayload(parsed.value)];
	}
	if (contentType.includes('x-www-form-urlencoded') || looksLikeFormData(text)) {
		return [object(parseForm(text))];
	}
	return [{ data: text, parseError: null }];
}

function toPayload(value: unknown): Payload {
	if (isObject(value)) return object(value);
	return { data: typeof value === 'string' ? value : JSON.stringify(value), parseError: null };
}

function object(value: IDataObject): Payload {
	return { data: value, parseError: null };
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const formPattern = /^[\w.[\]-]+=[^\s&]*(&[\w.[\]-]+=[^\s&]*)*$/;

function looksLikeFormData(text: string): boolean {
	return formPattern.test(text);
}

function parseForm(text: string): IDataObject {
	const result: IDataObject = {};
	for (const [key, value] of new URLSearchParams(text)) {
		const existing = result[key];
		if (existing === undefined) result[key] = value;
		else if (Array.isArray(existing)) (existing as string[]).push(value);
		else result[key] = [existing as string, value];
	}
	return result;
}

function withoutKeys(query: IDataObject, keys: string[]): IDataObject {
	if (keys.length === 0) return query;
	const rest: IDataObject = {};
	for (const [key, value] of Object.entries(query)) {
		if (!keys.includes(key)) rest[key] = value;
	}
	return rest;
}
