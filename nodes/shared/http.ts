import {
	NodeApiError,
	NodeOperationError,
	type Failure,
	type IAllExecuteFunctions,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IHttpRequestMethods,
	type IN8nHttpFullResponse,
	type JsonObject,
} from 'n8n-workflow';

import {
	DEFAULT_TIMEOUT_MS,
	NO_RETRY,
	retryAfterMs,
	sendAuthenticated,
	type Exchange,
	type RetryPolicy,
} from './exchange';
import { describeNetworkFailure } from './networkFailure';
import { redactDeep, redactSecrets } from './redaction';
import { isObject } from './values';

/**
 * One request to a PBX's API, the same for every PBX: each `transport.ts` exports
 * `apiRequest.call(this, itemIndex, request)` taking it.
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

/** What the request returns: the JSON answer, or n8n's full response with `returnFullResponse`. */
type ApiResult<R extends ApiRequest> = R extends { returnFullResponse: true }
	? IN8nHttpFullResponse
	: ApiAnswer;

/**
 * What a failure means, from a PBX's describers: the parts of its NodeApiError. `failure` is the
 * cause n8n reads (credential, configuration, rate limit, unavailable): see {@link causeOfStatus}.
 */
export interface ApiFailure {
	/** The HTTP status; absent when no answer came. */
	status?: number;
	message: string;
	description?: string;
	failure?: Failure;
}

/**
 * What a PBX's `transport.ts` adds to the one request function: which credential, where its
 * API is, how its answers say success, and its words for each failure.
 */
export interface PbxApi {
	credentialName: string;
	/** The credential's secret fields: never shown in an error, in any form. */
	secretFields: string[];
	/** Removes what else may be a secret from an error's text (3CX: any key in a WebAPI path). */
	redact?(text: string): string;
	/**
	 * The API's base URL from the credential, which `request.path` follows; '' when the
	 * credential's `authenticate` sets it (3CX, whose key goes in the path).
	 */
	baseUrl(credentials: ICredentialDataDecryptedObject): string;
	/** The answer's JSON when it is the API's; null for anything else (HTML, text, cut-short JSON). */
	checkEnvelope(body: unknown): ApiAnswer | null;
	/** What an answer that says failure (by status or by its envelope) means; null for success. */
	describeFailure(
		response: { statusCode: number; body: unknown; headers?: IDataObject },
		request: ApiRequest,
		retries: number,
	): ApiFailure | null;
	/** Why no answer came (`exchange.failure`), and whether the request may have been carried out. */
	describeNoAnswer(exchange: Exchange, request: ApiRequest, url: string): ApiFailure;
	/** A successful status whose body is not the API's (a login page, a proxy, JSON cut short). */
	describeNotApi(response: IN8nHttpFullResponse, request: ApiRequest, url: string): ApiFailure;
}

/**
 * Reads are sent again after a 429, 502, 503 or 504 or a connection reset: twice at most, after
 * 1 s then 2 s, or after the Retry-After the API names if that is at most a minute. A longer
 * Retry-After (VoIPcloud allows 100 requests per 15 minutes) fails at once, saying when to try
 * again, rather than hold the execution for minutes.
 */
export const READ_RETRY: RetryPolicy = { retries: 2, initialWaitMs: 1_000, maxWaitMs: 60_000 };

const READ_METHODS = new Set<IHttpRequestMethods>(['GET', 'HEAD']);

/**
 * The one retry rule: a read is retried, a write or a call never. What a request does decides,
 * not the PBX: every read of the three APIs is a GET (a 3CX recording download included), every
 * write a POST, PUT, PATCH or DELETE; a call is placed by a GET on 3CX (`makecall`), so
 * `placesCall` outranks the method. A write whose answer was lost may have been carried out:
 * sent again, it would create a second webhook or ring the customer twice.
 */
export function retryPolicyFor(request: ApiRequest): RetryPolicy {
	return request.placesCall !== true && READ_METHODS.has(request.method) ? READ_RETRY : NO_RETRY;
}

/**
 * A PBX's `apiRequest`, called as `apiRequest.call(this, itemIndex, request)`: the one request
 * function below with the PBX's {@link PbxApi}.
 */
export function apiRequestFor(api: PbxApi) {
	return async function apiRequest<R extends ApiRequest>(
		this: IAllExecuteFunctions,
		itemIndex: number | undefined,
		request: R,
	): Promise<ApiResult<R>> {
		return await requestApi(this, api, itemIndex, request);
	};
}

/**
 * The one request function, for every PBX with its {@link PbxApi}: sends the
 * request authenticated by n8n with a timeout, retried by {@link retryPolicyFor}, and returns the
 * API's JSON answer (envelope included: what the answer holds is the operation's to read) or,
 * with `returnFullResponse`, n8n's full response with the body as bytes. Anything else is a
 * NodeApiError with the item index (undefined from a trigger's lifecycle or an option list) in
 * the PBX's words, without the credential's secrets.
 */
