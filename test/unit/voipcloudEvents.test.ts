import type { IDataObject } from 'n8n-workflow';

import { buildCallEvent, type CallEventFields } from '../../nodes/shared/callEvent';
import { callEventSchema } from '../../nodes/shared/callEventSchema';
import {
	normalizeVoipcloudEvent,
	recogniseVoipcloudEvent,
	voipcloudEventOptions,
} from '../../nodes/Voipcloud/events';

/**
 * Payloads built from the field lists of vendor-docs/voipcloud-webhook-integration.txt.
 * Times carry the Sydney summer offset (+11:00): 12:37:41 local = 01:37:41 UTC.
 */
const CALL_ID = '1765975061.4821';
const CALLER = '61412345678';
const CALLER_NAME = 'Jane Citizen';
const DID = '61299998888';
const USER = '201';
const USER_NAME = 'Sam Support';
const DIALLED = '61398765432';

const START = '2025-12-17T12:37:41+11:00';
const CONNECTED = '2025-12-17T12:37:53+11:00';
const RECORDED = '2025-12-17T12:40:02+11:00';
const START_UTC = '2025-12-17T01:37:41.000Z';
const CONNECTED_UTC = '2025-12-17T01:37:53.000Z';
const RECORDED_UTC = '2025-12-17T01:40:02.000Z';
/** START + call_duration (95 s). */
const ENDED_UTC = '2025-12-17T01:39:16.000Z';

const inbound = {
	unique_call_id: CALL_ID,
	caller_id: CALLER,
	caller_name: CALLER_NAME,
	user_name: USER_NAME,
	user_number: USER,
	dest_number: DID,
	call_start_at: START,
};

const outbound = {
	unique_call_id: CALL_ID,
	caller_id: DID,
	user_name: USER_NAME,
	user_number: USER,
	dest_number: DIALLED,
	call_start_at: START,
};

const durations = { call_duration: 95, conversation_duration: 83 };

const emailFields = {
	emails: 'reception@example.com.au, manager@example.com.au',
	email_subject: 'New message',
	email_message: 'You have a new message from 61412345678',
	call_recording_link: '',
};

const payloads = {
	user_inbound: {
		type: 'user_inbound',
		...inbound,
		queue_name: 'Sales Queue',
		ring_group_name: '',
	},
	user_inbound_answered: {
		type: 'user_inbound_answered',
		...inbound,
		connected_at: CONNECTED,
		queue_name: '',
		ring_group_name: 'Reception',
	},
	user_inbound_completed: {
		type: 'user_inbound_completed',
		...inbound,
		connected_at: CONNECTED,
		...durations,
		queue_name: '',
		ring_group_name: '',
	},
	user_outbound: { type: 'user_outbound', ...outbound },
	user_outbound_answered: { type: 'user_outbound_answered', ...outbound, connected_at: CONNECTED },
	user_outbound_completed: {
		type: 'user_outbound_completed',
		...outbound,
		connected_at: CONNECTED,
		...durations,
	},
	queue_call: {
		type: 'queue_call',
		...inbound,
		connected_at: CONNECTED,
		...durations,
		queue_name: 'Sales Queue',
		status: 'answered',
	},
	ring_group_call: {
		type: 'ring_group_call',
		...inbound,
		connected_at: CONNECTED,
		...durations,
		ring_group_name: 'Reception',
		status: 'answered',
	},
	voicemail: {
		type: 'voicemail',
		unique_call_id: CALL_ID,
		caller_id: CALLER,
		dest_number: DID,
		recorded_at: RECORDED,
		...emailFields,
	},
	recording_inbound: {
		type: 'recording_inbound',
		unique_call_id: CALL_ID,
		caller_id: CALLER,
		dest_number: DID,
		recorded_at: RECORDED,
		...emailFields,
	},
	recording_outbound: {
		type: 'recording_outbound',
		unique_call_id: CALL_ID,
		caller_id: DID,
		user_name: USER_NAME,
		user_number: USER,
		dest_number: DIALLED,
		recorded_at: RECORDED,
		...emailFields,
		mode: 'storage',
	},
	webhook_component_event: {
		type: 'webhook_component_event',
		unique_call_id: CALL_ID,
		user_name: CALLER_NAME,
		user_number: CALLER,
		dest_number: DID,
		call_start_at: START,
		component_name: 'After hours webhook',
	},
};

