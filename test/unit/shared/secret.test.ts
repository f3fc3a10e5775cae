import { createHash, randomBytes } from 'crypto';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
} from 'n8n-workflow';

import {
	checkUrlSecret,
	checkWebhookSecret,
	repeatedHeaderValue,
	secretHash,
	secretMatches,
	secretMatchesHash,
} from '../../../nodes/shared/secret';

/** A fresh 18-character secret each run, with upper and lower case letters. */
const SECRET = `Vc${randomBytes(8).toString('hex')}`;
const SAME_LENGTH_OTHER = `${SECRET.slice(0, -1)}${SECRET.endsWith('0') ? '1' : '0'}`;

describe('secretMatches', () => {
	it('is true for the same secret', () => {
		expect(secretMatches(SECRET, SECRET)).toBe(true);
	});

	it('is false for a different secret of the same length', () => {
		expect(SAME_LENGTH_OTHER).toHaveLength(SECRET.length);
		expect(secretMatches(SECRET, SAME_LENGTH_OTHER)).toBe(false);
	});

	it('is false for a secret of a different length, without throwing', () => {
		expect(secretMatches(SECRET, `${SECRET}x`)).toBe(false);
		expect(secretMatches(SECRET, SECRET.slice(0, -1))).toBe(false);
		expect(secretMatches(SECRET, 'a')).toBe(false);
	});

	it('is case-sensitive and does not trim', () => {
		expect(secretMatches(SECRET, SECRET.toLowerCase())).toBe(false);
		expect(secretMatches(SECRET, ` ${SECRET}`)).toBe(false);
	});

	it('is false when either side is empty', () => {
		expect(secretMatches(SECRET, '')).toBe(false);
		expect(secretMatches('', '')).toBe(false);
		expect(secretMatches('', SECRET)).toBe(false);
	});

	it('is false when nothing, or not a string, was received', () => {
		expect(secretMatches(SECRET, undefined)).toBe(false);
		expect(secretMatches(SECRET, null)).toBe(false);
		expect(secretMatches(SECRET, 12345)).toBe(false);
		expect(secretMatches(SECRET, [])).toBe(false);
	});

	it('takes the first value of a repeated header', () => {
		expect(secretMatches(SECRET, [SECRET, 'other'])).toBe(true);
		expect(secretMatches(SECRET, ['other', SECRET])).toBe(false);
	});
});

