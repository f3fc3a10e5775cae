import type { IDataObject } from 'n8n-workflow';

import { endResult, isEndEvent, partyName, type CallEventFields } from '../shared/callEvent';
import type { CallDirection, CallEventType } from '../shared/callEventSchema';
import { eventCatalogue, type CatalogueEvent } from '../shared/eventCatalogue';
import type { MappingOptions, RecognisedEvent } from '../shared/trigger';
import { addSeconds, FieldReader, ownValue, secondsBetween, toIsoUtc } from '../shared/values';

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
		description: 'call.ringing: a call reaches a user and starts ringing',
		event: 'call.ringing',
		direction: 'inbound',
		vendorNames: ['user_inbound', 'inbound_call_to_user'],
	},
	{
		selector: 'user_inbound_answered',
		name: 'User Inbound Call Answered',
		description: 'call.answered: a user answers an inbound call',
		event: 'call.answered',
		direction: 'inbound',
		vendorNames: ['user_inbound_answered'],
	},
	{
		selector: 'user_inbound_completed',
		name: 'User Inbound Call Completed',
		description:
			'call.ended for a call straight to a user; leg.ended (the user’s part) for a call through a queue or ring group',
		event: 'call.ended',
		direction: 'inbound',
		vendorNames: ['user_inbound_completed', 'user_inbound_missed'],
	},
	{
		selector: 'user_outbound',
		name: 'User Outbound Call',
		description: 'call.started: a user starts an outbound call',
		event: 'call.started',
		direction: 'outbound',
		vendorNames: ['user_outbound'],
	},
	{
		selector: 'user_outbound_answered',
		name: 'User Outbound Call Answered',
		description: 'call.answered: the called party answers a user’s outbound call',
		event: 'call.answered',
		direction: 'outbound',
		vendorNames: ['user_outbound_answered'],
	},
	{
		selector: 'user_outbound_completed',
		name: 'User Outbound Call Completed',
		description: 'call.ended: a user’s outbound call has ended, answered or not',
		event: 'call.ended',
		direction: 'outbound',
		vendorNames: ['user_outbound_completed', 'user_outbound_missed'],
	},
	{
		selector: 'queue_call',
		name: 'Queue Call Summary',
		description: 'call.ended: a call delivered through a queue has ended, answered or not',
		event: 'call.ended',
		direction: 'inbound',
		vendorNames: ['queue_call'],
	},
	{
		selector: 'ring_group_call',
		name: 'Ring Group Call Summary',
		description: 'call.ended: a call delivered through a ring group has ended, answered or not',
		event: 'call.ended',
		direction: 'inbound',
		vendorNames: ['ring_group_call', 'ringgroup_call'],
	},
	{
		selector: 'voicemail',
		name: 'Voicemail',
		description: 'voicemail.received: a caller left a voicemail',
		event: 'voicemail.received',
		direction: 'inbound',
		vendorNames: ['voicemail'],
	},
	{
		selector: 'recording_inbound',
		name: 'Inbound Call Recording',
		description: 'recording.ready: the recording of an inbound call is complete',
		event: 'recording.ready',
		direction: 'inbound',
		vendorNames: ['recording_inbound'],
	},
	{
		selector: 'recording_outbound',
		name: 'Outbound Call Recording',
		description: 'recording.ready: the recording of an outbound call is complete',
		event: 'recording.ready',
		direction: 'outbound',
		vendorNames: ['recording_outbound'],
	},
	{
		selector: 'webhook_component_event',
		name: 'Webhook Object in Call Flow',
		description: 'flow.webhook: a call passes a Webhook object placed in the call flow',
		event: 'flow.webhook',
		direction: 'inbound',
		vendorNames: ['webhook_component_event'],
	},
];

/**
 * Integrators report types with the user doubled (`user_user_outbound`, `recording_user_inbound`):
 * read as the plain type.
 */
const catalogue = eventCatalogue(EVENTS, (key) => key.replace(/^(user|recording)user/, '$1'));

export const voipcloudEventOptions = catalogue.options;

