import type { IDataObject } from 'n8n-workflow';

import { buildCallEvent, type CallEventFields } from '../../../nodes/shared/callEvent';
import { callEventSchema, type CallEvent } from '../../../nodes/shared/callEventSchema';
import * as voipcloudEvents from '../../../nodes/Voipcloud/events';

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

const RECEIVED = '2025-12-17T02:00:00.000Z';
const noTimes = { startedAt: null, answeredAt: null, endedAt: null };
const noResult = {
	answered: null,
	outcome: null,
	final: null,
	durationSec: null,
	talkSec: null,
	waitSec: null,
	transfer: null,
};
const noPlace = { queue: { id: null, name: null }, ringGroup: { name: null } };
const noRecording = { recording: { url: null, fileName: null } };
const nobody = { number: null, name: null, e164: null };
const caller = { number: CALLER, name: CALLER_NAME, e164: null };
const dialled = { number: DIALLED, name: null, e164: null };
const user = { number: USER, name: USER_NAME, e164: null };
const agent = { extension: USER, name: USER_NAME };
/** Inbound: the caller calls the user; outbound: the user calls the number dialled. */
const inboundParties = { from: caller, to: user, contact: caller, did: DID, agent };
const outboundParties = { from: user, to: dialled, contact: dialled, did: DID, agent };
const ended = {
	startedAt: START_UTC,
	answeredAt: CONNECTED_UTC,
	endedAt: ENDED_UTC,
	occurredAt: ENDED_UTC,
	answered: true,
	outcome: 'answered' as const,
	final: true,
	durationSec: 95,
	talkSec: 83,
	waitSec: 12,
	transfer: null,
};

/** The normalized event each documented type gives, every field of it but pbx, eventId and raw. */
const expected: Record<
	keyof typeof payloads,
	Omit<CallEvent, 'pbx' | 'eventId' | 'raw' | 'vendorEvent' | 'callId' | 'legId' | 'parseError'>
> = {
	user_inbound: {
		event: 'call.ringing',
		direction: 'inbound',
		...noTimes,
		startedAt: START_UTC,
		occurredAt: START_UTC,
		...inboundParties,
		queue: { id: null, name: 'Sales Queue' },
		ringGroup: { name: null },
		...noResult,
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
		...noResult,
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
		...noResult,
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
		...noResult,
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
		from: { number: CALLER, name: null, e164: null },
		to: nobody,
		contact: { number: CALLER, name: null, e164: null },
		did: DID,
		agent: { extension: null, name: null },
		...noPlace,
		...noResult,
		...noRecording,
	},
	recording_inbound: {
		event: 'recording.ready',
		direction: 'inbound',
		...noTimes,
		occurredAt: RECORDED_UTC,
		from: { number: CALLER, name: null, e164: null },
		to: nobody,
		contact: { number: CALLER, name: null, e164: null },
		did: DID,
		agent: { extension: null, name: null },
		...noPlace,
		...noResult,
		...noRecording,
	},
	recording_outbound: {
		event: 'recording.ready',
		direction: 'outbound',
		...noTimes,
		occurredAt: RECORDED_UTC,
		...outboundParties,
		...noPlace,
		...noResult,
		...noRecording,
	},
	webhook_component_event: {
		event: 'flow.webhook',
		direction: 'inbound',
		...noTimes,
		startedAt: START_UTC,
		// The webhook object fires mid-call: no time in the payload says when; n8n's time of receipt.
		occurredAt: RECEIVED,
		from: caller,
		to: nobody,
		contact: caller,
		did: DID,
		agent: { extension: null, name: null },
		...noPlace,
		...noResult,
		...noRecording,
	},
};

/** The payload's own event (for a voicemail: the voicemail, not the call's end it also gives). */
function normalize(data: IDataObject | string, timeZone = 'UTC'): CallEventFields {
	const events = voipcloudEvents.recogniseEvent(data);
	const event = events.find((candidate) => candidate.event === undefined) ?? events[0];
	return voipcloudEvents.normalizeEvent(data, event ?? null, { timeZone });
}

/** The event as the trigger emits it (the shared rules applied), validated by the schema. */
function asCallEvent(data: IDataObject | string, timeZone = 'UTC'): CallEvent {
	return callEventSchema.parse(
		buildCallEvent('voipcloud', normalize(data, timeZone), {
			eventId: 'test-event',
			receivedAt: RECEIVED,
			raw: data,
		}),
	);
}

