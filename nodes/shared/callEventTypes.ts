export const PBX_NAMES = ['kompaas', 'voipcloud', '3cx'] as const;

export const CALL_EVENT_TYPES = [
	'call.started',
	'call.ringing',
	'call.answered',
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

export const CALL_OUTCOMES = [
	'answered',
	'missed',
	'abandoned',
	'timedout',
	'busy',
	'failed',
] as const;

export const TRANSFER_KINDS = ['attended', 'blind'] as const;
