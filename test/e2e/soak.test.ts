import { e2eContext } from '../support/e2eState';
import { accountedFor, accounting, runSoak, printSummary } from '../support/soak';

// The short version of `npm run soak` against regular mode (one n8n, SQLite), every event
// counted back through n8n's public API.
const context = e2eContext();
const EVENTS = 200;

test(`${EVENTS} scenario events at concurrency 50, with wrong secrets and unselected events: each accepted event runs exactly once, nothing else runs, no 5xx`, async () => {
	const figures = await runSoak(context, {
		events: EVENTS,
		concurrency: 50,
		label: 'regular soak',
	});
	printSummary('regular mode (SQLite)', figures);
	expect(accounting(figures)).toEqual(accountedFor(EVENTS, figures));
	expect(figures.refusedSent).toBeGreaterThan(0);
	expect(figures.unselectedSent).toBeGreaterThan(0);
}, 900_000);
