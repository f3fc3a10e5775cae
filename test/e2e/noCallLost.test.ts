// The outage proof of the README's "No call lost", in regular mode: a private n8n (the shared one
// must stay up) runs the no-call-lost example; it is stopped for at least 60 s while calls keep
// coming, then started again. Every call made must end as exactly one row of the CRM table:
// VoIPcloud's through the webhook or, for those whose webhook failed, the call history trigger;
// KOMPaaS's through its retries.
import { startDedicatedN8n } from '../support/dedicatedN8n';
import { e2eContext } from '../support/e2eState';
import { proveNoCallLost, type OutageFigures } from '../support/noCallLost';

const context = e2eContext();

let n8n: Awaited<ReturnType<typeof startDedicatedN8n>>;
let figures: OutageFigures;

beforeAll(async () => {
	n8n = await startDedicatedN8n(context);
	figures = await proveNoCallLost(
		n8n,
		{
			stop: () => n8n.stop(),
			start: async () => {
				await n8n.start();
			},
		},
		'no call lost, regular mode',
	);
}, 600_000);

afterAll(async () => await n8n?.stop());

describe('No call lost: n8n stopped for a minute while calls keep coming (regular mode)', () => {
	test('n8n was down for at least 60 s, and webhooks were lost meanwhile', () => {
		expect(figures.outageSec).toBeGreaterThanOrEqual(60);
		expect(figures.voipcloudWebhooksLost).toBeGreaterThan(0);
		expect(figures.kompaasDeliveriesRetried).toBeGreaterThan(0);
	});

	test('exactly one row per call made: none missing, none doubled', () => {
		expect({ missing: figures.missing, duplicates: figures.duplicates }).toEqual({
			missing: 0,
			duplicates: 0,
		});
		expect(figures.rows).toBe(figures.callsMade);
		expect(figures.kompaasDeliveriesGivenUp).toBe(0);
	});

	test('the history trigger reads the three call lists, one request each per poll', () => {
		expect(figures.polls).toBeGreaterThan(0);
		expect(figures.requestsPerPoll).toBe(3);
	});
});
