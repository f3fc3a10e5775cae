import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IN8nHttpFullResponse,
} from 'n8n-workflow';

import { retryAfterMs, worstCaseMs, type Exchange } from '../shared/exchange';
import { describeNetworkFailure } from '../shared/networkFailure';
import {
	causeOfStatus,
	READ_RETRY,
	apiRequestFor,
	type ApiFailure,
	type ApiRequest,
	type PbxApi,
} from '../shared/http';
import { isObject } from '../shared/values';

import { API_CREDENTIAL, DEFAULT_BASE_URL } from './constants';

/** What went wrong, in words that help: null for a successful answer. */
export function describeFailure(
	response: { statusCode: number; body: unknown; headers?: IDataObject },
	request: ApiRequest,
	retries: number,
): ApiFailure | null {
	const status = failedStatus(response);
	if (status === 0) return null;
	const said = vendorMessage(response.body);
	const failure: Failed = {
		status,
		answer: said ? `${status}: ${said}` : String(status),
		placesCall: request.placesCall === true,
		endpoint: endpointOf(request),
	};
	const described =
		status === 429
			? describeRateLimit(failure, response.headers ?? {}, retries)
			: describeRefusal(failure);
	return { ...described, failure: causeOfStatus(status, response.headers) };
}

/**
 * The failed status: the HTTP status from 400 up, or else the envelope's `code`, through which
 * VoIPcloud also reports a failure inside a 200 answer; 0 for success.
 */
function failedStatus(response: { statusCode: number; body: unknown }): number {
	if (response.statusCode >= 400) return response.statusCode;
	const { body } = response;
	const code = isObject(body) ? Number(body.code) : NaN;
	return code >= 400 && code < 600 ? code : 0;
}

interface Failed {
	status: number;
	/** The status with VoIPcloud's own words: `401: Unauthorized`. */
	answer: string;
	placesCall: boolean;
	endpoint: string;
}

