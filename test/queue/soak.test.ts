import { queueContext } from '../support/queueState';
import { accountedFor, accounting, runSoak, printSummary } from '../support/soak';

// The short version of `npm run soak` against queue mode: every event through the load
// balancer, the webhook processor and the worker, counted back through n8n's public API.
const context = queueContext();
const EVENTS = 200;

test(`${EVENTS} scenario events at concurrency 50, with wrong secrets and unselected events: each accepted event runs exactly once, nothing else runs, no 5xx`, async () => {
	const figures = await runSoak(context, { events: EVENTS, concurrency: 50, label: 'queue soak' });
	printSummary('queue mode', figures);
	expect(accounting(figures)).toEqual(accountedFor(EVENTS, figures));
	expect(figures.refusedSent).toBeGreaterThan(0);
	expect(figures.unselectedSent).toBeGreaterThan(0);
}, 900_000);
