// Why a request got no answer, read from what n8n's HTTP client threw, and said in words.
import { NO_RETRY, type Exchange } from '../../../nodes/shared/exchange';
import {
	BODY_TIMEOUT,
	describeNetworkFailure,
	networkFailure,
	redirectFailure,
	type NetworkFailure,
} from '../../../nodes/shared/networkFailure';

describe('redirectFailure: a redirect named by its origin only', () => {
	test.each([
		[
			'an absolute URL',
			'https://other.example:8443/login?key=secret',
			'https://other.example:8443',
		],
		[
			'the first of several Location headers',
			['http://a.example/x', 'http://b.example/'],
			'http://a.example',
		],
		['a path on the same server', '/webapi/secret/login', 'another path on the same server'],
		['a relative path', 'login?key=secret', 'another address'],
		['no Location', undefined, 'another address'],
	])('%s', (_case, location, target) => {
		const headers = location === undefined ? {} : { location };
		expect(redirectFailure(307, headers)).toEqual({
			kind: 'redirect',
			detail: `HTTP 307, redirected to ${target}`,
			answerBegun: true,
		});
	});
});

describe('networkFailure: the cause inside what n8n threw', () => {
	const error = (message: string, code?: string, cause?: unknown) =>
		Object.assign(new Error(message), { code, cause });

	test.each([
		['timeout', 'ESOCKETTIMEDOUT', ''],
		['timeout', '', 'the request timed out'],
		['timeout', '', 'Timeout awaiting headers'],
		['refused', '', 'The service refused the connection - perhaps it is offline'],
		['reset', 'EPIPE', ''],
		['reset', '', 'socket hang up'],
		['reset', '', 'the connection closed unexpectedly'],
		['reset', '', 'request aborted'],
		['unresolved', 'EAI_AGAIN', ''],
		['unresolved', '', 'getaddrinfo failed'],
		['tls', 'CERT_HAS_EXPIRED', ''],
		['tls', 'ERR_SSL_WRONG_VERSION_NUMBER', ''],
		['tls', '', 'TLS handshake failed'],
		['tls', '', 'self signed certificate in chain'],
		['tls', '', 'self-signed certificate'],
		['other', 'EHOSTUNREACH', 'no route to host'],
	])('%s from code %p, words %p', (kind, code, message) => {
		expect(networkFailure(error(message || 'failed', code || undefined)).kind).toBe(kind);
	});

	test("the client's code outranks n8n's words", () => {
		const wrapped = error('The connection timed out', undefined, error('reset', 'ECONNRESET'));
		expect(networkFailure(wrapped).kind).toBe('reset');
	});

	test('the detail is the first message in the chain, cut to 300 characters', () => {
		const wrapped = error('', undefined, error('x'.repeat(400), 'ECONNRESET'));
		expect(networkFailure(wrapped)).toEqual({ kind: 'reset', detail: 'x'.repeat(300) });
	});

	test('a cause five levels down is not read (a cyclic chain ends)', () => {
		const deep = error(
			'a',
			undefined,
			error(
				'b',
				undefined,
				error(
					'c',
					undefined,
					error('d', undefined, error('e', undefined, error('f', 'ECONNREFUSED'))),
				),
			),
		);
		expect(networkFailure(deep).kind).toBe('other');
		const fourth = error(
			'a',
			undefined,
			error(
				'b',
				undefined,
				error('c', undefined, error('d', undefined, error('e', 'ECONNREFUSED'))),
			),
		);
		expect(networkFailure(fourth).kind).toBe('refused');
		const cyclic = error('loop');
		cyclic.cause = cyclic;
		expect(networkFailure(cyclic)).toEqual({ kind: 'other', detail: 'loop' });
	});

	test('something thrown that is no object is said as text', () => {
		expect(networkFailure('socket hang up')).toEqual({ kind: 'other', detail: 'socket hang up' });
	});
});

describe('describeNetworkFailure: the cause in words, with what the node did', () => {
	const said = (failure: NetworkFailure | undefined, attempts = 1) => {
		const exchange: Exchange = {
			failure,
			attempts,
			waitedMs: 0,
			timeoutMs: 12_400,
			retry: NO_RETRY,
		};
		return describeNetworkFailure(exchange);
	};

	test.each([
		[{ kind: 'timeout', detail: 'timeout of 12400ms exceeded' }, 1, 'no answer within 12 s'],
		[
			{ kind: 'timeout', detail: BODY_TIMEOUT },
			1,
			'no complete answer within 12 s: the answer was still arriving',
		],
		[
			{ kind: 'timeout', detail: BODY_TIMEOUT },
			3,
			'no complete answer within 12 s: the answer was still arriving (3 attempts)',
		],
		[
			{ kind: 'tooLarge', detail: 'the answer is larger than 32 MB' },
			2,
			'the answer is larger than 32 MB',
		],
		[{ kind: 'refused', detail: 'ECONNREFUSED' }, 2, 'the connection was refused (2 attempts)'],
		[{ kind: 'reset', detail: 'socket hang up' }, 1, 'the connection was closed without an answer'],
		[{ kind: 'unresolved', detail: 'ENOTFOUND pbx' }, 3, 'the host name could not be resolved'],
		[
			{ kind: 'tls', detail: 'certificate has expired' },
			1,
			'the TLS handshake failed: certificate has expired',
		],
		[
			{ kind: 'redirect', detail: 'HTTP 302, redirected to https://x.example' },
			1,
			'the server answered HTTP 302, redirected to https://x.example, which is not followed so that the credential reaches no other address: put the address the API is served from in the credential',
		],
		[{ kind: 'other', detail: 'EHOSTUNREACH' }, 3, 'EHOSTUNREACH (3 attempts)'],
		[undefined, 1, 'no answer'],
	] as Array<[NetworkFailure | undefined, number, string]>)(
		'%p after %i attempts',
		(failure, attempts, words) => {
			expect(said(failure, attempts)).toBe(words);
		},
	);
});

describe('networkFailure: what n8n hands over when a request fails', () => {
	test.each([
		['timeout', 'ECONNABORTED', 'timeout of 30000ms exceeded'],
		['timeout', 'ETIMEDOUT', 'connect ETIMEDOUT'],
		['refused', 'ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9'],
		['reset', 'ECONNRESET', 'socket hang up'],
		['unresolved', 'ENOTFOUND', 'getaddrinfo ENOTFOUND pbx'],
	])("tells a %s (%s) apart inside n8n's wrapper", (kind, code, message) => {
		const cause = Object.assign(new Error(message), { code });
		const wrapped = Object.assign(new Error('The service refused the connection'), { cause });
		expect(networkFailure(wrapped)).toEqual({ kind, detail: 'The service refused the connection' });
	});
});
