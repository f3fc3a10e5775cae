import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
	type INodeExecutionData,
} from 'n8n-workflow';

import { ThreeCxWebApi as ThreeCxWebApiCredential } from '../../credentials/ThreeCxWebApi.credentials';
import { ThreeCxWebApi } from '../../nodes/ThreeCx/ThreeCxWebApi.node';
import { redact } from '../../nodes/ThreeCx/transport';
import { ACTION_OUTPUTS } from '../../scripts/output-schemas';

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
});

describe('redact', () => {
	it('hides the key segment of WebAPI paths but not recording paths', () => {
		expect(redact(`GET https://h:5001/webapi/${KEY}/makecall?x=1 failed`)).toBe(
			'GET https://h:5001/webapi/***/makecall?x=1 failed',
		);
		expect(redact('https://h/webapi/recording/a-1-1.mp3')).toBe(
			'https://h/webapi/recording/a-1-1.mp3',
		);
	});
});

type Responder = (options: IHttpRequestOptions) => IN8nHttpFullResponse | Promise<never>;

function fakeExecute(parameters: IDataObject[], respond: Responder, continueOnFail = false) {
	const requests: IHttpRequestOptions[] = [];
	const context = {
		getInputData: () => parameters.map(() => ({ json: {} })),
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) =>
			name in parameters[itemIndex] ? parameters[itemIndex][name] : fallback,
		getNode: () => ({ name: '3CX WebAPI', type: 'n8n-nodes-pbx.threeCxWebApi' }),
		getCredentials: async () => credentials,
		continueOnFail: () => continueOnFail,
		helpers: {
			httpRequestWithAuthentication: async (type: string, options: IHttpRequestOptions) => {
				expect(type).toBe('threeCxWebApi');
				requests.push(options);
				return await respond(options);
			},
			constructExecutionMetaData: (items: INodeExecutionData[], meta: { itemData: unknown }) =>
				items.map((item) => ({ ...item, pairedItem: meta.itemData })),
			prepareBinaryData: async (data: Buffer, fileName: string, mimeType: string) => ({
				data: data.toString('base64'),
				fileName,
				mimeType,
			}),
		},
	};
	return { context: context as unknown as IExecuteFunctions, requests };
}

const ok = (body: unknown, headers: IDataObject = {}): IN8nHttpFullResponse => ({
	statusCode: 200,
	headers,
	body: body as IN8nHttpFullResponse['body'],
});

async function run(parameters: IDataObject[], respond: Responder, continueOnFail = false) {
	const fake = fakeExecute(parameters, respond, continueOnFail);
	const output = await new ThreeCxWebApi().execute.call(fake.context);
	return { output: output[0], requests: fake.requests };
}

const makeCall = { resource: 'call', operation: 'make', extension: ' 117 ', number: '05552221133' };

