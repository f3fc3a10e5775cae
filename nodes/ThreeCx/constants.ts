/**
 * The credential types' names, as the credential classes declare them, for code that loads a
 * credential. Node descriptions name their credentials literally: n8n's linter reads them there
 * (it checks that each credential is tested) and does not follow a constant.
 */
export const THREECX_WEB_API_CREDENTIAL = 'threeCxWebApi';
export const THREECX_WEBHOOK_CREDENTIAL = 'threeCxWebhookApi';
