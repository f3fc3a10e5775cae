import {
	NodeApiError,
	type Failure,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type IN8nHttpFullResponse,
	type JsonObject,
} from 'n8n-workflow';

import { NO_RETRY, retryAfterMs, sendAuthenticated, type RateLimitRetry } from '../shared/http';

export const VOIPCLOUD_API_CREDENTIAL = 'voipcloudApi';

/**
 * Reads wait out a 429: VoIPcloud allows 100 requests per 15 minutes, so a Retry-After of up to
 * the whole window is honoured; without one the wait starts at 5 s and doubles.
 */
export const READ_RETRY: RateLimitRetry = {
	retries: 3,
	initialWaitMs: 5_000,
	maxWaitMs: 15 * 60_000,
};

export interface VoipcloudRequest {
	method: IHttpRequestMethods;
	/** The last path segment, e.g. `get-user-calls`. */
	endpoint: string;
	qs?: IDataObject;
	body?: string | IDataObject;
	headers?: IDataObject;
	/** Whether the request places a call: never retried, and its failures say so. */
	placesCall?: boolean;
}

/** `https://au.voipcloud.online/api/integration/v2`, from the credential's region and version. */
export function apiBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const site = credentials.region === 'custom' ? credentials.customUrl : credentials.region;
	const origin = String(site ?? '')
		.trim()
		.replace(/\/+$/, '');
	const version = credentials.apiVersion === 'v1' ? 'v1' : 'v2';
	return `${origin}/api/integration/${version}`;
}

/** Sends one request to the VoIPcloud API; returns the JSON body of a successful answer. */
export async function voipcloudRequest(
	this: IExecuteFunctions,
	itemIndex: number,
	request: VoipcloudRequest,
): Promise<IDataObject | IDataObject[] | string> {
	const credentials = await this.getCredentials(VOIPCLOUD_API_CREDENTIAL, itemIndex);
	const url = `${apiBaseUrl(credentials)}/${request.endpoint}`;
	const retry = request.placesCall ? NO_RETRY : READ_RETRY;
	let response: IN8nHttpFullResponse;
	try {
		response = await sendAuthenticated(
			this,
			VOIPCLOUD_API_CREDENTIAL,
			{
				method: request.method,
				url,
				qs: request.qs,
				body: request.body,
				headers: { accept: 'application/json', ...request.headers },
				json: typeof request.body !== 'string',
			},
			retry,
		);
	} catch (error) {
		// Only the text of the cause: n8n would replace our message for a known error code.
		const cause = (error as Error).message;
		throw new NodeApiError(
			this.getNode(),
			{ cause },
			{
				itemIndex,
				message: `Could not reach VoIPcloud at ${url}`,
				description: request.placesCall
					? `Check the region or custom URL in the credential. If the request may have reached VoIPcloud, check in VoIPcloud whether the call was placed before running it again. (${cause})`
					: `Check the region or custom URL in the credential, and that this n8n server can reach it. (${cause})`,
			},
		);
	}

	const failure = describeFailure(response, {
		endpoint: request.endpoint,
		placesCall: request.placesCall === true,
		retries: retry.retries,
	});
	if (failure) {
		const vendorBody = typeof response.body === 'object' && response.body !== null;
		throw new NodeApiError(
			this.getNode(),
			(vendorBody ? response.body : { body: String(response.body ?? '') }) as JsonObject,
			{
				itemIndex,
				httpCode: String(failure.status),
				message: failure.message,
				description: failure.description,
				failure: failure.failure,
			},
		);
	}
	return response.body as IDataObject | IDataObject[] | string;
}

export interface VoipcloudFailure {
	status: number;
	message: string;
	description: string;
	failure?: Failure;
}

/**
 * What went wrong, in words that help: null for a successful answer. VoIPcloud may also report
 * a failure inside a 200 answer through the envelope's `code`.
 */
export function describeFailure(
	response: { statusCode: number; body: unknown; headers?: IDataObject },
	{ endpoint, placesCall, retries }: { endpoint: string; placesCall: boolean; retries: number },
): VoipcloudFailure | null {
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
				: `VoIPcloud allows 100 API requests per 15 minutes, and the node has waited as long as it can (up to ${retries} retries, at most 15 minutes each); try again ${after}.`,
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
