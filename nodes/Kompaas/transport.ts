import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IN8nHttpFullResponse,
} from 'n8n-workflow';

import { worstCaseMs, type Exchange } from '../shared/exchange';
import { describeNetworkFailure } from '../shared/networkFailure';
import {
	causeOfStatus,
	jsonObject,
	apiRequestFor,
	retryPolicyFor,
	type ApiFailure,
	type ApiRequest,
	type PbxApi,
} from '../shared/http';

import { API_CREDENTIAL, DEFAULT_BASE_URL } from './constants';

/**
 * What went wrong, in words that help: null for a successful answer. KOMPaaS also reports a
 * failure inside a 200 answer, as `{ ok: false, error, name }`.
 */
export function describeFailure(
	response: { statusCode: number; body: unknown; headers?: IDataObject },
	request: ApiRequest,
	retries: number,
): ApiFailure | null {
	const { method, path } = request;
	const status = response.statusCode;
	const data = jsonObject(response.body);
	if (status >= 400) {
		return {
			status,
			message: `KOMPaaS answered HTTP ${status} to ${method} ${path}`,
			description: explainErrorCode(data) ?? describeStatus(status, request, retries + 1),
			failure: causeOfStatus(status, response.headers),
		};
	}
	if (data?.ok === false) {
		return {
			status,
			message: `KOMPaaS refused ${method} ${path}: ${failureTitle(data)}`,
			description: explainErrorCode(data) ?? undefined,
			failure: namesCredential(data) ? { cause: 'credential-invalid' } : undefined,
		};
	}
	return null;
}

function describeStatus(status: number, request: ApiRequest, attempts: number): string | undefined {
	const tried = attempts > 1 ? ` The node sent the request ${attempts} times.` : '';
	if (status === 401 || status === 403) {
		return 'Check the API token and the account number in the KOMPaaS API credential.';
	}
	if (status === 429 || status >= 500) {
		const busy =
			status === 429 ? 'KOMPaaS asks for fewer requests' : 'KOMPaaS had trouble on its side';
		return isRead(request)
			? `${busy}: try again later.${tried}`
			: `${busy}. A change is never sent twice; it may have been made: check Webhook → Get Many before sending it again.`;
	}
	return undefined;
}

/** Whether the request is a read, which the shared request function retries. */
function isRead(request: ApiRequest): boolean {
	return retryPolicyFor(request).retries > 0;
}

/** Whether KOMPaaS refused one of the credential's headers (the token, the account number). */
function namesCredential(data: IDataObject): boolean {
	return /^(authorization|x-account-id)$/i.test(String(data.name));
}

function failureTitle(data: IDataObject): string {
	const error = typeof data.error === 'string' ? data.error : 'unknown error';
	return typeof data.name === 'string' ? `${error} (parameter "${data.name}")` : error;
}

/** What KOMPaaS's documented error codes mean for the user. */
function explainErrorCode(data: IDataObject | null): string | null {
	if (data === null) return null;
	const name = typeof data.name === 'string' ? data.name : null;
	// KOMPaaS names the parameter; without a name the sentence still reads.
	const parameter = (kind: string) => (name === null ? `a ${kind}` : `the ${kind} "${name}"`);
	switch (data.error) {
		case 'missing_body_param':
			return `The request lacks ${parameter('body parameter')}.`;
		case 'missing_query_param':
			return `The request lacks ${parameter('query parameter')}.`;
		case 'missing_header_param':
			return name?.toLowerCase() === 'authorization'
				? 'KOMPaaS did not receive the API token: check the KOMPaaS API credential.'
				: `The request lacks ${parameter('header')}.`;
		case 'invalid_param':
			return `KOMPaaS does not accept the value of ${parameter('parameter')}${typeof data.type === 'string' ? ` (expected ${data.type})` : ''}.${
				namesCredential(data)
					? ' Check the API token and the account number in the KOMPaaS API credential.'
					: ''
			}`;
		case 'unknown':
			return 'KOMPaaS reported an unknown error and gave no details.';
		default:
			return typeof data.error === 'string' ? `KOMPaaS error: ${data.error}` : null;
	}
}

function describeNoAnswer(exchange: Exchange, request: ApiRequest, url: string): ApiFailure {
	const { method, path } = request;
	const baseUrl = url.slice(0, url.length - path.length);
	const cause = describeNetworkFailure(exchange);
	const reached = exchange.failure?.answerBegun
		? 'The request reached a server, so the change may have been made. '
		: '';
	// The cause goes in the message: n8n would replace a message naming a network error code.
	return {
		message: `The KOMPaaS API at ${baseUrl} did not answer (${method} ${path}): ${cause}`,
		description: isRead(request)
			? `Check the Base URL in the KOMPaaS API credential and that KOMPaaS is reachable from n8n. A read waits at most ${Math.round(worstCaseMs(exchange.timeoutMs, exchange.retry) / 1000)} s, retries included.`
			: `${reached}Check the Base URL in the KOMPaaS API credential and that KOMPaaS is reachable from n8n. A change is never sent twice: if it reached KOMPaaS, the KOMPaaS Trigger adopts the webhook on its next activation; check Webhook → Get Many before creating it again.`,
		failure: { cause: 'temporarily-unavailable' },
	};
}

function describeNotApi(
	response: IN8nHttpFullResponse,
	request: ApiRequest,
	url: string,
): ApiFailure {
	const { method, path } = request;
	const baseUrl = url.slice(0, url.length - path.length);
	return {
		status: response.statusCode,
		message: `KOMPaaS sent an answer that is not its API’s (${method} ${path}): not a JSON object`,
		description: isRead(request)
			? `Something other than the KOMPaaS API answered (a login page, a proxy), or the answer was cut short. Check the Base URL in the KOMPaaS API credential: ${baseUrl}`
			: `Something other than the KOMPaaS API answered (a login page, a proxy), or the answer was cut short; the change may have been made: check Webhook → Get Many. Base URL: ${baseUrl}`,
		failure: { cause: 'configuration-invalid' },
	};
}

/** KOMPaaS's API, for the shared request function. */
export const api: PbxApi = {
	credentialName: API_CREDENTIAL,
	secretFields: ['apiToken'],
	baseUrl: (credentials: ICredentialDataDecryptedObject) =>
		String(credentials.baseUrl || DEFAULT_BASE_URL).replace(/\/+$/, ''),
	checkEnvelope: jsonObject,
	describeFailure,
	describeNoAnswer,
	describeNotApi,
};

/**
 * One call to the KOMPaaS integration API; returns its JSON answer, `{ ok, result }` as KOMPaaS
 * sent it (the full response with `returnFullResponse`). Also called from the trigger's
 * lifecycle and the editor's option lists, which have no item: `itemIndex` is then undefined.
 */
export const apiRequest = apiRequestFor(api);
