// Only types come from the zod schema, so node code loads no zod at runtime.
import type {
	CallDirection,
	CallEvent,
	CallEventFields,
	CallEventType,
	CallOutcome,
	Party,
	Pbx,
} from './callEventSchema';
import { partyE164 } from './e164';
import { payloadHash } from './values';

export type { CallEvent, CallEventFields, Pbx };

/** Why an outbound call was not answered, where the PBX says. */
export type UnansweredReason = Extract<CallOutcome, 'busy' | 'failed'>;

/** The events that close a call or a part of it: they always say `answered` and `outcome`. */
export function isEndEvent(event: CallEventType | undefined): boolean {
	return event === 'call.ended' || event === 'leg.ended';
}

/**
 * The result of a call or leg that ended: whether it was answered, and its outcome. An
 * unanswered outbound call is `noAnswer`, or `busy` / `failed` where the PBX says why; every
 * other unanswered end is `missed` (a caller nobody took), so `outcome = missed` finds exactly
 * the callers to call back.
 */
export function endResult(
	answered: boolean,
	direction: CallDirection | undefined,
	reason: UnansweredReason | null = null,
): { answered: boolean; outcome: CallOutcome } {
	if (answered) return { answered, outcome: 'answered' };
	if (direction !== 'outbound') return { answered, outcome: 'missed' };
	return { answered, outcome: reason ?? 'noAnswer' };
}

/**
 * The event in the shared shape. Besides filling nulls it applies the rules of the call model
 * that hold on every PBX, so no mapping can break them:
 * - `call.ended` / `leg.ended` always say `answered` and a matching `outcome`; an unanswered
 *   end has `talkSec` 0, and an unanswered inbound `call.ended` has no agent (nobody took it);
 * - `call.ended` says whether it is `final` (true unless the mapping says the PBX may still send
 *   another end for the call);
 * - durations belong to end events only;
 * - the PBX user is `to` on inbound calls and `from` on outbound calls (both are `agent`), the
 *   other party is `contact`; without a direction `from` and `to` are unknown.
 */
export function buildCallEvent(
	pbx: Pbx,
	fields: CallEventFields,
	envelope: {
		eventId: string;
		receivedAt: string;
		raw: unknown;
		parseError?: string | null;
		/** The Country option: how national numbers are read into `e164`. */
		country?: string | null;
	},
): CallEvent {
	const event = fields.event ?? 'unknown';
	const direction = fields.direction ?? 'unknown';
	const ends = isEndEvent(event);
	const result = ends ? endOf(fields, direction) : null;
	const answered = result?.answered ?? fields.answered ?? null;
	const outcome = result?.outcome ?? fields.outcome ?? null;

	// Nobody took an unanswered inbound call; an outbound call keeps the user who placed it.
	const agentGone = event === 'call.ended' && answered === false && direction !== 'outbound';
	const agent = {
		extension: agentGone ? null : (fields.agent?.extension ?? null),
		name: agentGone ? null : (fields.agent?.name ?? null),
	};
	const parties = partiesOf(direction, fields, agent, envelope.country ?? null);

	return {
		pbx,
		event,
		vendorEvent: fields.vendorEvent ?? null,
		eventId: envelope.eventId,
		callId: fields.callId ?? null,
		legId: fields.legId ?? null,
		direction,
		occurredAt: fields.occurredAt ?? envelope.receivedAt,
		startedAt: fields.startedAt ?? null,
		answeredAt: fields.answeredAt ?? null,
		endedAt: fields.endedAt ?? null,
		...parties,
		did: fields.did ?? null,
		agent,
		queue: { id: fields.queue?.id ?? null, name: fields.queue?.name ?? null },
		ringGroup: { name: fields.ringGroup?.name ?? null },
		answered,
		outcome,
		final: event === 'call.ended' ? (fields.final ?? true) : null,
		durationSec: ends ? (fields.durationSec ?? null) : null,
		talkSec: ends ? (answered === false ? 0 : (fields.talkSec ?? null)) : null,
		waitSec: ends ? (fields.waitSec ?? null) : null,
		transfer: fields.transfer ?? null,
		recording: { url: fields.recording?.url ?? null, fileName: fields.recording?.fileName ?? null },
		parseError: envelope.parseError ?? null,
		raw: envelope.raw,
	};
}

function endOf(fields: CallEventFields, direction: CallDirection) {
	const answered = fields.answered ?? fields.outcome === 'answered';
	const reason = fields.outcome === 'busy' || fields.outcome === 'failed' ? fields.outcome : null;
	return endResult(answered, direction, reason);
}

function partiesOf(
	direction: CallDirection,
	fields: CallEventFields,
	agent: CallEvent['agent'],
	country: string | null,
): Pick<CallEvent, 'from' | 'to' | 'contact'> {
	const user: Party = {
		number: agent.extension,
		name: agent.name,
		e164: partyE164(agent.extension, country),
	};
	// `number` stays as the PBX spelled it; `e164` is the one spelling every PBX shares.
	const party = (value: Partial<Party> | undefined): Party => ({
		number: value?.number ?? null,
		name: value?.name ?? null,
		e164: partyE164(value?.number, country),
	});
	switch (direction) {
		case 'inbound': {
			const caller = party(fields.from);
			return { from: caller, to: user, contact: caller };
		}
		case 'outbound': {
			const called = party(fields.to);
			return { from: user, to: called, contact: called };
		}
		case 'internal':
			return { from: party(fields.from), to: party(fields.to), contact: party(undefined) };
		default:
			return { from: party(undefined), to: party(undefined), contact: party(fields.contact) };
	}
}

/**
 * The event id: one per call for `call.ended`, so every end the PBX sends for one call (a retry,
 * a second end that replaces the first) gives the same id; otherwise the PBX's own id, else a
 * hash of the payload, the same for every delivery of it. `part` tells apart several items of
 * one payload (an end event with two recording files).
 */
export function eventIdOf(
	pbx: Pbx,
	fields: CallEventFields,
	vendorId: string | null | undefined,
	payload: unknown,
	part = 0,
): string {
	if (fields.event === 'call.ended' && fields.callId) {
		return payloadHash({ pbx, callId: fields.callId, event: 'call.ended' });
	}
	const id = vendorId ?? payloadHash(payload);
	return part === 0 ? id : payloadHash({ id, part });
}

/**
 * A party's name, unless it is empty or only a phone number: PBXs repeat the number (or put
 * another one) where the name would be when they know none.
 */
export function partyName(name: string | null, number: string | null): string | null {
	if (name === null || name === number) return null;
	return /^[\d\s()+.-]*$/.test(name) ? null : name;
}