async function requestApi<R extends ApiRequest>(
	context: IAllExecuteFunctions,
	api: PbxApi,
	itemIndex: number | undefined,
	request: R,
): Promise<ApiResult<R>> {
	return (await withSecretsRedacted(context, api, async () => {
		const credentials = await context.getCredentials(api.credentialName, itemIndex);
		const url = `${api.baseUrl(credentials)}${request.path}`;
		const exchange = await sendAuthenticated(
			context,
			api.credentialName,
			{
				method: request.method,
				url,
				qs: request.qs,
				body: request.body,
				// sendAuthenticated reads the body itself (as JSON, or as bytes for a file).
				...(request.returnFullResponse
					? { encoding: 'arraybuffer', headers: request.headers }
					: { headers: { accept: 'application/json', ...request.headers } }),
			},
			retryPolicyFor(request),
			request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
		);
		const fail = (failure: ApiFailure, body: JsonObject) => {
			throw new NodeApiError(context.getNode(), body, {
				itemIndex,
				message: failure.message,
				description: failure.description,
				...(failure.status === undefined ? {} : { httpCode: String(failure.status) }),
				...(failure.failure ? { failure: failure.failure } : {}),
			});
		};
		const { response } = exchange;
		if (response === undefined) {
			const failure = api.describeNoAnswer(exchange, request, url);
			return fail(failure, { cause: describeNetworkFailure(exchange) });
		}
		const failure = api.describeFailure(response, request, exchange.attempts - 1);
		if (failure) return fail(failure, errorBody(response.body));
		if (request.returnFullResponse) return response;
		return (
			api.checkEnvelope(response.body) ??
			fail(api.describeNotApi(response, request, url), errorBody(response.body))
		);
	})) as ApiResult<R>;
}

/** A failed answer's body for the NodeApiError: the API's JSON, or the start of its text. */
function errorBody(body: unknown): JsonObject {
	if (typeof body === 'object' && body !== null && !Buffer.isBuffer(body))
		return body as JsonObject;
	return { body: answerText(body).slice(0, 500) };
}

/** A body as text, whatever form it came in (bytes for a file, parsed JSON, a string). */
export function answerText(body: unknown): string {
	if (body === undefined || body === null) return '';
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	if (typeof body === 'string') return body;
	return JSON.stringify(body);
}

/**
 * The JSON object a body holds, parsed when it came as text or bytes; null for anything else (a
 * list, HTML, text, JSON cut short): the envelope check of the APIs that answer objects only.
 */
export function jsonObject(body: unknown): IDataObject | null {
	let value = body;
	if (typeof body === 'string' || Buffer.isBuffer(body)) {
		try {
			value = JSON.parse(answerText(body).trim()) as unknown;
		} catch {
			return null;
		}
	}
	return isObject(value) ? value : null;
}

/**
 * The cause n8n reads from a failed answer's status: the credential (401, 403), the
 * configuration (404, 405), a rate limit (429, with the wait it asked for) or trouble on the
 * PBX's side (5xx); none for any other refusal, which is the node's parameters.
 */
export function causeOfStatus(status: number, headers: IDataObject = {}): Failure | undefined {
	if (status === 401 || status === 403) return { cause: 'credential-invalid' };
	if (status === 404 || status === 405) return { cause: 'configuration-invalid' };
	if (status === 429) {
		const waitMs = retryAfterMs(headers);
		return { cause: 'rate-limited', ...(waitMs === null ? {} : { retryAfterMs: waitMs }) };
	}
	if (status >= 500) return { cause: 'temporarily-unavailable' };
	return undefined;
}

/**
 * Runs a request and removes the credential's secrets from any error it throws, in every form,
 * so that a server echoing the key never shows it.
 */
async function withSecretsRedacted<T>(
	context: IAllExecuteFunctions,
	api: PbxApi,
	run: () => Promise<T>,
): Promise<T> {
	try {
		return await run();
	} catch (error) {
		const credentials = await context.getCredentials(api.credentialName).catch(() => ({}));
		const secrets = api.secretFields
			.map((name) => (credentials as IDataObject)[name])
			.filter((value): value is string => typeof value === 'string');
		const redact = (text: string) => redactSecrets(api.redact?.(text) ?? text, secrets);
		const failure = error instanceof Error ? error : new Error(String(error));
		failure.message = redact(failure.message);
		if (failure.stack) failure.stack = redact(failure.stack);
		redactDeep(failure, redact);
		if (failure instanceof NodeApiError || failure instanceof NodeOperationError) throw failure;
		throw new NodeOperationError(context.getNode(), failure);
	}
}
