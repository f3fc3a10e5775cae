import {
	NodeApiError,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
	type JsonObject,
} from 'n8n-workflow';

import { API_KEY_PLACEHOLDER } from '../../credentials/ThreeCxWebApi.credentials';
import { describeNetworkFailure, NO_RETRY, sendAuthenticated } from '../shared/http';

export const CREDENTIAL_TYPE = 'threeCxWebApi';

/** A WebAPI method path; the credential puts the API key in place of the placeholder. */
export function webApiPath(method: string): string {
	return `/webapi/${API_KEY_PLACEHOLDER}/${method}`;
}

export interface WebApiCall {
	/** Milliseconds without an answer before the request fails. */
	timeoutMs: number;
	/** Whether the request places a call: its failures say whether it may have been placed. */
	placesCall?: boolean;
}

/**
 * One request to the 3CX WebAPI add-on. Never retried: a repeated makecall rings twice.
 * Errors never show the URL, whose path holds the API key.
 */
export async function webApiRequest(
	this: IExecuteFunctions,
	itemIndex: number,
	options: IHttpRequestOptions,
	{ timeoutMs, placesCall = false }: WebApiCall,
): Promise<IN8nHttpFullResponse> {
	const exchange = await sendAuthenticated(this, CREDENTIAL_TYPE, options, NO_RETRY, timeoutMs);
	const { response } = exchange;
	if (response === undefined) {
		const cause = redact(describeNetworkFailure(exchange));
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
	if (response.statusCode >= 400) throw httpError.call(this, itemIndex, response, placesCall);
	return response;
}

function httpError(
	this: IExecuteFunctions,
	itemIndex: number,
	response: IN8nHttpFullResponse,
	placesCall: boolean,
): NodeApiError {
	const { statusCode } = response;
	const detail = redact(bodyText(response.body)).slice(0, 300);
	const hint =
		statusCode === 401 || statusCode === 403
			? 'Check the Access Key in the credential.'
			: statusCode === 404
				? 'Check the Base URL in the credential, and that the WebAPI add-on offers this method.'
				: placesCall && statusCode >= 500
					? 'The call may have been placed: check on the PBX before running it again, and see the 3CX WebAPI add-on’s log.'
					: 'See the 3CX WebAPI add-on’s log on the PBX.';
	return new NodeApiError(this.getNode(), { statusCode, body: detail } as JsonObject, {
		itemIndex,
		httpCode: String(statusCode),
		message: `The 3CX WebAPI answered HTTP ${statusCode}${detail ? `: ${detail}` : ''}`,
		description: hint,
	});
}

export function bodyText(body: unknown): string {
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
export function responseJson(response: IN8nHttpFullResponse): IDataObject | null {
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
export function describeAnswer(response: IN8nHttpFullResponse): string {
	const type = String(response.headers?.['content-type'] ?? '')
		.split(';')[0]
		.trim();
	const text = redact(bodyText(response.body)).trim();
	if (text === '') return `an empty ${type || 'answer'}`;
	const sample = text.length > 100 ? `${text.slice(0, 100)}…` : text;
	return `${type || 'text'}: ${sample}`;
}
