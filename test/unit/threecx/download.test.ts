// Recording → Download's own rules, called directly: where a recording is fetched from (only the
// credential's server) and what type the file gets. The operation's run in n8n, against the fake
// WebAPI, is in ThreeCxWebApi.node.test.ts.
import {
	contentTypeOf,
	mimeTypeOf,
	recordingRequestUrl,
} from '../../../nodes/ThreeCx/actions/recording/download';

const BASE_URL = 'https://pbx.example.com:5001';

describe('recordingRequestUrl: where a recording is fetched from', () => {
	test.each([
		['a file name', '230307140234_35-1-1.wav', '/webapi/recording/230307140234_35-1-1.wav'],
		['a file name to encode', 'a b#1.mp3', '/webapi/recording/a%20b'],
		['a file name with a query', 'a.mp3?x=1', '/webapi/recording/a.mp3'],
		['a relative path: its last segment', 'x/y/a.mp3', '/webapi/recording/a.mp3'],
		['a path that ends in a slash', 'x/', '/webapi/recording/'],
		[
			'a URL on the credential’s server, as it is',
			`${BASE_URL}/other/a.mp3?x=1`,
			`${BASE_URL}/other/a.mp3?x=1`,
		],
		[
			'a URL on the credential’s server, its scheme in capitals',
			'HTTPS://pbx.example.com:5001/a.mp3',
			'HTTPS://pbx.example.com:5001/a.mp3',
		],
		[
			'a recording URL on another host name, by its file name',
			'https://FQDN:5001/webapi/recording/a%20b.mp3?x=1',
			'/webapi/recording/a%20b.mp3',
		],
		[
			'a protocol-relative recording URL, by its file name',
			'//elsewhere/webapi/recording/a.mp3',
			'/webapi/recording/a.mp3',
		],
		[
			'a recording URL of another scheme on the same host, by its file name',
			'ftp://pbx.example.com:5001/webapi/recording/a.mp3',
			'/webapi/recording/a.mp3',
		],
	])('%s', (_what, location, url) => {
		expect(recordingRequestUrl(location, BASE_URL)).toBe(url);
	});

	test.each([
		['another host, another path', 'https://elsewhere.example/x/a.mp3'],
		['another host, below a recording', 'https://elsewhere.example/webapi/recording/a/b.mp3'],
		['another host, above /webapi', 'https://elsewhere.example/x/webapi/recording/a.mp3'],
		['another host, the recording folder', 'https://elsewhere.example/webapi/recording/'],
		['a file name that does not decode', 'https://elsewhere.example/webapi/recording/%E0%A4%A'],
		['a URL that does not parse', 'http://[bad/webapi/recording/a.mp3'],
		['the same host on another port', 'https://pbx.example.com:5002/a.mp3'],
		['the same host by plain HTTP', 'http://pbx.example.com:5001/a.mp3'],
	])('never another server: %s', (_what, location) => {
		expect(recordingRequestUrl(location, BASE_URL)).toBeNull();
	});

	test('a Base URL by plain HTTP: a URL on it as it is', () => {
		expect(recordingRequestUrl('http://pbx.lan:5000/a.mp3', 'http://pbx.lan:5000')).toBe(
			'http://pbx.lan:5000/a.mp3',
		);
	});

	test('a URL of a scheme without an origin is never taken as the credential’s server', () => {
		expect(recordingRequestUrl('foo://evil.example/https://x.mp3', 'bar://pbx')).toBeNull();
	});

	test('a file name that decodes to a path keeps its last segment', () => {
		expect(
			recordingRequestUrl('https://elsewhere/webapi/recording/..%2F..%2Fa.mp3', BASE_URL),
		).toBe('/webapi/recording/a.mp3');
	});
});

describe('contentTypeOf', () => {
	test.each([
		['Audio/MPEG; charset=binary', 'audio/mpeg'],
		['  audio/wav ', 'audio/wav'],
		[['text/html; x', 'audio/mpeg'], 'text/html'],
		[undefined, ''],
		[42, ''],
	])('%j → %j', (header, type) => {
		expect(contentTypeOf(header)).toBe(type);
	});
});

describe('mimeTypeOf: the served type, or the extension’s', () => {
	test('a served type is kept', () => {
		expect(mimeTypeOf('audio/x-custom', 'a.mp3')).toBe('audio/x-custom');
	});

	test.each([
		['a.mp3', 'audio/mpeg'],
		['A.MP3', 'audio/mpeg'],
		['a.wav', 'audio/wav'],
		['a.ogg', 'audio/ogg'],
		['a.opus', 'audio/opus'],
		['a.m4a', 'audio/mp4'],
		['a.gsm', 'audio/gsm'],
		['a.tar.gsm', 'audio/gsm'],
		['mp3', 'audio/mpeg'],
		['a.bin', 'application/octet-stream'],
		['a.constructor', 'application/octet-stream'],
		['a.', 'application/octet-stream'],
	])('%s served as bytes → %s', (fileName, type) => {
		expect(mimeTypeOf('application/octet-stream', fileName)).toBe(type);
		expect(mimeTypeOf('', fileName)).toBe(type);
	});
});
