// Every action node operation against its fake API serving each fault: an answer that is an
// error (NodeApiError naming the cause), reads retried within the stated bound, writes (a call
// placed, a webhook created) never sent twice, no secret in any error. The time to each error is
// printed, and its bound checked by `npm run bench` (no timed assertions in unit tests).
// A never-answering KOMPaaS costs its fixed 30 s timeout: see kompaas/webhookLifecycle.timeout.test.ts.

import type { Fault } from '../../fakes/faults';
import {
	apiSecret,
	injectFault,
	OPERATIONS,
	printFaultTable,
	record,
	resetFakes,
	runOperation,
	startFakes,
	stopFakes,
	type Fakes,
	type Operation,
} from '../../support/faultMatrix';
import { freePort } from '../../support/n8n';

let fakes: Fakes;
beforeAll(async () => {
	fakes = await startFakes();
});
afterAll(async () => {
	await stopFakes(fakes);
	printFaultTable('Fault matrix (unit, fakes on 127.0.0.1)');
});
beforeEach(() => resetFakes(fakes));

interface FaultCase {
	name: string;
	fault: Fault;
	/** How the error names the cause, per API. */
	message: RegExp;
	/** Sent again for a read: how many requests a read makes in all. */
	readAttempts: number;
	/** Upper bound of the time to error, milliseconds (checked by `npm run bench`, not here). */
	withinMs: number;
}

const html = '<!DOCTYPE html><html><body>Please log in</body></html>';

const FAULTS: FaultCase[] = [
	{
		name: 'HTTP 500',
		fault: { status: 500, body: { code: 500, message: 'Internal error' } },
		message: /500|could not process|trouble/i,
		readAttempts: 1,
		withinMs: 2_000,
	},
	{
		name: 'HTTP 503, Retry-After: 0',
		fault: { status: 503, body: 'unavailable', headers: { 'retry-after': '0' } },
		message: /503|could not process|trouble/i,
		readAttempts: 3,
		withinMs: 3_000,
	},
	{
		name: 'never answers',
		fault: { hang: true },
		message: /no answer within 1 s|did not answer/,
		readAttempts: 1,
		withinMs: 3_000,
	},
	{
		name: 'connection closed without an answer',
		fault: { destroy: true },
		message: /closed without an answer|did not answer/,
		readAttempts: 3,
		withinMs: 5_000,
	},
	{
		name: 'HTTP 200, cut-short JSON',
		fault: {
			status: 200,
			body: '{"code":200,"data":[{"unique_call_id":"17',
			contentType: 'application/json',
		},
		message:
			/not (its API’s|the 3CX WebAPI’s)|JSON that does not parse|not a JSON object|instead of a recording/,
		readAttempts: 1,
		withinMs: 2_000,
	},
	{
		name: 'HTTP 200, an HTML login page',
		fault: { status: 200, body: html, contentType: 'text/html' },
		message: /not (its API’s|the 3CX WebAPI’s)|text\/html|not a JSON object/,
		readAttempts: 1,
		withinMs: 2_000,
	},
	{
		name: 'HTTP 401',
		fault: { status: 401, body: { code: 401, message: 'Not authorised', error: 'invalid_token' } },
		message: /401|refused the API key/,
		readAttempts: 1,
		withinMs: 2_000,
	},
	{
		name: 'HTTP 429, Retry-After: 1',
		fault: { status: 429, body: 'Too Many Requests', headers: { 'retry-after': '1' } },
		message: /429|rate limit/i,
		readAttempts: 3,
		withinMs: 4_000,
	},
	{
		name: 'HTTP 429, Retry-After: 900',
		fault: { status: 429, body: 'Too Many Requests', headers: { 'retry-after': '900' } },
		message: /429|rate limit/i,
		readAttempts: 1,
		withinMs: 2_000,
	},
	{
		name: 'HTTP 429, no Retry-After',
		fault: { status: 429, body: 'Too Many Requests' },
		message: /429|rate limit/i,
		readAttempts: 3,
		withinMs: 5_000,
	},
];

/** Reads of the 3CX WebAPI are not retried either: the add-on documents no rate limit. */
function attemptsOf(operation: Operation, fault: FaultCase): number {
	if (operation.write || operation.api === '3cx') return 1;
	return fault.readAttempts;
}

