// The vocabulary of the call model (nodes/shared/CALL_MODEL.md): every PBX mapping emits these
// values and no others, so one workflow reads every PBX the same way.

export const PBX_NAMES = ['kompaas', 'voipcloud', '3cx'] as const;

export const CALL_EVENT_TYPES = [
	'call.started',
	'call.ringing',
	'call.answered',
	'leg.ended',
	'call.ended',
	'queue.entered',
	'queue.left',
	'recording.ready',
	'voicemail.received',
	'speech.replica',
	'flow.webhook',
	'unknown',
] as const;

export const CALL_DIRECTIONS = ['inbound', 'outbound', 'internal', 'unknown'] as const;

/**
 * How a call or leg ended. `answered` on every answered end. Unanswered: `missed` for a call that
 * came in (nobody took it); for an outbound call `noAnswer` (the other side did not pick up), or
 * `busy` / `failed` where the PBX says why.
 */
export const CALL_OUTCOMES = ['answered', 'missed', 'noAnswer', 'busy', 'failed'] as const;

export const TRANSFER_KINDS = ['attended', 'blind'] as const;