const noTimes = { startedAt: null, answeredAt: null, endedAt: null };
const noDurations = { durationSec: null, talkSec: null, waitSec: null, outcome: null };
const noPlace = { queue: { id: null, name: null }, ringGroup: { name: null } };
const noRecording = { recording: { url: null, fileName: null } };
const inboundParties = {
	from: { number: CALLER, name: CALLER_NAME },
	to: { number: USER, name: USER_NAME },
	did: DID,
	agent: { extension: USER, name: USER_NAME },
};
const outboundParties = {
	from: { number: DID, name: USER_NAME },
	to: { number: DIALLED, name: null },
	did: DID,
	agent: { extension: USER, name: USER_NAME },
};
const ended = {
	startedAt: START_UTC,
	answeredAt: CONNECTED_UTC,
	endedAt: ENDED_UTC,
	occurredAt: ENDED_UTC,
	durationSec: 95,
	talkSec: 83,
	waitSec: 12,
	outcome: 'answered' as const,
};

/** What each documented type normalizes to: every field a mapping fills in. */
const expected: Record<keyof typeof payloads, CallEventFields> = {
	user_inbound: {
		event: 'call.ringing',
		direction: 'inbound',
		...noTimes,
		startedAt: START_UTC,
		occurredAt: START_UTC,
		...inboundParties,
		queue: { id: null, name: 'Sales Queue' },
		ringGroup: { name: null },
		...noDurations,
		...noRecording,
	},
	user_inbound_answered: {
		event: 'call.answered',
		direction: 'inbound',
		startedAt: START_UTC,
		answeredAt: CONNECTED_UTC,
		endedAt: null,
		occurredAt: CONNECTED_UTC,
		...inboundParties,
		queue: { id: null, name: null },
		ringGroup: { name: 'Reception' },
		...noDurations,
		...noRecording,
	},
	user_inbound_completed: {
		event: 'call.ended',
		direction: 'inbound',
		...ended,
		...inboundParties,
		...noPlace,
		...noRecording,
	},
	user_outbound: {
		event: 'call.started',
		direction: 'outbound',
		...noTimes,
		startedAt: START_UTC,
		occurredAt: START_UTC,
		...outboundParties,
		...noPlace,
		...noDurations,
		...noRecording,
	},
	user_outbound_answered: {
		event: 'call.answered',
		direction: 'outbound',
		startedAt: START_UTC,
		answeredAt: CONNECTED_UTC,
		endedAt: null,
		occurredAt: CONNECTED_UTC,
		...outboundParties,
		...noPlace,
		...noDurations,
		...noRecording,
	},
	user_outbound_completed: {
		event: 'call.ended',
		direction: 'outbound',
		...ended,
		...outboundParties,
		...noPlace,
		...noRecording,
	},
	queue_call: {
		event: 'call.ended',
		direction: 'inbound',
		...ended,
		...inboundParties,
		queue: { id: null, name: 'Sales Queue' },
		ringGroup: { name: null },
		...noRecording,
	},
	ring_group_call: {
		event: 'call.ended',
		direction: 'inbound',
		...ended,
		...inboundParties,
		queue: { id: null, name: null },
		ringGroup: { name: 'Reception' },
		...noRecording,
	},
	voicemail: {
		event: 'voicemail.received',
		direction: 'inbound',
		...noTimes,
		occurredAt: RECORDED_UTC,
		from: { number: CALLER, name: null },
		to: { number: DID, name: null },
		did: DID,
		agent: { extension: null, name: null },
		...noPlace,
		...noDurations,
		...noRecording,
	},
	recording_inbound: {
		event: 'recording.ready',
		direction: 'inbound',
		...noTimes,
		occurredAt: RECORDED_UTC,
		from: { number: CALLER, name: null },
		to: { number: DID, name: null },
		did: DID,
		agent: { extension: null, name: null },
		...noPlace,
		...noDurations,
		...noRecording,
	},
	recording_outbound: {
		event: 'recording.ready',
		direction: 'outbound',
		...noTimes,
		occurredAt: RECORDED_UTC,
		...outboundParties,
		...noPlace,
		...noDurations,
		...noRecording,
	},
	webhook_component_event: {
		event: 'flow.webhook',
		direction: 'inbound',
		...noTimes,
		startedAt: START_UTC,
		// The webhook object fires mid-call: no time in the payload says when.
		occurredAt: null,
		from: { number: CALLER, name: CALLER_NAME },
		to: { number: DID, name: null },
		did: DID,
		...noPlace,
		...noDurations,
		...noRecording,
	},
};

