// The KOMPaaS API credential: its form, the token and account headers it adds, and its test, run
// as n8n runs a credential test against a scripted server on 127.0.0.1 (n8nEngine's testCredential).
import { randomBytes } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { KompaasApi } from '../../../credentials/KompaasApi.credentials';
import { API_CREDENTIAL, DEFAULT_BASE_URL } from '../../../nodes/Kompaas/constants';
import { startScriptedServer } from '../../fakes/scriptedServer';
import { expectUsableForm } from '../../support/credentialForm';
import { authenticatedRequest, testCredential } from '../../support/n8nEngine';

const TOKEN = `kp${randomBytes(8).toString('hex')}`;

let server: Awaited<ReturnType<typeof startScriptedServer>>;
beforeAll(async () => {
	server = await startScriptedServer();
});
afterAll(async () => await server.close());

const data = (overrides: IDataObject = {}) => ({
	apiToken: TOKEN,
	accountId: '100002',
	baseUrl: `${server.url}/api/integration`,
	...overrides,
});

test('a usable form: the token masked and required, the account optional, the documented host by default', () => {
	const credential = new KompaasApi();
	expectUsableForm(credential, {
		name: API_CREDENTIAL,
		secrets: ['apiToken'],
		required: ['apiToken'],
	});
	const field = (name: string) => credential.properties.find((p) => p.name === name)!;
	expect(field('baseUrl').default).toBe(DEFAULT_BASE_URL);
	expect(field('accountId')).toMatchObject({ type: 'string', default: '' });
	expect(field('accountId').description).toContain('x-account-id');
});

test('every request carries the token as a bearer and the account number, empty for the default account', async () => {
	const request = await authenticatedRequest(API_CREDENTIAL, data(), { url: '/x' });
	expect(request.headers).toEqual({ Authorization: `Bearer ${TOKEN}`, 'x-account-id': '100002' });
	const byDefault = await authenticatedRequest(API_CREDENTIAL, data({ accountId: '' }), {
		url: '/x',
	});
	expect(byDefault.headers).toEqual({ Authorization: `Bearer ${TOKEN}`, 'x-account-id': '' });
});

describe('the credential test', () => {
	test('reads the events with a GET on the Base URL, its trailing slashes dropped', async () => {
		server.replies = [{ status: 200, body: { ok: true, result: [] } }];
		expect(await testCredential(API_CREDENTIAL, data({ baseUrl: `${server.url}/api//` }))).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(server.received).toHaveLength(1);
		expect(server.received[0].url).toBe('/api/event/get');
		expect(server.received[0].headers).toMatchObject({
			authorization: `Bearer ${TOKEN}`,
			'x-account-id': '100002',
		});
	});

	test('an answer of ok: false (KOMPaaS refuses with HTTP 200) names the token and the account', async () => {
		server.replies = [{ status: 200, body: { ok: false, error: 'forbidden' } }];
		expect(await testCredential(API_CREDENTIAL, data())).toEqual({
			status: 'Error',
			message:
				'KOMPaaS refused the request: check the API token and the account number (it must be an account the token can use)',
		});
	});

	test('a redirect is not followed', async () => {
		server.replies = [{ status: 302, headers: { location: `${server.url}/elsewhere` } }];
		expect(await testCredential(API_CREDENTIAL, data())).toMatchObject({ status: 'Error' });
		expect(server.received.map(({ url }) => url)).toEqual(['/api/integration/event/get']);
	});
});
