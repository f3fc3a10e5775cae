import type { WebhookSecretLocation } from '../shared/secret';

/**
 * The credential types' names, as the credential classes declare them, for code that loads a
 * credential. Node descriptions name their credentials literally: n8n's linter reads them there
 * (it checks that each credential is tested) and does not follow a constant.
 */
export const API_CREDENTIAL = 'voipcloudApi';
export const WEBHOOK_CREDENTIAL = 'voipcloudWebhookApi';

/** Where VoIPcloud puts the webhook's token: the X-Pbx-Token header (read in lower case). */
export const WEBHOOK_SECRET = {
	in: 'header',
	name: 'x-pbx-token',
} as const satisfies WebhookSecretLocation;

/** The credential's default region, whose API is under /api/integration/<version>. */
export const DEFAULT_BASE_URL = 'https://au.voipcloud.online';
