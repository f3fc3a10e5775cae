import type { INodePropertyOptions } from 'n8n-workflow';

import type { CallDirection, CallEventType } from './callEventSchema';

/** One event a trigger can start on, and what it becomes in the call model. */
export interface CatalogueEvent {
	/** Its value in the trigger's Events list: what saved workflows hold, so it never changes. */
	selector: string;
	/** Its name in the Events list. */
	name: string;
	description: string;
	/** The normalized event it becomes (nodes/shared/CALL_MODEL.md). */
	event: CallEventType;
	direction: CallDirection;
	/**
	 * The names the PBX sends for it in a payload, every spelling seen in its docs and in the
	 * wild; empty when the PBX's name alone does not tell (3CX's ringing, read with its Usertype).
	 */
	vendorNames: string[];
	/**
	 * What the PBX's documentation and its API's list of events call it, where that is not a
	 * vendor name (KOMPaaS lists its events by title): never read from a payload.
	 */
	titles?: string[];
}

export interface EventCatalogue<E extends CatalogueEvent> {
	events: readonly E[];
	/** The trigger's Events list, in alphabetical order of name. */
	options: INodePropertyOptions[];
	/** The event of an Events-list value. */
	bySelector(selector: string): E | undefined;
	/** The event a name the PBX sent stands for, compared through `eventNameKey`. */
	byVendorName(name: string): E | undefined;
	/** The event an entry of the PBX's own list of events names, by a vendor name or a title. */
	byVendorNameOrTitle(name: string): E | undefined;
	/** A vendor's event name as this catalogue compares it: {@link eventNameKey} and its rewrite. */
	eventNameKey(name: string): string;
}

/**
 * An event name as compared: PBXs and their documents spell one event with other cases and
 * separators (`QUEUE_LINK_START`, `queue-link-start`, `Queue link start`), which do not count.
 */
export function eventNameKey(name: string): string {
	return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Builds a trigger's Events list and its lookups from one table. `rewrite` adds a PBX's own
 * reading to {@link eventNameKey}, for a misspelling that changes more than case and separators.
 */
export function eventCatalogue<E extends CatalogueEvent>(
	events: readonly E[],
	rewrite: (key: string) => string = (key) => key,
): EventCatalogue<E> {
	const nameKey = (name: string) => rewrite(eventNameKey(name));
	const bySelector = new Map(events.map((event) => [event.selector, event]));
	const byVendorName = new Map<string, E>();
	for (const event of events) {
		for (const name of event.vendorNames) byVendorName.set(nameKey(name), event);
	}
	const byTitle = new Map<string, E>();
	for (const event of events) event.titles?.forEach((title) => byTitle.set(nameKey(title), event));
	return {
		events,
		options: events
			.map(({ selector, name, description }) => ({ name, value: selector, description }))
			.sort((a, b) => a.name.localeCompare(b.name)),
		bySelector: (selector) => bySelector.get(selector),
		byVendorName: (name) => byVendorName.get(nameKey(name)),
		byVendorNameOrTitle: (name) => byVendorName.get(nameKey(name)) ?? byTitle.get(nameKey(name)),
		eventNameKey: nameKey,
	};
}
