import { randomBytes } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import * as kompaasEvents from '../../../nodes/Kompaas/events';
import { registeredSecret } from '../../../nodes/Kompaas/webhookStore';
import { callEventSchema, type CallEvent } from '../../../nodes/shared/callEventSchema';
import { callWebhook } from '../../support/n8nEngine';

const SECRET = randomBytes(24).toString('hex');

function without(data: object, ...keys: string[]): IDataObject {
	return Object.fromEntries(Object.entries(data).filter(([key]) => !keys.includes(key)));
}

async function normalized(body: unknown, parameters: IDataObject = {}): Promise<CallEvent[]> {
	const { result, response } = await callWebhook({
		type: 'kompaasTrigger',
		parameters: { setupMode: 'automatic', events: ['*'], ...parameters },
		staticData: registeredSecret(SECRET) as IDataObject,
		request: { body, headers: { 'x-n8n-webhook-secret': SECRET } },
	});
	expect(response.statusCode).toBeUndefined();
	return (result.workflowData?.[0] ?? []).map((item) => callEventSchema.parse(item.json));
}

async function one(body: unknown): Promise<CallEvent> {
	const events = await normalized(body);
	expect(events).toHaveLength(1);
	return events[0];
}

// The payloads of KOMPaaS's "Create integration using webhooks" article, field for field, with
// its zero placeholders replaced by distinct values so that each mapping can be seen.
const CALL = '7a1-1765978000.5301';
const doc = {
	inboundStart: {
		ivrSchemaId: 4512,
		userEventType: 'VpbxInboundCallStart',
		channel: 'SIP',
		privilege: 'user,all',
		exten: 's',
		channelState: 4,
		callerIdNum: 40000000001,
		systemName: 123,
		dateReceived: 'Yan 01, 2026, 0:00:00 PM',
		context: 'signal-vpbx-inbound-call',
		callerID: 40000000001,
		event: 'VpbxInboundCallStart',
		timestamp: 1765978000,
		callId: CALL,
		linkedId: CALL,
		callerNumber: 40000000001,
		dateReceivedAtUTC: '2026-01-01 00:00:00.721211',
		eventType: 'VpbxInboundCallStart',
		priority: 3,
		accountId: 100001,
		channelStateDesc: 'Ring',
		callerIdName: 431200000000,
		did: 70000000002,
		uniqueId: CALL,
		vpbxId: 5021,
	},
	outgoingStart: {
		originateData: '',
		connectedLineNum: 40000000003,
		userEventType: 'VpbxOutgoingStart',
		channel: 'SIP',
		privilege: 'user,all',
		exten: 's',
		channelState: 0,
		isRedirect: 1,
		callerIdNum: 's',
		systemName: 123,
		dateReceived: 'Yan 01, 2026, 0:00:00 PM',
		context: 'signal-outgoing-call',
		event: 'VpbxOutgoingStart',
		calledNumber: 40000000003,
		timestamp: 1765970000,
		callId: CALL,
		linkedId: CALL,
		connectedLineName: 40000000003,
		dateReceivedAtUTC: '2026-01-01 00:00:00.048139',
		eventType: 'VpbxOutgoingStart',
		internalNumber: 201,
		priority: 11,
		accountId: 100001,
		callback: 0,
		channelStateDesc: 'Down',
		did: 40000000004,
		uniqueId: CALL,
		vpbxId: 5021,
	},
	inboundEnd: {
		ivrSchemaId: 4512,
		userEventType: 'VpbxInboundCallEnd',
		channel: 'SIP',
		privilege: 'user,all',
		transcribationLanguage: '',
		exten: 's',
		channelState: 6,
		duration: 2,
		callerIdNum: 40000000001,
		file: '',
		systemName: 123,
		dateReceived: 'Yan 01, 2026, 0:00:00 PM',
		record: 0,
		InternalNumber: '',
		transcribationProvider: '',
		transcribation: '',
		context: 'signal-vpbx-inbound-call-end',
		schemaBillsec: 0,
		callerID: 40000000001,
		event: 'VpbxInboundCallEnd',
		billsec: 0,
		timestamp: 1765970000,
		callId: CALL,
		linkedId: CALL,
		answered: 0,
		callerNumber: 40000000001,
		dateReceivedAtUTC: '2026-01-01 00:00:00.520961',
		eventType: 'VpbxInboundCallEnd',
		priority: 40,
		firstAnswer: false,
		accountId: 100001,
		durationWaiting: 2,
		queueName: '',
		time: '00:00:00',
		coreUserId: '',
		channelStateDesc: 'Up',
		callerIdName: 40000000001,
		did: 40000000002,
		uniqueId: CALL,
		queue: '',
		vpbxId: 5021,
	},
	outgoingEnd: {
		connectedLineNum: 40000000003,
		userEventType: 'VpbxOutgoingEnd',
		callBack: 0,
		channel: 'SIP',
		privilege: 'user,all',
		transcribationLanguage: '',
		exten: 's',
		channelState: 5,
		answerList: { 201: true },
		duration: 8,
		isRedirect: 1,
		hangupCauseCode: 16,
		callerIdNum: 40000000004,
		file: '20260101-00000-0000-70000000000-000000000000000000000',
		systemName: 123,
		dateReceived: 'Yan 01, 2026, 0:00:00 PM',
		record: 1,
		transcribationProvider: '',
		transcribation: '',
		context: 'signal-outgoing-hangup-handler',
		event: 'VpbxOutgoingEnd',
		calledNumber: 40000000003,
		billsec: 0,
		timestamp: 1765900000,
		callId: CALL,
		linkedId: CALL,
		answered: 0,
		connectedLineName: 40000000003,
		dateReceivedAtUTC: '2026-01-01 00:00:00.432797',
		eventType: 'VpbxOutgoingEnd',
		internalNumber: 201,
		priority: 16,
		firstAnswer: false,
		accountId: 100001,
		durationWaiting: 8,
		coreUserId: '',
		channelStateDesc: 'Ringing',
		did: 40000000004,
		uniqueId: CALL,
		vpbxId: 5021,
	},
	queueLinkStart: {
		linkedid: CALL,
		cid_num: 40000000001,
		eventtime: 1765975061680000,
		peeraccount: '',
		eventType: 'QUEUE_LINK_START',
		exten: 's',
		accountId: 100001,
		userdeftype: 'QUEUE_LINK_START',
		appname: 'CELGenUserEvent',
		userfield: 0,
		cid_rdnis: '',
		peer: '',
		cid_dnid: 40000000002,
		extra: {
			callid: CALL,
			queue_name: 'Name of your queue',
			queue: 700,
			queue_id: 31337,
			scenario_id: 9001,
		},
		cid_ani: 40000000001,
		context: 'queue',
		cid_name: 40000000001,
		channame: 'SIP',
		eventtype: 'QUEUE_LINK_START',
		id: 939970000,
		amaflags: 36,
		accountcode: 100001,
		uniqueid: `${CALL}.2`,
	},
	queueLinkEnd: {
		linkedid: CALL,
		cid_num: 40000000001,
		eventtime: 1765886885800000,
		peeraccount: '',
		eventType: 'QUEUE_LINK_END',
		exten: 'h',
		accountId: 100001,
		userdeftype: 'QUEUE_LINK_END',
		appname: 'CELGenUserEvent',
		userfield: 0,
		cid_rdnis: '',
		peer: '',
		cid_dnid: 40000000002,
		extra: {
			callid: CALL,
			queue_name: 'Name of your queue',
			queue: 700,
			queue_id: 31337,
			scenario_id: 9001,
			status: 'LOST',
		},
		cid_ani: 40000000001,
		context: 'queue',
		cid_name: 40000000001,
		channame: 'SIP',
		eventtype: 'QUEUE_LINK_END',
		id: 9378000000,
		amaflags: 35,
		accountcode: 100001,
		uniqueid: `${CALL}.2`,
	},
	// The article shows this event with eventType "QueueCallEnd", a copy of the next one.
	queueCallStart: {
		callId: CALL,
		queueId: null,
		answered: 0,
		callerNumber: 40000000001,
		dateReceivedAtUTC: '2026-01-01 00:00:00.434168',
		eventType: 'QueueCallStart',
		startGeneralTime: 1765900000,
		internalNumber: 101,
		duration: 45,
		accountId: 100001,
		durationWaiting: 45,
		file: 0,
		queueName: 'Name of your queue',
		record: 0,
		billsec: 0,
		did: 40000000002,
		uniqueID: `${CALL}.3`,
		queue: 700,
		whoAnswered: false,
		timestamp: 17659000000,
		vpbxId: 5021,
	},
	queueCallEnd: {
		callId: CALL,
		queueId: null,
		answered: 0,
		callerNumber: 40000000001,
		dateReceivedAtUTC: '2026-01-01 00:00:00.434168',
		eventType: 'QueueCallEnd',
		startGeneralTime: 1765970000,
		internalNumber: 101,
		duration: 45,
		accountId: 100001,
		durationWaiting: 45,
		file: 0,
		queueName: 'Name of your queue',
		record: 0,
		billsec: 0,
		did: 40000000002,
		uniqueID: `${CALL}.3`,
		queue: 700,
		whoAnswered: false,
		timestamp: 1765970000,
		vpbxId: 5021,
	},
	recordUploadDone: {
		callId: CALL,
		accountId: 100001,
		fileName: '20260101-160000-40000000000-40000000000-000000000000000000000',
		data: {
			callId: CALL,
			fileName: '20260101-160000-40000000000-40000000000-000000000000000000000',
			eventVersion: 2,
			numA: 40000000001,
			type: 'call',
			transcribationLanguage: '',
			eventTs: 17659782000000,
			numB: 40000000003,
			objectType: '',
			accountId: 100001,
			objectNum: '',
			transcribationProvider: '',
			transcribation: 0,
			eventName: 'record_upload_done',
			vpbxId: 5021,
		},
		eventType: 'record_upload_done',
		id: '590bff05-0f9b-4205-8312-1d431d8000000',
		type: 'external_event',
		vpbxId: 5021,
	},
	replica: {
		linkedid: CALL,
		link_uniqueid_term: `${CALL}-1765970000-3`,
		speechkit_id: 12,
		speechkit_dialog_id: 5550001,
		eventType: 'SpeechKitDialog',
		dialog_value: '',
		server_id: 32,
		accountId: 100001,
		vpbx_id: 5021,
		number: 40000000001,
		account_id: 100001,
		dialog_type: 'answer',
		uniqueid: `${CALL}.4`,
		event_time: '2026-01-01T00:00:00.918152Z',
		did: 740000000000,
		vpbxId: 5021,
	},
};