describe('Call → Make', () => {
	it('sends GET makecall with first and second, and returns the call chain id', async () => {
		const { output, requests } = await run([makeCall], () => ok({ chid: '00000000-01dc' }));
		expect(requests).toEqual([
			expect.objectContaining({
				method: 'GET',
				url: '/webapi/{apiKey}/makecall',
				qs: { first: '117', second: '05552221133' },
			}),
		]);
		expect(output).toEqual([
			{
				json: { chid: '00000000-01dc', extension: '117', number: '05552221133' },
				pairedItem: { item: 0 },
			},
		]); // The editor's schema preview (scripts/output-schemas.js) names exactly these fields.
		expect(Object.keys(output[0].json)).toEqual(
			Object.keys(ACTION_OUTPUTS.threeCxWebApi['call/make']),
		);
	});

	it('adds the device and timeout when given', async () => {
		const { requests } = await run(
			[{ ...makeCall, additionalFields: { contact: '100', timeout: 2000 } }],
			() => ok({ chid: 'x' }),
		);
		expect(requests[0].qs).toEqual({
			first: '117',
			second: '05552221133',
			contact: '100',
			timeout: 2000,
		});
	});

	it('is never repeated, not even after a 429', async () => {
		const respond = () => ({ statusCode: 429, headers: { 'retry-after': '0' }, body: 'busy' });
		await expect(run([makeCall], respond)).rejects.toThrow(NodeApiError);
		const { requests } = await run([makeCall], respond, true).catch(() => ({ requests: [] }));
		expect(requests).toHaveLength(1);
	});

	it('explains a refused key without showing it', async () => {
		const error = await run([makeCall], () => ({
			statusCode: 401,
			headers: {},
			body: { error: `Invalid access key for /webapi/${KEY}/makecall` },
		})).catch((caught: NodeApiError) => caught);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).message).toContain('HTTP 401');
		expect((error as NodeApiError).description).toContain('Access Key');
		expect(JSON.stringify(error)).not.toContain(KEY);
	});

	it('turns an unreachable server into an error without the URL’s key', async () => {
		const error = await run([makeCall], async () => {
			throw new Error(`connect ECONNREFUSED for https://pbx:5001/webapi/${KEY}/makecall`);
		}).catch((caught: NodeApiError) => caught);
		expect((error as NodeApiError).message).toBe(
			'The 3CX WebAPI could not be reached: the connection was refused',
		);
		expect(JSON.stringify(error)).not.toContain(KEY);
		expect((error as NodeApiError).description).toContain('The call was not placed.');
		expect((error as NodeApiError).description).toContain('Allow Self-Signed Certificate');
	});

	it('keeps going with the next item when Continue On Fail is on', async () => {
		let calls = 0;
		const { output } = await run(
			[makeCall, makeCall],
			() => (++calls === 1 ? { statusCode: 500, headers: {}, body: 'boom' } : ok({ chid: 'y' })),
			true,
		);
		expect(output[0]).toEqual({
			json: { error: 'The 3CX WebAPI answered HTTP 500: boom' },
			pairedItem: { item: 0 },
		});
		expect(output[1].json).toMatchObject({ chid: 'y' });
	});

	it.each([
		[
			'an HTML page',
			ok('<html>login</html>', { 'content-type': 'text/html' }),
			/text\/html: <html>login<\/html>/,
		],
		[
			'cut-short JSON',
			ok('{"chid":"0000', { 'content-type': 'application/json' }),
			/application\/json: \{"chid":"0000/,
		],
		['plain text', ok('OK'), /text: OK/],
		['an empty answer', ok(''), /an empty answer/],
	])(
		'refuses %s as not the WebAPI’s answer: the call may have been placed',
		async (_case, answer, shown) => {
			const error = (await run([makeCall], () => answer).catch((e: unknown) => e)) as NodeApiError;
			expect(error).toBeInstanceOf(NodeApiError);
			expect(error.message).toMatch(/^The answer to makecall is not the 3CX WebAPI’s/);
			expect(error.message).toMatch(shown);
			expect(error.description).toMatch(/The call may have been placed/);
		},
	);

	it('refuses to run under Retry On Fail, before anything is sent', async () => {
		const fake = fakeExecute([makeCall], () => ok({ chid: 'x' }));
		const retrying = {
			...fake.context,
			getNode: () => ({ name: '3CX WebAPI', retryOnFail: true }),
		};
		await expect(
			new ThreeCxWebApi().execute.call(retrying as unknown as IExecuteFunctions),
		).rejects.toThrow('Make Call does not run with “Retry On Fail” on: nothing was sent');
		expect(fake.requests).toHaveLength(0);
	});
});

const download = (recordingUrl: string) => ({
	resource: 'recording',
	operation: 'download',
	recordingUrl,
	binaryPropertyName: 'data',
});
const MP3_URL = 'https://FQDN:5001/webapi/recording/230307140234_35-1-1.mp3';
const bytes = Buffer.from('ID3 audio');

