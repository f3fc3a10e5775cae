// The 3CX WebAPI credential's authenticate: the access key goes into WebAPI paths on the Base
// URL only, never into a full URL (a recording URL from a webhook payload).
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { ThreeCxWebApi as ThreeCxWebApiCredential } from '../../../credentials/ThreeCxWebApi.credentials';
import { API_CREDENTIAL } from '../../../nodes/ThreeCx/constants';
import { startScriptedServer } from '../../fakes/scriptedServer';
import { expectUsableForm } from '../../support/credentialForm';
import { testCredential } from '../../support/n8nEngine';

const KEY = 'JNJP5UqGDhX';
const credentials = {
	baseUrl: 'https://pbx.example.com:5001/',
	apiKey: KEY,
	allowSelfSigned: false,
};

describe('3CX Web API credential', () => {
	const credential = new ThreeCxWebApiCredential();

	it('puts the access key in the path and the base URL in front of WebAPI paths', async () => {
		const options = await credential.authenticate(credentials, {
			url: '/webapi/{apiKey}/makecall',
			qs: { first: '117' },
		});
		expect(options).toEqual({
			url: `/webapi/${KEY}/makecall`,
			baseURL: 'https://pbx.example.com:5001',
			qs: { first: '117' },
			skipSslCertificateValidation: false,
		});
	});

	it('encodes a key with characters that are not safe in a path', async () => {
		const options = await credential.authenticate(
			{ ...credentials, apiKey: 'a/b?c' },
			{ url: '/webapi/{apiKey}/' },
		);
		expect(options.url).toBe('/webapi/a%2Fb%3Fc/');
	});

	it('leaves a full URL (a recording) as it is, with no key', async () => {
		const url = 'https://FQDN:5001/webapi/recording/230307140234_35-1-1.mp3';
		const options = await credential.authenticate(credentials, { url });
		expect(options.url).toBe(url);
		expect(options.baseURL).toBeUndefined();
	});

	it.each([
		['another host', 'http://127.0.0.1:1/steal/{apiKey}.mp3'],
		['the same host', 'https://pbx.example.com:5001/webapi/{apiKey}/makecall'],
		['a protocol-relative URL', '//evil.example/{apiKey}'],
	])('never fills the key into a full URL (%s)', async (_case, url) => {
		const options = await credential.authenticate(credentials, { url });
		expect(options.url).toBe(url);
		expect(JSON.stringify(options)).not.toContain(KEY);
		expect(options.baseURL).toBeUndefined();
	});

	it('allows a self-signed certificate only on the credential’s own server', async () => {
		const allowing = { ...credentials, allowSelfSigned: true };
		const own = await credential.authenticate(allowing, {
			url: 'https://pbx.example.com:5001/webapi/recording/a.mp3',
		});
		expect(own.skipSslCertificateValidation).toBe(true);
		const other = await credential.authenticate(allowing, {
			url: 'https://elsewhere.example:5001/webapi/recording/a.mp3',
		});
		expect(other.skipSslCertificateValidation).toBe(false);
	});

	it('checks certificates unless self-signed ones are explicitly allowed', async () => {
		const allowed = await credential.authenticate(
			{ ...credentials, allowSelfSigned: true },
			{ url: '/webapi/{apiKey}/' },
		);
		expect(allowed.skipSslCertificateValidation).toBe(true);
		const property = credential.properties.find((p) => p.name === 'allowSelfSigned');
		expect(property?.default).toBe(false);
		expect(credential.properties.find((p) => p.name === 'apiKey')?.typeOptions?.password).toBe(
			true,
		);
	});

	it('is tested with the WebAPI’s license information method', () => {
		expect(credential.test.request).toMatchObject({ url: '/webapi/{apiKey}/' });
	});

	it('checks certificates on its own server unless allowed, and unless allowed exactly', async () => {
		const url = 'https://pbx.example.com:5001/webapi/recording/a.mp3';
		const own = await credential.authenticate(credentials, { url });
		expect(own.skipSslCertificateValidation).toBe(false);
		for (const allowSelfSigned of ['true', 1]) {
			const loose = {
				...credentials,
				allowSelfSigned,
			} as unknown as ICredentialDataDecryptedObject;
			expect((await credential.authenticate(loose, { url })).skipSslCertificateValidation).toBe(
				false,
			);
			const path = await credential.authenticate(loose, { url: '/webapi/{apiKey}/' });
			expect(path.skipSslCertificateValidation).toBe(false);
		}
	});

	it('without a key or a URL, sends to the Base URL with an empty key rather than "undefined"', async () => {
		const noKey = await credential.authenticate(
			{ baseUrl: credentials.baseUrl },
			{ url: '/webapi/{apiKey}/x' },
		);
		expect(noKey.url).toBe('/webapi//x');
		const noUrl = await credential.authenticate(credentials, {} as IHttpRequestOptions);
		expect(noUrl).toEqual({
			url: '',
			baseURL: 'https://pbx.example.com:5001',
			skipSslCertificateValidation: false,
		});
	});
});

test('a usable form: the Base URL and the key required, the key masked, self-signed certificates refused by default', () => {
	const credential = new ThreeCxWebApiCredential();
	expectUsableForm(credential, {
		name: API_CREDENTIAL,
		secrets: ['apiKey'],
		required: ['baseUrl', 'apiKey'],
	});
	expect(credential.properties.find((p) => p.name === 'allowSelfSigned')).toMatchObject({
		type: 'boolean',
		default: false,
	});
});

describe('the credential test', () => {
	let server: Awaited<ReturnType<typeof startScriptedServer>>;
	beforeAll(async () => {
		server = await startScriptedServer();
	});
	afterAll(async () => await server.close());
	const data = () => ({ baseUrl: `${server.url}//`, apiKey: KEY, allowSelfSigned: false });
	const WRONG_KEY =
		'The 3CX WebAPI refused this Access Key. Copy the key from the WebAPI add-on’s configuration (TCXWebAPI.ini): it is the part after /webapi/ in the add-on’s links.';

	test('asks the WebAPI with the key in the path, on the Base URL without its trailing slashes', async () => {
		server.replies = [{ status: 200, body: 'licence' }];
		expect(await testCredential(API_CREDENTIAL, data())).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(server.received.map(({ url }) => url)).toEqual([`/webapi/${KEY}/`]);
	});

	test.each([
		[401, WRONG_KEY],
		[403, WRONG_KEY],
		[
			404,
			'No 3CX WebAPI answers at this Base URL. Check the address and port of the WebAPI add-on (often :5001), without /webapi.',
		],
	])('a %i says what it means', async (status, message) => {
		server.replies = [{ status }, { status }];
		expect(await testCredential(API_CREDENTIAL, data())).toEqual({ status: 'Error', message });
	});

	test.each([301, 303, 308])('a %i redirect is not followed', async (status) => {
		server.replies = [{ status, headers: { location: '/elsewhere' } }];
		const result = await testCredential(API_CREDENTIAL, data());
		expect(result.message).toMatch(
			new RegExp(`^The server answered with a redirect \\(HTTP ${status}\\)`),
		);
		expect(server.received).toHaveLength(1);
	});
});
