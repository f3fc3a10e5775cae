import {
	NodeOperationError,
	sleep,
	type Failure,
	type IAllExecuteFunctions,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
	type INodeProperties,
} from 'n8n-workflow';

/** How long a request may go without an answer when the node has no Timeout option. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * One request to a PBX's API, the same for every PBX: each `transport.ts` exports
 * `<pbx>Request.call(this, itemIndex, request)` taking it.
 */
export interface ApiRequest {
	method: IHttpRequestMethods;
	/**
	 * The path under the API's base URL from the credential: `/get-user-calls` (VoIPcloud),
	 * `/webhook/get` (KOMPaaS), `/webapi/{apiKey}/makecall` (3CX, which also takes a URL on the
	 * credential's own server: a recording's URL from an event).
	 */
	path: string;
	qs?: IDataObject;
	body?: IDataObject | string;
	headers?: IDataObject;
	/** Milliseconds without an answer before the request fails; each PBX has a default. */
	timeoutMs?: number;
	/** Whether the request places a call: never retried, and its failures say whether it may have been placed. */
	placesCall?: boolean;
	/**
	 * Return the whole answer (status, headers, body as bytes) rather than its JSON: for a file,
	 * whose type the caller reads from the headers (3CX's recordings).
	 */
	returnFullResponse?: boolean;
}

/**
 * What a transport returns for a successful request: the JSON the API answered, as the PBX sent
 * it, envelope included (VoIPcloud's `{ code, data }`, KOMPaaS's `{ ok, result }`). The transport
 * has checked the envelope says success; what the answer holds is the operation's to read.
 */
export type ApiAnswer = IDataObject | IDataObject[];

/** What a failed answer means, from every PBX's `describeFailure`: the parts of its NodeApiError. */
export interface ApiFailure {
	status: number;
	message: string;
	description?: string;
	failure?: Failure;
}

/**
 * When a request is sent again. Only reads are: a write that places a call or creates a webhook
 * may have been carried out even when its answer was lost, so it is sent once ({@link NO_RETRY}).
 */
export interface RetryPolicy {
	/** Times a request is sent again after a 429, 502, 503 or 504, or a connection reset without an answer. */
	retries: number;
	/** Wait before the first retry when the API names none; doubles with each retry. */
	initialWaitMs: number;
	/** Longest single wait; a longer Retry-After ends the retries at once. */
	maxWaitMs: number;
}

export const NO_RETRY: RetryPolicy = { retries: 0, initialWaitMs: 0, maxWaitMs: 0 };

/** The longest a request can take in all, sleeping included: what the user is told. */
export function worstCaseMs(timeoutMs: number, retry: RetryPolicy): number {
	return timeoutMs * (retry.retries + 1) + retry.maxWaitMs * retry.retries;
}

/** Why no HTTP answer came. */
export type NetworkFailureKind =
	| 'timeout'
	| 'refused'
	| 'reset'
	| 'unresolved'
	| 'tls'
	| 'redirect'
	| 'other';

export interface NetworkFailure {
	kind: NetworkFailureKind;
	/** What the HTTP client said, without request details. */
	detail: string;
}

export interface Exchange {
	/** The last answer, whatever its status; absent when none came. */
	response?: IN8nHttpFullResponse;
	failure?: NetworkFailure;
	/** Requests sent, the first included. */
	attempts: number;
	/** Time slept between attempts. */
	waitedMs: number;
	timeoutMs: number;
}

const RETRIED_STATUSES = new Set([429, 502, 503, 504]);
// A refused connection means nothing listens: waiting seconds for it seldom helps.
const RETRIED_FAILURES = new Set<NetworkFailureKind>(['reset']);

/**
 * Sends one authenticated request with a timeout and returns what happened: the full response
 * whatever its status, or why none came. Never throws for HTTP or network trouble, so that the
 * vendor's transport can say what it means. A redirect is not followed but reported as a failure:
 * n8n keeps only its standard authorization headers off another origin, and a credential sent in
 * its own header (VoIPcloud's `token`) or in the path (3CX) would follow it.
 * Sent again only as `retry` allows, sleeping with n8n's `sleep`, honouring Retry-After.
 */
