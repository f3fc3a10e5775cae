// Credential tests against a server that redirects to another origin: the test fails with a
// message naming the redirect, and the other origin never receives the credential.
import { createServer, type IncomingMessage, type Server } from 'http';
import type { AddressInfo } from 'net';
import type { IDataObject } from 'n8n-workflow';

import { testCredential } from '../support/n8nEngine';

const SECRET = 'redirect-secret-0123456789abcdef';

function listen(handler: (req: IncomingMessage, res: import('http').ServerResponse) => void) {
	return new Promise<{ server: Server; url: string }>((resolve) => {
		const server = createServer(handler);
		server.listen(0, '127.0.0.1', () =>
			resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
		);
	});
}

let redirecting: { server: Server; url: string };
let other: { server: Server; url: string };
const reachedOther: IncomingMessage[] = [];

beforeAll(async () => {
	other = await listen((req, res) => {
		reachedOther.push(req);
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end('{"ok":true,"code":200,"result":[]}');
	});
	redirecting = await listen((req, res) => {
		res.writeHead(302, { location: `${other.url}${req.url}` });
		res.end();
	});
});
afterAll(async () => {
	await new Promise((resolve) => redirecting.server.close(resolve));
	await new Promise((resolve) => other.server.close(resolve));
});
beforeEach(() => (reachedOther.length = 0));

const CASES: Array<[string, () => IDataObject]> = [
	[
		'voipcloudApi',
		() => ({ apiKey: SECRET, region: 'custom', customUrl: redirecting.url, apiVersion: 'v2' }),
	],
	['threeCxWebApi', () => ({ baseUrl: redirecting.url, apiKey: SECRET, allowSelfSigned: false })],
	[
		'kompaasApi',
		() => ({ apiToken: SECRET, accountId: '', baseUrl: `${redirecting.url}/api/integration` }),
	],
];

test.each(CASES)(
	'%s: a redirect is not followed and is not called a success',
	async (type, data) => {
		const result = await testCredential(type, data());
		expect(result.status).toBe('Error');
		// KOMPaaS's test has body rules only (one kind per test): its message is the status.
		expect(result.message).toMatch(type === 'kompaasApi' ? /302/ : /redirect \(HTTP 302\)/);
		expect(reachedOther).toHaveLength(0);
	},
);