function normalize(data: IDataObject | string, timeZone = 'UTC'): CallEventFields {
	return normalizeVoipcloudEvent(data, recogniseVoipcloudEvent(data), { timeZone });
}

/** The normalized fields as the trigger emits them, validated by the shared schema. */
function asCallEvent(data: IDataObject | string, timeZone = 'UTC') {
	return callEventSchema.parse(
		buildCallEvent('voipcloud', normalize(data, timeZone), {
			eventId: 'test-event',
			receivedAt: '2025-12-17T02:00:00.000Z',
			raw: data,
		}),
	);
}

const TYPES = Object.keys(payloads) as Array<keyof typeof payloads>;

describe('VoIPcloud event catalogue', () => {
	it('offers exactly the 12 documented types in the Events list', () => {
		expect(voipcloudEventOptions.map((option) => option.value).sort()).toEqual([...TYPES].sort());
		for (const option of voipcloudEventOptions) {
			expect(option.name).not.toBe('');
			expect(option.description).not.toBe('');
		}
	});

	it('lists the events sorted by name', () => {
		const names = voipcloudEventOptions.map((option) => option.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	});
});

describe.each(TYPES)('VoIPcloud %s', (type) => {
	const payload = payloads[type];

	it('is recognised as its own selector', () => {
		expect(recogniseVoipcloudEvent(payload)).toEqual({ selector: type, vendorEvent: type });
	});

	it('normalizes to the expected fields', () => {
		expect(normalize(payload)).toEqual({
			vendorEvent: type,
			callId: CALL_ID,
			...expected[type],
		});
	});

	it('builds a call event the shared schema accepts', () => {
		const event = asCallEvent(payload);
		expect(event.pbx).toBe('voipcloud');
		expect(event.raw).toBe(payload);
		expect(event.occurredAt).toBe(expected[type].occurredAt ?? '2025-12-17T02:00:00.000Z');
	});
});

describe('VoIPcloud call outcomes', () => {
	const missedInbound = {
		...payloads.user_inbound_completed,
		connected_at: '',
		call_duration: 30,
		conversation_duration: 0,
	};

	it('marks an unanswered inbound completion as missed', () => {
		expect(normalize(missedInbound)).toMatchObject({
			event: 'call.ended',
			answeredAt: null,
			durationSec: 30,
			talkSec: 0,
			waitSec: 30,
			endedAt: '2025-12-17T01:38:11.000Z',
			outcome: 'missed',
		});
		expect(normalize({ ...missedInbound, connected_at: null })).toMatchObject({
			outcome: 'missed',
		});
	});

	it('marks a completion with talk time but no connected_at as answered', () => {
		const { connected_at: _connected, ...withoutConnected } = payloads.user_inbound_completed;
		expect(_connected).toBe(CONNECTED);
		expect(normalize(withoutConnected)).toMatchObject({
			answeredAt: null,
			talkSec: 83,
			waitSec: 12,
			outcome: 'answered',
		});
	});

	it('marks an unanswered outbound completion as missed', () => {
		expect(
			normalize({
				...payloads.user_outbound_completed,
				connected_at: null,
				call_duration: 25,
				conversation_duration: 0,
			}),
		).toMatchObject({ direction: 'outbound', outcome: 'missed', waitSec: 25 });
	});

	it.each([
		['answered', 'answered'],
		['abandoned', 'abandoned'],
		['timedout', 'timedout'],
		['Abandoned', 'abandoned'],
		['TIMEDOUT', 'timedout'],
	])('maps queue status %p to outcome %p', (status, outcome) => {
		expect(normalize({ ...payloads.queue_call, status })).toMatchObject({ outcome });
		expect(normalize({ ...payloads.ring_group_call, status })).toMatchObject({ outcome });
	});

	it('keeps the queue status even when the call was answered by nobody', () => {
		const abandoned = {
			...payloads.queue_call,
			user_name: '',
			user_number: '',
			connected_at: '',
			call_duration: 40,
			conversation_duration: 0,
			status: 'abandoned',
		};
		expect(normalize(abandoned)).toMatchObject({
			outcome: 'abandoned',
			durationSec: 40,
			talkSec: 0,
			waitSec: 40,
			agent: { extension: null, name: null },
			to: { number: DID, name: null },
		});
	});

	it('gives no outcome for a queue status it does not know', () => {
		expect(normalize({ ...payloads.queue_call, status: 'transferred' }).outcome).toBeNull();
	});

	it('derives wait time from the timestamps when durations do not add up', () => {
		expect(
			normalize({
				...payloads.user_inbound_completed,
				call_duration: 10,
				conversation_duration: 83,
			}),
		).toMatchObject({ waitSec: 12 });
	});

	it('reads durations sent as strings', () => {
		expect(
			normalize({ ...payloads.queue_call, call_duration: '95', conversation_duration: '01:23' }),
		).toMatchObject({ durationSec: 95, talkSec: 83, waitSec: 12, endedAt: ENDED_UTC });
	});

	it('has no end time when the duration is missing', () => {
		const { call_duration: _duration, ...noDuration } = payloads.user_inbound_completed;
		expect(_duration).toBe(95);
		const fields = normalize(noDuration);
		expect(fields.endedAt).toBeNull();
		expect(fields.occurredAt).toBeNull();
		expect(fields.durationSec).toBeNull();
	});

	it('gives no outcome or durations to events that are not call ends', () => {
		for (const type of ['user_inbound', 'user_inbound_answered', 'voicemail'] as const) {
			const fields = normalize({ ...payloads[type], ...durations, status: 'answered' });
			expect(fields).toMatchObject({
				durationSec: null,
				talkSec: null,
				waitSec: null,
				outcome: null,
			});
			expect(fields.endedAt).toBeNull();
		}
	});
});

describe('VoIPcloud field details', () => {
	it('reads queue rows that spell the caller id "callerid"', () => {
		const { caller_id: _callerId, ...rest } = payloads.queue_call;
		expect(_callerId).toBe(CALLER);
		expect(normalize({ ...rest, callerid: '0412345678' }).from).toEqual({
			number: '0412345678',
			name: CALLER_NAME,
		});
	});

	it('prefers caller_id over callerid when both are set', () => {
		expect(normalize({ ...payloads.queue_call, callerid: '0400000000' }).from?.number).toBe(CALLER);
	});

	it('keeps a recording link only when it is a URL', () => {
		const url = 'https://recordings.voipcloud.online/1765975061.4821.mp3';
		expect(
			normalize({ ...payloads.recording_inbound, call_recording_link: url }).recording,
		).toEqual({
			url,
			fileName: null,
		});
		expect(
			normalize({ ...payloads.voicemail, call_recording_link: 'Pending future development' })
				.recording,
		).toEqual({ url: null, fileName: null });
	});

	it('reads times without an offset in the configured time zone', () => {
		const naive = {
			...payloads.user_inbound_completed,
			call_start_at: '2025-07-01 09:00:00',
			connected_at: '2025-07-01 09:00:12',
		};
		expect(normalize(naive, 'Australia/Sydney')).toMatchObject({
			startedAt: '2025-06-30T23:00:00.000Z',
			answeredAt: '2025-06-30T23:00:12.000Z',
			endedAt: '2025-06-30T23:01:35.000Z',
		});
		expect(normalize(naive)).toMatchObject({ startedAt: '2025-07-01T09:00:00.000Z' });
		// Times with an offset do not move.
		expect(normalize(payloads.user_inbound_completed, 'Australia/Sydney').startedAt).toBe(
			START_UTC,
		);
	});

	it('keeps phone numbers sent as numbers as text', () => {
		expect(
			normalize({ ...payloads.user_inbound, caller_id: 61412345678, user_number: 201 }),
		).toMatchObject({
			from: { number: '61412345678' },
			agent: { extension: '201' },
		});
	});

	it('falls back to the dialled number as callee when no user is named', () => {
		expect(normalize({ ...payloads.user_inbound, user_name: '', user_number: '' })).toMatchObject({
			to: { number: DID, name: null },
			agent: { extension: null, name: null },
		});
	});
});

describe('VoIPcloud spelling variants', () => {
	it('maps inbound_call_to_user with from_/to_/exten fields to user_inbound', () => {
		const variant = {
			type: 'inbound_call_to_user',
			unique_call_id: CALL_ID,
			from_number: CALLER,
			from_name: CALLER_NAME,
			exten: USER,
			to_number: DID,
			to_name: USER_NAME,
			start_at: START,
		};
		expect(recogniseVoipcloudEvent(variant)).toEqual({
			selector: 'user_inbound',
			vendorEvent: 'inbound_call_to_user',
		});
		expect(normalize(variant)).toMatchObject({
			event: 'call.ringing',
			vendorEvent: 'inbound_call_to_user',
			direction: 'inbound',
			startedAt: START_UTC,
			occurredAt: START_UTC,
			...inboundParties,
		});
		expect(asCallEvent(variant).event).toBe('call.ringing');
	});

	it.each([
		['user_user_inbound', 'user_inbound', 'call.ringing'],
		['user_user_inbound_answered', 'user_inbound_answered', 'call.answered'],
		['user_user_inbound_completed', 'user_inbound_completed', 'call.ended'],
		['user_inbound_missed', 'user_inbound_completed', 'call.ended'],
		['ringgroup_call', 'ring_group_call', 'call.ended'],
		['recording_user_inbound', 'recording_inbound', 'recording.ready'],
		['recording_user_outbound', 'recording_outbound', 'recording.ready'],
	])('maps %p to %p and keeps the original spelling', (spelling, selector, event) => {
		const payload = { ...payloads[selector as keyof typeof payloads], type: spelling };
		expect(recogniseVoipcloudEvent(payload)).toEqual({ selector, vendorEvent: spelling });
		const fields = normalize(payload);
		expect(fields.event).toBe(event);
		expect(fields.vendorEvent).toBe(spelling);
		expect(asCallEvent(payload).vendorEvent).toBe(spelling);
	});

	it('reads recording_user_inbound as an inbound recording', () => {
		expect(
			normalize({ ...payloads.recording_inbound, type: 'recording_user_inbound' }),
		).toMatchObject({
			direction: 'inbound',
			occurredAt: RECORDED_UTC,
			from: { number: CALLER },
		});
	});

	it('marks user_inbound_missed as missed even without a status', () => {
		const missed = {
			type: 'user_inbound_missed',
			...inbound,
			call_duration: 30,
			conversation_duration: 0,
		};
		expect(normalize(missed)).toMatchObject({
			event: 'call.ended',
			outcome: 'missed',
			waitSec: 30,
		});
	});

	it('ignores case, hyphens and spaces in the type', () => {
		expect(recogniseVoipcloudEvent({ type: 'User-Inbound-Answered' })).toEqual({
			selector: 'user_inbound_answered',
			vendorEvent: 'User-Inbound-Answered',
		});
		expect(recogniseVoipcloudEvent({ type: ' QUEUE CALL ' })).toEqual({
			selector: 'queue_call',
			vendorEvent: 'QUEUE CALL',
		});
	});

	it('reads the type from "event" or "event_type", and keys in any case', () => {
		expect(recogniseVoipcloudEvent({ event: 'voicemail' })?.selector).toBe('voicemail');
		expect(recogniseVoipcloudEvent({ event_type: 'queue_call' })?.selector).toBe('queue_call');
		expect(recogniseVoipcloudEvent({ Type: 'user_outbound' })?.selector).toBe('user_outbound');
	});
});

describe('VoIPcloud unknown events', () => {
	it('does not recognise a type it does not know', () => {
		expect(recogniseVoipcloudEvent({ type: 'user_transfer', unique_call_id: CALL_ID })).toBeNull();
		expect(recogniseVoipcloudEvent({ unique_call_id: CALL_ID })).toBeNull();
		expect(recogniseVoipcloudEvent({ type: '' })).toBeNull();
		expect(recogniseVoipcloudEvent('user_inbound')).toBeNull();
	});

	it('normalizes an unknown type to event "unknown", keeping its name and what it can read', () => {
		const payload = { type: 'user_transfer', ...inbound };
		const fields = normalize(payload);
		expect(fields).toMatchObject({
			event: 'unknown',
			vendorEvent: 'user_transfer',
			direction: 'unknown',
			callId: CALL_ID,
			startedAt: START_UTC,
			occurredAt: null,
			from: { number: CALLER, name: CALLER_NAME },
			durationSec: null,
			outcome: null,
		});
		expect(asCallEvent(payload).event).toBe('unknown');
	});

	it('guesses the direction of an unknown type from its name', () => {
		expect(normalize({ type: 'user_outbound_transferred' }).direction).toBe('outbound');
		expect(normalize({ type: 'recording_inbound_partial' }).direction).toBe('inbound');
	});

	it('normalizes a payload without a type to "unknown" with no vendor event', () => {
		expect(normalize({ caller_id: CALLER })).toMatchObject({ event: 'unknown', vendorEvent: null });
	});

	it('normalizes text to nothing', () => {
		expect(normalize('not an event')).toEqual({});
		expect(asCallEvent('not an event')).toMatchObject({ event: 'unknown', raw: 'not an event' });
	});
});
