// The 3CX webhook credential: the secret the add-on sends in the URL's token parameter.
import { ThreeCxWebhookApi } from '../../../credentials/ThreeCxWebhookApi.credentials';
import { WEBHOOK_CREDENTIAL, WEBHOOK_SECRET } from '../../../nodes/ThreeCx/constants';
import { expectUsableForm } from '../../support/credentialForm';

test('a usable form: one secret, masked, required; the notice names the query parameter', () => {
	const credential = new ThreeCxWebhookApi();
	expectUsableForm(credential, {
		name: WEBHOOK_CREDENTIAL,
		secrets: ['secret'],
		required: ['secret'],
	});
	const [notice] = credential.properties;
	expect(notice.type).toBe('notice');
	expect(notice.displayName).toContain(`?${WEBHOOK_SECRET.name}=&lt;secret&gt;`);
	expect(credential.properties[1].description).toContain(`${WEBHOOK_SECRET.name} query parameter`);
});
