import {
	sleep,
	type IAllExecuteFunctions,
	type IDataObject,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
} from 'n8n-workflow';

export interface RateLimitRetry {
	/** Retries after a 429 before giving up; 0 for requests that must never be repeated. */
	retries: number;
	/** Wait when the API gives no Retry-After; doubles with each retry. */
	initialWaitMs: number;
	/** Longest wait honoured; a longer Retry-After ends the retries. */
	maxWaitMs: number;
}

export const NO_RETRY: RateLimitRetry = { retries: 0, initialWaitMs: 0, maxWaitMs: 0 };

/**
 * Sends one authenticated request and returns the full response whatever its status, so the
 * vendor's transport can read its own error envelope. A 429 is retried (with `sleep`, honouring
 * Retry-After) only as often as `retry` allows.
 */
export async function sendAuthenticated(
	context: IAllExecuteFunctions,
	credentialType: string,
	options: IHttpRequestOptions,
	retry: RateLimitRetry = NO_RETRY,
): Promise<IN8nHttpFullResponse> {
	let waitMs = retry.initialWaitMs;
	for (let attempt = 0; ; attempt++) {
		const response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			credentialType,
			{ ...options, returnFullResponse: true, ignoreHttpStatusErrors: true },
		)) as IN8nHttpFullResponse;
		if (response.statusCode !== 429 || attempt >= retry.retries) return response;

		const requested = retryAfterMs(response.headers);
		const delay = requested ?? waitMs;
		if (delay > retry.maxWaitMs) return response;
		await sleep(delay);
		waitMs *= 2;
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
