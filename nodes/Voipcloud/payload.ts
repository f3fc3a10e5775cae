// How VoIPcloud's payload fields read: the parts of nodes/Voipcloud/events.ts's mapping that parse
// a field rather than choose an event.
import { endResult, partyName, type CallEventFields } from '../shared/callEvent';
import type { CallDirection, CallEventType } from '../shared/callEventSchema';
import { FieldReader, ownValue, secondsBetween } from '../shared/values';

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
export function completionEvent(f: FieldReader): CallEventType {
	return f.text('queue_name', 'queue') || f.text('ring_group_name', 'ringgroup_name')
		? 'leg.ended'
		: 'call.ended';
}

/** The caller, the called party, the DID and the PBX user, as each event names them. */
export function partiesOf(
	f: FieldReader,
	selector: string | undefined,
	direction: CallDirection,
): CallEventFields {
	const user = {
		extension: f.text('user_number', 'exten', 'extension'),
		name: f.text('user_name', 'to_name'),
	};
	const callerId = f.text('caller_id', 'callerid', 'from_number');
	const dialled = f.text('dest_number', 'to_number');
	if (selector === 'webhook_component_event') {
		// This event reuses the user fields for the caller's number and name.
		return {
			from: {
				number: f.text('user_number', 'caller_id', 'callerid'),
				name: f.text('user_name', 'caller_name'),
			},
			did: dialled,
		};
	}
	if (direction === 'outbound') {
		// Outbound, caller_id is the business's number shown to the called party.
		return { to: { number: dialled, name: null }, did: callerId, agent: user };
	}
	return {
		from: { number: callerId, name: partyName(f.text('caller_name', 'from_name'), callerId) },
		did: dialled,
		agent: user,
	};
}

export function endOf(
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
export function isFinalEnd(
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

export function guessDirection(vendorEvent: string | null): CallDirection {
	const type = vendorEvent?.toLowerCase() ?? '';
	if (type.includes('outbound')) return 'outbound';
	if (type.includes('inbound')) return 'inbound';
	return 'unknown';
}

export function occurredAt(
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

export function waitSeconds(
	durationSec: number | null,
	talkSec: number | null,
	startedAt: string | null,
	answeredAt: string | null,
): number | null {
	if (durationSec !== null && talkSec !== null && durationSec >= talkSec)
		return durationSec - talkSec;
	return secondsBetween(startedAt, answeredAt);
}

export function recordingUrl(link: string | null): string | null {
	return link !== null && /^https?:\/\//i.test(link) ? link : null;
}
