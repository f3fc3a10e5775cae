// Issue 20, finding 8: KOMPaaS lists a webhook's headers in shapes of its own choosing; the
// trigger's secret must not reach an output item in any of them, nor in the URL.
import { randomBytes } from 'crypto';

import { hideTriggerSecret, VERIFY_HEADER } from '../../../nodes/Kompaas/webhookLifecycle';

const SECRET = randomBytes(12).toString('hex');
const LOWER = VERIFY_HEADER.toLowerCase();
const HIDDEN = '[hidden: the KOMPaaS Trigger secret]';

describe('hideTriggerSecret', () => {
	test.each([
		['an object', { 'X-N8n-Webhook-Secret': SECRET, Accept: 'application/json' }],
		['an object, other case', { [LOWER]: SECRET }],
		['a JSON string', JSON.stringify({ 'X-N8n-Webhook-Secret': SECRET, Accept: 'json' })],
		['[{ name, value }]', [{ name: 'X-N8n-Webhook-Secret', value: SECRET }]],
		['[{ Name, Value }]', [{ Name: 'X-N8n-Webhook-Secret', Value: SECRET }]],
		['[{ key, value }]', [{ key: LOWER, value: SECRET }]],
		[
			'[[name, value]]',
			[
				['X-N8n-Webhook-Secret', SECRET],
				['Accept', 'json'],
			],
		],
		['a JSON string of [[name, value]]', JSON.stringify([['X-N8n-Webhook-Secret', SECRET]])],
		['"Name: value" lines', `Accept: json\r\nX-N8n-Webhook-Secret: ${SECRET}\r\nX-Other: 1`],
		['["Name: value"]', [`X-N8n-Webhook-Secret: ${SECRET}`]],
	])('hides the secret in headers given as %s', (_shape, headers) => {
		const hidden = hideTriggerSecret({ id: '7', headers } as never);
		const text = JSON.stringify(hidden);
		expect(text).not.toContain(SECRET);
		expect(text).toContain(HIDDEN.slice(1, 8));
		expect(hidden.id).toBe('7');
	});

	test('keeps every other header as it is', () => {
		expect(
			hideTriggerSecret({ headers: `Accept: json\nX-N8n-Webhook-Secret: ${SECRET}\nX-Other: 1` }),
		).toEqual({ headers: `Accept: json\nX-N8n-Webhook-Secret: ${HIDDEN}\nX-Other: 1` });
		expect(hideTriggerSecret({ headers: [['Accept', 'json']] })).toEqual({
			headers: [['Accept', 'json']],
		});
	});

	test('hides the secret in the URL of a Manual setup webhook', () => {
		const hidden = hideTriggerSecret({
			url: `https://n8n.example.com/webhook/abc/kompaas?n8n_secret=${SECRET}&x=1`,
		});
		expect(hidden.url).not.toContain(SECRET);
		expect(hidden.url).toMatch(/\?n8n_secret=%5Bhidden[^&]*&x=1$/);
	});
});
