import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { isAddressAllowed, isAllowListEmpty, parseAllowList } from '../shared/ipAllowList';
import { secretMatches } from '../shared/secret';
import { forbidden, type WebhookRefusal } from '../shared/trigger';

/** The query parameter the user appends to the add-on's URLs: `…/3cx?token=<secret>`. */
export const SECRET_QUERY_PARAMETER = 'token';

export const WEBHOOK_CREDENTIAL_TYPE = 'threeCxWebhookApi';

/**
 * The add-ons cannot sign requests: the secret travels in the URL. Requests from outside the
 * optional allow-list, and requests without the right secret, are refused before any execution.
 */
export async function authenticateThreeCx(
	this: IWebhookFunctions,
): Promise<string | WebhookRefusal | null> {
	const options = this.getNodeParameter('additionalOptions', {}) as IDataObject;
	const allowList = parseAllowList(options.allowedSourceIps);
	if (!isAllowListEmpty(allowList)) {
		if (allowList.invalid.length > 0) {
			this.logger.warn(
				`3CX Webhook Trigger: ignoring allowed source IPs that are not addresses: ${allowList.invalid.join(', ')}`,
			);
		}
		const address = sourceAddress(this);
		if (!isAddressAllowed(allowList, address)) {
			return forbidden(`Requests from ${address ?? 'an unknown address'} are not allowed`);
		}
	}

	const received = tokenIn(this.getQueryData() as IDataObject);
	if (received === undefined) return `Missing ${SECRET_QUERY_PARAMETER} query parameter`;
	const secret = await expectedSecret(this);
	return secretMatches(secret, splitToken(received, secret).token)
		? null
		: `Invalid ${SECRET_QUERY_PARAMETER}`;
}

async function expectedSecret(context: IWebhookFunctions): Promise<string> {
	const { secret } = await context.getCredentials(WEBHOOK_CREDENTIAL_TYPE);
	return typeof secret === 'string' ? secret : '';
}

function tokenIn(query: IDataObject): string | undefined {
	const value = query[SECRET_QUERY_PARAMETER];
	const first = Array.isArray(value) ? value[0] : value;
	return typeof first === 'string' ? first : undefined;
}

/**
 * An add-on that appends `?event=…` to a URL already holding `?token=…` sends
 * `token=<secret>?event=ringing&…`. The secret is what comes before the first `?` that is not
 * its own: a secret holding n question marks ends at the (n+1)-th.
 */
export function splitToken(
	received: string,
	secret: string,
): { token: string; tail: string | null } {
	let own = 0;
	for (const character of secret) if (character === '?') own++;
	let index = -1;
	for (let seen = 0; seen <= own; seen++) {
		index = received.indexOf('?', index + 1);
		if (index === -1) return { token: received, tail: null };
	}
	return { token: received.slice(0, index), tail: received.slice(index + 1) };
}

/** Gives back the event fields an add-on ran together with the secret (see splitToken). */
export async function separateSecret(
	this: IWebhookFunctions,
	query: IDataObject,
): Promise<IDataObject> {
	const value = query[SECRET_QUERY_PARAMETER];
	if (typeof value !== 'string' || !value.includes('?')) return query;
	const { tail } = splitToken(value, await expectedSecret(this));
	if (tail === null) return query;
	return { ...Object.fromEntries(new URLSearchParams(tail)), ...query };
}

/** The client's address as n8n's Express sees it: behind a proxy, only with N8N_PROXY_HOPS set. */
function sourceAddress(context: IWebhookFunctions): string | undefined {
	const request = context.getRequestObject();
	return request.ip ?? request.socket?.remoteAddress;
}
