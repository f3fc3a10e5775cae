// One HTTP exchange with a PBX's API: the request sent with n8n's credential handling, bounded in
// time and size, retried as a policy allows; what came back, or why nothing did. Never throws for
// HTTP or network trouble: the shared request function in http.ts says what it means.
import {
	sleep,
	type IAllExecuteFunctions,
	type IDataObject,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
} from 'n8n-workflow';

import {
	BODY_TIMEOUT,
	networkFailure,
	redirectFailure,
	type NetworkFailure,
	type NetworkFailureKind,
} from './networkFailure';

/** How long a request may take, answer included, when the node has no Timeout option. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** The largest JSON answer read, after decompression: a page of 10,000 calls is about 10 MB. */
const MAX_JSON_BYTES = 32 * 1024 * 1024;

/** The largest file read (3CX recordings), after decompression: about 3 hours of MP3 at 64 kbit/s. */
const MAX_FILE_BYTES = 100 * 1024 * 1024;

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

export interface Exchange {
	/** The last answer, whatever its status; absent when none came. */
	response?: IN8nHttpFullResponse;
	failure?: NetworkFailure;
	/** Requests sent, the first included. */
	attempts: number;
	/** Time slept between attempts. */
	waitedMs: number;
	timeoutMs: number;
	/** The policy it was sent under. */
	retry: RetryPolicy;
}

const RETRIED_STATUSES = new Set([429, 502, 503, 504]);
// A refused connection means nothing listens: waiting seconds for it seldom helps.
const RETRIED_FAILURES = new Set<NetworkFailureKind>(['reset']);

/**
 * Sends one authenticated request with a timeout and returns what happened: the full response
 * whatever its status, or why none came. Never throws for HTTP or network trouble, so that the
 * shared request function (`apiRequest` in http.ts) can say what it means. A redirect is not followed but reported as a failure:
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
	const exchange: Exchange = { attempts: 0, waitedMs: 0, timeoutMs, retry };
	let backoffMs = retry.initialWaitMs;
	for (;;) {
		exchange.attempts++;
		exchange.response = undefined;
		exchange.failure = undefined;
		const started = Date.now();
		try {
			const response = (await context.helpers.httpRequestWithAuthentication.call(
				context,
				credentialType,
				{
					...options,
					// Read as a stream, so that the whole answer, body included, is bounded in time
					// and size: the HTTP client's own timeout stops once the headers arrive.
					encoding: 'stream',
					json: false,
					timeout: timeoutMs,
					disableFollowRedirect: true,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
				},
			)) as IN8nHttpFullResponse;
			const asFile = options.encoding === 'arraybuffer';
			const bytes = await readBody(
				response.body as unknown,
				timeoutMs - (Date.now() - started),
				asFile ? MAX_FILE_BYTES : MAX_JSON_BYTES,
			);
			exchange.response = {
				...response,
				body: asFile ? bytes : (parseAnswer(bytes) as IDataObject),
			};
		} catch (error) {
			exchange.failure = error instanceof BodyFailure ? error.failure : networkFailure(error);
		}
		const { response } = exchange;
		if (response && response.statusCode >= 300 && response.statusCode < 400) {
			exchange.failure = redirectFailure(response.statusCode, response.headers ?? {});
			exchange.response = undefined;
			return exchange;
		}
		const delay = retryDelay(exchange, backoffMs);
		if (delay === null) return exchange;
		await sleep(delay);
		exchange.waitedMs += delay;
		backoffMs *= 2;
	}
}

/**
 * How long to wait before sending the request again: null when it is not sent again (its policy
 * allows no more, the outcome is not worth a retry, or the API asks for a longer wait).
 */
function retryDelay(
	{ response, failure, attempts, retry }: Exchange,
	backoffMs: number,
): number | null {
	if (attempts > retry.retries) return null;
	const retried = response
		? RETRIED_STATUSES.has(response.statusCode)
		: RETRIED_FAILURES.has(failure?.kind ?? 'other');
	if (!retried) return null;
	const delay = (response && retryAfterMs(response.headers ?? {})) ?? backoffMs;
	return delay > retry.maxWaitMs ? null : delay;
}

class BodyFailure extends Error {
	constructor(readonly failure: NetworkFailure) {
		super(failure.detail);
	}
}

/**
 * Reads an answer's body within `remainingMs` and `maxBytes` (counted after decompression), so
 * that a trickled, endless or huge answer fails as a timeout or as too large.
 */
async function readBody(body: unknown, remainingMs: number, maxBytes: number): Promise<Buffer> {
	if (Buffer.isBuffer(body)) return body;
	if (typeof body === 'string') return Buffer.from(body);
	if (!isReadable(body)) return Buffer.from(body === undefined ? '' : JSON.stringify(body));
	const stream = body;
	return await new Promise<Buffer>((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		const signal = AbortSignal.timeout(Math.max(1, remainingMs));
		const finish = (failure?: NetworkFailure) => {
			signal.removeEventListener('abort', onTimeout);
			stream.removeListener('data', onData);
			stream.removeListener('end', onEnd);
			stream.removeListener('error', onError);
			if (failure === undefined) return resolve(Buffer.concat(chunks));
			stream.destroy();
			reject(new BodyFailure(failure));
		};
		const onTimeout = () => finish({ kind: 'timeout', detail: BODY_TIMEOUT, answerBegun: true });
		const onData = (chunk: Buffer | string) => {
			size += chunk.length;
			if (size > maxBytes) {
				finish({
					kind: 'tooLarge',
					detail: `the answer is larger than ${Math.round(maxBytes / 1024 / 1024)} MB, the most the node reads`,
					answerBegun: true,
				});
			} else {
				chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
			}
		};
		const onEnd = () => finish();
		const onError = (error: Error) => finish({ ...networkFailure(error), answerBegun: true });
		signal.addEventListener('abort', onTimeout);
		stream.on('data', onData);
		stream.once('end', onEnd);
		stream.once('error', onError);
	});
}

interface ReadableBody {
	on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
	once(event: 'end', listener: () => void): unknown;
	once(event: 'error', listener: (error: Error) => void): unknown;
	removeListener(event: string, listener: (...args: never[]) => void): unknown;
	destroy(): unknown;
}

function isReadable(body: unknown): body is ReadableBody {
	return (
		typeof body === 'object' &&
		body !== null &&
		typeof (body as ReadableBody).on === 'function' &&
		typeof (body as ReadableBody).destroy === 'function'
	);
}

/**
 * The answer as the HTTP client would have parsed it: its JSON when it parses, its text when
 * not (an HTML page, cut-short JSON), which the PBX's `api.checkEnvelope` refuses.
 */
function parseAnswer(bytes: Buffer): unknown {
	const text = bytes.toString('utf8');
	if (text.trim() === '') return '';
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
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
