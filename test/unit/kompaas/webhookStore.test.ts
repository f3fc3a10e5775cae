// An n8n restart trusts the registration in static data only when it is complete and was made
// for the trigger's URL and Events selection.
import {
	isRegisteredFor,
	registeredSecret,
	type Registration,
} from '../../../nodes/Kompaas/webhookStore';
import { secretMatchesHash } from '../../../nodes/shared/secret';

const URL = 'https://n8n.example.com/webhook/id/kompaas';
const SELECTION = '{"events":["*"],"override":[]}';
const complete: Registration = {
	...registeredSecret('the-secret'),
	url: URL,
	selection: SELECTION,
	webhooks: { '102': '7' },
};

describe('registeredSecret', () => {
	it('keeps what checks the secret, never the secret', () => {
		const registration = registeredSecret('the-secret');
		expect(JSON.stringify(registration)).not.toContain('the-secret');
		expect(secretMatchesHash(registration.secretHash!, 'the-secret')).toBe(true);
		expect(secretMatchesHash(registration.secretHash!, 'another')).toBe(false);
	});
});

describe('isRegisteredFor', () => {
	it('trusts a complete registration for the same URL and selection', () => {
		expect(isRegisteredFor(complete, URL, SELECTION)).toBe(true);
	});

	test.each<[string, Registration, string | undefined, string]>([
		['another URL', complete, `${URL}-test`, SELECTION],
		['no URL', complete, undefined, SELECTION],
		['another selection', complete, URL, '{"events":["VpbxInboundCallEnd"],"override":[]}'],
		['no secret hash', { ...complete, secretHash: undefined }, URL, SELECTION],
		['an empty secret hash', { ...complete, secretHash: '' }, URL, SELECTION],
		['no webhooks', { ...complete, webhooks: {} }, URL, SELECTION],
		['nothing stored', {}, URL, SELECTION],
	])('does not trust %s', (_case, registration, url, selection) => {
		expect(isRegisteredFor(registration, url, selection)).toBe(false);
	});
});
