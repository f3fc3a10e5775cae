import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import {
	credentialSecretMatches,
	repeatedHeaderValue,
	secretMatches,
	secretMatchesHash,
} from '../shared/secret';
import { KOMPAAS_WEBHOOK_CREDENTIAL } from './constants';
import { VERIFY_HEADER, VERIFY_QUERY, type Registration } from './webhookLifecycle';

/**
 * KOMPaaS sends the secret the trigger registered (Automatic setup) or the credential's (Manual)
 * in a header, or in the query where only a URL could carry it. Null when the request may pass,
 * else why it is refused (401).
 */
export async function authenticateKompaas(this: IWebhookFunctions): Promise<string | null> {
	// Checked before the expected secret, which may cost a credential load.
	const received =
		repeatedHeaderValue(this.getHeaderData()[VERIFY_HEADER.toLowerCase()]) ??
		(this.getQueryData() as IDataObject)[VERIFY_QUERY];
	if (received === undefined) return `Missing ${VERIFY_HEADER} header`;
	const matches = await secretCheck(this, received);
	if (matches === null) {
		return 'The trigger has no secret yet: publish the workflow (Automatic setup) or set the secret in the KOMPaaS Webhook credential';
	}
	return matches ? null : 'Invalid webhook secret';
}

/** Whether the request carries the trigger's secret; null while the trigger has none. */
async function secretCheck(context: IWebhookFunctions, received: unknown): Promise<boolean | null> {
	if (context.getNodeParameter('setupMode', 'automatic') === 'manual') {
		let configured = false;
		const matches = await credentialSecretMatches(
			context,
			KOMPAAS_WEBHOOK_CREDENTIAL,
			received,
			({ secret }) => {
				configured = typeof secret === 'string' && secret !== '';
				return [secret];
			},
		);
		return matches || configured ? matches : null;
	}
	const registration = context.getWorkflowStaticData('node') as Registration;
	if (typeof registration.secretHash === 'string' && registration.secretHash !== '') {
		return secretMatchesHash(registration.secretHash, received);
	}
	// Registered by a version that kept the secret itself, and not activated since.
	if (typeof registration.secret === 'string' && registration.secret !== '') {
		return secretMatches(registration.secret, received);
	}
	return null;
}
