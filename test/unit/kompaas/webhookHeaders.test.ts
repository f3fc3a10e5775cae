// The trigger reads and writes its secret header in the shapes KOMPaaS may list a webhook's
// headers in: an object, or `[{ name | key, value }]`, names in any case.
import { headersWith, headerValue } from '../../../nodes/Kompaas/webhookHeaders';

describe('headerValue', () => {
	test.each([
		['an object', { 'X-N8n-Webhook-Secret': 's1', Accept: 'json' }],
		['an object, other case', { 'x-n8n-webhook-secret': 's1' }],
		[
			'[{ name, value }]',
			[
				{ name: 'Accept', value: 'json' },
				{ name: 'X-N8N-WEBHOOK-SECRET', value: 's1' },
			],
		],
		['[{ key, value }]', [{ key: 'x-n8n-webhook-secret', value: 's1' }]],
	])('reads the header from %s', (_shape, headers) => {
		expect(headerValue(headers, 'X-N8n-Webhook-Secret')).toBe('s1');
	});

	test.each([
		['no headers', null],
		['a string', 'X-N8n-Webhook-Secret: s1'],
		['another header only', { Accept: 'json' }],
		['a value that is not text', { 'X-N8n-Webhook-Secret': 42 }],
		['an entry without a value', [{ name: 'X-N8n-Webhook-Secret' }]],
		['an entry without a name', [{ value: 's1' }]],
	])('is null for %s', (_shape, headers) => {
		expect(headerValue(headers, 'X-N8n-Webhook-Secret')).toBeNull();
	});
});

describe('headersWith', () => {
	it('replaces the header in any case and keeps the others', () => {
		expect(
			headersWith({ 'x-n8n-webhook-secret': 'old', Accept: 'json' }, 'X-N8n-Webhook-Secret', 'new'),
		).toStrictEqual({ Accept: 'json', 'X-N8n-Webhook-Secret': 'new' });
	});

	it('turns `[{ name | key, value }]` into an object', () => {
		expect(
			headersWith(
				[
					{ name: 'Accept', value: 'json' },
					{ key: 'X-Other', value: 'kept' },
					{ name: 'X-N8N-WEBHOOK-SECRET', value: 'old' },
				],
				'X-N8n-Webhook-Secret',
				'new',
			),
		).toStrictEqual({ Accept: 'json', 'X-Other': 'kept', 'X-N8n-Webhook-Secret': 'new' });
	});

	it('starts from nothing when the webhook has no headers', () => {
		expect(headersWith(null, 'X-N8n-Webhook-Secret', 'new')).toStrictEqual({
			'X-N8n-Webhook-Secret': 'new',
		});
	});
});
