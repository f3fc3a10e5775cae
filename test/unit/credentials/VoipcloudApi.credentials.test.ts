// The VoIPcloud API credential: its form, the token header it adds, and its test, run as n8n runs
// a credential test against a scripted server on 127.0.0.1 (n8nEngine's testCredential).
import { randomBytes } from 'crypto';
import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import { VoipcloudApi } from '../../../credentials/VoipcloudApi.credentials';
import { API_CREDENTIAL, DEFAULT_BASE_URL } from '../../../nodes/Voipcloud/constants';
import { startScriptedServer } from '../../fakes/scriptedServer';
import { expectUsableForm } from '../../support/credentialForm';
import { authenticatedRequest, testCredential } from '../../support/n8nEngine';

const KEY = `vc${randomBytes(8).toString('hex')}`;

let server: Awaited<ReturnType<typeof startScriptedServer>>;
let elsewhere: Awaited<ReturnType<typeof startScriptedServer>>;
beforeAll(async () => {
	server = await startScriptedServer();
	elsewhere = await startScriptedServer();
});
afterAll(async () => {
	await server.close();
	await elsewhere.close();
});

const data = (overrides: IDataObject = {}) => ({
	apiKey: KEY,
	region: 'custom',
	customUrl: server.url,
	apiVersion: 'v2',
	...overrides,
});

test('a usable form: the key masked, a region (Australia by default) or a custom URL, V2 by default', () => {
	const credential = new VoipcloudApi();
	expectUsableForm(credential, {
		name: API_CREDENTIAL,
		secrets: ['apiKey'],
		required: ['apiKey', 'customUrl'],
	});
	const field = (name: string) => credential.properties.find((p) => p.name === name)!;
	const values = (name: string) =>
		(field(name).options as INodePropertyOptions[]).map((option) => option.value);
	expect(field('region').default).toBe(DEFAULT_BASE_URL);
	expect(values('region')).toEqual([
		'https://au.voipcloud.online',
		'https://uk.voipcloud.online',
		'custom',
	]);
	expect(field('customUrl').displayOptions).toEqual({ show: { region: ['custom'] } });
	expect(field('apiVersion').default).toBe('v2');
	expect(values('apiVersion')).toEqual(['v2', 'v1']);
});

test('every request carries the key in the token header', async () => {
	const request = await authenticatedRequest(API_CREDENTIAL, data(), {
		url: '/x',
		headers: { a: '1' },
	});
	expect(request.headers).toEqual({ a: '1', token: KEY });
});

describe('the credential test', () => {
	test('asks get-system-status with the key, on the custom URL trimmed, in the API version chosen', async () => {
		server.replies = [
			{ status: 200, body: { code: 200 } },
			{ status: 200, body: { code: 200 } },
		];
		expect(await testCredential(API_CREDENTIAL, data({ customUrl: ` ${server.url}// ` }))).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(await testCredential(API_CREDENTIAL, data({ apiVersion: 'v1' }))).toMatchObject({
			status: 'OK',
		});
		expect(server.received.map(({ url, headers }) => [url, headers.token])).toEqual([
			['/api/integration/v2/get-system-status', KEY],
			['/api/integration/v1/get-system-status', KEY],
		]);
	});

	test.each([
		[
			401,
			/^VoIPcloud refused the request \(401\)\. Either the API key is wrong, or this n8n server’s public IP address is not on the API whitelist/,
		],
		[
			404,
			/^Nothing answers at this address \(404\)\. Check the region or custom URL, and try the other API version\.$/,
		],
		[
			429,
			/^VoIPcloud’s rate limit is reached \(100 requests per 15 minutes\)\. The key may be fine: test again later\.$/,
		],
	])('a %i says what it means', async (status, message) => {
		// n8n sends a request refused with 401 once more before it gives up.
		server.replies = [
			{ status, body: { code: status } },
			{ status, body: { code: status } },
		];
		const result = await testCredential(API_CREDENTIAL, data());
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(message);
	});

	test.each([301, 307, 308])(
		'a %i redirect is not followed: the key reaches no other address',
		async (status) => {
			server.replies = [{ status, headers: { location: `${elsewhere.url}/api` } }];
			elsewhere.replies = [{ status: 200, body: { code: 200 } }];
			const result = await testCredential(API_CREDENTIAL, data());
			expect(result).toEqual({
				status: 'Error',
				message: expect.stringMatching(
					new RegExp(`^The server answered with a redirect \\(HTTP ${status}\\)`),
				),
			});
			expect(elsewhere.received).toHaveLength(0);
		},
	);
});
