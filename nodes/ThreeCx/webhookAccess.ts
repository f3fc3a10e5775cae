import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { isAddressAllowed, isAllowListEmpty, parseAllowList } from '../shared/ipAllowList';
import { matchingCandidate, type CredentialSource } from '../shared/secret';
import {
	forbidden,
	type Access,
	type PbxWebhookHandler,
	type ReceivedRequest,
} from '../shared/webhookHandler';
import { WEBHOOK_CREDENTIAL, WEBHOOK_SECRET } from './constants';
import { normalizeEvent, recogniseEvent } from './events';

/**
 * The add-ons cannot sign requests: the secret travels in the URL. Requests from outside the
 * optional allow-list, and requests without the right secret, are refused before any execution.
 */
async function authenticate(this: IWebhookFunctions, request: ReceivedRequest): Promise<Access> {
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
			return {
				refusal: forbidden(`Requests from ${address ?? 'an unknown address'} are not allowed`),
			};
		}
	}
	return await checkSecret(this, request);
}

/**
 * The `?token=` against the 3CX Webhook credential's secret. An add-on that appends `?event=…`
 * to a URL already holding `?token=…` sends `token=<secret>?event=ringing&…`: the secret is the
 * part before one of the `?`s (or the whole), and which one is found against the credential in
 * one comparison (one credential load at most); the fields after it are given back in the query.
 */
export async function checkSecret(
	context: CredentialSource,
	{ query }: ReceivedRequest,
): Promise<Access> {
	const received = tokenIn(query);
	if (received === undefined) return { refusal: `Missing ${WEBHOOK_SECRET.name} query parameter` };
	const token = await matchingCandidate(
		context,
		WEBHOOK_CREDENTIAL,
		tokenCandidates(received),
		({ secret }) => [secret],
	);
	if (token === null) return { refusal: `Invalid ${WEBHOOK_SECRET.name}` };
	// Empty when the token is the secret alone.
	const tail = received.slice(token.length + 1);
	return { refusal: null, query: { ...Object.fromEntries(new URLSearchParams(tail)), ...query } };
}

function tokenIn(query: IDataObject): string | undefined {
	const value = query[WEBHOOK_SECRET.name];
	const first = Array.isArray(value) ? value[0] : value;
	return typeof first === 'string' ? first : undefined;
}

/** The received token, and each part of it before a `?`: what the secret may be. */
function tokenCandidates(received: string): string[] {
	const parts = received.split('?');
	return parts.map((_part, index) => parts.slice(0, index + 1).join('?'));
}

/** 3CX's part of the shared webhook pipeline (the trigger and the PBX Call Event node). */
export const webhookHandler: PbxWebhookHandler = {
	pbx: '3cx',
	checkSecret,
	authenticate,
	recognise: recogniseEvent,
	normalize: normalizeEvent,
	secretQueryKeys: [WEBHOOK_SECRET.name],
};

/**
 * The client's address as n8n's Express sees it: behind a proxy, only with N8N_PROXY_HOPS set.
 * Express's `ip` is already the socket's address when no proxy is trusted.
 */
function sourceAddress(context: IWebhookFunctions): string | undefined {
	return context.getRequestObject().ip;
}
