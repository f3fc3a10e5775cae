import {
	credentialSecretMatches,
	repeatedHeaderValue,
	type CredentialSource,
} from '../shared/secret';
import type { Access, PbxWebhookHandler, ReceivedRequest } from '../shared/webhookHandler';
import { WEBHOOK_CREDENTIAL, WEBHOOK_SECRET } from './constants';
import { normalizeEvent, recogniseEvent } from './events';

/**
 * VoIPcloud sends the token of the global webhooks, or the one set on a call-flow component, in
 * X-Pbx-Token; either of the credential's two tokens is accepted.
 */
export async function checkSecret(
	context: CredentialSource,
	{ headers }: ReceivedRequest,
): Promise<Access> {
	const token = repeatedHeaderValue(headers[WEBHOOK_SECRET.name]);
	if (token === undefined) return { refusal: 'Missing X-Pbx-Token header' };
	const matches = await credentialSecretMatches(context, WEBHOOK_CREDENTIAL, token, (c) => [
		c.secretToken,
		c.componentSecretToken,
	]);
	return { refusal: matches ? null : 'Invalid X-Pbx-Token' };
}

/** VoIPcloud's part of the shared webhook pipeline (the trigger and the PBX Call Event node). */
export const webhookHandler: PbxWebhookHandler = {
	pbx: 'voipcloud',
	checkSecret,
	recognise: recogniseEvent,
	normalize: normalizeEvent,
};
