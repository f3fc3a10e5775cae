import {
	NodeApiError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type IN8nHttpFullResponse,
	type JsonObject,
} from 'n8n-workflow';

import {
	describeNetworkFailure,
	NO_RETRY,
	retryAfterMs,
	sendAuthenticated,
	withSecretsRedacted,
	worstCaseMs,
	type ApiAnswer,
	type ApiFailure,
	type ApiRequest,
	type RetryPolicy,
} from '../shared/http';

import { VOIPCLOUD_API_CREDENTIAL } from './constants';

/**
 * Reads are sent again after a 429, 502, 503 or 504 or a connection reset: twice at most, after
 * 1 s then 2 s, or after the Retry-After VoIPcloud names if that is at most a minute.
 * VoIPcloud allows 100 requests per 15 minutes, so its Retry-After is often longer: then the
 * node fails at once, saying when to try again, rather than hold the execution for minutes.
 */
export const READ_RETRY: RetryPolicy = {
	retries: 2,
	initialWaitMs: 1_000,
	maxWaitMs: 60_000,
};

/** `https://au.voipcloud.online/api/integration/v2`, from the credential's region and version. */
export function apiBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const site = credentials.region === 'custom' ? credentials.customUrl : credentials.region;
	const origin = String(site ?? '')
		.trim()
		.replace(/\/+$/, '');
	const version = credentials.apiVersion === 'v1' ? 'v1' : 'v2';
	return `${origin}/api/integration/${version}`;
}

/**
 * Sends one request to the VoIPcloud API (`request.path` as `/get-user-calls`); returns its JSON
 * answer, `{ code, data, … }` as VoIPcloud sent it (the full response with `returnFullResponse`).
 */
export async function voipcloudRequest(
	this: IExecuteFunctions,
	itemIndex: number,
	request: ApiRequest,
): Promise<ApiAnswer> {
	return await withSecretsRedacted(
		this,
		VOIPCLOUD_API_CREDENTIAL,
		['apiKey'],
		async () => await sendRequest.call(this, itemIndex, request),
	);
}

async function sendRequest(
	this: IExecuteFunctions,
	itemIndex: number,
	request: ApiRequest,
): Promise<ApiAnswer> {
	const credentials = await this.getCredentials(VOIPCLOUD_API_CREDENTIAL, itemIndex);
	const url = `${apiBaseUrl(credentials)}${request.path}`;
	const retry = request.placesCall ? NO_RETRY : READ_RETRY;
	const exchange = await sendAuthenticated(
		this,
		VOIPCLOUD_API_CREDENTIAL,
		{
			method: request.method,
			url,
			qs: request.qs,
			body: request.body,
			headers: { accept: 'application/json', ...request.headers },
			...(request.returnFullResponse
				? { encoding: 'arraybuffer', json: false }
				: { json: typeof request.body !== 'string' }),
		},
		retry,
		request.timeoutMs,
	);
	const { response } = exchange;
	if (response === undefined) {
		const cause = describeNetworkFailure(exchange);
		// A refused connection reached nothing; a redirect is an answer: the request was received.
		const notReached = exchange.failure?.kind === 'refused';
		throw new NodeApiError(
			this.getNode(),
			{ cause },
			{
				itemIndex,
				message:
					exchange.failure?.kind === 'redirect'
						? `VoIPcloud's API is not at ${url}: ${cause}`
						: `VoIPcloud did not answer at ${url}: ${cause}`,
				description: request.placesCall
					? notReached
						? 'The call was not placed: nothing reached VoIPcloud. Check the region or custom URL in the credential.'
						: 'The request may have reached VoIPcloud: check in VoIPcloud whether the call was placed before running it again. A call is never sent twice by the node.'
					: `Check the region or custom URL in the credential, and that this n8n server can reach it. The node waits at most ${Math.round(worstCaseMs(exchange.timeoutMs, retry) / 1000)} s for a read, retries included.`,
				failure: { cause: 'temporarily-unavailable' },
			},
		);
	}

	const failure = describeFailure(response, request, exchange.attempts - 1);
	if (failure) {
		const vendorBody = typeof response.body === 'object' && response.body !== null;
		throw new NodeApiError(
			this.getNode(),
			(vendorBody
				? response.body
				: { body: String(response.body ?? '').slice(0, 500) }) as JsonObject,
			{
				itemIndex,
				httpCode: String(failure.status),
				message: failure.message,
				description: failure.description,
				failure: failure.failure,
			},
		);
	}
	if (request.returnFullResponse) return response as unknown as ApiAnswer;
	if (!isApiAnswer(response.body)) {
		throw new NodeApiError(
			this.getNode(),
			{ body: answerSample(response) },
			{
				itemIndex,
				httpCode: String(response.statusCode),
				message: `VoIPcloud’s answer to ${endpointOf(request)} is not its API’s (${answerKind(response)})`,
				description: request.placesCall
					? 'Something other than the VoIPcloud API answered, such as a login page or a proxy, or the answer was cut short. The call may have been placed: check in VoIPcloud before running it again.'
					: 'Something other than the VoIPcloud API answered, such as a login page or a proxy, or the answer was cut short. Check the region or custom URL in the credential.',
				failure: { cause: 'configuration-invalid' },
			},
		);
	}
	return response.body as IDataObject | IDataObject[];
}