/** The article's outgoing end is a forwarded leg (isRedirect, the caller's number shown); a user's own call shows the extension. */
const ownOutgoingEnd = { ...doc.outgoingEnd, isRedirect: 0, callerIdNum: 201 };

describe('KOMPaaS events: the documented payloads', () => {
	it('offers the 10 documented events in the Events list', () => {
		expect(kompaasEvents.eventCatalogue.events).toHaveLength(10);
		expect(kompaasEvents.eventCatalogue.options.map((option) => option.value).sort()).toEqual(
			[
				'QUEUE_LINK_END',
				'QUEUE_LINK_START',
				'QueueCallEnd',
				'QueueCallStart',
				'SpeechKitDialog',
				'VpbxInboundCallEnd',
				'VpbxInboundCallStart',
				'VpbxOutgoingEnd',
				'VpbxOutgoingStart',
				'record_upload_done',
			].sort(),
		);
	});

	it('VPBX incoming call start → call.started, dateReceivedAtUTC read as UTC, numbers as text', async () => {
		const event = await one(doc.inboundStart);
		expect(event).toMatchObject({
			pbx: 'kompaas',
			event: 'call.started',
			vendorEvent: 'VpbxInboundCallStart',
			callId: CALL,
			legId: CALL,
			direction: 'inbound',
			occurredAt: '2026-01-01T00:00:00.721Z',
			startedAt: '2026-01-01T00:00:00.721Z',
			from: { number: '40000000001', name: null },
			contact: { number: '40000000001', name: null },
			did: '70000000002',
			// Nobody has the call yet: to is the agent.
			to: { number: null, name: null },
			answered: null,
			outcome: null,
		});
		expect(event.eventId).toMatch(/^[0-9a-f]{32}$/);
		expect(event.raw).toEqual(doc.inboundStart);
	});

	it('VPBX outgoing call start → call.started: the agent calls the dialled number, shown the DID', async () => {
		expect(await one(doc.outgoingStart)).toMatchObject({
			event: 'call.started',
			direction: 'outbound',
			occurredAt: '2026-01-01T00:00:00.048Z',
			startedAt: '2026-01-01T00:00:00.048Z',
			from: { number: '201', name: null },
			to: { number: '40000000003', name: null },
			contact: { number: '40000000003', name: null },
			did: '40000000004',
			agent: { extension: '201', name: null },
		});
	});

	it('VPBX incoming call end, not answered → call.ended missed with durations', async () => {
		expect(await one(doc.inboundEnd)).toMatchObject({
			event: 'call.ended',
			direction: 'inbound',
			endedAt: '2026-01-01T00:00:00.520Z',
			startedAt: '2025-12-31T23:59:58.520Z',
			answeredAt: null,
			durationSec: 2,
			talkSec: 0,
			waitSec: 2,
			answered: false,
			outcome: 'missed',
			agent: { extension: null, name: null },
			recording: { url: null, fileName: null },
		});
	});

	it('VPBX outgoing call end of a user’s own call → call.ended with the recording file name', async () => {
		expect(await one(ownOutgoingEnd)).toMatchObject({
			event: 'call.ended',
			direction: 'outbound',
			durationSec: 8,
			talkSec: 0,
			waitSec: 8,
			answered: false,
			outcome: 'noAnswer',
			final: true,
			recording: { url: null, fileName: '20260101-00000-0000-70000000000-000000000000000000000' },
			to: { number: '40000000003', name: null },
			contact: { number: '40000000003', name: null },
		});
	});

	it('VPBX outgoing call end marked isRedirect with the caller’s number shown (the article’s sample) → leg.ended of the forwarded inbound call', async () => {
		// A user's forwarding carries an inbound call out of the PBX to the user's mobile: the
		// number dialled is the user's mobile, not a contact, and the call stays inbound.
		expect(await one(doc.outgoingEnd)).toMatchObject({
			event: 'leg.ended',
			direction: 'inbound',
			answered: false,
			outcome: 'missed',
			final: null,
			agent: { extension: '201', name: null },
			from: { number: '40000000004', name: null },
			contact: { number: '40000000004', name: null },
			to: { number: '201', name: null },
		});
		const start = await one({ ...doc.outgoingStart, callerIdNum: 40000000004 });
		expect(start).toMatchObject({ event: 'call.ringing', direction: 'inbound' });
		expect(start.contact.number).toBe('40000000004');
	});

	it('queue link start (CEL) → queue.entered; eventtime in microseconds; the CEL id is the event id', async () => {
		const event = await one(doc.queueLinkStart);
		expect(event).toMatchObject({
			event: 'queue.entered',
			vendorEvent: 'QUEUE_LINK_START',
			eventId: '939970000',
			callId: CALL,
			legId: `${CALL}.2`,
			direction: 'inbound',
			occurredAt: '2025-12-17T12:37:41.680Z',
			queue: { id: '700', name: 'Name of your queue' },
			from: { number: '40000000001', name: null },
			did: '40000000002',
			outcome: null,
		});
	});

	it('queue link end with status LOST → queue.left, not answered (missed)', async () => {
		expect(await one(doc.queueLinkEnd)).toMatchObject({
			event: 'queue.left',
			eventId: '9378000000',
			occurredAt: '2025-12-16T12:08:05.800Z',
			answered: false,
			outcome: 'missed',
			queue: { id: '700', name: 'Name of your queue' },
		});
	});

	it('one id per queue: its number on queue links, agent calls and the call’s end alike', async () => {
		const ids = await Promise.all(
			[
				doc.queueLinkStart,
				doc.queueCallStart,
				{ ...doc.inboundEnd, queue: 700, queueName: 'Sales' },
			].map(async (body) => (await one(body)).queue),
		);
		expect(ids.map((queue) => queue.id)).toEqual(['700', '700', '700']);
		// An empty name stays empty: the number is never the name.
		expect((await one({ ...doc.queueCallStart, queueName: '' })).queue).toEqual({
			id: '700',
			name: null,
		});
	});

	it('queue call to an agent: start → call.ringing, end → leg.ended (one attempt); uniqueID is the leg', async () => {
		expect(await one(doc.queueCallStart)).toMatchObject({
			event: 'call.ringing',
			vendorEvent: 'QueueCallStart',
			callId: CALL,
			legId: `${CALL}.3`,
			agent: { extension: '101', name: null },
			to: { number: '101', name: null },
			queue: { id: '700', name: 'Name of your queue' },
			occurredAt: '2026-01-01T00:00:00.434Z',
		});
		expect(await one(doc.queueCallEnd)).toMatchObject({
			event: 'leg.ended',
			legId: `${CALL}.3`,
			// startGeneralTime: when the whole call started.
			startedAt: '2025-12-17T11:13:20.000Z',
			durationSec: 45,
			waitSec: 45,
			talkSec: 0,
			answered: false,
			outcome: 'missed',
			agent: { extension: '101', name: null },
		});
	});

	it('the article’s sample of "Starting a call to a subscriber" says QueueCallEnd and is read as such', async () => {
		const asDocumented = { ...doc.queueCallStart, eventType: 'QueueCallEnd' };
		expect((await one(asDocumented)).vendorEvent).toBe('QueueCallEnd');
	});

	it('record_upload_done → recording.ready; its id is the event id; no URL is sent', async () => {
		expect(await one(doc.recordUploadDone)).toMatchObject({
			event: 'recording.ready',
			vendorEvent: 'record_upload_done',
			eventId: '590bff05-0f9b-4205-8312-1d431d8000000',
			callId: CALL,
			legId: null,
			// numA, the calling number, is from outside: the call came in, to numB.
			direction: 'inbound',
			from: { number: '40000000001', name: null },
			contact: { number: '40000000001', name: null },
			did: '40000000003',
			recording: {
				url: null,
				fileName: '20260101-160000-40000000000-40000000000-000000000000000000000',
			},
		});
	});

	it('the article’s 14-digit eventTs reads as the seconds in its first 10 digits', async () => {
		expect((await one(doc.recordUploadDone)).occurredAt).toBe('2025-12-17T13:30:00.000Z');
		const plausible = {
			...doc.recordUploadDone,
			data: { ...doc.recordUploadDone.data, eventTs: 1765978200000 },
		};
		expect((await one(plausible)).occurredAt).toBe('2025-12-17T13:30:00.000Z');
	});

	it('SpeechKitDialog → speech.replica; linkedid is the call, uniqueid the leg', async () => {
		expect(await one(doc.replica)).toMatchObject({
			event: 'speech.replica',
			vendorEvent: 'SpeechKitDialog',
			callId: CALL,
			legId: `${CALL}.4`,
			occurredAt: '2026-01-01T00:00:00.918Z',
			contact: { number: '40000000001', name: null },
			did: '740000000000',
		});
	});
});

