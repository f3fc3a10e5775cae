// The one retry rule of the shared request function (nodes/shared/http.ts), run through each PBX's
// action node in n8n-core against its fake API: a read is sent again after a 503 and succeeds,
// a write or a call is sent once. The 3CX recording download is a read.
import { NO_RETRY } from '../../../nodes/shared/exchange';
import { READ_RETRY, retryPolicyFor } from '../../../nodes/shared/http';
import {
	OPERATIONS,
	injectFault,
	resetFakes,
	runOperation,
	startFakes,
	stopFakes,
	type Fakes,
} from '../../support/faultMatrix';

let fakes: Fakes;
beforeAll(async () => {
	fakes = await startFakes();
});
afterAll(async () => {
	await stopFakes(fakes);
});
beforeEach(() => resetFakes(fakes));

const UNAVAILABLE = { status: 503, body: 'busy', headers: { 'retry-after': '0' } };

describe('retryPolicyFor: what a request does decides, not the PBX', () => {
	test.each([
		['a GET', { method: 'GET' as const, path: '/x' }, READ_RETRY],
		[
			'a GET that places a call (3CX makecall)',
			{ method: 'GET' as const, path: '/x', placesCall: true },
			NO_RETRY,
		],
		['a POST (a write)', { method: 'POST' as const, path: '/x' }, NO_RETRY],
		[
			'a POST that places a call',
			{ method: 'POST' as const, path: '/x', placesCall: true },
			NO_RETRY,
		],
		['a DELETE', { method: 'DELETE' as const, path: '/x' }, NO_RETRY],
	])('%s', (_name, request, policy) => {
		expect(retryPolicyFor(request)).toBe(policy);
	});
});

describe.each(OPERATIONS.filter((operation) => !operation.write))(
	'$label (a read)',
	(operation) => {
		test('is sent again after a 503 and succeeds', async () => {
			const healthy = await runOperation(fakes, operation);
			expect(healthy.error).toBeNull();

			injectFault(fakes, operation, UNAVAILABLE, 1);
			const outcome = await runOperation(fakes, operation);
			expect(outcome.error).toBeNull();
			expect(outcome.items).toBe(healthy.items);
			expect(outcome.requests).toBe(healthy.requests + 1);
		});
	},
);

describe.each(OPERATIONS.filter((operation) => operation.write))(
	'$label (a write or a call)',
	(operation) => {
		test('is sent once after a 503, and fails', async () => {
			injectFault(fakes, operation, UNAVAILABLE, 3);
			const outcome = await runOperation(fakes, operation);
			expect(outcome.error?.name).toBe('NodeApiError');
			expect(outcome.error?.httpCode).toBe('503');
			expect(outcome.requests).toBe(1);
		});
	},
);