/** The endpoint's name, as VoIPcloud's documentation names it: `get-user-calls`. */
function endpointOf(request: ApiRequest): string {
	return request.path.replace(/^\/+/, '');
}

/** The API answers JSON: an object or a list. Text (HTML, cut-short JSON) is someone else's. */
function isApiAnswer(body: unknown): boolean {
	return typeof body === 'object' && body !== null && !Buffer.isBuffer(body);
}

function answerKind(response: IN8nHttpFullResponse): string {
	const type = String(response.headers?.['content-type'] ?? '')
		.split(';')[0]
		.trim();
	const text = String(response.body ?? '').trim();
	if (text === '') return `HTTP ${response.statusCode}, empty${type ? ` ${type}` : ''}`;
	if (/^[[{]/.test(text)) return `HTTP ${response.statusCode}, JSON that does not parse`;
	return `HTTP ${response.statusCode}, ${type || 'text'}`;
}

function answerSample(response: IN8nHttpFullResponse): string {
	return String(response.body ?? '').slice(0, 300);
}

/**
 * What went wrong, in words that help: null for a successful answer. VoIPcloud may also report
 * a failure inside a 200 answer through the envelope's `code`.
 */
export function describeFailure(
	response: { statusCode: number; body: unknown; headers?: IDataObject },
	request: ApiRequest,
	retries: number,
): ApiFailure | null {
	const endpoint = endpointOf(request);
	const placesCall = request.placesCall === true;
	const body = response.body;
	const envelopeCode =
		typeof body === 'object' && body !== null && !Array.isArray(body)
			? Number((body as IDataObject).code)
			: NaN;
	const status =
		response.statusCode >= 400
			? response.statusCode
			: envelopeCode >= 400 && envelopeCode < 600
				? envelopeCode
				: 0;
	if (status === 0) return null;

	const said = vendorMessage(body);
	const answer = said ? `${status}: ${said}` : String(status);
	const notPlaced = placesCall ? ' The call was not placed.' : '';

	if (status === 401 || status === 403) {
		return {
			status,
			message: `VoIPcloud refused the API key or this server’s IP address (${answer})`,
			description:
				'Check the API key in the credential, and that the public IP address of this n8n server is on the PBX’s API whitelist (Integration/API → API → add IP). VoIPcloud answers 401 for both.' +
				notPlaced,
			failure: { cause: 'credential-invalid' },
		};
	}
	if (status === 404 || status === 405) {
		return {
			status,
			message: `VoIPcloud has no ${endpoint} endpoint at this address (${answer})`,
			description:
				'Check the region or custom URL in the credential, and try the other API version: v1 is in VoIPcloud’s documentation, v2 is what working integrations call.' +
				notPlaced,
			failure: { cause: 'configuration-invalid' },
		};
	}
	if (status === 429) {
		const waitMs = retryAfterMs(response.headers ?? {});
		const after = waitMs === null ? 'later' : `in ${Math.ceil(waitMs / 1000)} s`;
		return {
			status,
			message: `VoIPcloud’s rate limit is reached (${answer})`,
			description: placesCall
				? `VoIPcloud allows 100 API requests per 15 minutes. The call was not placed, and a call is never retried automatically so that nobody is called twice: run it again ${after}.`
				: `VoIPcloud allows 100 API requests per 15 minutes. The node retried ${retries === 1 ? 'once' : `${retries} times`} and waits at most ${READ_RETRY.maxWaitMs / 1000} s for a retry; try again ${after}.`,
			failure: { cause: 'rate-limited', ...(waitMs === null ? {} : { retryAfterMs: waitMs }) },
		};
	}
	if (status >= 500) {
		return {
			status,
			message: `VoIPcloud could not process the request (${answer})`,
			description: placesCall
				? 'VoIPcloud had trouble on its side. Check in VoIPcloud whether the call was placed before running it again.'
				: 'VoIPcloud had trouble on its side: try again later.',
			failure: { cause: 'temporarily-unavailable' },
		};
	}
	return {
		status,
		message: `VoIPcloud refused the request (${answer})`,
		description: placesCall
			? 'Check the user extension and the number to call. The call was not placed.'
			: 'Check the node’s parameters: dates, names and the call ID.',
	};
}

/** The vendor's own words from an error answer, whatever shape it has. */
export function vendorMessage(body: unknown): string | null {
	if (typeof body === 'string') return body.trim() === '' ? null : body.trim().slice(0, 300);
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
	const data = body as IDataObject;
	for (const key of ['message', 'error', 'errors', 'detail']) {
		const value = data[key];
		if (typeof value === 'string' && value.trim() !== '') return value.trim();
		if (Array.isArray(value) && value.length > 0) return value.map(String).join('; ');
		if (typeof value === 'object' && value !== null) {
			const nested = vendorMessage(value);
			if (nested) return nested;
			const status = (value as IDataObject).status;
			if (typeof status === 'string') return status;
		}
	}
	if (typeof data.data === 'object' && data.data !== null) return vendorMessage(data.data);
	return null;
}