function expectNoSecret(operation: Operation, error: unknown): void {
	const secret = apiSecret(fakes, operation.api);
	const { message, description } = error as { message: string; description?: string };
	expect(`${message} ${description ?? ''} ${JSON.stringify(error)}`).not.toContain(secret);
}

/** KOMPaaS has a fixed 30 s timeout: its silent server is in test/unit/kompaas/webhookLifecycle.timeout.test.ts. */
const faultsFor = (operation: Operation) =>
	FAULTS.filter((fault) => !(operation.api === 'kompaas' && fault.fault.hang));

describe.each(OPERATIONS)('$label', (operation) => {
	it.each(faultsFor(operation))('$name: a clear NodeApiError in bounded time', async (fault) => {
		// Enough copies for every attempt the policy allows; leftovers are reset.
		injectFault(fakes, operation, fault.fault, 3);
		const outcome = await runOperation(fakes, operation);
		record(operation, fault.name, outcome, fault.withinMs);

		expect(outcome.error?.name).toBe('NodeApiError');
		expect(outcome.error?.message).toMatch(fault.message);
		expect(outcome.requests).toBe(attemptsOf(operation, fault));
		expectNoSecret(operation, outcome.error);
	});

	it('connection refused: a clear NodeApiError at once, nothing sent twice', async () => {
		const outcome = await runOperation(fakes, operation, {
			origin: `http://127.0.0.1:${await freePort()}`,
		});
		record(operation, 'connection refused', outcome, 2_000);
		expect(outcome.error?.name).toBe('NodeApiError');
		expect(outcome.error?.message).toMatch(/the connection was refused/);
		expectNoSecret(operation, outcome.error);
		if (operation.write && operation.api !== 'kompaas') {
			expect(outcome.error?.description).toMatch(/not placed/);
		}
	});

	it('a healthy API still works after the faults', async () => {
		const outcome = await runOperation(fakes, operation);
		expect(outcome.error).toBeNull();
		expect(outcome.items).toBeGreaterThan(operation.target === '/webhook/get' ? -1 : 0);
	});

	if (operation.write) {
		it('refuses Retry On Fail before sending anything', async () => {
			const outcome = await runOperation(fakes, operation, { retryOnFail: true });
			expect(outcome.error?.message).toMatch(
				/does not run with “Retry On Fail” on: nothing was sent/,
			);
			expect(outcome.requests).toBe(0);
		});

		it.each(
			(
				[
					['never answers', { hang: true }],
					['connection closed without an answer', { destroy: true }],
					['HTTP 503', { status: 503, body: 'busy', headers: { 'retry-after': '0' } }],
				] as Array<[string, Fault]>
			).filter(([, fault]) => !(operation.api === 'kompaas' && fault.hang)),
		)('%s: says the request may have been carried out, and sends it once', async (_name, fault) => {
			injectFault(fakes, operation, fault, 3);
			const outcome = await runOperation(fakes, operation);
			expect(outcome.requests).toBe(1);
			expect(outcome.error?.description).toMatch(
				/may have (been placed|reached)|may have been made|never sent twice|check/i,
			);
		});
	}
});

describe('VoIPcloud Call → Get Many: pages that repeat', () => {
	const getAll = OPERATIONS[0];

	it('a server that ignores offset ends Return All with an error after two requests', async () => {
		fakes.voipcloud.state.ignoreOffset = true;
		// Pages of 100: the fake serves at most 100 rows a request, as a capping server would.
		fakes.voipcloud.state.maxLimit = 100;
		try {
			const outcome = await runOperation(fakes, getAll);
			record(getAll, 'pages that repeat (offset ignored)', outcome);
			expect(outcome.error?.name).toBe('NodeApiError');
			expect(outcome.error?.message).toBe(
				'VoIPcloud sent mostly calls already read for offset 100: stopped after 2 requests and 100 calls',
			);
			expect(outcome.requests).toBe(2);
		} finally {
			fakes.voipcloud.state.maxLimit = 10_000;
		}
	});

	it('the VoIPcloud envelope’s own error code in a 200 is an error', async () => {
		injectFault(fakes, getAll, { status: 200, body: { code: 401, message: 'Not authorised' } });
		const outcome = await runOperation(fakes, getAll);
		record(getAll, 'HTTP 200 with code 401 in the envelope', outcome);
		expect(outcome.error?.message).toBe(
			'VoIPcloud refused the API key or this server’s IP address (401: Not authorised)',
		);
	});
});

