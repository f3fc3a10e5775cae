import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import type { CallEventFields } from '../shared/callEvent';
import type { CallDirection, CallEventType, CallOutcome } from '../shared/callEventSchema';
import type { MappingOptions, RecognisedEvent } from '../shared/trigger';
import { addSeconds, FieldReader, secondsBetween, toIsoUtc } from '../shared/values';

interface VoipcloudEvent {
	type: string;
	name: string;
	description: string;
	event: CallEventType;
	direction: CallDirection;
	/** Spellings of the same type seen in other copies of the doc and in the wild. */
	aliases?: string[];
}

/** The 12 event types of VoIPcloud's global webhooks and the webhook object in a call flow. */
const EVENTS: VoipcloudEvent[] = [
	{
		type: 'user_inbound',
		name: 'User Inbound Call',
		description: 'A call reaches a user and starts ringing',
		event: 'call.ringing',
		direction: 'inbound',
		aliases: ['inbound_call_to_user'],
	},
	{
		type: 'user_inbound_answered',
		name: 'User Inbound Call Answered',
		description: 'A user answers an inbound call',
		event: 'call.answered',
		direction: 'inbound',
	},
	{
		type: 'user_inbound_completed',
		name: 'User Inbound Call Completed',
		description: 'An inbound call to a user has ended (answered or missed)',
		event: 'call.ended',
		direction: 'inbound',
		aliases: ['user_inbound_missed'],
	},
	{
		type: 'user_outbound',
		name: 'User Outbound Call',
		description: 'A user starts an outbound call',
		event: 'call.started',
		direction: 'outbound',
	},
	{
		type: 'user_outbound_answered',
		name: 'User Outbound Call Answered',
		description: 'The called party answers a user’s outbound call',
		event: 'call.answered',
		direction: 'outbound',
	},
	{
		type: 'user_outbound_completed',
		name: 'User Outbound Call Completed',
		description: 'A user’s outbound call has ended',
		event: 'call.ended',
		direction: 'outbound',
		aliases: ['user_outbound_missed'],
	},
	{
		type: 'queue_call',
		name: 'Queue Call Summary',
		description: 'A call delivered through a queue has ended (answered, abandoned or timed out)',
		event: 'call.ended',
		direction: 'inbound',
	},
	{
		type: 'ring_group_call',
		name: 'Ring Group Call Summary',
		description: 'A call delivered through a ring group has ended',
		event: 'call.ended',
		direction: 'inbound',
		aliases: ['ringgroup_call'],
	},
	{
		type: 'voicemail',
		name: 'Voicemail',
		description: 'A caller left a voicemail',
		event: 'voicemail.received',
		direction: 'inbound',
	},
	{
		type: 'recording_inbound',
		name: 'Inbound Call Recording',
		description: 'The recording of an inbound call is complete',
		event: 'recording.ready',
		direction: 'inbound',
	},
	{
		type: 'recording_outbound',
		name: 'Outbound Call Recording',
		description: 'The recording of an outbound call is complete',
		event: 'recording.ready',
		direction: 'outbound',
	},
	{
		type: 'webhook_component_event',
		name: 'Webhook Object in Call Flow',
		description: 'A call passes a Webhook object placed in the call flow',
		event: 'flow.webhook',
		direction: 'inbound',
	},
];

export const voipcloudEventOptions: INodePropertyOptions[] = EVENTS.map(
	({ type, name, description }) => ({ name, value: type, description }),
).sort((a, b) => a.name.localeCompare(b.name));

const eventsBySpelling = new Map<string, VoipcloudEvent>();
for (const event of EVENTS) {
	for (const spelling of [event.type, ...(event.aliases ?? [])])
		eventsBySpelling.set(spelling, event);
}

/**
 * Types compare without case, with spaces and dashes as underscores. Integrators report types
 * with the user doubled (`user_user_outbound`, `recording_user_inbound`): read as the plain type.
 */
function spellingOf(type: string): string {
	return type
		.trim()
		.toLowerCase()
		.replace(/[\s-]+/g, '_')
		.replace(/^(user_|recording_)user_/, '$1');
}

