import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { isEndEvent, type CallEventFields } from '../shared/callEvent';
import { eventCatalogue as catalogueOf, type CatalogueEvent } from '../shared/eventCatalogue';
import type { MappingOptions, RecognisedEvent } from '../shared/webhookHandler';
import { addSeconds, FieldReader, toIsoUtc } from '../shared/values';
import {
	completionEvent,
	endOf,
	guessDirection,
	isFinalEnd,
	occurredAt,
	partiesOf,
	recordingUrl,
	waitSeconds,
} from './payload';

/**
 * The 12 event types of VoIPcloud's global webhooks and the webhook object in a call flow, and
 * the normalized event each becomes (nodes/shared/CALL_MODEL.md). The selector is the type
 * VoIPcloud's documentation names; the other vendor names are spellings seen in other copies of
 * the doc and in the wild.
 */
const EVENTS: CatalogueEvent[] = [
	{
		selector: 'user_inbound',
		name: 'User Inbound Call',
		description: 'A call reaches a user and starts ringing (call.ringing)',
		event: 'call.ringing',
		direction: 'inbound',
		vendorNames: ['user_inbound', 'inbound_call_to_user'],
	},
	{
		selector: 'user_inbound_answered',
		name: 'User Inbound Call Answered',
		description: 'A user answers an inbound call (call.answered)',
		event: 'call.answered',
		direction: 'inbound',
		vendorNames: ['user_inbound_answered'],
	},
	{
		selector: 'user_inbound_completed',
		name: 'User Inbound Call Completed',
		description:
			'A user’s inbound call has ended: the end of the call when it came straight to the user (call.ended), the user’s part only when it came through a queue or ring group (leg.ended)',
		event: 'call.ended',
		direction: 'inbound',
		vendorNames: ['user_inbound_completed', 'user_inbound_missed'],
	},
	{
		selector: 'user_outbound',
		name: 'User Outbound Call',
		description: 'A user starts an outbound call (call.started)',
		event: 'call.started',
		direction: 'outbound',
		vendorNames: ['user_outbound'],
	},
	{
		selector: 'user_outbound_answered',
		name: 'User Outbound Call Answered',
		description: 'The called party answers a user’s outbound call (call.answered)',
		event: 'call.answered',
		direction: 'outbound',
		vendorNames: ['user_outbound_answered'],
	},
	{
		selector: 'user_outbound_completed',
		name: 'User Outbound Call Completed',
		description: 'A user’s outbound call has ended, answered or not (call.ended)',
		event: 'call.ended',
		direction: 'outbound',
		vendorNames: ['user_outbound_completed', 'user_outbound_missed'],
	},
	{
		selector: 'queue_call',
		name: 'Queue Call Summary',
		description: 'A call delivered through a queue has ended, answered or not (call.ended)',
		event: 'call.ended',
		direction: 'inbound',
		vendorNames: ['queue_call'],
	},
	{
		selector: 'ring_group_call',
		name: 'Ring Group Call Summary',
		description: 'A call delivered through a ring group has ended, answered or not (call.ended)',
		event: 'call.ended',
		direction: 'inbound',
		vendorNames: ['ring_group_call', 'ringgroup_call'],
	},
	{
		selector: 'voicemail',
		name: 'Voicemail',
		description: 'A caller left a voicemail (voicemail.received)',
		event: 'voicemail.received',
		direction: 'inbound',
		vendorNames: ['voicemail'],
	},
	{
		selector: 'recording_inbound',
		name: 'Inbound Call Recording',
		description: 'The recording of an inbound call is complete (recording.ready)',
		event: 'recording.ready',
		direction: 'inbound',
		vendorNames: ['recording_inbound'],
	},
	{
		selector: 'recording_outbound',
		name: 'Outbound Call Recording',
		description: 'The recording of an outbound call is complete (recording.ready)',
		event: 'recording.ready',
		direction: 'outbound',
		vendorNames: ['recording_outbound'],
	},
	{
		selector: 'webhook_component_event',
		name: 'Webhook Object in Call Flow',
		description: 'A call passes a Webhook object placed in the call flow (flow.webhook)',
		event: 'flow.webhook',
		direction: 'inbound',
		vendorNames: ['webhook_component_event'],
	},
];

/**
 * Integrators report types with the user doubled (`user_user_outbound`, `recording_user_inbound`):
 * read as the plain type.
 */
export const eventCatalogue = catalogueOf(EVENTS, (key) =>
	key.replace(/^(user|recording)user/, '$1'),
);

/** VoIPcloud's mapping needs no option beyond the shared ones. */
export const mappingOptions: INodeProperties[] = [];

export function recogniseEvent(data: IDataObject | string): RecognisedEvent[] {
	if (typeof data === 'string') return [];
	const vendorEvent = new FieldReader(data).text('type', 'event', 'event_type');
	if (vendorEvent === null) return [];
	const event = eventCatalogue.byVendorName(vendorEvent);
	if (!event) return [];
	// A caller sent to a voicemail by the call flow (after hours, a closed day) rings nobody, so
	// no completion ends the call: the voicemail is its end as well.
	if (event.selector === 'voicemail') {
		return [
			{ selector: event.selector, vendorEvent, event: 'call.ended' },
			{ selector: event.selector, vendorEvent },
		];
	}
	return [{ selector: event.selector, vendorEvent }];
}

export function normalizeEvent(
	data: IDataObject | string,
	recognised: RecognisedEvent | null,
	{ timeZone }: MappingOptions,
): CallEventFields {
	if (typeof data === 'string') return {};
	const f = new FieldReader(data);
	const spec = recognised ? eventCatalogue.bySelector(recognised.selector) : undefined;
	const vendorEvent = recognised?.vendorEvent ?? f.text('type', 'event', 'event_type');
	const time = (...names: string[]) => toIsoUtc(f.value(...names), timeZone);
	const event =
		recognised?.event ??
		(spec?.selector === 'user_inbound_completed' ? completionEvent(f) : (spec?.event ?? 'unknown'));
	const direction = spec?.direction ?? guessDirection(vendorEvent);

	const startedAt = time('call_start_at', 'start_at', 'started_at');
	const answeredAt = time('connected_at', 'answered_at');
	const durationSec = f.seconds('call_duration', 'duration');
	const talkSec = f.seconds('conversation_duration', 'talk_duration');
	const ends = isEndEvent(event);
	const recordedAt = time('recorded_at');
	const endedAt = ends ? (addSeconds(startedAt, durationSec) ?? recordedAt) : null;
	const result = ends ? endOf(f, vendorEvent, direction, answeredAt, talkSec) : null;

	return {
		event,
		vendorEvent,
		callId: f.text('unique_call_id', 'uniquecallid', 'call_id'),
		direction,
		startedAt,
		answeredAt,
		endedAt,
		occurredAt: occurredAt(event, { startedAt, answeredAt, endedAt, recordedAt }),
		queue: { id: null, name: f.text('queue_name', 'queue') },
		ringGroup: { name: f.text('ring_group_name', 'ringgroup_name') },
		...result,
		...(event === 'call.ended' && result ? { final: isFinalEnd(f, spec?.selector, result) } : {}),
		durationSec,
		talkSec,
		waitSec: ends ? waitSeconds(durationSec, talkSec, startedAt, answeredAt) : null,
		recording: {
			url: recordingUrl(f.text('call_recording_link', 'recording_url')),
			fileName: null,
		},
		...partiesOf(f, spec?.selector, direction),
	};
}
