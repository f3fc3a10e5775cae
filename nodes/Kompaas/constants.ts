import type { WebhookSecretLocation } from '../shared/secret';

/**
 * The credential types' names, as the credential classes declare them, for code that loads a
 * credential. Node descriptions name their credentials literally: n8n's linter reads them there
 * (it checks that each credential is tested) and does not follow a constant.
 */
export const API_CREDENTIAL = 'kompaasApi';
export const WEBHOOK_CREDENTIAL = 'kompaasWebhookApi';

/**
 * Where KOMPaaS sends the webhook's secret: the header the KOMPaaS Trigger sets on the webhook it
 * registers, or `?n8n_secret=` at the end of the URL for a webhook set up by hand.
 */
export const WEBHOOK_SECRET = {
	in: 'header',
	name: 'X-N8n-Webhook-Secret',
	queryAlternative: 'n8n_secret',
} as const satisfies WebhookSecretLocation;

/** The KOMPaaS integration API, the credential's default Base URL. */
export const DEFAULT_BASE_URL = 'https://integration.kompaas.tech/api/protected/api/integration';