describe('KOMPaaS: ok:false in a 200', () => {
	it.each(OPERATIONS.filter((operation) => operation.api === 'kompaas'))(
		'$label names the KOMPaaS error and sends a write once',
		async (operation) => {
			fakes.kompaas.failNext(operation.target, 'fail', 3);
			const outcome = await runOperation(fakes, operation);
			record(operation, 'HTTP 200, ok:false', outcome);
			expect(outcome.error?.message).toBe(
				`KOMPaaS refused ${operation.write ? 'POST' : 'GET'} ${operation.target}: unknown`,
			);
			expect(outcome.requests).toBe(1);
		},
	);
});

describe('answers bounded in time and size, redirects after sending', () => {
	// KOMPaaS has a fixed 30 s timeout: its slow answers would cost 30 s each.
	const timed = OPERATIONS.filter((operation) => operation.api !== 'kompaas');
	const slowFaults: Array<[string, Fault]> = [
		[
			'headers at once, then a body trickled 1 byte per 300 ms',
			{ trickle: { body: `{"code":200,"data":[]${' '.repeat(200)}}`, everyMs: 300 } },
		],
		['headers at once, then an endless chunked body', { endless: true }],
	];

	describe.each(timed)('$label', (operation) => {
		it.each(slowFaults)('%s: ends within the timeout, body included', async (name, fault) => {
			injectFault(fakes, operation, fault, 3);
			const outcome = await runOperation(fakes, operation);
			record(operation, name, outcome, 2_500);
			expect(outcome.error?.name).toBe('NodeApiError');
			expect(outcome.error?.message).toMatch(/no complete answer within 1 s/);
			expect(outcome.requests).toBe(1);
			if (operation.write) expect(outcome.error?.description).toMatch(/may have/);
			expectNoSecret(operation, outcome.error);
		});
	});

	const huge = (mb: number) => `{"code":200,"data":[]${' '.repeat((mb + 1) * 1024 * 1024)}}`;
	describe.each(OPERATIONS)('$label', (listed) => {
		const limitMb = listed.target === 'recording' ? 100 : 32;
		// Inflating 33 MB or more can take longer than the 1 s timeout on a busy machine.
		const parameters = Object.fromEntries(
			Object.entries(listed.parameters).map(([name, value]) => [
				name,
				typeof value === 'object' && value !== null && 'requestTimeout' in value
					? { ...value, requestTimeout: 20 }
					: value,
			]),
		);
		const operation = { ...listed, parameters };
		it(`a gzip answer that inflates past ${limitMb} MB is refused as too large`, async () => {
			injectFault(
				fakes,
				operation,
				{ status: 200, body: huge(limitMb), contentType: 'application/json', gzip: true },
				3,
			);
			const outcome = await runOperation(fakes, operation);
			record(operation, `gzip answer inflating past ${limitMb} MB`, outcome);
			expect(outcome.error?.name).toBe('NodeApiError');
			expect(outcome.error?.message).toMatch(
				new RegExp(`larger than ${limitMb} MB, the most the node reads`),
			);
			expect(outcome.requests).toBe(1);
			if (operation.write) expect(outcome.error?.description).toMatch(/may have/);
		});

		it('a redirect is not followed; after a write it says the request may have been carried out', async () => {
			injectFault(
				fakes,
				operation,
				{
					status: operation.write ? 303 : 302,
					body: '',
					headers: { location: 'http://127.0.0.1:9/x' },
				},
				3,
			);
			const outcome = await runOperation(fakes, operation);
			record(operation, 'HTTP 302/303 redirect', outcome);
			expect(outcome.error?.name).toBe('NodeApiError');
			expect(`${outcome.error?.message} ${outcome.error?.description}`).toMatch(/redirect/);
			expect(outcome.requests).toBe(1);
			if (operation.write) {
				expect(outcome.error?.description).toMatch(/may have/);
				expect(outcome.error?.description).not.toMatch(/not placed|nothing reached/);
			}
		});
	});
});

