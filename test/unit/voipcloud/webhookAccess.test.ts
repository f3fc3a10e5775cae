import type { INode } from 'n8n-workflow';

import { checkSecret, webhookHandler } from '../../../nodes/Voipcloud/webhookAccess';

/** A trigger whose credential holds these two tokens (no credential id: nothing is cached). */
const context = (secretToken: string, componentSecretToken = '') => {
	const loaded: string[] = [];
	return {
		loaded,
		getNode: () => ({ name: 'VoIPcloud Trigger' }) as INode,
		getCredentials: async (type: string) => {
			loaded.push(type);
			return { secretToken, componentSecretToken };
		},
	};
};

const request = (headers = {}) => ({ headers, query: {} });

describe('checkSecret: the X-Pbx-Token header against the credential’s two tokens', () => {
	test('the global token and the component token are both accepted', async () => {
		const trigger = context('global-token', 'component-token');
		expect(await checkSecret(trigger, request({ 'x-pbx-token': 'global-token' }))).toEqual({
			refusal: null,
		});
		expect(await checkSecret(trigger, request({ 'x-pbx-token': 'component-token' }))).toEqual({
			refusal: null,
		});
		expect(trigger.loaded).toEqual(['voipcloudWebhookApi', 'voipcloudWebhookApi']);
	});

	test('another token, or none, is refused with what was wrong', async () => {
		const trigger = context('global-token', 'component-token');
		expect(await checkSecret(trigger, request({ 'x-pbx-token': 'guess' }))).toEqual({
			refusal: 'Invalid X-Pbx-Token',
		});
		expect(await checkSecret(trigger, request({ token: 'global-token' }))).toEqual({
			refusal: 'Missing X-Pbx-Token header',
		});
	});

	test('the handler is VoIPcloud’s', () => {
		expect(webhookHandler.pbx).toBe('voipcloud');
		expect(webhookHandler.checkSecret).toBe(checkSecret);
	});
});