describe('KOMPaaS events: Asterisk field details', () => {
	it('callId is the call on every event that has one, so attempts and recordings join it', async () => {
		// Were linkedId read on VPBX events and callId on agent and recording events, a call
		// whose two ids differ would fall apart.
		const withBoth = { linkedId: 'first-channel', callId: 'the-call' };
		const start = await one({ ...doc.inboundStart, ...withBoth });
		const end = await one({ ...doc.inboundEnd, ...withBoth });
		const attempt = await one({ ...doc.queueCallEnd, callId: 'the-call' });
		const link = await one({
			...doc.queueLinkStart,
			linkedid: 'first-channel',
			extra: { ...doc.queueLinkStart.extra, callid: 'the-call' },
		});
		const recording = await one({ ...doc.recordUploadDone, callId: 'the-call' });
		expect([start, end, attempt, link, recording].map((event) => event.callId)).toEqual(
			Array(5).fill('the-call'),
		);
	});

	it('falls back to linkedid on events without a callId (voice robot replicas)', async () => {
		expect((await one(doc.replica)).callId).toBe(CALL);
		expect((await one(without(doc.inboundStart, 'callId'))).callId).toBe(CALL);
	});

	it('a caller name that is only digits is a number, not a name', async () => {
		expect((await one(doc.inboundStart)).from).toEqual({
			number: '40000000001',
			name: null,
			e164: null,
		});
		const named = await one({ ...doc.inboundStart, callerIdName: 'Jane Citizen' });
		expect(named.from).toEqual({ number: '40000000001', name: 'Jane Citizen', e164: null });
		const cel = await one({ ...doc.queueLinkStart, cid_name: '+43 664 1234567' });
		expect(cel.from.name).toBeNull();
	});

	it('reads uniqueId, uniqueID and uniqueid as the leg id', async () => {
		for (const key of ['uniqueId', 'uniqueID', 'uniqueid']) {
			const rest = without(doc.inboundStart, 'uniqueId');
			expect((await one({ ...rest, [key]: 'leg-7' })).legId).toBe('leg-7');
		}
	});

	it('reads the CEL queue id from extra.callid when linkedid is missing', async () => {
		expect((await one(without(doc.queueLinkStart, 'linkedid'))).callId).toBe(CALL);
	});

	it('reads a nested object that a GET webhook sent as JSON text', async () => {
		const flattened = { ...doc.queueLinkEnd, extra: JSON.stringify(doc.queueLinkEnd.extra) };
		expect(await one(flattened)).toMatchObject({
			queue: { id: '700', name: 'Name of your queue' },
			outcome: 'missed',
		});
	});

	it('reads numbers sent as text (GET query) the same as JSON numbers', async () => {
		const asText = Object.fromEntries(
			Object.entries(doc.inboundEnd).map(([key, value]) => [key, String(value)]),
		);
		const fromText = await one(asText);
		const fromJson = await one(doc.inboundEnd);
		expect(without(fromText, 'raw', 'eventId')).toEqual(without(fromJson, 'raw', 'eventId'));
	});

	it.each([
		[16, 'noAnswer'],
		[17, 'busy'],
		[19, 'noAnswer'],
		[21, 'busy'],
		[1, 'failed'],
		[34, 'failed'],
		[999, 'noAnswer'],
		['', 'noAnswer'],
	])(
		'an unanswered outbound call with hang-up cause %p ends %p, answered false',
		async (cause, outcome) => {
			const event = await one({ ...ownOutgoingEnd, hangupCauseCode: cause });
			expect({ answered: event.answered, outcome: event.outcome }).toEqual({
				answered: false,
				outcome,
			});
		},
	);

	it('an unanswered inbound call is missed whatever its cause', async () => {
		for (const cause of [17, 21, 34]) {
			expect((await one({ ...doc.inboundEnd, hangupCauseCode: cause })).outcome).toBe('missed');
		}
	});

	it('answered outbound call with a busy cause is still answered', async () => {
		const answered = { ...ownOutgoingEnd, answered: 1, billsec: 5, durationWaiting: 3 };
		expect(await one(answered)).toMatchObject({
			outcome: 'answered',
			talkSec: 5,
			answeredAt: '2025-12-31T23:59:55.432Z',
		});
	});

	it('recognises spelling variants of event codes and leaves others unknown', () => {
		expect(kompaasEvents.recogniseEvent({ eventType: 'queue_link_start' })).toEqual([
			{ selector: 'QUEUE_LINK_START', vendorEvent: 'queue_link_start' },
		]);
		expect(
			kompaasEvents.recogniseEvent({ userEventType: 'vpbx-inbound-call-end' })[0]?.selector,
		).toBe('VpbxInboundCallEnd');
		expect(
			kompaasEvents.recogniseEvent({ data: { eventName: 'record_upload_done' } })[0]?.selector,
		).toBe('record_upload_done');
		expect(kompaasEvents.recogniseEvent({ eventType: 'SmsIncoming' })).toEqual([]);
		expect(kompaasEvents.recogniseEvent('text')).toEqual([]);
	});

	it('delivers an unknown KOMPaaS event as unknown, with its code as vendorEvent', async () => {
		const event = await one({ eventType: 'SmsIncoming', callId: 'x-1', text: 'hi' });
		expect(event).toMatchObject({ event: 'unknown', vendorEvent: 'SmsIncoming', callId: 'x-1' });
	});

	it('filters on the selected events', async () => {
		expect(await normalized(doc.inboundStart, { events: ['VpbxInboundCallEnd'] })).toEqual([]);
		expect(await normalized(doc.inboundEnd, { events: ['VpbxInboundCallEnd'] })).toHaveLength(1);
	});
});