export function recogniseVoipcloudEvent(data: IDataObject | string): RecognisedEvent | null {
	if (typeof data === 'string') return null;
	const vendorEvent = new FieldReader(data).text('type', 'event', 'event_type');
	if (vendorEvent === null) return null;
	const event = eventsBySpelling.get(spellingOf(vendorEvent));
	return event ? { selector: event.type, vendorEvent } : null;
}

const QUEUE_STATUS: Record<string, CallOutcome> = {
	answered: 'answered',
	abandoned: 'abandoned',
	timedout: 'timedout',
	timed_out: 'timedout',
	timeout: 'timedout',
	missed: 'missed',
	busy: 'busy',
	failed: 'failed',
};

export function normalizeVoipcloudEvent(
	data: IDataObject | string,
	recognised: RecognisedEvent | null,
	{ timeZone }: MappingOptions,
): CallEventFields {
	if (typeof data === 'string') return {};
	const f = new FieldReader(data);
	const spec = recognised ? eventsBySpelling.get(recognised.selector) : undefined;
	const vendorEvent = recognised?.vendorEvent ?? f.text('type', 'event', 'event_type');
	const time = (...names: string[]) => toIsoUtc(f.value(...names), timeZone);

	const startedAt = time('call_start_at', 'start_at', 'started_at');
	const answeredAt = time('connected_at', 'answered_at');
	const durationSec = f.seconds('call_duration', 'duration');
	const talkSec = f.seconds('conversation_duration', 'talk_duration');
	const ended = spec?.event === 'call.ended';
	const endedAt = ended ? addSeconds(startedAt, durationSec) : null;
	const recordedAt = time('recorded_at');

	const user = {
		extension: f.text('user_number', 'exten', 'extension'),
		name: f.text('user_name', 'to_name'),
	};
	const callerId = f.text('caller_id', 'callerid', 'from_number');
	const dialled = f.text('dest_number', 'to_number');

	const fields: CallEventFields = {
		event: spec?.event ?? 'unknown',
		vendorEvent,
		callId: f.text('unique_call_id', 'uniquecallid', 'call_id'),
		direction: spec?.direction ?? guessDirection(vendorEvent),
		startedAt,
		answeredAt,
		endedAt,
		occurredAt: occurredAt(spec?.event, { startedAt, answeredAt, endedAt, recordedAt }),
		queue: { id: null, name: f.text('queue_name', 'queue') },
		ringGroup: { name: f.text('ring_group_name', 'ringgroup_name') },
		durationSec: ended ? durationSec : null,
		talkSec: ended ? talkSec : null,
		waitSec: ended ? waitSeconds(durationSec, talkSec, startedAt, answeredAt) : null,
		outcome: ended ? outcome(f.text('status'), vendorEvent, answeredAt, talkSec) : null,
		recording: {
			url: recordingUrl(f.text('call_recording_link', 'recording_url')),
			fileName: null,
		},
	};

	if (spec?.type === 'webhook_component_event') {
		// This event reuses the user fields for the caller's number and name.
		fields.from = {
			number: f.text('user_number', 'caller_id', 'callerid'),
			name: f.text('user_name', 'caller_name'),
		};
		fields.to = { number: dialled, name: null };
		fields.did = dialled;
	} else if (fields.direction === 'outbound') {
		fields.from = { number: callerId, name: user.name };
		fields.to = { number: dialled, name: null };
		fields.did = callerId;
		fields.agent = user;
	} else {
		fields.from = { number: callerId, name: f.text('caller_name', 'from_name') };
		fields.to =
			user.extension || user.name
				? { number: user.extension, name: user.name }
				: { number: dialled, name: null };
		fields.did = dialled;
		fields.agent = user;
	}
	return fields;
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

function outcome(
	status: string | null,
	vendorEvent: string | null,
	answeredAt: string | null,
	talkSec: number | null,
): CallOutcome | null {
	if (status !== null) return QUEUE_STATUS[status.toLowerCase()] ?? null;
	if (vendorEvent?.toLowerCase().includes('missed')) return 'missed';
	return answeredAt !== null || (talkSec ?? 0) > 0 ? 'answered' : 'missed';
}

function recordingUrl(link: string | null): string | null {
	return link !== null && /^https?:\/\//i.test(link) ? link : null;
}
