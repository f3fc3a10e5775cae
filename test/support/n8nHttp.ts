// What n8n's httpRequestWithAuthentication does with the options our transports use, over real
// HTTP (undici) to the fakes: base URL and query, JSON parsed when it parses (axios's silent
// parsing: anything else stays text), the full response on request, the timeout as axios applies
// it (no byte for that long), and a failed connection thrown as n8n throws it: a NodeApiError-like
// error around the HTTP client's error, whose `code` says what happened.
import type { IDataObject, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';
import { errors, request } from 'undici';

export interface SentRequest {
	method: string;
	url: string;
	headers: Record<string, string>;
	body?: string;
	options: IHttpRequestOptions;
}

/** n8n's words for the codes (n8n-workflow's NodeError), which replace the client's message. */
const N8N_MESSAGES: Record<string, string> = {
	ECONNREFUSED: 'The service refused the connection - perhaps it is offline',
	ECONNRESET: 'The connection to the server was closed unexpectedly, perhaps it is offline.',
	ECONNABORTED: 'The connection was aborted, perhaps the server is offline',
};

function clientError(error: unknown, timeoutMs: number | undefined): Error & { code?: string } {
	if (
		error instanceof errors.HeadersTimeoutError ||
		error instanceof errors.BodyTimeoutError ||
		error instanceof errors.ConnectTimeoutError
	) {
		return Object.assign(new Error(`timeout of ${timeoutMs}ms exceeded`), { code: 'ECONNABORTED' });
	}
	if (error instanceof errors.SocketError) {
		return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
	}
	const code = (error as { code?: string }).code;
	return Object.assign(new Error((error as Error).message), { code });
}

/**
 * One request as n8n sends it. `authenticate` turns the options into what goes on the wire
 * (headers added, key filled in), as the credential type would.
 */
export async function n8nHttpRequest(
	options: IHttpRequestOptions,
	authenticate: (
		options: IHttpRequestOptions,
	) => IHttpRequestOptions | Promise<IHttpRequestOptions>,
	sent: SentRequest[] = [],
): Promise<unknown> {
	const ready = await authenticate({ ...options });
	const url = new URL(ready.url, ready.baseURL);
	for (const [name, value] of Object.entries(ready.qs ?? {})) {
		if (value !== undefined) url.searchParams.set(name, String(value));
	}
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(ready.headers ?? {})) {
		headers[name.toLowerCase()] = String(value);
	}
	let body: string | undefined;
	if (typeof ready.body === 'string') body = ready.body;
	else if (ready.body !== undefined && ready.body !== null) {
		body = JSON.stringify(ready.body);
		headers['content-type'] ??= 'application/json';
	}
	const method = ready.method ?? 'GET';
	sent.push({ method, url: url.toString(), headers, body, options: ready });

	let res;
	try {
		res = await request(url, {
			method,
			headers,
			body,
			headersTimeout: ready.timeout,
			bodyTimeout: ready.timeout,
		});
	} catch (error) {
		const cause = clientError(error, ready.timeout);
		throw Object.assign(new Error(N8N_MESSAGES[cause.code ?? ''] ?? cause.message), {
			name: 'NodeApiError',
			cause,
		});
	}
	const bytes = Buffer.from(await res.body.arrayBuffer());
	let parsed: unknown;
	if (ready.encoding === 'arraybuffer') parsed = bytes;
	else {
		const text = bytes.toString('utf8');
		parsed = text;
		// axios parses any body that is JSON unless told to keep text (n8n's `json` only sets Accept).
		if (ready.encoding !== 'text' && text !== '') {
			try {
				parsed = JSON.parse(text);
			} catch {
				// axios keeps a body that does not parse as text
			}
		}
	}
	if (!ready.ignoreHttpStatusErrors && res.statusCode >= 400) {
		throw new Error(`Request failed with status code ${res.statusCode}`);
	}
	if (!ready.returnFullResponse) return parsed;
	return {
		body: parsed,
		headers: res.headers as IDataObject,
		statusCode: res.statusCode,
		statusMessage: '',
	} as IN8nHttpFullResponse;
}
