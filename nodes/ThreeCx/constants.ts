import type { WebhookSecretLocation } from '../shared/secret';

/**
 * The credential types' names, as the credential classes declare them, for code that loads a
 * credential. Node descriptions name their credentials literally: n8n's linter reads them there
 * (it checks that each credential is tested) and does not follow a constant.
 */
export const API_CREDENTIAL = 'threeCxWebApi';
export const WEBHOOK_CREDENTIAL = 'threeCxWebhookApi';

/** Where the 3CX add-on's webhook URL carries the secret: `?token=` (it sets no headers). */
export const WEBHOOK_SECRET = {
	in: 'query',
	name: 'token',
} as const satisfies WebhookSecretLocation;

/** None: the WebAPI add-on runs on the customer's own 3CX server, the credential's Base URL. */
export const DEFAULT_BASE_URL = null;