describe('KOMPaaS: ok:true without a readable result', () => {
	const unreadableResults: Array<[string, unknown]> = [
		['result: null', null],
		['result: {}', {}],
		['result: {hooks: []}', { hooks: [] }],
		['result: a string', 'done'],
	];
	const kompaasOperations = OPERATIONS.filter((operation) => operation.api === 'kompaas');

	describe.each(kompaasOperations)('$label', (operation) => {
		it.each(unreadableResults)('%s is an error, never "nothing there"', async (name, result) => {
			injectFault(fakes, operation, { status: 200, body: { ok: true, result } });
			const outcome = await runOperation(fakes, operation);
			record(operation, `HTTP 200, ok:true, ${name}`, outcome);
			expect(outcome.error?.name).toBe('NodeApiError');
			expect(outcome.error?.message).toMatch(/with success but no readable result/);
			expect(outcome.requests).toBe(1);
		});
	});

	it.each(unreadableResults)(
		'trigger activation: %s on /webhook/get creates no second webhook',
		async (_name, result) => {
			const { KompaasTrigger } = await import('../../../nodes/Kompaas/KompaasTrigger.node');
			const { hookContext } = await import('../../support/n8nEngine');
			const hooks = new KompaasTrigger().webhookMethods.default;
			const credentials = {
				apiToken: fakes.kompaas.token,
				accountId: '',
				baseUrl: fakes.kompaas.baseUrl,
			};
			const parameters = { setupMode: 'automatic', events: ['VpbxInboundCallEnd'] };
			const first = hookContext({
				type: 'kompaasTrigger',
				parameters,
				credentials: { kompaasApi: credentials },
			});
			await hooks.create.call(first.context);
			expect(fakes.kompaas.webhooks()).toHaveLength(1);

			fakes.kompaas.failNext('/webhook/get', { status: 200, body: { ok: true, result } }, 3);
			const again = hookContext({
				type: 'kompaasTrigger',
				parameters,
				credentials: { kompaasApi: credentials },
				staticData: first.staticData,
			});
			const error = await Promise.resolve(hooks.checkExists.call(again.context))
				.then(async (exists) => (exists ? null : await hooks.create.call(again.context)))
				.then(
					() => null,
					(e: unknown) => e as Error,
				);
			expect(error?.message).toMatch(/no readable result/);
			expect(fakes.kompaas.webhooks()).toHaveLength(1);
		},
	);
});

describe('servers that echo the credential', () => {
	const forms: Array<[string, (secret: string) => string]> = [
		['raw', (secret) => secret],
		['percent-encoded', (secret) => encodeURIComponent(`${secret}/`)],
		['JSON-escaped', (secret) => JSON.stringify(secret).slice(1, -1)],
		['base64', (secret) => Buffer.from(secret).toString('base64')],
		['quoted', (secret) => `"${secret}"`],
	];
	describe.each(OPERATIONS)('$label', (operation) => {
		it.each(forms)(
			'a 401 and a 502 echoing the key %s: no secret in the error',
			async (name, form) => {
				for (const status of [401, 502]) {
					resetFakes(fakes);
					const echo = `Invalid token ${form(apiSecret(fakes, operation.api))} x-api-key: ${form(apiSecret(fakes, operation.api))}`;
					injectFault(
						fakes,
						operation,
						{ status, body: { code: status, message: echo, ok: false, error: echo } },
						3,
					);
					const outcome = await runOperation(fakes, operation);
					record(operation, `HTTP ${status} echoing the key (${name})`, outcome);
					expect(outcome.error).not.toBeNull();
					const text = `${outcome.error?.message} ${outcome.error?.description ?? ''} ${JSON.stringify(outcome.error)}`;
					expect(text).not.toContain(apiSecret(fakes, operation.api));
					expect(text).not.toContain(form(apiSecret(fakes, operation.api)).replace(/^"|"$/g, ''));
				}
			},
		);
	});
});
