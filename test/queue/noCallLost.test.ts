// The outage proof of the README's "No call lost", in queue mode: a deployment of its own runs the
// no-call-lost example; its worker is killed (SIGKILL, as a crash or an out-of-memory kill) while
// calls keep coming, and started again a minute later. Every call made must end as exactly one
// row of the CRM table: what the webhook processor accepted meanwhile waits in Redis for the
// worker, and a call whose execution died with the worker comes back through VoIPcloud's history.
import { proveNoCallLost, type OutageFigures } from '../support/noCallLost';
import { queueContext, startDedicatedQueueN8n } from '../support/queueState';

const context = queueContext();

let cluster: Awaited<ReturnType<typeof startDedicatedQueueN8n>>;
let figures: OutageFigures;

beforeAll(async () => {
	cluster = await startDedicatedQueueN8n(context, 'no-call-lost');
	figures = await proveNoCallLost(
		cluster,
		{
			stop: () => cluster.stop('worker', { signal: 'SIGKILL' }),
			start: async () => {
				await cluster.start('worker');
			},
		},
		'no call lost, queue mode, worker killed',
	);
}, 900_000);

afterAll(async () => await cluster?.close());

describe('No call lost: the worker killed for a minute while calls keep coming (queue mode)', () => {
	test('the worker was down for at least 60 s', () => {
		expect(figures.outageSec).toBeGreaterThanOrEqual(60);
	});

	test('exactly one row per call made: none missing, none doubled', () => {
		expect({ missing: figures.missing, duplicates: figures.duplicates }).toEqual({
			missing: 0,
			duplicates: 0,
		});
		expect(figures.rows).toBe(figures.callsMade);
	});
});
