// The KOMPaaS webhook credential: the secret a webhook set up by hand sends.
import { KompaasWebhookApi } from '../../../credentials/KompaasWebhookApi.credentials';
import { WEBHOOK_CREDENTIAL, WEBHOOK_SECRET } from '../../../nodes/Kompaas/constants';
import { expectUsableForm } from '../../support/credentialForm';

test('a usable form: one secret, masked, required; the notice names where it goes', () => {
	const credential = new KompaasWebhookApi();
	expectUsableForm(credential, {
		name: WEBHOOK_CREDENTIAL,
		secrets: ['secret'],
		required: ['secret'],
	});
	const [notice] = credential.properties;
	expect(notice.type).toBe('notice');
	expect(notice.displayName).toContain(`header ${WEBHOOK_SECRET.name}`);
	expect(notice.displayName).toContain(`query parameter ${WEBHOOK_SECRET.queryAlternative}`);
});
