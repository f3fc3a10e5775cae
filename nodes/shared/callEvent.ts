// Only types come from the zod schema, so node code loads no zod at runtime.
import type { CallEvent, CallEventFields, Pbx } from './callEventSchema';

export type { CallEvent, CallEventFields, Pbx };

export function buildCallEvent(
	pbx: Pbx,
	fields: CallEventFields,
	envelope: { eventId: string; receivedAt: string; raw: unknown; parseError?: string | null },
): CallEvent {
	return {
		pbx,
		event: fields.event ?? 'unknown',
		vendorEvent: fields.vendorEvent ?? null,
		eventId: envelope.eventId,
		callId: fields.callId ?? null,
		legId: fields.legId ?? null,
		direction: fields.direction ?? 'unknown',
		occurredAt: fields.occurredAt ?? envelope.receivedAt,
		startedAt: fields.startedAt ?? null,
		answeredAt: fields.answeredAt ?? null,
		endedAt: fields.endedAt ?? null,
		from: { number: fields.from?.number ?? null, name: fields.from?.name ?? null },
		to: { number: fields.to?.number ?? null, name: fields.to?.name ?? null },
		did: fields.did ?? null,
		agent: { extension: fields.agent?.extension ?? null, name: fields.agent?.name ?? null },
		queue: { id: fields.queue?.id ?? null, name: fields.queue?.name ?? null },
		ringGroup: { name: fields.ringGroup?.name ?? null },
		durationSec: fields.durationSec ?? null,
		talkSec: fields.talkSec ?? null,
		waitSec: fields.waitSec ?? null,
		outcome: fields.outcome ?? null,
		transfer: fields.transfer ?? null,
		recording: { url: fields.recording?.url ?? null, fileName: fields.recording?.fileName ?? null },
		parseError: envelope.parseError ?? null,
		raw: envelope.raw,
	};
}

/**
 * A party's name, unless it is empty or only a phone number: PBXs repeat the number (or put
 * another one) where the name would be when they know none.
 */
export function partyName(name: string | null, number: string | null): string | null {
	if (name === null || name === number) return null;
	return /^[\d\s()+.-]*$/.test(name) ? null : name;
}