export async function sendAuthenticated(
	context: IAllExecuteFunctions,
	credentialType: string,
	options: IHttpRequestOptions,
	retry: RetryPolicy = NO_RETRY,
	timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<Exchange> {
	const exchange: Exchange = { attempts: 0, waitedMs: 0, timeoutMs };
	let backoffMs = retry.initialWaitMs;
	for (;;) {
		exchange.attempts++;
		exchange.response = undefined;
		exchange.failure = undefined;
		try {
			exchange.response = (await context.helpers.httpRequestWithAuthentication.call(
				context,
				credentialType,
				{
					...options,
					timeout: timeoutMs,
					disableFollowRedirect: true,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
				},
			)) as IN8nHttpFullResponse;
		} catch (error) {
			exchange.failure = networkFailure(error);
		}
		const status = exchange.response?.statusCode ?? 0;
		if (status >= 300 && status < 400) {
			exchange.failure = redirectFailure(status, exchange.response?.headers ?? {});
			exchange.response = undefined;
			return exchange;
		}
		if (exchange.attempts > retry.retries) return exchange;
		const { response, failure } = exchange;
		const retried = response
			? RETRIED_STATUSES.has(response.statusCode)
			: RETRIED_FAILURES.has(failure?.kind ?? 'other');
		if (!retried) return exchange;

		const delay = (response && retryAfterMs(response.headers ?? {})) ?? backoffMs;
		if (delay > retry.maxWaitMs) return exchange;
		await sleep(delay);
		exchange.waitedMs += delay;
		backoffMs *= 2;
	}
}

/** A redirect, named by the origin it points to only: its path may carry anything. */
function redirectFailure(status: number, headers: IDataObject): NetworkFailure {
	const value = headers.location;
	const location = String((Array.isArray(value) ? value[0] : value) ?? '');
	let target = 'another address';
	try {
		target = new URL(location).origin;
	} catch {
		// A relative or unreadable Location names no other host.
		if (location.startsWith('/')) target = 'another path on the same server';
	}
	return { kind: 'redirect', detail: `HTTP ${status}, redirected to ${target}` };
}

/** Reads the cause of a failed request from the HTTP client's error (n8n wraps axios's). */
export function networkFailure(error: unknown): NetworkFailure {
	const chain: Array<Record<string, unknown>> = [];
	for (
		let current: unknown = error;
		typeof current === 'object' && current !== null && chain.length < 5;
		current = (current as { cause?: unknown }).cause
	) {
		chain.push(current as Record<string, unknown>);
	}
	const detail = chain.map((entry) => String(entry.message ?? '')).find((text) => text !== '');
	// Codes first (the HTTP client's own), then words (what n8n made of them).
	const kind =
		classify(chain.map((entry) => String(entry.code ?? '')).join(' ')) ??
		classify(chain.map((entry) => String(entry.message ?? '')).join(' ')) ??
		'other';
	return { kind, detail: (detail ?? String(error)).slice(0, 300) };
}

function classify(text: string): NetworkFailureKind | null {
	if (/ETIMEDOUT|ECONNABORTED|ESOCKETTIMEDOUT|timeout|timed out/i.test(text)) return 'timeout';
	if (/ECONNREFUSED|refused the connection/i.test(text)) return 'refused';
	if (/ECONNRESET|EPIPE|socket hang up|closed unexpectedly|aborted/i.test(text)) return 'reset';
	if (/ENOTFOUND|EAI_AGAIN|getaddrinfo/i.test(text)) return 'unresolved';
	if (/CERT|SSL|TLS|self[- ]signed/i.test(text)) return 'tls';
	return null;
}

/** The cause of a failed request in words, with what the node did about it. */
export function describeNetworkFailure(exchange: Exchange): string {
	const { failure, attempts, timeoutMs } = exchange;
	const tries = attempts > 1 ? ` (${attempts} attempts)` : '';
	switch (failure?.kind) {
		case 'timeout':
			return `no answer within ${Math.round(timeoutMs / 1000)} s${tries}`;
		case 'refused':
			return `the connection was refused${tries}`;
		case 'reset':
			return `the connection was closed without an answer${tries}`;
		case 'unresolved':
			return 'the host name could not be resolved';
		case 'tls':
			return `the TLS handshake failed: ${failure.detail}`;
		case 'redirect':
			return `the server answered ${failure.detail}, which is not followed so that the credential reaches no other address: put the address the API is served from in the credential`;
		default:
			return `${failure?.detail ?? 'no answer'}${tries}`;
	}
}

/** Retry-After in seconds or as an HTTP date, in milliseconds; null when absent or unreadable. */
export function retryAfterMs(headers: IDataObject, now = Date.now()): number | null {
	const value = headers['retry-after'];
	const text = Array.isArray(value) ? value[0] : value;
	if ((typeof text !== 'string' && typeof text !== 'number') || String(text).trim() === '') {
		return null;
	}
	const seconds = Number(text);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(String(text));
	return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

/** The Timeout option (seconds) of an operation's options; `description` says what fails. */
export function requestTimeoutOption(description: string): INodeProperties {
	return {
		displayName: 'Node Timeout (Seconds)',
		name: 'requestTimeout',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 30,
		description,
	};
}

/** A Timeout option in seconds, as milliseconds; the default when unset or not a number. */
export function timeoutFromOption(seconds: unknown): number {
	const value = Number(seconds);
	return Number.isFinite(value) && value > 0 ? Math.round(value * 1000) : DEFAULT_TIMEOUT_MS;
}

/**
 * An operation that places a call or creates something must not run under n8n's Retry On Fail:
 * a retry after a lost answer would ring the customer twice. Refused before anything is sent.
 */
export function refuseRetryOnFail(
	context: IExecuteFunctions,
	itemIndex: number,
	operation: string,
): void {
	if (context.getNode().retryOnFail !== true) return;
	throw new NodeOperationError(
		context.getNode(),
		`${operation} does not run with “Retry On Fail” on: nothing was sent`,
		{
			itemIndex,
			description:
				'A retry after a lost answer would do it twice. Turn off “Retry On Fail” in this node’s settings; the node reports every failure, and says when the request may have been carried out.',
		},
	);
}
