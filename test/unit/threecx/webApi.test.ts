// The 3CX WebAPI add-on's addresses, called directly: where the key goes in a path, how it is
// hidden from every text a user sees, and how a Recording URL is told apart from a file name.
import {
	baseUrlOf,
	isAbsoluteUrl,
	redactKey,
	sameOrigin,
	webApiPath,
} from '../../../nodes/ThreeCx/webApi';

describe('webApiPath', () => {
	test('puts the key placeholder between /webapi/ and the method', () => {
		expect(webApiPath('makecall')).toBe('/webapi/{apiKey}/makecall');
	});
});

describe('redactKey: the access key out of a text', () => {
	test.each([
		[
			'every key in the text',
			'GET /webapi/k1/makecall, then /webapi/k2/dn',
			'GET /webapi/***/makecall, then /webapi/***/dn',
		],
		[
			'whatever the case of /webapi/',
			'https://h/WebAPI/secretKey/makecall',
			'https://h/WebAPI/***/makecall',
		],
		['a key at the end', 'https://h:5001/webapi/secretKey', 'https://h:5001/webapi/***'],
		['up to a query', '/webapi/secretKey?first=1', '/webapi/***?first=1'],
		['up to a fragment', '/webapi/secretKey#x', '/webapi/***#x'],
		['up to a space', 'at /webapi/secretKey failed', 'at /webapi/*** failed'],
		['up to a double quote', '{"path":"/webapi/secretKey"}', '{"path":"/webapi/***"}'],
		['up to a single quote', "'/webapi/secretKey'", "'/webapi/***'"],
	])('hides %s', (_what, text, redacted) => {
		expect(redactKey(text)).toBe(redacted);
	});

	test.each([
		'https://h/webapi/recording/230307140234_35-1-1.mp3',
		'https://h/WEBAPI/Recording/a.mp3',
		'no path at all',
		'/webapi/',
	])('leaves %s as it is', (text) => {
		expect(redactKey(text)).toBe(text);
	});

	test('hides a key that starts like the recording folder', () => {
		expect(redactKey('/webapi/recordingKey/makecall')).toBe('/webapi/***/makecall');
	});
});

describe('baseUrlOf: the credential’s Base URL', () => {
	test.each([
		[{ baseUrl: 'https://pbx.example.com:5001/' }, 'https://pbx.example.com:5001'],
		[{ baseUrl: '  https://pbx.example.com:5001// ' }, 'https://pbx.example.com:5001'],
		[{ baseUrl: 'https://pbx.example.com/a/b' }, 'https://pbx.example.com/a/b'],
		[{ baseUrl: 'https://pbx//x' }, 'https://pbx//x'],
		[{}, ''],
	])('%j → %j', (credentials, baseUrl) => {
		expect(baseUrlOf(credentials)).toBe(baseUrl);
	});
});

describe('isAbsoluteUrl: whether an HTTP client would ignore the base URL', () => {
	test.each([
		'https://pbx.example.com/a.mp3',
		'HTTP://pbx/a.mp3',
		'  https://pbx/a.mp3',
		'//pbx.example.com/a.mp3',
		'svn+ssh.v-2://pbx/a.mp3',
		'x1://pbx',
	])('%s is', (url) => {
		expect(isAbsoluteUrl(url)).toBe(true);
	});

	test.each([
		'a.mp3',
		'/webapi/recording/a.mp3',
		'recordings//a.mp3',
		'https:/pbx/a.mp3',
		'1x://pbx',
		'-x://pbx',
		'a b://pbx',
		'mailto:x@example.com',
	])('%s is not', (url) => {
		expect(isAbsoluteUrl(url)).toBe(false);
	});
});

describe('sameOrigin', () => {
	test.each([
		['https://pbx:5001/a.mp3', 'https://pbx:5001', true],
		['HTTPS://PBX:5001/a', 'https://pbx:5001/', true],
		['https://pbx:443/a', 'https://pbx', true],
		['https://pbx:5002/a', 'https://pbx:5001', false],
		['http://pbx:5001/a', 'https://pbx:5001', false],
		['https://other:5001/a', 'https://pbx:5001', false],
		['not a url', 'https://pbx:5001', false],
		['https://pbx:5001/a', '', false],
	])('%s and %s: %s', (url, other, same) => {
		expect(sameOrigin(url, other)).toBe(same);
	});
});
