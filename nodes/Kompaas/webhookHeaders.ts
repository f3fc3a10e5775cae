import type { IDataObject } from 'n8n-workflow';

/** Where the KOMPaaS Trigger's webhooks carry its secret: a header, or a query parameter. */
export const VERIFY_HEADER = 'X-N8n-Webhook-Secret';
export const VERIFY_QUERY = 'n8n_secret';

const HIDDEN = '[hidden: the KOMPaaS Trigger secret]';

/**
 * A webhook as KOMPaaS lists it, with the trigger's secret hidden wherever it may stand: the
 * secret header in any shape KOMPaaS may give the headers (an object, a JSON string,
 * `[{ name, value }]` in any case, `[[name, value]]`, `Name: value` lines) and the secret query
 * parameter of its URL (Manual setup).
 */
export function hideTriggerSecret(raw: IDataObject): IDataObject {
	const hidden: IDataObject = { ...raw };
	if ('headers' in raw) hidden.headers = hideInHeaders(raw.headers) as IDataObject;
	if (typeof raw.url === 'string') hidden.url = hideInUrl(raw.url);
	return hidden;
}

function isSecretHeader(name: unknown): boolean {
	return typeof name === 'string' && name.trim().toLowerCase() === VERIFY_HEADER.toLowerCase();
}

const SECRET_LINE = new RegExp(String.raw`(^|[\r\n])(\s*${VERIFY_HEADER}\s*:\s*)[^\r\n]*`, 'gi');

function hideInHeaders(headers: unknown): unknown {
	if (typeof headers === 'string') {
		const text = headers.trim();
		if (text.startsWith('{') || text.startsWith('[')) {
			try {
				return JSON.stringify(hideInHeaders(JSON.parse(text)));
			} catch {
				// Not JSON after all: read as text lines below.
			}
		}
		return headers.replace(SECRET_LINE, `$1$2${HIDDEN}`);
	}
	if (Array.isArray(headers)) return headers.map(hideInHeaderEntry);
	if (typeof headers !== 'object' || headers === null) return headers;
	const copy: IDataObject = {};
	for (const [name, value] of Object.entries(headers as IDataObject)) {
		copy[name] = isSecretHeader(name) ? HIDDEN : value;
	}
	return copy;
}

function hideInHeaderEntry(entry: unknown): unknown {
	if (Array.isArray(entry)) {
		return entry.length >= 2 && isSecretHeader(entry[0])
			? [entry[0], HIDDEN, ...entry.slice(2)]
			: entry;
	}
	if (typeof entry === 'string') return hideInHeaders(entry);
	if (typeof entry !== 'object' || entry === null) return entry;
	const fields = Object.entries(entry as IDataObject);
	const named = fields.some(
		([key, value]) =>
			['name', 'key', 'header'].includes(key.toLowerCase()) && isSecretHeader(value),
	);
	if (!named) return entry;
	return Object.fromEntries(
		fields.map(([key, value]) => [key, key.toLowerCase() === 'value' ? HIDDEN : value]),
	);
}

function hideInUrl(url: string): string {
	return url.replace(
		new RegExp(String.raw`([?&]${VERIFY_QUERY}=)[^&#]*`, 'gi'),
		`$1${encodeURIComponent(HIDDEN)}`,
	);
}

/** A header's value in headers as the trigger reads them: an object or `[{ name | key, value }]`. */
export function headerValue(headers: unknown, name: string): string | null {
	const wanted = name.toLowerCase();
	if (Array.isArray(headers)) {
		for (const entry of headers as IDataObject[]) {
			const key = entry?.name ?? entry?.key;
			if (
				typeof key === 'string' &&
				key.toLowerCase() === wanted &&
				typeof entry.value === 'string'
			)
				return entry.value;
		}
		return null;
	}
	if (typeof headers !== 'object' || headers === null) return null;
	for (const [key, value] of Object.entries(headers as IDataObject)) {
		if (key.toLowerCase() === wanted && typeof value === 'string') return value;
	}
	return null;
}

/** The headers as an object, with `name` set to `value` in place of any copy of it in any case. */
export function headersWith(headers: unknown, name: string, value: string): IDataObject {
	const result: IDataObject = {};
	const entries = Array.isArray(headers)
		? (headers as IDataObject[]).map((entry) => [entry?.name ?? entry?.key, entry?.value])
		: Object.entries((headers as IDataObject) ?? {});
	for (const [key, existing] of entries) {
		if (typeof key === 'string' && key.toLowerCase() !== name.toLowerCase()) result[key] = existing;
	}
	result[name] = value;
	return result;
}
