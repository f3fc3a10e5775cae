// The secrets a trigger checks requests against, loaded from its credential at most every
// SECRET_RELOAD_MS: a test-only trigger runs the shared check in n8n-core's WebhookContext, and
// the engine says which credentials each request loaded.
import { randomBytes, randomUUID } from 'crypto';
import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import {
	credentialSecretMatches,
	matchingCandidate,
	SECRET_RELOAD_MS,
} from '../../../nodes/shared/secret';
import { callWebhook, registerTestNodeType } from '../../support/n8nEngine';

const TYPE = 'voipcloudWebhookApi';
const secret = () => randomBytes(16).toString('hex');

/**
 * Checks the `x-secret` header against the credential's secrets; with a `candidate` query (one or
 * more values), answers which candidate is the secret instead.
 */
class SecretCheckingTrigger implements INodeType {
	description = {
		displayName: 'Secret Checking Trigger',
		name: 'testSecretCheckingTrigger',
		group: ['trigger'],
		version: 1,
		description: 'The shared secret check, as a trigger runs it',
		defaults: { name: 'Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: TYPE, required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'x' }],
		properties: [],
	} as INodeTypeDescription & { name: 'testSecretCheckingTrigger' };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const secretsOf = (credentials: IDataObject) => [
			credentials.secretToken,
			credentials.componentSecretToken,
		];
		const { candidate } = this.getQueryData() as IDataObject;
		if (candidate !== undefined) {
			const candidates = ([] as string[]).concat(candidate as string | string[]);
			const match = await matchingCandidate(this, TYPE, candidates, secretsOf);
			return { webhookResponse: { match } };
		}
		const received = this.getHeaderData()['x-secret'];
		return {
			webhookResponse: { matches: await credentialSecretMatches(this, TYPE, received, secretsOf) },
		};
	}
}
registerTestNodeType(new SecretCheckingTrigger());

/** A stored credential of its own id holding `data`; change `data` to change it in n8n. */
function credential(data: IDataObject, id: string | null = randomUUID()) {
	const loads: number[] = [];
	/** Whether a request with `received` in its header passes. */
	const check = async (received?: string | string[]) =>
		(await send({ headers: received === undefined ? {} : { 'x-secret': received } })).matches;
	const send = async (request: {
		headers?: Record<string, string | string[]>;
		query?: IDataObject;
	}) => {
		const { result, credentialTypes } = await callWebhook({
			type: 'testSecretCheckingTrigger',
			credentials: { [TYPE]: data },
			credentialIds: { [TYPE]: id },
			request,
		});
		loads.push(credentialTypes.length);
		return result.webhookResponse as IDataObject;
	};
	/** How often the credential was loaded, over all requests so far. */
	const loaded = () => loads.reduce((sum, count) => sum + count, 0);
	return { data, check, send, loaded };
}

