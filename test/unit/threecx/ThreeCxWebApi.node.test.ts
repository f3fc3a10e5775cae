import type { IDataObject } from 'n8n-workflow';

import { ThreeCxWebApi } from '../../../nodes/ThreeCx/ThreeCxWebApi.node';
import { redactKey } from '../../../nodes/ThreeCx/webApi';
import { ACTION_OUTPUTS } from '../../../scripts/output-schemas';
import { startThreeCxWebApi } from '../../fakes/threeCxWebApi';
import { runActionNode, testCredential } from '../../support/n8nEngine';

const KEY = 'JNJP5UqGDhX';

describe('redactKey', () => {
	it('hides the key segment of WebAPI paths but not recording paths', () => {
		expect(redactKey(`GET https://h:5001/webapi/${KEY}/makecall?x=1 failed`)).toBe(
			'GET https://h:5001/webapi/***/makecall?x=1 failed',
		);
		expect(redactKey('https://h/webapi/recording/a-1-1.mp3')).toBe(
			'https://h/webapi/recording/a-1-1.mp3',
		);
	});
});

type FakeWebApi = Awaited<ReturnType<typeof startThreeCxWebApi>>;
let webApi: FakeWebApi;

beforeAll(async () => {
	webApi = await startThreeCxWebApi();
});
afterAll(async () => await webApi.close());
beforeEach(() => {
	webApi.calls.length = 0;
	webApi.requests.length = 0;
	webApi.clearFaults();
});

function fakeCredentials(overrides: IDataObject = {}): IDataObject {
	return { baseUrl: `${webApi.url}/`, apiKey: webApi.key, allowSelfSigned: false, ...overrides };
}