describe('KOMPaaS events: who answered', () => {
	const attempt = { ...doc.queueCallEnd, internalNumber: 101, answered: 0, billsec: 0 };

	it.each([
		['another agent, by POST (a number)', 102, false],
		['another agent, by GET (a string)', '102', false],
		['this agent, by POST', 101, true],
		['this agent, by GET', '101', true],
		['true', true, true],
		['false', false, false],
	])('an attempt whose whoAnswered names %s is answered: %p', async (_label, who, answered) => {
		const event = await one({ ...attempt, whoAnswered: who });
		expect({ event: event.event, answered: event.answered }).toEqual({
			event: 'leg.ended',
			answered,
		});
	});

	const robot = { ...doc.inboundEnd, answered: 0, billsec: 0, schemaBillsec: 16, duration: 20 };

	it('a call only the call flow took is missed by default (a caller who gave up in the menu)', async () => {
		expect(await one(robot)).toMatchObject({ answered: false, outcome: 'missed', talkSec: 0 });
	});

	it('with Call Flow Answers on, the voice robot’s time makes it answered', async () => {
		const fields = kompaasEvents.normalizeEvent(robot, kompaasEvents.recogniseEvent(robot)[0], {
			timeZone: 'UTC',
			settings: { callFlowAnswers: true },
		});
		expect(fields).toMatchObject({ answered: true, outcome: 'answered', talkSec: 16 });
		const withUser = { ...robot, billsec: 30 };
		expect(
			kompaasEvents.normalizeEvent(withUser, kompaasEvents.recogniseEvent(withUser)[0], {
				timeZone: 'UTC',
				settings: { callFlowAnswers: true },
			}).talkSec,
		).toBe(30);
	});

	it('a recording whose numA is an extension is an outbound call to numB', async () => {
		const outbound = {
			...doc.recordUploadDone,
			data: { ...doc.recordUploadDone.data, numA: 101, numB: 436761112233 },
		};
		expect(await one(outbound)).toMatchObject({
			direction: 'outbound',
			contact: { number: '436761112233', name: null },
			agent: { extension: '101', name: null },
		});
	});
});

