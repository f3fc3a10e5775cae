// A credential's secrets removed from an error's text, in every form a server could echo them.
import { redactDeep, redactSecrets } from '../../../nodes/shared/redaction';

describe('redactSecrets', () => {
	const secret = 'Key/"with" space+é';

	test.each([
		['as sent', secret],
		['percent-encoded', encodeURIComponent(secret)],
		['percent-encoded in lower case', encodeURIComponent(secret).toLowerCase()],
		['JSON-escaped', JSON.stringify(secret).slice(1, -1)],
		['base64 without padding', Buffer.from(secret).toString('base64').replace(/=+$/, '')],
		['base64url', Buffer.from(secret).toString('base64url')],
		['hex', Buffer.from(secret).toString('hex')],
	])('removes the secret %s', (_form, echoed) => {
		expect(redactSecrets(`denied for ${echoed}.`, [secret])).toBe('denied for ***.');
	});

	test('removes every occurrence of every secret', () => {
		expect(redactSecrets('abcdef-123456-abcdef', ['abcdef', '123456'])).toBe('***-***-***');
	});

	test('a JSON-escaped secret that holds the raw one is removed whole, not around it', () => {
		// JSON escapes the backslash: the echo `\\abcdef` holds the raw `\abcdef` one character in.
		const withBackslash = '\\abcdef';
		const echoed = JSON.stringify(withBackslash).slice(1, -1);
		expect(echoed).toBe('\\\\abcdef');
		expect(redactSecrets(`key ${echoed} refused`, [withBackslash])).toBe('key *** refused');
	});

	test('a value shorter than 6 characters is left alone: it would cut words apart', () => {
		expect(redactSecrets('abcde abcdef', ['abcde'])).toBe('abcde abcdef');
		expect(redactSecrets('abcde abcdef', ['abcdef'])).toBe('abcde ***');
	});
});

describe('redactDeep', () => {
	const redact = (text: string) => text.replace('secret', '***');

	test('passes every string of an object through redact, in place, keeping the rest', () => {
		const error = { message: 'secret 1', context: { body: ['a secret'], status: 401, none: null } };
		const result = redactDeep(error, redact);
		expect(result).toBe(error);
		expect(error).toEqual({
			message: '*** 1',
			context: { body: ['a ***'], status: 401, none: null },
		});
	});

	test('reaches a string seven levels down (a cause chain), and ends on a cycle', () => {
		const deep = { a: { b: { c: { d: { e: { f: { g: 'secret' } } } } } } };
		const cyclic: Record<string, unknown> = { message: 'secret' };
		cyclic.self = cyclic;
		redactDeep(deep, redact);
		redactDeep(cyclic, redact);
		expect(deep.a.b.c.d.e.f.g).toBe('***');
		expect(cyclic.message).toBe('***');
	});

	test('goes no deeper than that', () => {
		const deeper = { a: { b: { c: { d: { e: { f: { g: { h: 'secret' } } } } } } } };
		redactDeep(deeper, redact);
		expect(deeper.a.b.c.d.e.f.g.h).toBe('secret');
	});
});