describe('Recording → Download', () => {
	it('fetches the URL as bytes into binary data, typed by the server', async () => {
		const { output, requests } = await run([download(MP3_URL)], () =>
			ok(bytes, { 'content-type': 'audio/mpeg' }),
		);
		// Another host name than the credential's: fetched by its file name from the credential's server.
		expect(requests[0]).toMatchObject({
			method: 'GET',
			url: '/webapi/recording/230307140234_35-1-1.mp3',
			encoding: 'arraybuffer',
		});
		expect(output[0].json).toEqual({
			url: MP3_URL,
			fileName: '230307140234_35-1-1.mp3',
			mimeType: 'audio/mpeg',
			fileSize: bytes.length,
		});
		expect(Object.keys(output[0].json)).toEqual(
			Object.keys(ACTION_OUTPUTS.threeCxWebApi['recording/download']),
		);
		expect(output[0].binary?.data).toEqual({
			data: bytes.toString('base64'),
			fileName: '230307140234_35-1-1.mp3',
			mimeType: 'audio/mpeg',
		});
	});

	it.each([
		['a.mp3', 'application/octet-stream', 'audio/mpeg'],
		['a.wav', undefined, 'audio/wav'],
		['a.wav', 'audio/x-wav; charset=binary', 'audio/x-wav'],
		['a.bin', 'application/octet-stream', 'application/octet-stream'],
	])('types %s served as %s as %s', async (name, contentType, mimeType) => {
		const headers = contentType === undefined ? {} : { 'content-type': contentType };
		const { output } = await run([download(`https://pbx/webapi/recording/${name}`)], () =>
			ok(bytes, headers),
		);
		expect(output[0].binary?.data.mimeType).toBe(mimeType);
	});

	it('fetches a URL on the credential’s server as it is', async () => {
		const url = 'https://pbx.example.com:5001/webapi/recording/a%20b.mp3?x=1';
		const { requests } = await run([download(url)], () =>
			ok(bytes, { 'content-type': 'audio/mpeg' }),
		);
		expect(requests[0].url).toBe(url);
	});

	it.each([
		'http://127.0.0.1:1/steal/{apiKey}.mp3',
		'https://pbx.example.com.evil.example/x.mp3',
		'ftp://pbx.example.com:5001/webapi/recording/a.mp3/extra',
		'//evil.example/x/{apiKey}',
	])('never contacts another server for %s', async (url) => {
		const error = (await run([download(url)], () => ok(bytes)).catch((e: unknown) => e)) as Error;
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('The Recording URL is not on the 3CX server of the credential');
		expect((error as NodeOperationError).description).toContain('https://pbx.example.com:5001');
		expect(JSON.stringify(error)).not.toContain(KEY);
	});

	it('fetches a bare file name from the base URL', async () => {
		const { requests } = await run([download('230307140234_35-1-1.wav')], () =>
			ok(bytes, { 'content-type': 'audio/wav' }),
		);
		expect(requests[0].url).toBe('/webapi/recording/230307140234_35-1-1.wav');
	});

	it('refuses a text answer instead of storing it as audio', async () => {
		await expect(
			run([download(MP3_URL)], () =>
				ok(Buffer.from('<html>login</html>'), { 'content-type': 'text/html' }),
			),
		).rejects.toThrow('answered with text/html instead of a recording');
	});

	it('says so when the URL is empty', async () => {
		await expect(run([download(' ')], () => ok(bytes))).rejects.toThrow(NodeOperationError);
	});

	it('reports a missing recording with its HTTP status', async () => {
		await expect(
			run([download(MP3_URL)], () => ({ statusCode: 404, headers: {}, body: Buffer.from('{}') })),
		).rejects.toThrow('The 3CX WebAPI answered HTTP 404: {}');
	});
});

describe('3CX WebAPI node description', () => {
	const { description } = new ThreeCxWebApi();

	it('can be used as an AI tool and needs the 3CX Web API credential', () => {
		expect(description.usableAsTool).toBe(true);
		expect(description.credentials).toEqual([{ name: 'threeCxWebApi', required: true }]);
	});

	it('offers Call → Make and Recording → Download', () => {
		const operations = description.properties
			.filter((property) => property.name === 'operation')
			.map((property) => [
				property.displayOptions?.show?.resource,
				(property.options ?? []).map((option) => (option as { value: string }).value),
			]);
		expect(operations).toEqual([
			[['call'], ['make']],
			[['recording'], ['download']],
		]);
	});
});
