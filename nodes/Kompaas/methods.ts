import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { listEvents } from './transport';

/** The events KOMPaaS lists for the credential's account, for the event pickers. */
export async function getEvents(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const events = await listEvents(this);
	return events
		.map((event) => ({
			name: event.name,
			value: event.id,
			description: event.code ?? undefined,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