async function run(
	parameters: IDataObject | IDataObject[],
	{ creds = fakeCredentials(), continueOnFail = false, retryOnFail = false } = {},
) {
	const { items, error } = await runActionNode({
		type: 'threeCxWebApi',
		parameters,
		credentials: { threeCxWebApi: creds },
		settings: {
			...(continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			...(retryOnFail ? { retryOnFail: true, waitBetweenTries: 0 } : {}),
		},
	});
	if (error) throw error;
	return { output: items };
}

type NodeError = IDataObject & { name: string; message: string; description?: string };

async function failure(
	parameters: IDataObject | IDataObject[],
	options: Parameters<typeof run>[1] = {},
): Promise<NodeError> {
	const outcome = await run(parameters, options).catch((error: NodeError) => error);
	if (!('name' in outcome)) throw new Error('The node did not fail');
	return outcome;
}

describe('3CX Web API credential test', () => {
	it('reads the license information with the key; a wrong key is refused', async () => {
		expect(await testCredential('threeCxWebApi', fakeCredentials())).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(webApi.requests).toEqual([{ method: 'GET', path: `/webapi/${webApi.key}/` }]);
		expect(await testCredential('threeCxWebApi', fakeCredentials({ apiKey: 'wrong' }))).toEqual({
			status: 'Error',
			message:
				'The 3CX WebAPI refused this Access Key. Copy the key from the WebAPI add-on’s configuration (TCXWebAPI.ini): it is the part after /webapi/ in the add-on’s links.',
		});
	});
});

const makeCall = { resource: 'call', operation: 'make', extension: ' 117 ', number: '05552221133' };

describe('Call → Make', () => {
	it('sends GET makecall with first and second, and returns the call chain id', async () => {
		const { output } = await run(makeCall);
		expect(webApi.requests).toEqual([{ method: 'GET', path: `/webapi/${webApi.key}/makecall` }]);
		expect(webApi.calls).toEqual([
			expect.objectContaining({ first: '117', second: '05552221133', contact: null }),
		]);
		expect(output).toEqual([
			{
				json: { chid: webApi.calls[0].chid, extension: '117', number: '05552221133' },
				pairedItem: { item: 0 },
			},
		]); // The editor's schema preview (scripts/output-schemas.js) names exactly these fields.
		expect(Object.keys(output[0].json)).toEqual(
			Object.keys(ACTION_OUTPUTS.threeCxWebApi['call/make']),
		);
	});

	it('adds the device and timeout when given', async () => {
		await run({ ...makeCall, additionalFields: { contact: '100', timeout: 2000 } });
		expect(webApi.calls[0]).toMatchObject({
			first: '117',
			second: '05552221133',
			contact: '100',
			timeout: '2000',
		});
	});

	it('trims the numbers and the device; a blank device is not sent, a timeout of 0 is', async () => {
		await run({
			...makeCall,
			number: ' 0555 ',
			additionalFields: { contact: '   ', timeout: 0 },
		});
		await run({ ...makeCall, additionalFields: { contact: ' 100 ' } });
		expect(webApi.calls).toEqual([
			expect.objectContaining({ first: '117', second: '0555', contact: null, timeout: '0' }),
			expect.objectContaining({ contact: '100', timeout: null }),
		]);
	});

	it('is never repeated, not even after a 429', async () => {
		webApi.failNext({ status: 429, headers: { 'retry-after': '0' }, body: 'busy' });
		const error = await failure(makeCall);
		expect(error.name).toBe('NodeApiError');
		expect(webApi.requests).toHaveLength(1);
	});

	it('explains a refused key without showing it', async () => {
		webApi.failNext({
			status: 401,
			body: { error: `Invalid access key for /webapi/${KEY}/makecall` },
		});
		const error = await failure(makeCall);
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toContain('HTTP 401');
		expect(error.description).toContain('Access Key');
		expect(JSON.stringify(error)).not.toContain(KEY);
		expect(JSON.stringify(error)).not.toContain(webApi.key);
	});

	it('turns an unreachable server into an error without the URL’s key', async () => {
		const error = await failure(makeCall, {
			creds: fakeCredentials({ baseUrl: 'http://127.0.0.1:9' }),
		});
		expect(error.message).toBe('The 3CX WebAPI could not be reached: the connection was refused');
		expect(JSON.stringify(error)).not.toContain(webApi.key);
		expect(error.description).toContain('The call was not placed.');
		expect(error.description).toContain('Allow Self-Signed Certificate');
	});

	it('keeps going with the next item when Continue On Fail is on', async () => {
		webApi.failNext({ status: 500, body: 'boom' });
		const { output } = await run([makeCall, makeCall], { continueOnFail: true });
		expect(output[0]).toEqual({
			json: { error: 'The 3CX WebAPI answered HTTP 500: boom' },
			pairedItem: { item: 0 },
		});
		expect(output[1].json).toMatchObject({ chid: webApi.calls[0].chid });
	});

	it.each([
		[
			'an HTML page',
			{ body: '<html>login</html>', contentType: 'text/html' },
			/text\/html: <html>login<\/html>/,
		],
		[
			'cut-short JSON',
			{ body: '{"chid":"0000', contentType: 'application/json' },
			/application\/json: \{"chid":"0000/,
		],
		['plain text', { body: 'OK', contentType: '' }, /text: OK/],
		['an empty answer', { body: '', contentType: '' }, /an empty answer/],
	])(
		'refuses %s as not the WebAPI’s answer: the call may have been placed',
		async (_case, answer, shown) => {
			webApi.failNext({ status: 200, ...answer });
			const error = await failure(makeCall);
			expect(error.name).toBe('NodeApiError');
			expect(error.message).toMatch(/^The answer to makecall is not the 3CX WebAPI’s/);
			expect(error.message).toMatch(shown);
			expect(error.description).toMatch(/The call may have been placed/);
		},
	);

	it('waits as long as its Node Timeout option says, once: the call may have been placed', async () => {
		webApi.failNext({ hang: true });
		const error = await failure({ ...makeCall, additionalFields: { requestTimeout: 1 } });
		expect(error.message).toBe('The 3CX WebAPI could not be reached: no answer within 1 s');
		expect(error.description).toContain(
			'check whether the call was placed before running it again',
		);
		expect(webApi.requests).toHaveLength(1);
	});

	it('refuses to run under Retry On Fail, before anything is sent, however often n8n retries', async () => {
		const error = await failure(makeCall, { retryOnFail: true });
		expect(error.message).toBe('Make Call does not run with “Retry On Fail” on: nothing was sent');
		expect(webApi.requests).toHaveLength(0);
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
		webApi.setRecording('230307140234_35-1-1.mp3', { body: bytes, contentType: 'audio/mpeg' });
		const { output } = await run(download(MP3_URL));
		// Another host name than the credential's: fetched by its file name from the credential's server.
		expect(webApi.requests).toEqual([
			{ method: 'GET', path: '/webapi/recording/230307140234_35-1-1.mp3' },
		]);
		expect(output[0].json).toEqual({
			url: MP3_URL,
			fileName: '230307140234_35-1-1.mp3',
			mimeType: 'audio/mpeg',
			fileSize: bytes.length,
		});
		expect(Object.keys(output[0].json)).toEqual(
			Object.keys(ACTION_OUTPUTS.threeCxWebApi['recording/download']),
		);
		expect(output[0].binary?.data).toMatchObject({
			data: bytes.toString('base64'),
			fileName: '230307140234_35-1-1.mp3',
			mimeType: 'audio/mpeg',
		});
	});

	it.each([
		['a.mp3', 'application/octet-stream', 'audio/mpeg'],
		['a.wav', '', 'audio/wav'],
		['a.wav', 'audio/x-wav; charset=binary', 'audio/x-wav'],
		['a.bin', 'application/octet-stream', 'application/octet-stream'],
	])('types %s served as %j as %s', async (name, contentType, mimeType) => {
		webApi.setRecording(name, { body: bytes, contentType });
		const { output } = await run(download(`https://pbx/webapi/recording/${name}`));
		expect(output[0].binary?.data.mimeType).toBe(mimeType);
	});

	it('fetches a URL on the credential’s server as it is', async () => {
		webApi.setRecording('a b.mp3', { body: bytes, contentType: 'audio/mpeg' });
		await run(download(`${webApi.url}/webapi/recording/a%20b.mp3?x=1`));
		expect(webApi.requests).toEqual([{ method: 'GET', path: '/webapi/recording/a%20b.mp3' }]);
	});

	it.each([
		'http://127.0.0.1:1/steal/{apiKey}.mp3',
		'https://pbx.example.com.evil.example/x.mp3',
		'ftp://pbx.example.com:5001/webapi/recording/a.mp3/extra',
		'//evil.example/x/{apiKey}',
	])('never contacts another server for %s', async (url) => {
		const error = await failure(download(url), {
			creds: fakeCredentials({ baseUrl: 'https://pbx.example.com:5001/', apiKey: KEY }),
		});
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toBe('The Recording URL is not on the 3CX server of the credential');
		expect(error.description).toContain('https://pbx.example.com:5001');
		expect(JSON.stringify(error)).not.toContain(KEY);
		expect(webApi.requests).toHaveLength(0);
	});

	it('fetches a bare file name from the base URL', async () => {
		await run(download('230307140234_35-1-1.wav'));
		expect(webApi.requests).toEqual([
			{ method: 'GET', path: '/webapi/recording/230307140234_35-1-1.wav' },
		]);
	});

	it('refuses a text answer instead of storing it as audio', async () => {
		webApi.setRecording('230307140234_35-1-1.mp3', {
			body: Buffer.from('<html>login</html>'),
			contentType: 'text/html',
		});
		const error = await failure(download(MP3_URL));
		expect(error.message).toMatch('answered with text/html instead of a recording');
	});

	it('says so when the URL is empty', async () => {
		const error = await failure(download(' '));
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toBe('The Recording URL is empty');
		expect(error.description).toBe(
			'Map recording.url from a 3CX Webhook Trigger “Recording Ready” event, or enter a recording’s file name.',
		);
		expect(webApi.requests).toHaveLength(0);
	});

	it.each(['recordings/', '/webapi/recording/', 'webapi/recording/?x=1'])(
		'refuses a file name or path that names no file (%s), sending nothing',
		async (location) => {
			const error = await failure(download(location));
			expect(error.name).toBe('NodeOperationError');
			expect(error.message).toBe('The Recording URL names no file');
			expect(error.description).toBe(
				'It ends in a folder. Map recording.url or recording.fileName from a 3CX Webhook Trigger “Recording Ready” event, or enter a recording’s file name (e.g. 230307140234_35-1-1.mp3).',
			);
			expect(webApi.requests).toHaveLength(0);
		},
	);

	it('refuses a JSON answer with its status and its start, the key removed', async () => {
		const text = `{"error":"no file","path":"/webapi/${KEY}/x","pad":"${'p'.repeat(400)}"}`;
		webApi.setRecording('a.mp3', { body: Buffer.from(text), contentType: 'Application/JSON' });
		const error = await failure(download('a.mp3'), {
			creds: fakeCredentials({ apiKey: KEY }),
		});
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe(
			'The 3CX WebAPI answered with application/json instead of a recording',
		);
		expect(error.httpCode).toBe('200');
		expect(error.description).toBe(text.slice(0, 300).replace(KEY, '***'));
		// n8n shows the error's response body in the error's details.
		expect(error.errorResponse).toEqual({ body: text.slice(0, 300).replace(KEY, '***') });
		expect(JSON.stringify(error)).not.toContain(KEY);
	});

	it('puts the file in the named binary field; a URL without a file name makes “recording”', async () => {
		webApi.failNext({ status: 200, body: 'RIFF audio', contentType: 'audio/wav' });
		const { output } = await run({
			...download(`${webApi.url}/files/`),
			binaryPropertyName: 'audio',
		});
		expect(webApi.requests).toEqual([{ method: 'GET', path: '/files/' }]);
		expect(output[0].json).toEqual({
			url: `${webApi.url}/files/`,
			fileName: 'recording',
			mimeType: 'audio/wav',
			fileSize: 'RIFF audio'.length,
		});
		expect(Object.keys(output[0].binary ?? {})).toEqual(['audio']);
	});

	it('trims the Recording URL it is given', async () => {
		webApi.setRecording('a.mp3', { body: bytes, contentType: 'audio/mpeg' });
		const { output } = await run(download('  a.mp3 '));
		expect(output[0].json.url).toBe('a.mp3');
	});

	it('waits as long as its Node Timeout option says', async () => {
		webApi.failNext({ hang: true }, { hang: true }, { hang: true });
		const error = await failure({ ...download('a.mp3'), options: { requestTimeout: 1 } });
		expect(error.message).toBe('The 3CX WebAPI could not be reached: no answer within 1 s');
		expect(webApi.requests).toHaveLength(1);
	});

	it('reports a missing recording with its HTTP status', async () => {
		webApi.failNext({ status: 404, body: '{}', contentType: 'application/json' });
		const error = await failure(download(MP3_URL));
		expect(error.message).toBe('The 3CX WebAPI answered HTTP 404: {}');
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
