import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';

import type { CatalogueEvent } from '../shared/eventCatalogue';
import { ALL_EVENTS } from '../shared/trigger';
import { eventCatalogue } from './events';
import { listEvents, type KompaasEventInfo } from './transport';

/** The KOMPaaS events picked by hand (Options → Event Names or IDs), if any. */
const OVERRIDE_PARAMETER = 'additionalOptions.kompaasEvents';

/** A KOMPaaS event the trigger's webhooks subscribe to: its id in KOMPaaS, and what to call it. */
export interface Subscription {
	eventId: string;
	label: string;
}

/** The catalogue's event a KOMPaaS event of its list is (by its code or its title), if any. */
export function catalogueEventOf(listed: KompaasEventInfo): CatalogueEvent | undefined {
	const names = [listed.code, listed.name].filter((name): name is string => name !== null);
	for (const name of names) {
		const event = eventCatalogue.byVendorNameOrTitle(name);
		if (event) return event;
	}
	return undefined;
}

/** The KOMPaaS events to subscribe to, from the Events selection (or the explicit override). */
export async function resolveSubscriptions(this: IHookFunctions): Promise<Subscription[]> {
	const override = (this.getNodeParameter(OVERRIDE_PARAMETER, []) as Array<string | number>).map(
		String,
	);
	if (override.length > 0) {
		return override.map((eventId) => ({ eventId, label: `KOMPaaS event ${eventId}` }));
	}
	const selected = this.getNodeParameter('events', [ALL_EVENTS]) as string[];
	const all = selected.includes(ALL_EVENTS);
	const wanted = all
		? eventCatalogue.events
		: selected.flatMap((selector) => eventCatalogue.bySelector(selector) ?? []);

	const available = await listEvents(this);
	const subscriptions: Subscription[] = [];
	const missing: string[] = [];
	for (const event of wanted) {
		const listed = available.find((candidate) => catalogueEventOf(candidate) === event);
		if (listed) subscriptions.push({ eventId: listed.id, label: event.name });
		else missing.push(event.name);
	}
	if (missing.length > 0 && (!all || subscriptions.length === 0)) {
		throw missingEventsError(this, missing, available);
	}
	if (missing.length > 0) {
		this.logger.info(
			`KOMPaaS Trigger: KOMPaaS does not list ${missing.join(', ')}; subscribing to the other events`,
		);
	}
	return subscriptions;
}

function missingEventsError(
	context: IHookFunctions,
	missing: string[],
	available: KompaasEventInfo[],
): NodeOperationError {
	const listed = available.map((event) => `${event.name} (${event.id})`).join(', ') || 'none';
	return new NodeOperationError(
		context.getNode(),
		`KOMPaaS does not list the event${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
		{
			description: `Events KOMPaaS lists for this account: ${listed}. Pick the KOMPaaS events yourself under Options → "Event Names or IDs", or check the account number in the credential.`,
		},
	);
}

/** The Events selection and override as compared between activations. */
export function selectionKey(this: IHookFunctions): string {
	const override = (this.getNodeParameter(OVERRIDE_PARAMETER, []) as unknown[]).map(String).sort();
	const events = [...(this.getNodeParameter('events', [ALL_EVENTS]) as string[])].sort();
	return JSON.stringify({ events, override });
}