export function recogniseVoipcloudEvent(data: IDataObject | string): RecognisedEvent[] {
	if (typeof data === 'string') return [];
	const vendorEvent = new FieldReader(data).text('type', 'event', 'event_type');
	if (vendorEvent === null) return [];
	const event = catalogue.byVendorName(vendorEvent);
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

/**
 * What a summary's `status` says: answered (true) or not (false), and why an outbound call was
 * not answered. The documented values are answered, abandoned and timedout; others are guesses.
 */
const STATUS: Record<string, { answered: boolean; reason?: 'busy' | 'failed' }> = {
	answered: { answered: true },
	completed: { answered: true },
	abandoned: { answered: false },
	timedout: { answered: false },
	timeout: { answered: false },
	missed: { answered: false },
	noanswer: { answered: false },
	unanswered: { answered: false },
	busy: { answered: false, reason: 'busy' },
	failed: { answered: false, reason: 'failed' },
};

/**
 * A user's completion closes the whole call only when the call went straight to that user.
 * Through a queue or ring group it closes the user's part (leg.ended): the queue_call or
 * ring_group_call summary that follows closes the call.
 */
function completionEvent(f: FieldReader): CallEventType {
	return f.text('queue_name', 'queue') || f.text('ring_group_name', 'ringgroup_name')
		? 'leg.ended'
		: 'call.ended';
}

export function normalizeVoipcloudEvent(
	data: IDataObject | string,
	recognised: RecognisedEvent | null,
	{ timeZone }: MappingOptions,
): CallEventFields {
	if (typeof data === 'string') return {};
	const f = new FieldReader(data);
	const spec = recognised ? catalogue.bySelector(recognised.selector) : undefined;
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

	const user = {
		extension: f.text('user_number', 'exten', 'extension'),
		name: f.text('user_name', 'to_name'),
	};
	const fields: CallEventFields = {
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
	};

	const callerId = f.text('caller_id', 'callerid', 'from_number');
	const dialled = f.text('dest_number', 'to_number');
	if (spec?.selector === 'webhook_component_event') {
		// This event reuses the user fields for the caller's number and name.
		fields.from = {
			number: f.text('user_number', 'caller_id', 'callerid'),
			name: f.text('user_name', 'caller_name'),
		};
		fields.did = dialled;
	} else if (direction === 'outbound') {
		// Outbound, caller_id is the business's number shown to the called party.
		fields.to = { number: dialled, name: null };
		fields.did = callerId;
		fields.agent = user;
	} else {
		fields.from = {
			number: callerId,
			name: partyName(f.text('caller_name', 'from_name'), callerId),
		};
		fields.did = dialled;
		fields.agent = user;
	}
	return fields;
}

function endOf(
	f: FieldReader,
	vendorEvent: string | null,
	direction: CallDirection,
	answeredAt: string | null,
	talkSec: number | null,
): CallEventFields {
	const status = statusKey(f);
	const known = ownValue(STATUS, status);
	if (known) return endResult(known.answered, direction, known.reason ?? null);
	if (vendorEvent?.toLowerCase().includes('missed')) return endResult(false, direction);
	return endResult(answeredAt !== null || (talkSec ?? 0) > 0, direction);
}

/**
 * Whether VoIPcloud may still send another end for this call. An inbound call that a user, a
 * ring group or a queue did not answer goes on in the call flow when it is configured so: to
 * another user (forwarding), from a ring group that timed out to a queue (failover), to a
 * voicemail. Each of those ends with its own summary or completion, and nothing in the first
 * one says whether one follows. A caller who hung up (`abandoned`), an answered call, an outbound
 * call and a voicemail end the call for good.
 */
function isFinalEnd(
	f: FieldReader,
	selector: string | undefined,
	{ answered }: CallEventFields,
): boolean {
	if (selector === 'user_outbound_completed' || selector === 'voicemail') return true;
	return answered === true || statusKey(f) === 'abandoned';
}

function statusKey(f: FieldReader): string | null {
	const status = f.text('status');
	return status === null ? null : status.toLowerCase().replace(/[\s_-]/g, '');
}

function guessDirection(vendorEvent: string | null): CallDirection {
	const type = vendorEvent?.toLowerCase() ?? '';
	if (type.includes('outbound')) return 'outbound';
	if (type.includes('inbound')) return 'inbound';
	return 'unknown';
}

function occurredAt(
	event: CallEventType | undefined,
	times: Record<'startedAt' | 'answeredAt' | 'endedAt' | 'recordedAt', string | null>,
): string | null {
	switch (event) {
		case 'call.ringing':
		case 'call.started':
			return times.startedAt;
		case 'call.answered':
			return times.answeredAt;
		case 'call.ended':
		case 'leg.ended':
			return times.endedAt;
		case 'voicemail.received':
		case 'recording.ready':
			return times.recordedAt;
		default:
			return null;
	}
}

function waitSeconds(
	durationSec: number | null,
	talkSec: number | null,
	startedAt: string | null,
	answeredAt: string | null,
): number | null {
	if (durationSec !== null && talkSec !== null && durationSec >= talkSec)
		return durationSec - talkSec;
	return secondsBetween(startedAt, answeredAt);
}

function recordingUrl(link: string | null): string | null {
	return link !== null && /^https?:\/\//i.test(link) ? link : null;
}
