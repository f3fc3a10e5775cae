import { NodeApiError, type IDataObject, type INode, type JsonObject } from 'n8n-workflow';

import { buildCallEvent, eventIdOf, type CallEvent } from '../shared/callEvent';
import { FieldReader, isObject } from '../shared/values';
import { normalizeEvent } from './events';
import type { Page } from '../shared/paging';

/**
 * Rows asked for per history request. The only statement of a maximum is a working client's
 * comment ("limit 1..10000, default 100"); VoIPcloud has not confirmed it. The rate limit is
 * 100 requests per 15 minutes, so the largest page matters: Return All of N rows costs
 * ceil(N / PAGE_SIZE) requests (one more when the last page looks capped, see `mayHaveMore` in shared/paging.ts).
 */
export const PAGE_SIZE = 10_000;

/**
 * Pages read before Return All gives up: half of VoIPcloud's 100 requests per 15 minutes per
 * API key, which the Call History Trigger and other workflows share (500,000 rows at the
 * largest page).
 */
export const MAX_PAGES = 50;

export type CallList = 'user' | 'queue' | 'ringGroup';

interface CallListSpec {
	/** Its path under the API's base URL. */
	path: string;
	/** The webhook event whose fields a row of this list carries: a call summary. */
	summaryEvent: (row: FieldReader) => string;
	/** The query parameter filtering this list by queue or ring group names. */
	namesParameter?: string;
}

export const CALL_LISTS: Record<CallList, CallListSpec> = {
	user: {
		path: '/get-user-calls',
		summaryEvent: (row) =>
			/out/i.test(row.text('type') ?? '') ? 'user_outbound_completed' : 'user_inbound_completed',
	},
	queue: {
		path: '/get-queue-calls',
		summaryEvent: () => 'queue_call',
		namesParameter: 'queues_names',
	},
	ringGroup: {
		path: '/get-ringgroup-calls',
		summaryEvent: () => 'ring_group_call',
		namesParameter: 'ringgroups_names',
	},
};

/**
 * A call history row in the normalized call event shape, mapped by the same code as the webhook
 * summaries, so user, queue and ring group rows come out alike (`caller_id` and `callerid` both
 * become `from.number`). Every row is finished: a queue or ring group row, or a user row of a
 * call straight to the user, is `call.ended`; a user row of a call through a queue or ring group
 * is that user's part, `leg.ended`, as the webhooks give it.
 */
export function simplifyCallRow(
	row: IDataObject,
	list: CallList,
	{
		timeZone,
		fetchedAt,
		country = null,
	}: { timeZone: string; fetchedAt: string; country?: string | null },
): CallEvent {
	const reader = new FieldReader(row);
	const selector = CALL_LISTS[list].summaryEvent(reader);
	const vendorEvent = reader.text('type');
	const fields = normalizeEvent(
		row,
		{ selector, vendorEvent: vendorEvent ?? selector },
		{ timeZone, country },
	);
	return buildCallEvent(
		'voipcloud',
		{ ...fields, vendorEvent, occurredAt: fields.occurredAt ?? fields.startedAt },
		{
			eventId: eventIdOf('voipcloud', fields, null, row),
			receivedAt: fetchedAt,
			raw: row,
			country,
		},
	);
}

/** Whether the row's user (extension or name, any case) is one of `users`; all rows when empty. */
export function rowOfUsers(row: IDataObject, users: string[]): boolean {
	if (users.length === 0) return true;
	const reader = new FieldReader(row);
	const own = [reader.text('user_number', 'exten', 'extension'), reader.text('user_name')]
		.filter((value): value is string => value !== null)
		.map((value) => value.toLowerCase());
	return users.some((user) => own.includes(user.toLowerCase()));
}

/**
 * The rows of one history page, whatever envelope they come in, and how many entries the page
 * held; null when there is no list.
 */
export function pageRows(body: unknown): Page | null {
	const data = isObject(body) ? body.data : body;
	if (!Array.isArray(data)) return null;
	const rows = data.filter(isObject);
	return { rows, received: data.length };
}

/** A history answer's page, or the error that says the address may not be a VoIPcloud PBX. */
export function callHistoryPage(node: INode, body: unknown, itemIndex?: number): Page {
	const page = pageRows(body);
	if (page !== null) return page;
	throw new NodeApiError(node, { body: JSON.stringify(body ?? null).slice(0, 500) } as JsonObject, {
		itemIndex,
		message: 'VoIPcloud answered without a list of calls',
		description:
			'Check the region or custom URL in the credential: the address may not be a VoIPcloud PBX.',
	});
}
