import type { IWebhookFunctions } from 'n8n-workflow';

import { credentialSecretMatches, repeatedHeaderValue } from '../shared/secret';
import { VOIPCLOUD_WEBHOOK_CREDENTIAL } from './constants';

/** The header VoIPcloud sends its webhook token in. */
export const TOKEN_HEADER = 'x-pbx-token';

/**
 * VoIPcloud sends the token of the global webhooks, or the one set on a call-flow component, in
 * X-Pbx-Token; either of the credential's two tokens is accepted. Null when the request may pass,
 * else why it is refused (401).
 */
export async function authenticateVoipcloud(this: IWebhookFunctions): Promise<string | null> {
	const token = repeatedHeaderValue(this.getHeaderData()[TOKEN_HEADER]);
	if (token === undefined) return 'Missing X-Pbx-Token header';
	const matches = await credentialSecretMatches(this, VOIPCLOUD_WEBHOOK_CREDENTIAL, token, (c) => [
		c.secretToken,
		c.componentSecretToken,
	]);
	return matches ? null : 'Invalid X-Pbx-Token';
}
