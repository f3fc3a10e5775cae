// Credential tests against a server that redirects to another origin: the test fails with a
// message naming the redirect, and the other origin never receives the credential.
import { randomBytes } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { startRedirectingServers } from '../../fakes/redirectingServer';
import { testCredential } from '../../support/n8nEngine';

const key = randomBytes(16).toString('hex');

let servers: Awaited<ReturnType<typeof startRedirectingServers>>;
beforeAll(async () => {
	servers = await startRedirectingServers();
});
afterAll(async () => await servers.close());
beforeEach(() => (servers.reachedOther.length = 0));

const CASES: Array<[string, () => IDataObject]> = [
	[
		'voipcloudApi',
		() => ({ apiKey: key, region: 'custom', customUrl: servers.url, apiVersion: 'v2' }),
	],
	['threeCxWebApi', () => ({ baseUrl: servers.url, apiKey: key, allowSelfSigned: false })],
	[
		'kompaasApi',
		() => ({ apiToken: key, accountId: '', baseUrl: `${servers.url}/api/integration` }),
	],
];

test.each(CASES)(
	'%s: a redirect is not followed and is not called a success',
	async (type, data) => {
		const result = await testCredential(type, data());
		expect(result.status).toBe('Error');
		// KOMPaaS's test has body rules only (n8n takes one kind per test): n8n's credential tester
		// then says the answer's status text.
		expect(result.message).toMatch(type === 'kompaasApi' ? /^Found$/ : /redirect \(HTTP 302\)/);
		expect(servers.reachedOther).toHaveLength(0);
	},
);
