import type { IDataObject } from 'n8n-workflow';

import { parseTolerantJson } from './tolerantJson';
import { isObject, measureShape } from './values';

/** What arrived over HTTP, as n8n hands it to a trigger's webhook(). */
export interface IncomingRequest {
	contentType: unknown;
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
 * How much of a body the trigger interprets. PBX events are a few kilobytes and arrive one to
 * a few dozen per request; past these bounds a body is delivered as text with `parseError`
 * set, so every request costs bounded work and every item can be stored and read back by n8n.
 */
export const INTAKE_LIMITS = {
	/** Larger bodies are not parsed (n8n itself accepts up to 16 MiB by default). */
	maxParsedBytes: 1024 * 1024,
	/** Deeper JSON is not delivered as an object: n8n cannot read such an execution back. */
	maxDepth: 64,
	/** Values (object members, array elements) in one body. */
	maxValues: 100_000,
	/** Events (array elements) in one body. */
	maxEvents: 1000,
} as const;

/**
 * Turns any body a PBX sends (JSON object or array, text, form-urlencoded, or a GET query
 * string) into payloads, one per event. Never drops a request that carries something:
 * what cannot be parsed comes back as text with `parseError` set.
 */
export function readPayloads(request: IncomingRequest, ignoredQueryKeys: string[] = []): Payload[] {
	const text = requestText(request);
	if (text !== '') {
		const fromBody = parseBodyText(text, contentTypeOf(request.contentType));
		// A body that carries nothing (`[]`, `{}`) does not hide fields the PBX put in the URL.
		if (!carriesNothing(fromBody)) return fromBody;
		const query = withoutKeys(request.query, ignoredQueryKeys);
		return Object.keys(query).length > 0 ? boundedValue(query, 'The query') : fromBody;
	}
	if (isObject(request.body) && Object.keys(request.body).length > 0) {
		return boundedValue(request.body, 'The body');
	}
	if (Array.isArray(request.body) && request.body.length > 0) {
		return boundedValue(request.body, 'The body');
	}

	const query = withoutKeys(request.query, ignoredQueryKeys);
	return Object.keys(query).length > 0 ? boundedValue(query, 'The query') : [];
}

function carriesNothing(payloads: Payload[]): boolean {
	if (payloads.length === 0) return true;
	const [only] = payloads;
	return (
		payloads.length === 1 &&
		only.parseError === null &&
		isObject(only.data) &&
		Object.keys(only.data).length === 0
	);
}

function contentTypeOf(header: unknown): string {
	const value = Array.isArray(header) ? header[0] : header;
	return typeof value === 'string' ? value.toLowerCase() : '';
}

/**
 * The body as text. Bytes that are not UTF-8 are read as Latin-1, which maps every byte to one
 * character: nothing is replaced, and the bytes can be recovered. A declared charset is not
 * trusted: bytes that are valid UTF-8 are almost never meant as Latin-1, and the reverse.
 */
function requestText(request: Pick<IncomingRequest, 'rawBody' | 'body'>): string {
	const { rawBody, body } = request;
	if (rawBody !== undefined && rawBody.length > 0) {
		if (typeof rawBody === 'string') return rawBody.trim();
		return decode(rawBody).trim();
	}
	return typeof body === 'string' ? body.trim() : '';
}

function decode(bytes: Buffer): string {
	const text = bytes.toString('utf8');
	// U+FFFD marks bytes that were not UTF-8, unless the sender wrote U+FFFD itself.
	if (text.includes('\uFFFD') && !Buffer.from(text, 'utf8').equals(bytes)) {
		return bytes.toString('latin1');
	}
	return text;
}

function parseBodyText(text: string, contentType: string): Payload[] {
	const bytes = Buffer.byteLength(text, 'utf8');
	if (bytes > INTAKE_LIMITS.maxParsedBytes) {
		return [
			unread(
				text,
				`The body is ${bytes} bytes, more than the ${INTAKE_LIMITS.maxParsedBytes} the trigger reads; it is delivered as text`,
			),
		];
	}
	if (text.startsWith('{') || text.startsWith('[') || contentType.includes('json')) {
		const parsed = parseTolerantJson(text);
		if (!parsed.ok) return [unread(text, `Body is not valid JSON: ${parsed.error}`)];
		const problem = shapeProblem(parsed.value, 'The body');
		if (problem !== null) return [unread(text, `${problem}; it is delivered as text`)];
		return Array.isArray(parsed.value) ? parsed.value.map(toPayload) : [toPayload(parsed.value)];
	}
	if (contentType.includes('x-www-form-urlencoded') || looksLikeFormData(text)) {
		const form = parseForm(text);
		if (form === null) {
			return [
				unread(
					text,
					`The form has more than ${INTAKE_LIMITS.maxValues} fields; it is delivered as text`,
				),
			];
		}
		return [object(form)];
	}
	return [{ data: text, parseError: null }];
}

/** Why a parsed value is not delivered as is, or null when it may be. */
function shapeProblem(value: unknown, what: string): string | null {
	const shape = measureShape(value, INTAKE_LIMITS);
	if (shape.depth > INTAKE_LIMITS.maxDepth) {
		return `${what} nests deeper than ${INTAKE_LIMITS.maxDepth} levels`;
	}
	if (shape.values > INTAKE_LIMITS.maxValues) {
		return `${what} holds more than ${INTAKE_LIMITS.maxValues} values`;
	}
	if (Array.isArray(value) && value.length > INTAKE_LIMITS.maxEvents) {
		return `${what} is a list of ${value.length} events, more than the ${INTAKE_LIMITS.maxEvents} the trigger reads from one request`;
	}
	return null;
}

/** A body n8n parsed already (no raw bytes), checked like a parsed one. */
function boundedValue(value: IDataObject | unknown[], what: string): Payload[] {
	const problem = shapeProblem(value, what);
	if (problem !== null) return [unread(`[${what.toLowerCase()} was not kept]`, problem)];
	return Array.isArray(value) ? value.map(toPayload) : [object(value as IDataObject)];
}

function unread(text: string, parseError: string): Payload {
	return { data: text, parseError };
}

function toPayload(value: unknown): Payload {
	if (isObject(value)) return object(value);
	return { data: typeof value === 'string' ? value : JSON.stringify(value), parseError: null };
}

function object(value: IDataObject): Payload {
	return { data: value, parseError: null };
}

const formField = /^[\w.[\]-]+=[^\s&]*$/;

/** `key=value&key=value…` with no spaces, checked field by field (no backtracking over the body). */
function looksLikeFormData(text: string): boolean {
	if (!text.includes('=')) return false;
	return text.split('&').every((field) => formField.test(field));
}

/**
 * Form fields as an object of strings (a repeated key gives an array). Keys are own
 * properties whatever their name: `__proto__` or `constructor` is data, never the prototype.
 * Null when the form has more fields than the trigger reads.
 */
function parseForm(text: string): IDataObject | null {
	const fields = new Map<string, string | string[]>();
	let count = 0;
	for (const [key, value] of new URLSearchParams(text)) {
		if (++count > INTAKE_LIMITS.maxValues) return null;
		const existing = fields.get(key);
		if (existing === undefined) fields.set(key, value);
		else if (Array.isArray(existing)) existing.push(value);
		else fields.set(key, [existing, value]);
	}
	return Object.fromEntries(fields) as IDataObject;
}

function withoutKeys(query: IDataObject, keys: string[]): IDataObject {
	if (keys.length === 0) return query;
	const rest = new Map<string, unknown>();
	for (const [key, value] of Object.entries(query)) {
		if (!keys.includes(key)) rest.set(key, value);
	}
	return Object.fromEntries(rest) as IDataObject;
}
