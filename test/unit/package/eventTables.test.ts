// The event tables in docs/<pbx>.md are generated from each trigger's event catalogue
// (`npm run conformance`): a catalogue change without regenerating the page fails here.
import * as kompaasEvents from '../../../nodes/Kompaas/events';
import * as threeCxEvents from '../../../nodes/ThreeCx/events';
import * as voipcloudEvents from '../../../nodes/Voipcloud/events';
import { EVENT_TABLE_PAGES, eventTable, pageNow, regeneratedPage } from '../../support/eventTables';

const OPTIONS: Record<string, typeof kompaasEvents.eventCatalogue.options> = {
	'docs/voipcloud.md': voipcloudEvents.eventCatalogue.options,
	'docs/3cx.md': threeCxEvents.eventCatalogue.options,
	'docs/kompaas.md': kompaasEvents.eventCatalogue.options,
};

describe.each(EVENT_TABLE_PAGES)('$page', (spec) => {
	it('lists every event of the trigger’s Events list, with its saved value', () => {
		const table = eventTable(spec);
		for (const option of OPTIONS[spec.page]) {
			expect(table).toContain(`| ${option.name} |`);
			expect(table).toContain(`\`${option.value as string}\``);
		}
	});

	it('carries the table generated from the catalogue (run `npm run conformance`)', () => {
		expect(pageNow(spec)).toBe(regeneratedPage(spec));
	});
});