describe('checkWebhookSecret', () => {
	const context = {} as ICredentialTestFunctions;

	function credential(data: ICredentialDataDecryptedObject): ICredentialsDecrypted {
		return { id: '1', name: 'VoIPcloud', type: 'voipcloudWebhookApi', data };
	}

	async function check(data: ICredentialDataDecryptedObject) {
		return await checkWebhookSecret.call(context, credential(data));
	}

	it('refuses an empty secret', async () => {
		expect(await check({ secretToken: '' })).toEqual({
			status: 'Error',
			message: 'The secret is empty',
		});
		expect((await check({})).status).toBe('Error');
		expect(
			(await checkWebhookSecret.call(context, { ...credential({}), data: undefined })).status,
		).toBe('Error');
	});

	it('refuses a secret with a leading or trailing space', async () => {
		const leading = await check({ secretToken: ` ${SECRET}` });
		expect(leading.status).toBe('Error');
		expect(leading.message).toMatch(/secret token starts or ends with a space/);
		expect((await check({ secretToken: `${SECRET} ` })).status).toBe('Error');
	});

	it('refuses a short secret', async () => {
		const result = await check({ secretToken: 'abc123' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/secret token is shorter than 16 characters/);
		expect((await check({ secretToken: SECRET.slice(0, 15) })).status).toBe('Error');
	});

	it('accepts a long random secret', async () => {
		expect(await check({ secretToken: randomBytes(24).toString('hex') })).toEqual({
			status: 'OK',
			message: 'The secret is set',
		});
		expect((await check({ secretToken: SECRET })).status).toBe('OK');
	});

	it('ignores an empty optional secret but checks one that is set', async () => {
		expect((await check({ secretToken: SECRET, componentSecretToken: '' })).status).toBe('OK');
		const result = await check({ secretToken: SECRET, componentSecretToken: 'short' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/component secret token/);
	});
});

describe('secretMatchesHash (a secret n8n keeps only as its SHA-256)', () => {
	const hash = createHash('sha256').update(SECRET, 'utf8').digest('hex');

	it('is true for the secret whose hash it keeps, in either case of hex', () => {
		expect(secretMatchesHash(hash, SECRET)).toBe(true);
		expect(secretMatchesHash(hash.toUpperCase(), SECRET)).toBe(true);
		expect(secretMatchesHash(hash, [SECRET, 'other'])).toBe(true);
	});

	it('is false for another secret, an empty one, or nothing', () => {
		expect(secretMatchesHash(hash, SAME_LENGTH_OTHER)).toBe(false);
		expect(secretMatchesHash(hash, '')).toBe(false);
		expect(secretMatchesHash(hash, undefined)).toBe(false);
		expect(secretMatchesHash(hash, ['other', SECRET])).toBe(false);
	});

	it('is false, without throwing, when the kept hash is not 64 hex digits', () => {
		expect(secretMatchesHash('', SECRET)).toBe(false);
		expect(secretMatchesHash(hash.slice(1), SECRET)).toBe(false);
		expect(secretMatchesHash(`${hash}0`, SECRET)).toBe(false);
		expect(secretMatchesHash(`${hash.slice(1)}g`, SECRET)).toBe(false);
		expect(secretMatchesHash(`x${hash}`, SECRET)).toBe(false);
	});
});

describe('checkUrlSecret (a secret sent in the URL, 3CX)', () => {
	const context = {} as ICredentialTestFunctions;
	const check = async (secret: string) =>
		await checkUrlSecret.call(context, {
			id: '1',
			name: '3CX',
			type: 'threeCxWebhookApi',
			data: { secret },
		});

	it.each([
		['"&"', `${SECRET}&x`, /contains "&"/],
		['"#"', `${SECRET}#x`, /contains "#"/],
		['"+"', `${SECRET}+x`, /contains "\+"/],
		['"%"', `${SECRET}%41`, /contains "%"/],
		['a space inside', `${SECRET} x`, /contains a space/],
		['a letter outside ASCII', `${SECRET}é`, /not plain ASCII/],
	])(
		'refuses %s, which does not survive a URL, without showing the secret',
		async (_c, secret, message) => {
			const result = await check(secret);
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(message);
			expect(result.message).toMatch(/use letters, digits and - \. _ ~ only/);
			expect(result.message).not.toContain(SECRET);
		},
	);

	it('accepts URL-safe secrets, "?" included (the trigger tells it from appended fields)', async () => {
		for (const secret of [SECRET, `${SECRET}?x`, `a-b.c_d~e${SECRET}`, `${SECRET}:@!$'()*,;=/`]) {
			expect(await check(secret)).toEqual({ status: 'OK', message: 'The secret is set' });
		}
	});

	it('still refuses what any webhook secret is refused for', async () => {
		expect((await check('short')).message).toMatch(/shorter than 16 characters/);
	});
});

describe('repeatedHeaderValue (a header a proxy copied, joined by Node as `S, S`)', () => {
	it.each<[unknown, unknown]>([
		['s3cret, s3cret', 's3cret'],
		['s3cret,s3cret,s3cret', 's3cret'],
		['s3cret, other', 's3cret, other'],
		[',', ','],
		[' , ', ' , '],
		['s3cret', 's3cret'],
		[5, 5],
		[undefined, undefined],
	])('%p reads as %p', (value, read) => {
		expect(repeatedHeaderValue(value)).toBe(read);
	});
});

describe('secretHash and the credential tests’ bounds', () => {
	const context = {} as ICredentialTestFunctions;
	const credential = (data: ICredentialDataDecryptedObject): ICredentialsDecrypted => ({
		id: '1',
		name: 'Webhook',
		type: 'kompaasWebhookApi',
		data,
	});

	it('secretHash is the SHA-256 that secretMatchesHash checks', () => {
		const secret = randomBytes(20).toString('hex');
		expect(secretHash(secret)).toBe(createHash('sha256').update(secret).digest('hex'));
		expect(secretMatchesHash(secretHash(secret), [secret, 'other'])).toBe(true);
	});

	it('a secret of 16 characters is long enough, 15 is not', async () => {
		const sixteen = randomBytes(8).toString('hex');
		expect(await checkWebhookSecret.call(context, credential({ secret: sixteen }))).toEqual({
			status: 'OK',
			message: 'The secret is set',
		});
		const fifteen = sixteen.slice(1);
		expect(await checkWebhookSecret.call(context, credential({ secret: fifteen }))).toMatchObject({
			status: 'Error',
			message: expect.stringMatching(/shorter than 16 characters/),
		});
		expect(await checkUrlSecret.call(context, credential({ secret: fifteen }))).toMatchObject({
			status: 'Error',
		});
	});

	it('a header secret with a character past ASCII is refused', async () => {
		const result = await checkWebhookSecret.call(
			context,
			credential({ secret: `${randomBytes(8).toString('hex')}é` }),
		);
		expect(result).toEqual({
			status: 'Error',
			message: expect.stringMatching(/not plain ASCII/),
		});
	});
});
