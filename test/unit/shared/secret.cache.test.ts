import { randomBytes, randomUUID } from 'crypto';
import type { ICredentialDataDecryptedObject, IWebhookFunctions } from 'n8n-workflow';

import {
	credentialSecretMatches,
	matchingCandidate,
	SECRET_RELOAD_MS,
} from '../../../nodes/shared/secret';

const TYPE = 'voipcloudWebhookApi';
const secret = () => randomBytes(16).toString('hex');

/** A webhook context whose credential (its own id) holds `data.secretToken`; counts the loads. */
function contextWith(
	data: ICredentialDataDecryptedObject,
	credentialId: string | null = randomUUID(),
) {
	const getCredentials = jest.fn(async () => ({ ...data }));
	const context = {
		getNode: () => ({
			name: 'Trigger',
			credentials: credentialId === null ? {} : { [TYPE]: { id: credentialId, name: 'c' } },
		}),
		getCredentials,
	} as unknown as IWebhookFunctions;
	return { context, getCredentials, data };
}

const check = (context: IWebhookFunctions, received: unknown) =>
	credentialSecretMatches(context, TYPE, received, (c) => [c.secretToken, c.componentSecretToken]);

describe('credentialSecretMatches', () => {
	afterEach(() => jest.restoreAllMocks());

	it('loads the credential once for requests with the right secret, not on every request', async () => {
		const { context, getCredentials, data } = contextWith({ secretToken: secret() });
		for (let i = 0; i < 5; i++) expect(await check(context, data.secretToken)).toBe(true);
		expect(getCredentials).toHaveBeenCalledTimes(1);
	});

	it('refuses a wrong secret, loading the credential again each time (an empty one without loading)', async () => {
		const { context, getCredentials, data } = contextWith({ secretToken: secret() });
		await check(context, data.secretToken);
		expect(await check(context, secret())).toBe(false);
		expect(await check(context, `${data.secretToken}x`)).toBe(false);
		expect(await check(context, '')).toBe(false);
		expect(await check(context, undefined)).toBe(false);
		expect(getCredentials).toHaveBeenCalledTimes(3);
	});

	it('accepts a new secret at once, and refuses the old one once the reload interval has passed', async () => {
		let now = 1_000_000;
		jest.spyOn(Date, 'now').mockImplementation(() => now);
		const old = secret();
		const { context, data } = contextWith({ secretToken: old });
		expect(await check(context, old)).toBe(true);
		data.secretToken = secret(); // rotated in n8n
		now += 1000;
		expect(await check(context, data.secretToken)).toBe(true);
		// the new secret reloaded the credential: the old one is refused at once
		expect(await check(context, old)).toBe(false);
	});

	it('refuses a removed secret at most SECRET_RELOAD_MS after the last load', async () => {
		let now = 5_000_000;
		jest.spyOn(Date, 'now').mockImplementation(() => now);
		const old = secret();
		const { context, data, getCredentials } = contextWith({ secretToken: old });
		expect(await check(context, old)).toBe(true);
		data.secretToken = secret();
		now += SECRET_RELOAD_MS - 1;
		expect(await check(context, old)).toBe(true); // still within the bound, not reloaded
		expect(getCredentials).toHaveBeenCalledTimes(1);
		now += 1;
		expect(await check(context, old)).toBe(false);
		expect(getCredentials).toHaveBeenCalledTimes(2);
	});

	it('accepts each of the credential’s secrets without reloading', async () => {
		const { context, getCredentials, data } = contextWith({
			secretToken: secret(),
			componentSecretToken: secret(),
		});
		for (let i = 0; i < 3; i++) {
			expect(await check(context, data.secretToken)).toBe(true);
			expect(await check(context, [data.componentSecretToken])).toBe(true);
		}
		expect(getCredentials).toHaveBeenCalledTimes(1);
	});

	it('keeps credentials apart, and loads every time when the node names no credential id', async () => {
		const a = contextWith({ secretToken: secret() });
		const b = contextWith({ secretToken: secret() });
		await check(a.context, a.data.secretToken);
		expect(await check(b.context, a.data.secretToken)).toBe(false);
		const anonymous = contextWith({ secretToken: secret() }, null);
		expect(await check(anonymous.context, anonymous.data.secretToken)).toBe(true);
		expect(await check(anonymous.context, anonymous.data.secretToken)).toBe(true);
		expect(anonymous.getCredentials).toHaveBeenCalledTimes(2);
	});

	it('finds which candidate is the secret (3CX’s token followed by a query), from the cache', async () => {
		const { context, data, getCredentials } = contextWith({ secretToken: secret() });
		const received = `${data.secretToken}?event=ringing`;
		const run = () =>
			matchingCandidate(context, TYPE, [data.secretToken as string, received], (c) => [
				c.secretToken,
			]);
		expect(await run()).toBe(data.secretToken);
		expect(await run()).toBe(data.secretToken);
		expect(await matchingCandidate(context, TYPE, [received], (c) => [c.secretToken])).toBeNull();
		// loaded once for the two matches; the miss loads it again
		expect(getCredentials).toHaveBeenCalledTimes(2);
	});

	it('passes a credential that cannot be loaded on to the trigger (its 503)', async () => {
		const context = {
			getNode: () => ({ name: 'T', credentials: { [TYPE]: { id: randomUUID(), name: 'c' } } }),
			getCredentials: async () => {
				throw new Error('decryption failed');
			},
		} as unknown as IWebhookFunctions;
		await expect(check(context, secret())).rejects.toThrow('decryption failed');
	});
});
