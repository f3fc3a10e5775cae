/**
 * The credential types' names, as the credential classes declare them, for code that loads a
 * credential. Node descriptions name their credentials literally: n8n's linter reads them there
 * (it checks that each credential is tested) and does not follow a constant.
 */
export const KOMPAAS_API_CREDENTIAL = 'kompaasApi';
export const KOMPAAS_WEBHOOK_CREDENTIAL = 'kompaasWebhookApi';

/** The KOMPaaS integration API, the credential's default Base URL. */
export const KOMPAAS_DEFAULT_BASE_URL =
	'https://integration.kompaas.tech/api/protected/api/integration';
