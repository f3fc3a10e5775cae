import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { listEvents } from './transport';
import { catalogueEventOf } from './webhookSubscriptions';

/**
 * The events KOMPaaS lists for the credential's account, for the event pickers: a documented
 * event under the name the Events list gives it, with what KOMPaaS calls it and what it becomes.
 */
export async function getEvents(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const events = await listEvents(this);
	return events
		.map((event) => {
			const spec = catalogueEventOf(event);
			const kompaasName = [event.name, event.code].filter((part) => part !== null).join(' · ');
			return {
				name: spec?.name ?? event.name,
				value: event.id,
				description: spec ? `${kompaasName} → ${spec.event}` : (event.code ?? undefined),
			};
		})
		.sort((a, b) => a.name.localeCompare(b.name));
}
