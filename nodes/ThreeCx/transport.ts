import {
	NodeApiError,
	type IDataObject,
	type IExecuteFunctions,
	type IN8nHttpFullResponse,
	type JsonObject,
} from 'n8n-workflow';

import { API_KEY_PLACEHOLDER } from '../../credentials/ThreeCxWebApi.credentials';
import {
	describeNetworkFailure,
	NO_RETRY,
	sendAuthenticated,
	withSecretsRedacted,
	type ApiAnswer,
	type ApiFailure,
	type ApiRequest,
} from '../shared/http';

import { THREECX_WEB_API_CREDENTIAL } from './constants';

/** A WebAPI method path; the credential puts the API key in place of the placeholder. */
export function webApiPath(method: string): string {
	return `/webapi/${API_KEY_PLACEHOLDER}/${method}`;
}

/**
 * One request to the 3CX WebAPI add-on (`request.path` as {@link webApiPath}`('makecall')`; the
 * credential sets the server). Returns its JSON answer, the object the WebAPI sent; with
 * `returnFullResponse`, n8n's full response with the body as bytes (a recording). Never retried:
 * a repeated makecall rings twice. Errors never show the URL, whose path holds the API key.
 */
export async function threeCxRequest(
	this: IExecuteFunctions,
	itemIndex: number,
	request: ApiRequest,
): Promise<ApiAnswer> {
	return await withSecretsRedacted(
		this,
		THREECX_WEB_API_CREDENTIAL,
		['apiKey'],
		async () => await sendRequest.call(this, itemIndex, request),
	);
}

async function sendRequest(
	this: IExecuteFunctions,
	itemIndex: number,
	request: ApiRequest,
): Promise<ApiAnswer> {
	const placesCall = request.placesCall === true;
	const exchange = await sendAuthenticated(
		this,
		THREECX_WEB_API_CREDENTIAL,
		{
			method: request.method,
			url: request.path,
			qs: request.qs,
			body: request.body,
			...(request.headers ? { headers: request.headers } : {}),
			...(request.returnFullResponse ? { encoding: 'arraybuffer', json: false } : { json: true }),
		},
		NO_RETRY,
		request.timeoutMs,
	);
	const { response } = exchange;
	if (response === undefined) {
		const cause = redact(describeNetworkFailure(exchange));
		// A redirect is an answer: the request reached a server, which may have placed the call.
		const notReached = ['refused', 'unresolved', 'tls'].includes(exchange.failure?.kind ?? '');
		throw new NodeApiError(
			this.getNode(),
			{ message: cause },
			{
				itemIndex,
				message: `The 3CX WebAPI could not be reached: ${cause}`,
				description: `${
					placesCall
						? notReached
							? 'The call was not placed. '
							: 'The request may have reached the PBX: check whether the call was placed before running it again. '
						: ''
				}Check the Base URL in the credential; if the server uses a self-signed certificate, turn on "Allow Self-Signed Certificate" there.`,
				failure: { cause: 'temporarily-unavailable' },
			},
		);
	}
	const failure = describeFailure(response, request);
	if (failure) {
		const detail = redact(bodyText(response.body)).slice(0, 300);
		throw new NodeApiError(
			this.getNode(),
			{ statusCode: response.statusCode, body: detail } as JsonObject,
			{
				itemIndex,
				httpCode: String(failure.status),
				message: failure.message,
				description: failure.description,
			},
		);
	}
	if (request.returnFullResponse) return response as unknown as ApiAnswer;
	const answer = responseJson(response);
	if (answer === null) {
		const method = request.path.replace(/^.*\//, '');
		throw new NodeApiError(
			this.getNode(),
			{ message: describeAnswer(response) },
			{
				itemIndex,
				httpCode: String(response.statusCode),
				message: `The answer to ${method} is not the 3CX WebAPI’s (${describeAnswer(response)})`,
				description: `Something other than the WebAPI add-on answered (a login page, a proxy), or the answer was cut short. ${
					placesCall
						? 'The call may have been placed: check on the PBX before running it again, and check the Base URL in the credential.'
						: 'Check the Base URL in the credential.'
				}`,
				failure: { cause: 'configuration-invalid' },
			},
		);
	}
	return answer;
}

/**
 * What went wrong, in words that help: null for a successful answer. The WebAPI says so only by
 * its HTTP status.
 */
export function describeFailure(
	response: { statusCode: number; body: unknown },
	request: ApiRequest,
): ApiFailure | null {
	const { statusCode } = response;
	if (statusCode < 400) return null;
	const detail = redact(bodyText(response.body)).slice(0, 300);
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
						: 'See the 3CX WebAPI add-on’s log on the PBX.',
	};
}

function bodyText(body: unknown): string {
	if (body === undefined || body === null) return '';
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	if (typeof body === 'string') return body;
	return JSON.stringify(body);
}

/** The access key is the path segment after /webapi/. */
export function redact(text: string): string {
	return text.replace(/(\/webapi\/)(?!recording\/)[^/?#\s"']+/gi, '$1***');
}

/** The JSON object the WebAPI answered; null when it is not one (HTML, text, cut-short JSON). */
function responseJson(response: IN8nHttpFullResponse): IDataObject | null {
	const { body } = response;
	if (typeof body === 'object' && body !== null && !Buffer.isBuffer(body) && !Array.isArray(body)) {
		return body as IDataObject;
	}
	try {
		const parsed: unknown = JSON.parse(bodyText(body).trim());
		if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
			return parsed as IDataObject;
		}
	} catch {
		// not JSON
	}
	return null;
}

/** What an answer that is not the WebAPI's looks like, for the error (no more than 100 characters). */
function describeAnswer(response: IN8nHttpFullResponse): string {
	const type = String(response.headers?.['content-type'] ?? '')
		.split(';')[0]
		.trim();
	const text = redact(bodyText(response.body)).trim();
	if (text === '') return `an empty ${type || 'answer'}`;
	const sample = text.length > 100 ? `${text.slice(0, 100)}…` : text;
	return `${type || 'text'}: ${sample}`;
}
