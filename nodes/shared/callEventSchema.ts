import { z } from 'zod';

import { isEndEvent } from './callEvent';
import {
	CALL_DIRECTIONS,
	CALL_EVENT_TYPES,
	CALL_OUTCOMES,
	PBX_NAMES,
	TRANSFER_KINDS,
} from './callEventTypes';

const text = z.string().nullable();
const isoTimestamp = z.string().datetime({ offset: false }).nullable();
const seconds = z.number().int().nonnegative().nullable();

/** `number` as the PBX sent it; `e164` the same number in E.164 form, or null (an extension). */
const party = z.object({ number: text, name: text, e164: text }).strict();

/** The one call event shape every PBX trigger emits in Normalized output. */
export const callEventSchema = z
	.object({
		pbx: z.enum(PBX_NAMES),
		event: z.enum(CALL_EVENT_TYPES),
		vendorEvent: text,
		eventId: z.string().min(1),
		callId: text,
		legId: text,
		direction: z.enum(CALL_DIRECTIONS),
		occurredAt: z.string().datetime({ offset: false }),
		startedAt: isoTimestamp,
		answeredAt: isoTimestamp,
		endedAt: isoTimestamp,
		from: party,
		to: party,
		contact: party,
		did: text,
		agent: z.object({ extension: text, name: text }).strict(),
		queue: z.object({ id: text, name: text }).strict(),
		ringGroup: z.object({ name: text }).strict(),
		answered: z.boolean().nullable(),
		outcome: z.enum(CALL_OUTCOMES).nullable(),
		final: z.boolean().nullable(),
		durationSec: seconds,
		talkSec: seconds,
		waitSec: seconds,
		transfer: z.enum(TRANSFER_KINDS).nullable(),
		recording: z.object({ url: text, fileName: text }).strict(),
		parseError: text,
		raw: z.unknown(),
	})
	.strict()
	.superRefine((event, context) => {
		if (isEndEvent(event.event) && (event.answered === null || event.outcome === null)) {
			context.addIssue({
				code: z.ZodIssueCode.custom,
				message: `${event.event} must say answered and outcome`,
			});
		}
		if ((event.event === 'call.ended') !== (event.final !== null)) {
			context.addIssue({
				code: z.ZodIssueCode.custom,
				message: 'final is set on call.ended, and only there',
			});
		}
		const outbound = event.direction === 'outbound';
		if (event.outcome !== null && event.outcome !== 'answered') {
			if (outbound === (event.outcome === 'missed')) {
				context.addIssue({
					code: z.ZodIssueCode.custom,
					message: `outcome ${event.outcome} on a ${event.direction} call: missed is for calls that came in, noAnswer, busy and failed for outbound calls`,
				});
			}
		}
		if (event.answered !== null && event.outcome !== null) {
			if (event.answered !== (event.outcome === 'answered')) {
				context.addIssue({
					code: z.ZodIssueCode.custom,
					message: `answered ${event.answered} contradicts outcome ${event.outcome}`,
				});
			}
		}
	});

export type CallEvent = z.infer<typeof callEventSchema>;
export type Pbx = CallEvent['pbx'];
export type CallEventType = CallEvent['event'];
export type CallDirection = CallEvent['direction'];
export type CallOutcome = NonNullable<CallEvent['outcome']>;
export type Party = CallEvent['from'];
/** A party as a mapping gives it: `buildCallEvent` fills `e164`. */
export type PartyFields = Omit<Party, 'e164'>;

/** What a vendor mapping fills in; everything it leaves out becomes null. */
export type CallEventFields = Partial<
	Omit<
		CallEvent,
		'pbx' | 'eventId' | 'raw' | 'occurredAt' | 'parseError' | 'from' | 'to' | 'contact'
	>
> & { occurredAt?: string | null; from?: PartyFields; to?: PartyFields; contact?: PartyFields };