describe('KOMPaaS normalizeEvent, event by event', () => {
	const T = 1767261600; // 2026-01-01T10:00:00Z
	const normalizeAs = (data: IDataObject, settings: IDataObject = {}) =>
		kompaasEvents.normalizeEvent(data, kompaasEvents.recogniseEvent(data)[0] ?? null, {
			timeZone: 'UTC',
			settings,
		});
	const leg = {
		eventType: 'VpbxOutgoingStart',
		isRedirect: 1,
		callerIdNum: '40000000001',
		internalNumber: '201',
		calledNumber: '40000000009',
		timestamp: T,
		callId: 'c1',
	};

	it('a forwarded leg’s start rings the inbound call; its end ends the user’s part', () => {
		expect(normalizeAs(leg)).toMatchObject({
			event: 'call.ringing',
			direction: 'inbound',
			from: { number: '40000000001', name: null },
			agent: { extension: '201', name: null },
		});
		expect(normalizeAs(leg).to).toBeUndefined();
		expect(
			normalizeAs({ ...leg, eventType: 'VpbxOutgoingEnd', duration: 30, billsec: 20 }),
		).toMatchObject({ event: 'leg.ended', direction: 'inbound', talkSec: 20, answered: true });
	});

	it('a user’s own outgoing call is an outbound call', () => {
		expect(normalizeAs({ ...leg, isRedirect: 0 })).toMatchObject({
			event: 'call.started',
			direction: 'outbound',
			to: { number: '40000000009', name: null },
			startedAt: '2026-01-01T10:00:00.000Z',
		});
	});

	it('a queue agent’s attempt starts ringing that agent', () => {
		expect(
			normalizeAs({
				eventType: 'QueueCallStart',
				callerNumber: '40000000001',
				internalNumber: '201',
				queue: '5001',
				timestamp: T,
			}),
		).toMatchObject({
			event: 'call.ringing',
			from: { number: '40000000001', name: null },
			agent: { extension: '201', name: null },
			queue: { id: '5001', name: null },
		});
	});

	it('a recording’s file name, at the top or inside data', () => {
		expect(normalizeAs({ eventType: 'record_upload_done', fileName: 'a.mp3' }).recording).toEqual({
			url: null,
			fileName: 'a.mp3',
		});
		expect(
			normalizeAs({ eventType: 'record_upload_done', data: { fileName: 'b.mp3', numA: '201' } }),
		).toMatchObject({ recording: { url: null, fileName: 'b.mp3' }, direction: 'outbound' });
		expect(normalizeAs({ eventType: 'record_upload_done' }).recording).toEqual({
			url: null,
			fileName: null,
		});
	});

	it('Call Flow Answers applies to the inbound end, from the options’ settings', () => {
		const end = { eventType: 'VpbxInboundCallEnd', schemaBillsec: 30, billsec: 0, timestamp: T };
		expect(normalizeAs(end).answered).toBe(false);
		expect(normalizeAs(end, { callFlowAnswers: true }).answered).toBe(true);
		expect(normalizeAs(end, { callFlowAnswers: 'true' }).answered).toBe(false);
		expect(
			normalizeAs({ ...end, eventType: 'VpbxOutgoingEnd' }, { callFlowAnswers: true }).answered,
		).toBe(false);
	});

	it('an event it does not know keeps only what every event has', () => {
		expect(kompaasEvents.recogniseEvent({ eventType: 'Unknown' })).toEqual([]);
		expect(kompaasEvents.recogniseEvent('text')).toEqual([]);
		expect(kompaasEvents.normalizeEvent('text', null, { timeZone: 'UTC' })).toEqual({});
		expect(
			kompaasEvents.normalizeEvent(
				{ eventType: 'Unknown', callId: 'c1', uniqueId: 'u1', timestamp: T },
				null,
				{
					timeZone: 'UTC',
				},
			),
		).toEqual({
			event: 'unknown',
			vendorEvent: 'Unknown',
			callId: 'c1',
			legId: 'u1',
			direction: 'unknown',
			occurredAt: '2026-01-01T10:00:00.000Z',
		});
	});

	it('offers Call Flow Answers as its one mapping option, off by default', () => {
		expect(kompaasEvents.mappingOptions).toEqual([
			expect.objectContaining({ name: 'callFlowAnswers', type: 'boolean', default: false }),
		]);
	});
});
