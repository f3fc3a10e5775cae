import * as kompaasEvents from '../../../nodes/Kompaas/events';
import { eventCatalogue, type CatalogueEvent } from '../../../nodes/shared/eventCatalogue';
import * as threeCxEvents from '../../../nodes/ThreeCx/events';
import * as voipcloudEvents from '../../../nodes/Voipcloud/events';
import { EVENT_OPTIONS_BEFORE } from '../../fixtures/eventOptions';

const pinned = EVENT_OPTIONS_BEFORE;

describe.each([
	['VoIPcloud', voipcloudEvents.eventCatalogue.options, pinned.voipcloud],
	['KOMPaaS', kompaasEvents.eventCatalogue.options, pinned.kompaas],
	['3CX', threeCxEvents.eventCatalogue.options, pinned.threeCx],
])('%s Events list', (_pbx, options, before) => {
	it('offers the values saved workflows hold, byte for byte', () => {
		expect(options.map((option) => option.value)).toStrictEqual(
			before.map((option) => option.value),
		);
	});

	it('shows the same names and descriptions in the same (alphabetical) order', () => {
		expect(options).toStrictEqual(before);
		const names = options.map((option) => option.name);
		expect(names).toStrictEqual([...names].sort((a, b) => a.localeCompare(b)));
	});
});

describe('eventCatalogue', () => {
	const events: CatalogueEvent[] = [
		{
			selector: 'queueLeft',
			name: 'Queue Left',
			description: 'queue.left',
			event: 'queue.left',
			direction: 'inbound',
			vendorNames: ['QUEUE_LINK_END'],
		},
		{
			selector: 'callEnded',
			name: 'Call Ended',
			description: 'call.ended',
			event: 'call.ended',
			direction: 'outbound',
			vendorNames: ['user_outbound_completed', 'user_outbound_missed'],
		},
	];

	it('lists the events by name, with their selectors as values', () => {
		expect(eventCatalogue(events).options).toStrictEqual([
			{ name: 'Call Ended', value: 'callEnded', description: 'call.ended' },
			{ name: 'Queue Left', value: 'queueLeft', description: 'queue.left' },
		]);
	});

	it('finds an event by any vendor name, whatever its case and separators', () => {
		const catalogue = eventCatalogue(events);
		for (const name of ['QUEUE_LINK_END', 'queue-link-end', 'Queue link end', ' queuelinkend ']) {
			expect(catalogue.byVendorName(name)?.selector).toBe('queueLeft');
		}
		expect(catalogue.byVendorName('User Outbound Missed')?.selector).toBe('callEnded');
		expect(catalogue.byVendorName('queue_link_start')).toBeUndefined();
		// A selector is the Events list's value, not a name the PBX sends.
		expect(catalogue.byVendorName('queueLeft')).toBeUndefined();
		expect(catalogue.bySelector('queueLeft')?.vendorNames).toEqual(['QUEUE_LINK_END']);
		expect(catalogue.bySelector('queue_left')).toBeUndefined();
	});

	it('finds an event its PBX lists by title, but never reads a title from a payload', () => {
		const titled = events.map((event) => ({ ...event, titles: [`${event.name} (title)`] }));
		const catalogue = eventCatalogue(titled);
		expect(catalogue.byVendorNameOrTitle('queue left (TITLE)')?.selector).toBe('queueLeft');
		expect(catalogue.byVendorNameOrTitle('queue-link-end')?.selector).toBe('queueLeft');
		expect(catalogue.byVendorNameOrTitle('Call Ended')).toBeUndefined();
		expect(catalogue.byVendorName('Queue Left (title)')).toBeUndefined();
	});

	it('prefers a vendor name to another event’s title', () => {
		const [queueLeft, callEnded] = events;
		const catalogue = eventCatalogue([
			{ ...queueLeft, titles: ['user outbound missed'] },
			callEnded,
		]);
		expect(catalogue.byVendorNameOrTitle('USER_OUTBOUND_MISSED')?.selector).toBe('callEnded');
	});

	it('applies a PBX’s own rewrite after the shared normalisation', () => {
		const catalogue = eventCatalogue(events, (key) => key.replace(/^useruser/, 'user'));
		expect(catalogue.eventNameKey('user_user_outbound_completed')).toBe('useroutboundcompleted');
		expect(catalogue.byVendorName('user_user_outbound_completed')?.selector).toBe('callEnded');
		expect(eventCatalogue(events).byVendorName('user_user_outbound_completed')).toBeUndefined();
	});
});
