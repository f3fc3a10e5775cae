import type { IDataObject } from 'n8n-workflow';

import * as kompaasEvents from '../../nodes/Kompaas/events';
import type { RecognisedEvent } from '../../nodes/shared/webhookHandler';
import * as threeCxEvents from '../../nodes/ThreeCx/events';
import * as voipcloudEvents from '../../nodes/Voipcloud/events';
import { failedRuns, planRequests, SOAK_TRIGGERS } from '../support/soak';

// The soak counts an execution for each request it plans as accepted and none for the others;
// that premise is checked here against the triggers' own recognition, so a change of the event
// model shows up in seconds instead of as "lost events" ten minutes into the e2e suite.
const RECOGNISE: Record<string, (data: IDataObject) => RecognisedEvent[]> = {
	voipcloud: voipcloudEvents.recogniseEvent,
	kompaas: kompaasEvents.recogniseEvent,
	'3cx': threeCxEvents.recogniseEvent,
};

type Planned = { pbx: string; kind: string; callId: string; body: IDataObject };

function selectedEvents(request: Planned): string[] {
	const selectors: string[] = SOAK_TRIGGERS[request.pbx as keyof typeof SOAK_TRIGGERS].events;
	return RECOGNISE[request.pbx](request.body)
		.map((event) => event.selector)
		.filter((selector) => selectors.includes(selector));
}

describe.each([200, 2000])('the soak plan of %i events', (events) => {
	const requests = planRequests({ events }) as Planned[];

	test('has the planned number of selected events, and wrong secrets and unselected events beside them', () => {
		expect(requests.filter((r) => r.kind === 'accepted')).toHaveLength(events);
		expect(requests.filter((r) => r.kind === 'refused')).toHaveLength(events / 10);
		expect(requests.filter((r) => r.kind === 'unselected').length).toBeGreaterThan(0);
		expect(new Set(requests.map((r) => r.pbx))).toEqual(new Set(Object.keys(SOAK_TRIGGERS)));
	});

	test('every request planned as accepted carries an event the soak trigger selects (one execution)', () => {
		// One request starts one execution, whatever number of items it gives: a voicemail is also
		// the end of its call.
		const wrong = requests
			.filter((r) => r.kind !== 'unselected')
			.map((r) => ({ pbx: r.pbx, body: r.body, selected: selectedEvents(r) }))
			.filter((r) => r.selected.length === 0 || new Set(r.selected).size !== 1);
		expect(wrong).toEqual([]);
	});

	test('every request planned as unselected is recognised and selected by none', () => {
		const wrong = requests
			.filter((r) => r.kind === 'unselected')
			.map((r) => ({
				pbx: r.pbx,
				body: r.body,
				recognised: RECOGNISE[r.pbx](r.body),
				selected: selectedEvents(r),
			}))
			.filter((r) => r.recognised.length === 0 || r.selected.length > 0);
		expect(wrong).toEqual([]);
	});
});

describe('the soak fails when an event is lost', () => {
	const run = (name: string, lost: number, problems: string[]) => ({
		name,
		figures: { lost },
		problems,
	});

	test('a worker killed half-way fails the soak only when it cost events', () => {
		const killed = 'queue mode, worker killed and restarted half-way';
		expect(failedRuns([run(killed, 0, ['executions ≠ accepted'])])).toEqual([]);
		expect(failedRuns([run(killed, 6, ['6 lost'])]).map((failed) => failed.figures.lost)).toEqual([
			6,
		]);
	});

	test('any problem fails a run without a restart', () => {
		expect(failedRuns([run('queue mode', 0, ['duplicates'])])).toHaveLength(1);
		expect(failedRuns([run('regular mode (SQLite)', 0, [])])).toEqual([]);
	});
});