describe('credentialSecretMatches', () => {
	afterEach(() => jest.restoreAllMocks());

	// First in the file: it counts the credentials cached since the module loaded.
	it('keeps the secrets of at most 1,000 credentials, then starts over', async () => {
		jest.spyOn(Date, 'now').mockReturnValue(9_000_000);
		const first = credential({ secretToken: secret() });
		const others = async (count: number) => {
			for (let i = 0; i < count; i++) {
				const other = credential({ secretToken: secret() });
				await other.check(other.data.secretToken as string);
			}
		};
		await first.check(first.data.secretToken as string);
		await others(999);
		expect(await first.check(first.data.secretToken as string)).toBe(true);
		expect(first.loaded()).toBe(1);
		await others(1);
		expect(await first.check(first.data.secretToken as string)).toBe(true);
		expect(first.loaded()).toBe(2);
	}, 120_000);

	it('loads the credential once for requests with the right secret, not on every request', async () => {
		const { data, check, loaded } = credential({ secretToken: secret() });
		for (let i = 0; i < 5; i++) expect(await check(data.secretToken as string)).toBe(true);
		expect(loaded()).toBe(1);
	});

	it('refuses a wrong secret, loading the credential again each time (an empty one without loading)', async () => {
		const { data, check, loaded } = credential({ secretToken: secret() });
		await check(data.secretToken as string);
		expect(await check(secret())).toBe(false);
		expect(await check(`${data.secretToken}x`)).toBe(false);
		expect(await check('')).toBe(false);
		expect(await check(undefined)).toBe(false);
		expect(loaded()).toBe(3);
	});

	it('accepts a new secret at once, and refuses the old one once the reload interval has passed', async () => {
		let now = 1_000_000;
		jest.spyOn(Date, 'now').mockImplementation(() => now);
		const old = secret();
		const { data, check } = credential({ secretToken: old });
		expect(await check(old)).toBe(true);
		data.secretToken = secret(); // rotated in n8n
		now += 1000;
		expect(await check(data.secretToken)).toBe(true);
		// the new secret reloaded the credential: the old one is refused at once
		expect(await check(old)).toBe(false);
	});

	it('refuses a removed secret at most SECRET_RELOAD_MS after the last load', async () => {
		let now = 5_000_000;
		jest.spyOn(Date, 'now').mockImplementation(() => now);
		const old = secret();
		const { data, check, loaded } = credential({ secretToken: old });
		expect(await check(old)).toBe(true);
		data.secretToken = secret();
		now += SECRET_RELOAD_MS - 1;
		expect(await check(old)).toBe(true); // still within the bound, not reloaded
		expect(loaded()).toBe(1);
		now += 1;
		expect(await check(old)).toBe(false);
		expect(loaded()).toBe(2);
	});

	it('accepts each of the credential’s secrets without reloading, the first of a repeated header', async () => {
		const { data, check, loaded } = credential({
			secretToken: secret(),
			componentSecretToken: secret(),
		});
		for (let i = 0; i < 3; i++) {
			expect(await check(data.secretToken as string)).toBe(true);
			expect(await check([data.componentSecretToken as string, secret()])).toBe(true);
		}
		expect(await check([secret(), data.secretToken as string])).toBe(false);
		expect(loaded()).toBe(2);
	});

	it('keeps credentials apart, and loads every time when the node names no credential id', async () => {
		const a = credential({ secretToken: secret() });
		const b = credential({ secretToken: secret() });
		await a.check(a.data.secretToken as string);
		expect(await b.check(a.data.secretToken as string)).toBe(false);
		const anonymous = credential({ secretToken: secret() }, null);
		expect(await anonymous.check(anonymous.data.secretToken as string)).toBe(true);
		expect(await anonymous.check(anonymous.data.secretToken as string)).toBe(true);
		expect(anonymous.loaded()).toBe(2);
	});

	it('finds which candidate is the secret (3CX’s token followed by a query), from the cache', async () => {
		const { data, send, loaded } = credential({ secretToken: secret() });
		const received = `${data.secretToken}?event=ringing`;
		const run = async (candidate: string[]) => (await send({ query: { candidate } })).match;
		expect(await run([data.secretToken as string, received])).toBe(data.secretToken);
		expect(await run([received, data.secretToken as string])).toBe(data.secretToken);
		expect(await run([received])).toBeNull();
		// loaded once for the two matches; the miss loads it again
		expect(loaded()).toBe(2);
		// no candidate to compare: nothing loaded
		expect(await run([''])).toBeNull();
		expect(loaded()).toBe(2);
	});

	it('takes the first candidate that is one of the secrets', async () => {
		const { data, send } = credential({ secretToken: secret(), componentSecretToken: secret() });
		const { secretToken, componentSecretToken } = data as Record<string, string>;
		const run = async (candidate: string[]) => (await send({ query: { candidate } })).match;
		expect(await run([componentSecretToken, secretToken])).toBe(componentSecretToken);
		expect(await run([secretToken, componentSecretToken])).toBe(secretToken);
	});

	it('compares only the secrets the credential holds as text', async () => {
		const { data, check } = credential({ secretToken: 12345678, componentSecretToken: secret() });
		expect(await check('12345678')).toBe(false);
		expect(await check(data.componentSecretToken as string)).toBe(true);
	});

	it('loads the credential of a node that names none as n8n does: it refuses', async () => {
		await expect(
			callWebhook({
				type: 'testSecretCheckingTrigger',
				request: { headers: { 'x-secret': secret() } },
			}),
		).rejects.toThrow(`Node does not have any credentials set for "${TYPE}"`);
	});

	it('passes a credential that cannot be loaded on to the trigger (its 503)', async () => {
		await expect(
			callWebhook({
				type: 'testSecretCheckingTrigger',
				credentialIds: { [TYPE]: randomUUID() },
				request: { headers: { 'x-secret': secret() } },
			}),
		).rejects.toThrow(`No stored credential of type ${TYPE}`);
	});
});
