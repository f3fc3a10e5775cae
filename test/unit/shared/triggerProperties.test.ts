// The Events and Options parameters every PBX trigger shows alike: their names and defaults are
// what saved workflows hold, and what the shared pipeline reads (trigger.ts).
import type { INodeProperties } from 'n8n-workflow';

import { ALL_EVENTS } from '../../../nodes/shared/trigger';
import {
	eventsProperty,
	includeRawOption,
	optionsProperty,
	timeZoneOption,
} from '../../../nodes/shared/triggerProperties';

describe('eventsProperty', () => {
	const events = [
		{ name: 'Call Ended', value: 'callEnded' },
		{ name: 'Call Answered', value: 'callAnswered' },
	];

	it('is a required multi-select named events, all events by default', () => {
		const property = eventsProperty(events);
		expect(property).toMatchObject({
			displayName: 'Events',
			name: 'events',
			type: 'multiOptions',
			required: true,
			default: [ALL_EVENTS],
		});
		expect(property.description).toContain('always delivered, as event "unknown"');
	});

	it('offers All Events first, then the PBX’s events as given', () => {
		expect(eventsProperty(events).options).toEqual([
			{ name: 'All Events', value: '*', description: 'Every event the PBX sends' },
			...events,
		]);
	});
});

describe('optionsProperty', () => {
	const country = { displayName: 'Country', name: 'country', type: 'string', default: '' };

	it('is the additionalOptions collection, empty by default', () => {
		expect(optionsProperty([])).toMatchObject({
			displayName: 'Options',
			name: 'additionalOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
		});
	});

	it('holds the PBX’s options and Include Raw Payload, in alphabetical order', () => {
		const given: INodeProperties[] = [timeZoneOption, country as INodeProperties];
		expect(optionsProperty(given).options).toEqual([country, includeRawOption, timeZoneOption]);
		// The caller's list is not reordered.
		expect(given).toEqual([timeZoneOption, country]);
	});
});
