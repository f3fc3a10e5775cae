import type { IDataObject, IN8nHttpFullResponse } from 'n8n-workflow';

import type { Exchange } from '../shared/exchange';
import { describeNetworkFailure } from '../shared/networkFailure';
import {
	answerText,
	causeOfStatus,
	jsonObject,
	apiRequestFor,
	type ApiFailure,
	type ApiRequest,
	type PbxApi,
} from '../shared/http';

import { API_CREDENTIAL } from './constants';
import { redactKey } from './webApi';

/**
 * What went wrong, in words that help: null for a successful answer. The WebAPI says so only by
 * its HTTP status. `retries`: how many times a read was sent again before this answer.
 */
export function describeFailure(
	response: { statusCode: number; body: unknown; headers?: IDataObject },
	request: ApiRequest,
	retries: number,
): ApiFailure | null {
	const { statusCode } = response;
	if (statusCode < 400) return null;
	const detail = redactKey(answerText(response.body)).slice(0, 300);
	const tried = retries > 0 ? ` The node sent the request ${retries + 1} times.` : '';
	return {
		status: statusCode,
		message: `The 3CX WebAPI answered HTTP ${statusCode}${detail ? `: ${detail}` : ''}`,
		description:
			statusCode === 401 || statusCode === 403
				? 'Check the Access Key in the credential.'
				: statusCode === 404
					? 'Check the Base URL in the credential, and that the WebAPI add-on offers this method.'
					: request.placesCall && statusCode >= 500
						? 'The call may have been placed: check on the PBX before running it again, and see the 3CX WebAPI add-on’s log.'
						: `See the 3CX WebAPI add-on’s log on the PBX.${tried}`,
		failure: causeOfStatus(statusCode, response.headers),
	};
}

function describeNoAnswer(exchange: Exchange, request: ApiRequest): ApiFailure {
	const cause = redactKey(describeNetworkFailure(exchange));
	// A redirect is an answer: the request reached a server, which may have placed the call.
	const notReached = ['refused', 'unresolved', 'tls'].includes(String(exchange.failure?.kind));
	const call = !request.placesCall
		? ''
		: notReached
			? 'The call was not placed. '
			: 'The request may have reached the PBX: check whether the call was placed before running it again. ';
	return {
		message: `The 3CX WebAPI could not be reached: ${cause}`,
		description: `${call}Check the Base URL in the credential; if the server uses a self-signed certificate, turn on "Allow Self-Signed Certificate" there.`,
		failure: { cause: 'temporarily-unavailable' },
	};
}

function describeNotApi(response: IN8nHttpFullResponse, request: ApiRequest): ApiFailure {
	const method = request.path.slice(request.path.lastIndexOf('/') + 1);
	return {
		status: response.statusCode,
		message: `The answer to ${method} is not the 3CX WebAPI’s (${describeAnswer(response)})`,
		description: `Something other than the WebAPI add-on answered (a login page, a proxy), or the answer was cut short. ${
			request.placesCall
				? 'The call may have been placed: check on the PBX before running it again, and check the Base URL in the credential.'
				: 'Check the Base URL in the credential.'
		}`,
		failure: { cause: 'configuration-invalid' },
	};
}

/** What an answer that is not the WebAPI's looks like, for the error (no more than 100 characters). */
function describeAnswer(response: IN8nHttpFullResponse): string {
	const type = String(response.headers['content-type'] ?? '')
		.split(';')[0]
		.trim();
	const text = redactKey(answerText(response.body)).trim();
	if (text === '') return `an empty ${type || 'answer'}`;
	const sample = text.length > 100 ? `${text.slice(0, 100)}…` : text;
	return `${type || 'text'}: ${sample}`;
}

/** The 3CX WebAPI, for the shared request function. */
export const api: PbxApi = {
	credentialName: API_CREDENTIAL,
	secretFields: ['apiKey'],
	redact: redactKey,
	// The credential's authenticate sets the server, and the key in the path: never a URL here.
	baseUrl: () => '',
	checkEnvelope: jsonObject,
	describeFailure,
	describeNoAnswer,
	describeNotApi,
};

/**
 * One request to the 3CX WebAPI add-on (`request.path` as `webApiPath('makecall')`; the
 * credential sets the server and the key). Returns its JSON answer, the object the WebAPI sent;
 * with `returnFullResponse`, n8n's full response with the body as bytes (a recording). Errors
 * never show the URL, whose path holds the API key.
 */
export const apiRequest = apiRequestFor(api);