const TYPES = Object.keys(payloads) as Array<keyof typeof payloads>;

describe('VoIPcloud event catalogue', () => {
	it('offers exactly the 12 documented types in the Events list', () => {
		expect(voipcloudEvents.eventCatalogue.options.map((option) => option.value).sort()).toEqual(
			[...TYPES].sort(),
		);
		for (const option of voipcloudEvents.eventCatalogue.options) {
			expect(option.name).not.toBe('');
			expect(option.description).not.toBe('');
		}
	});

	it('lists the events sorted by name', () => {
		const names = voipcloudEvents.eventCatalogue.options.map((option) => option.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	});
});

describe.each(TYPES)('VoIPcloud %s', (type) => {
	const payload = payloads[type];

	it('is recognised as its own selector', () => {
		expect(voipcloudEvents.recogniseEvent(payload)).toContainEqual({
			selector: type,
			vendorEvent: type,
		});
	});

	it('gives the expected call event, every field', () => {
		expect(asCallEvent(payload)).toEqual({
			pbx: 'voipcloud',
			vendorEvent: type,
			eventId: 'test-event',
			callId: CALL_ID,
			legId: null,
			...expected[type],
			parseError: null,
			raw: payload,
		});
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

	it('marks an unanswered outbound completion as noAnswer, not missed', () => {
		expect(
			normalize({
				...payloads.user_outbound_completed,
				connected_at: null,
				call_duration: 25,
				conversation_duration: 0,
			}),
		).toMatchObject({ direction: 'outbound', outcome: 'noAnswer', waitSec: 25 });
	});

	it.each([
		['answered', true, 'answered'],
		['abandoned', false, 'missed'],
		['timedout', false, 'missed'],
		['Abandoned', false, 'missed'],
		['TIMEDOUT', false, 'missed'],
		['timed_out', false, 'missed'],
		['busy', false, 'missed'],
		['failed', false, 'missed'],
	])(
		'a queue or ring group status %p ends the call answered %p, %p',
		(status, answered, outcome) => {
			// One vocabulary: a call nobody answered is missed on every PBX; busy and failed are
			// for outbound calls only.
			for (const payload of [payloads.queue_call, payloads.ring_group_call]) {
				const unanswered =
					status === 'answered' ? {} : { connected_at: '', conversation_duration: 0 };
				expect(asCallEvent({ ...payload, ...unanswered, status })).toMatchObject({
					event: 'call.ended',
					answered,
					outcome,
				});
			}
		},
	);

	it('reads busy and failed on an outbound call', () => {
		const unanswered = {
			...payloads.user_outbound_completed,
			connected_at: '',
			conversation_duration: 0,
		};
		expect(asCallEvent({ ...unanswered, status: 'busy' }).outcome).toBe('busy');
		expect(asCallEvent({ ...unanswered, status: 'failed' }).outcome).toBe('failed');
		expect(asCallEvent(unanswered).outcome).toBe('noAnswer');
	});

	it('an unanswered queue call has no agent and nobody as the callee', () => {
		const abandoned = {
			...payloads.queue_call,
			user_name: '',
			user_number: '',
			connected_at: '',
			call_duration: 40,
			conversation_duration: 0,
			status: 'abandoned',
		};
		expect(asCallEvent(abandoned)).toMatchObject({
			answered: false,
			outcome: 'missed',
			durationSec: 40,
			talkSec: 0,
			waitSec: 40,
			agent: { extension: null, name: null },
			to: { number: null, name: null, e164: null },
			did: DID,
		});
		// Nor the user a summary might still name: nobody took the call.
		expect(asCallEvent({ ...abandoned, user_number: USER }).agent.extension).toBeNull();
	});

	it('reads a status it does not know from the answer time and talk time, never as no outcome', () => {
		expect(asCallEvent({ ...payloads.queue_call, status: 'transferred' })).toMatchObject({
			answered: true,
			outcome: 'answered',
		});
		expect(
			asCallEvent({
				...payloads.queue_call,
				status: 'overflowed',
				connected_at: '',
				conversation_duration: 0,
			}),
		).toMatchObject({ answered: false, outcome: 'missed' });
	});

	it('a user’s completion ends the call when the call came straight to the user', () => {
		expect(asCallEvent(payloads.user_inbound_completed)).toMatchObject({
			event: 'call.ended',
			answered: true,
		});
	});

	it.each([
		['queue_name', 'Sales Queue'],
		['ring_group_name', 'Reception'],
	])(
		'a user’s completion with %s is that user’s part (leg.ended), not the call',
		(field, value) => {
			const leg = asCallEvent({ ...payloads.user_inbound_completed, [field]: value });
			expect(leg).toMatchObject({
				event: 'leg.ended',
				answered: true,
				outcome: 'answered',
				agent: { extension: USER, name: USER_NAME },
			});
			// A leg keeps its own id; only the call's end shares one per call.
			expect(leg.eventId).toBe('test-event');
			const missed = asCallEvent({
				...payloads.user_inbound_completed,
				[field]: value,
				connected_at: '',
				conversation_duration: 0,
			});
			expect(missed).toMatchObject({
				event: 'leg.ended',
				answered: false,
				outcome: 'missed',
				agent: { extension: USER, name: USER_NAME },
			});
		},
	);

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
			const fields = asCallEvent({ ...payloads[type], ...durations, status: 'answered' });
			expect(fields).toMatchObject({
				answered: null,
				durationSec: null,
				talkSec: null,
				waitSec: null,
				outcome: null,
				final: null,
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

	it('without a user named, nobody is the callee; did keeps the number dialled', () => {
		expect(asCallEvent({ ...payloads.user_inbound, user_name: '', user_number: '' })).toMatchObject(
			{
				to: { number: null, name: null, e164: null },
				did: DID,
				agent: { extension: null, name: null },
			},
		);
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
		expect(voipcloudEvents.recogniseEvent(variant)).toEqual([
			{
				selector: 'user_inbound',
				vendorEvent: 'inbound_call_to_user',
			},
		]);
		expect(asCallEvent(variant)).toMatchObject({
			event: 'call.ringing',
			vendorEvent: 'inbound_call_to_user',
			direction: 'inbound',
			startedAt: START_UTC,
			occurredAt: START_UTC,
			...inboundParties,
		});
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
		expect(voipcloudEvents.recogniseEvent(payload)).toEqual([{ selector, vendorEvent: spelling }]);
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
		expect(voipcloudEvents.recogniseEvent({ type: 'User-Inbound-Answered' })).toEqual([
			{
				selector: 'user_inbound_answered',
				vendorEvent: 'User-Inbound-Answered',
			},
		]);
		expect(voipcloudEvents.recogniseEvent({ type: ' QUEUE CALL ' })).toEqual([
			{
				selector: 'queue_call',
				vendorEvent: 'QUEUE CALL',
			},
		]);
	});

	it('reads the type from "event" or "event_type", and keys in any case', () => {
		expect(voipcloudEvents.recogniseEvent({ event: 'voicemail' })[0]?.selector).toBe('voicemail');
		expect(voipcloudEvents.recogniseEvent({ event_type: 'queue_call' })[0]?.selector).toBe(
			'queue_call',
		);
		expect(voipcloudEvents.recogniseEvent({ Type: 'user_outbound' })[0]?.selector).toBe(
			'user_outbound',
		);
	});
});

describe('VoIPcloud unknown events', () => {
	it('does not recognise a type it does not know', () => {
		expect(
			voipcloudEvents.recogniseEvent({ type: 'user_transfer', unique_call_id: CALL_ID }),
		).toEqual([]);
		expect(voipcloudEvents.recogniseEvent({ unique_call_id: CALL_ID })).toEqual([]);
		expect(voipcloudEvents.recogniseEvent({ type: '' })).toEqual([]);
		expect(voipcloudEvents.recogniseEvent('user_inbound')).toEqual([]);
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
		});
		expect(asCallEvent(payload)).toMatchObject({
			event: 'unknown',
			durationSec: null,
			outcome: null,
		});
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

describe('VoIPcloud: calls the call flow sends on', () => {
	const items = (data: IDataObject) =>
		voipcloudEvents.recogniseEvent(data).map((event) =>
			callEventSchema.parse(
				buildCallEvent(
					'voipcloud',
					voipcloudEvents.normalizeEvent(data, event, { timeZone: 'UTC' }),
					{
						eventId: 'test-event',
						receivedAt: RECEIVED,
						raw: data,
					},
				),
			),
		);

	it('a voicemail ends the call too: a caller sent straight to a voicemail is logged, missed', () => {
		const [end, voicemail] = items(payloads.voicemail);
		expect(end).toMatchObject({
			event: 'call.ended',
			direction: 'inbound',
			answered: false,
			outcome: 'missed',
			final: true,
			contact: { number: CALLER, name: null },
			did: DID,
			agent: { extension: null, name: null },
			endedAt: RECORDED_UTC,
			occurredAt: RECORDED_UTC,
		});
		expect(voicemail.event).toBe('voicemail.received');
		expect(voipcloudEvents.recogniseEvent(payloads.voicemail)).toEqual([
			{ selector: 'voicemail', vendorEvent: 'voicemail', event: 'call.ended' },
			{ selector: 'voicemail', vendorEvent: 'voicemail' },
		]);
	});

	const unanswered = { connected_at: '', conversation_duration: 0 };
	it.each([
		['an answered completion', payloads.user_inbound_completed, true],
		[
			'an unanswered completion (a forward or a voicemail may follow)',
			{ ...payloads.user_inbound_completed, ...unanswered },
			false,
		],
		[
			'a ring group that timed out (it may fail over)',
			{ ...payloads.ring_group_call, ...unanswered, status: 'timedout' },
			false,
		],
		[
			'a queue that timed out',
			{ ...payloads.queue_call, ...unanswered, status: 'timedout' },
			false,
		],
		[
			'a caller who hung up in a queue',
			{ ...payloads.queue_call, ...unanswered, status: 'abandoned' },
			true,
		],
		['an answered queue call', payloads.queue_call, true],
		['an unanswered outbound call', { ...payloads.user_outbound_completed, ...unanswered }, true],
	])('%s: final %p', (_label, payload, final) => {
		expect(items(payload as IDataObject)[0]).toMatchObject({ event: 'call.ended', final });
	});

	it('user → user forwarding: two ends with one id, the answered one last and final', () => {
		const first = items({ ...payloads.user_inbound_completed, ...unanswered, queue_name: '' });
		const second = items({ ...payloads.user_inbound_completed, user_number: '102' });
		expect([first[0].final, second[0].final]).toEqual([false, true]);
		expect([first[0].outcome, second[0].outcome]).toEqual(['missed', 'answered']);
		expect(second[0].agent.extension).toBe('102');
	});

	it('a CNAM that is only a number is no name, as on the other PBXs', () => {
		const event = items({ ...payloads.user_inbound_completed, caller_name: '+61 2 9876 5432' })[0];
		expect(event.from).toEqual({ number: CALLER, name: null, e164: null });
		expect(event.contact.name).toBeNull();
	});
});

describe('VoIPcloud field names: every name a field is read from counts', () => {
	const completion = { type: 'user_inbound_completed', unique_call_id: CALL_ID };

	it.each([
		['queue_name', { queue: { id: null, name: 'Sales' } }],
		['queue', { queue: { id: null, name: 'Sales' } }],
		['ring_group_name', { ringGroup: { name: 'Sales' } }],
		['ringgroup_name', { ringGroup: { name: 'Sales' } }],
	])('a completion naming its %s is the user’s part of the call (leg.ended)', (field, place) => {
		const event = normalize({ ...completion, [field]: 'Sales' });
		expect(event).toMatchObject({ event: 'leg.ended', ...place });
		expect(event.final).toBeUndefined();
		expect(normalize(completion)).toMatchObject({ event: 'call.ended' });
	});

	it.each(['unique_call_id', 'uniquecallid', 'call_id'])('the call id from %s', (field) => {
		expect(normalize({ type: 'user_inbound', [field]: CALL_ID }).callId).toBe(CALL_ID);
	});

	it.each([
		['call_start_at', 'startedAt', START, START_UTC],
		['start_at', 'startedAt', START, START_UTC],
		['started_at', 'startedAt', START, START_UTC],
		['connected_at', 'answeredAt', CONNECTED, CONNECTED_UTC],
		['answered_at', 'answeredAt', CONNECTED, CONNECTED_UTC],
		['call_duration', 'durationSec', '95', 95],
		['duration', 'durationSec', '95', 95],
		['conversation_duration', 'talkSec', '83', 83],
		['talk_duration', 'talkSec', '83', 83],
	])('%s is read as %s', (field, key, value, read) => {
		expect(normalize({ type: 'queue_call', [field]: value })[key as keyof CallEventFields]).toBe(
			read,
		);
	});

	it.each(['call_recording_link', 'recording_url'])('the recording URL from %s', (field) => {
		const url = 'https://pbx.example/rec/1.mp3';
		expect(normalize({ type: 'recording_inbound', [field]: url }).recording).toEqual({
			url,
			fileName: null,
		});
	});

	it.each(['user_number', 'exten', 'extension'])('the user’s extension from %s', (field) => {
		expect(normalize({ type: 'user_inbound', [field]: USER }).agent).toEqual({
			extension: USER,
			name: null,
		});
	});

	it.each([
		[{ user_number: CALLER, user_name: CALLER_NAME }],
		[{ caller_id: CALLER, caller_name: CALLER_NAME }],
		[{ callerid: CALLER, caller_name: CALLER_NAME }],
	])('a component event’s caller from %o', (fields) => {
		expect(normalize({ type: 'webhook_component_event', ...fields }).from).toEqual({
			number: CALLER,
			name: CALLER_NAME,
		});
	});

	it.each(['type', 'event', 'event_type'])(
		'the vendor event from %s, unrecognised too',
		(field) => {
			expect(
				voipcloudEvents.normalizeEvent({ [field]: 'user_inbound' }, null, { timeZone: 'UTC' }),
			).toMatchObject({
				vendorEvent: 'user_inbound',
				direction: 'inbound',
			});
		},
	);

	it('reads the documented spellings of a type as that type', () => {
		const selectorOf = (type: string) => voipcloudEvents.recogniseEvent({ type })[0]?.selector;
		expect(selectorOf('ringgroup_call')).toBe('ring_group_call');
		expect(selectorOf('user_outbound_missed')).toBe('user_outbound_completed');
		expect(selectorOf('user_inbound_missed')).toBe('user_inbound_completed');
		expect(selectorOf('user_user_outbound')).toBe('user_outbound');
		expect(selectorOf('recording_user_inbound')).toBe('recording_inbound');
	});

	it('has no mapping option of its own', () => {
		expect(voipcloudEvents.mappingOptions).toEqual([]);
	});
});

describe('VoIPcloud end results from status, type and times', () => {
	const end = (fields: IDataObject) => normalize({ type: 'queue_call', ...fields });

	it.each([
		['answered', true],
		['Completed', true],
		['abandoned', false],
		['timedout', false],
		['Timed Out', false],
		['timeout', false],
		['missed', false],
		['no_answer', false],
		['unanswered', false],
	])('status %s → answered %s, whatever the talk time', (status, answered) => {
		const event = end({
			status,
			conversation_duration: answered ? 0 : 30,
			connected_at: answered ? null : CONNECTED,
		});
		expect(event.answered).toBe(answered);
		expect(event.outcome).toBe(answered ? 'answered' : 'missed');
	});

	it('an outbound missed type is not answered, whatever its talk time', () => {
		const event = normalize({
			type: 'user_outbound_missed',
			conversation_duration: 12,
			connected_at: CONNECTED,
		});
		expect(event).toMatchObject({ answered: false, outcome: 'noAnswer' });
	});

	it('without a status, an answer time or talk time says answered', () => {
		expect(end({ connected_at: CONNECTED }).answered).toBe(true);
		expect(end({ conversation_duration: 1 }).answered).toBe(true);
		expect(end({ conversation_duration: 0 }).answered).toBe(false);
		expect(end({}).answered).toBe(false);
	});

	it('waits the duration less the talk time, or from start to answer', () => {
		expect(end({ call_duration: 100, conversation_duration: 30 }).waitSec).toBe(70);
		expect(end({ call_duration: 30, conversation_duration: 30 }).waitSec).toBe(0);
		const times = { call_start_at: START, connected_at: CONNECTED };
		expect(end({ ...times, call_duration: 20, conversation_duration: 30 }).waitSec).toBe(12);
		expect(end({ ...times, call_duration: 20 }).waitSec).toBe(12);
		expect(end({ ...times, conversation_duration: 20 }).waitSec).toBe(12);
	});

	it('keeps only http and https recording links', () => {
		const urlOf = (link: string) => end({ call_recording_link: link }).recording?.url;
		expect(urlOf('http://pbx.example/r.mp3')).toBe('http://pbx.example/r.mp3');
		expect(urlOf('HTTPS://pbx.example/r.mp3')).toBe('HTTPS://pbx.example/r.mp3');
		expect(urlOf('ftp://pbx.example/r.mp3')).toBeNull();
		expect(urlOf('see https://pbx.example/r.mp3')).toBeNull();
	});
});
