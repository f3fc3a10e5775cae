// The VoIPcloud webhook credential: the tokens the trigger compares X-Pbx-Token with.
import { VoipcloudWebhookApi } from '../../../credentials/VoipcloudWebhookApi.credentials';
import { WEBHOOK_CREDENTIAL, WEBHOOK_SECRET } from '../../../nodes/Voipcloud/constants';
import { expectUsableForm } from '../../support/credentialForm';

test('a usable form: two tokens, masked, the global one required', () => {
	const credential = new VoipcloudWebhookApi();
	expectUsableForm(credential, {
		name: WEBHOOK_CREDENTIAL,
		secrets: ['secretToken', 'componentSecretToken'],
		required: ['secretToken'],
	});
	const [notice] = credential.properties;
	expect(notice.type).toBe('notice');
	expect(notice.displayName.toLowerCase()).toContain(WEBHOOK_SECRET.name);
});