function describeRefusal({ status, answer, placesCall, endpoint }: Failed): ApiFailure {
	const notPlaced = placesCall ? ' The call was not placed.' : '';
	if (status === 401 || status === 403) {
		return {
			status,
			message: `VoIPcloud refused the API key or this server’s IP address (${answer})`,
			description: `Check the API key in the credential, and that the public IP address of this n8n server is on the PBX’s API whitelist (Integration/API → API → add IP). VoIPcloud answers 401 for both.${notPlaced}`,
		};
	}
	if (status === 404 || status === 405) {
		return {
			status,
			message: `VoIPcloud has no ${endpoint} endpoint at this address (${answer})`,
			description: `Check the region or custom URL in the credential, and try the other API version: v1 is in VoIPcloud’s documentation, v2 is what working integrations call.${notPlaced}`,
		};
	}
	if (status >= 500) {
		return {
			status,
			message: `VoIPcloud could not process the request (${answer})`,
			description: placesCall
				? 'VoIPcloud had trouble on its side. Check in VoIPcloud whether the call was placed before running it again.'
				: 'VoIPcloud had trouble on its side: try again later.',
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

function describeRateLimit(
	{ status, answer, placesCall }: Failed,
	headers: IDataObject,
	retries: number,
): ApiFailure {
	const waitMs = retryAfterMs(headers);
	const after = waitMs === null ? 'later' : `in ${Math.ceil(waitMs / 1000)} s`;
	const retried = retries === 1 ? 'once' : `${retries} times`;
	return {
		status,
		message: `VoIPcloud’s rate limit is reached (${answer})`,
		description: placesCall
			? `VoIPcloud allows 100 API requests per 15 minutes. The call was not placed, and a call is never retried automatically so that nobody is called twice: run it again ${after}.`
			: `VoIPcloud allows 100 API requests per 15 minutes. The node retried ${retried} and waits at most ${READ_RETRY.maxWaitMs / 1000} s for a retry; try again ${after}.`,
	};
}

/** The vendor's own words from an error answer, whatever shape it has. */
function vendorMessage(body: unknown): string | null {
	if (typeof body === 'string') return body.trim().slice(0, 300) || null;
	if (!isObject(body)) return null;
	for (const key of ['message', 'error', 'errors', 'detail']) {
		const value = body[key];
		if (typeof value === 'string' && value.trim() !== '') return value.trim();
		if (Array.isArray(value) && value.length > 0) return value.map(String).join('; ');
		if (isObject(value)) {
			const nested = vendorMessage(value);
			if (nested) return nested;
			if (typeof value.status === 'string') return value.status;
		}
	}
	return isObject(body.data) ? vendorMessage(body.data) : null;
}

/** The endpoint's name, as VoIPcloud's documentation names it: `get-user-calls`. */
function endpointOf(request: ApiRequest): string {
	return request.path.replace(/^\/+/, '');
}

function describeNoAnswer(exchange: Exchange, request: ApiRequest, url: string): ApiFailure {
	const cause = describeNetworkFailure(exchange);
	// A refused connection reached nothing; a redirect is an answer: the request was received.
	const notReached = exchange.failure?.kind === 'refused';
	return {
		message:
			exchange.failure?.kind === 'redirect'
				? `VoIPcloud's API is not at ${url}: ${cause}`
				: `VoIPcloud did not answer at ${url}: ${cause}`,
		description: request.placesCall
			? notReached
				? 'The call was not placed: nothing reached VoIPcloud. Check the region or custom URL in the credential.'
				: 'The request may have reached VoIPcloud: check in VoIPcloud whether the call was placed before running it again. A call is never sent twice by the node.'
			: `Check the region or custom URL in the credential, and that this n8n server can reach it. The node waits at most ${Math.round(worstCaseMs(exchange.timeoutMs, exchange.retry) / 1000)} s for a read, retries included.`,
		failure: { cause: 'temporarily-unavailable' },
	};
}

function describeNotApi(response: IN8nHttpFullResponse, request: ApiRequest): ApiFailure {
	return {
		status: response.statusCode,
		message: `VoIPcloud’s answer to ${endpointOf(request)} is not its API’s (${answerKind(response)})`,
		description: request.placesCall
			? 'Something other than the VoIPcloud API answered, such as a login page or a proxy, or the answer was cut short. The call may have been placed: check in VoIPcloud before running it again.'
			: 'Something other than the VoIPcloud API answered, such as a login page or a proxy, or the answer was cut short. Check the region or custom URL in the credential.',
		failure: { cause: 'configuration-invalid' },
	};
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

/** VoIPcloud's API, for the shared request function. */
export const api: PbxApi = {
	credentialName: API_CREDENTIAL,
	secretFields: ['apiKey'],
	/** `https://au.voipcloud.online/api/integration/v2`, from the credential's region and version. */
	baseUrl(credentials: ICredentialDataDecryptedObject): string {
		const site =
			credentials.region === 'custom'
				? credentials.customUrl
				: (credentials.region ?? DEFAULT_BASE_URL);
		const origin = String(site ?? '')
			.trim()
			.replace(/\/+$/, '');
		const version = credentials.apiVersion === 'v1' ? 'v1' : 'v2';
		return `${origin}/api/integration/${version}`;
	},
	/** The API answers JSON: an object or a list. Text (HTML, cut-short JSON) is someone else's. */
	checkEnvelope: (body) =>
		// null is an object too, and comes back as null.
		typeof body === 'object' && !Buffer.isBuffer(body) ? (body as IDataObject | null) : null,
	describeFailure,
	describeNoAnswer,
	describeNotApi,
};

/**
 * Sends one request to the VoIPcloud API (`request.path` as `/get-user-calls`); returns its JSON
 * answer, `{ code, data, … }` as VoIPcloud sent it (the full response with `returnFullResponse`).
 */
export const apiRequest = apiRequestFor(api);
