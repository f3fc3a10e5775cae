// KOMPaaS lists a webhook's headers in shapes of its own choosing: an object, a JSON string,
// `[{ name | key, value }]`, header lines. The trigger reads and writes its secret header in them,
// and the secret must not reach an output item in any of them, nor in the URL (issue 20, finding 8).
import { randomBytes } from 'crypto';

import {
	headersWith,
	headerValue,
	hideTriggerSecret,
	VERIFY_HEADER,
} from '../../../nodes/Kompaas/webhookHeaders';

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

describe('headerValue', () => {
	test.each([
		['an object', { [VERIFY_HEADER]: 's1', Accept: 'json' }],
		['an object, other case', { [LOWER]: 's1' }],
		[
			'[{ name, value }]',
			[
				{ name: 'Accept', value: 'json' },
				{ name: VERIFY_HEADER.toUpperCase(), value: 's1' },
			],
		],
		['[{ key, value }]', [{ key: LOWER, value: 's1' }]],
	])('reads the header from %s', (_shape, headers) => {
		expect(headerValue(headers, VERIFY_HEADER)).toBe('s1');
	});

	test.each([
		['no headers', null],
		['a string', `${VERIFY_HEADER}: s1`],
		['another header only', { Accept: 'json' }],
		['a value that is not text', { [VERIFY_HEADER]: 42 }],
		['an entry without a value', [{ name: VERIFY_HEADER }]],
		['an entry without a name', [{ value: 's1' }]],
	])('is null for %s', (_shape, headers) => {
		expect(headerValue(headers, VERIFY_HEADER)).toBeNull();
	});
});

describe('headersWith', () => {
	it('replaces the header in any case and keeps the others', () => {
		expect(headersWith({ [LOWER]: 'old', Accept: 'json' }, VERIFY_HEADER, 'new')).toStrictEqual({
			Accept: 'json',
			[VERIFY_HEADER]: 'new',
		});
	});

	it('turns `[{ name | key, value }]` into an object', () => {
		expect(
			headersWith(
				[
					{ name: 'Accept', value: 'json' },
					{ key: 'X-Other', value: 'kept' },
					{ name: VERIFY_HEADER.toUpperCase(), value: 'old' },
				],
				VERIFY_HEADER,
				'new',
			),
		).toStrictEqual({ Accept: 'json', 'X-Other': 'kept', [VERIFY_HEADER]: 'new' });
	});

	it('starts from nothing when the webhook has no headers', () => {
		expect(headersWith(null, VERIFY_HEADER, 'new')).toStrictEqual({
			[VERIFY_HEADER]: 'new',
		});
	});
});
