// How KOMPaaS's fields read (nodes/Kompaas/payload.ts): each parser on its own, one field name at
// a time, so that every name a value may come under is known to count.
import type { IDataObject } from 'n8n-workflow';

import {
	agentAttemptEnd,
	callEnd,
	callIdOf,
	eventTime,
	forwardedLeg,
	inboundCall,
	isForwardedLeg,
	nested,
	outboundCall,
	queueAgentCall,
	queueLink,
	recordingParties,
	vendorEventOf,
} from '../../../nodes/Kompaas/payload';
import { FieldReader } from '../../../nodes/shared/values';

const reader = (fields: IDataObject) => new FieldReader(fields);
const ENDED = '2026-01-01T10:00:00.000Z';

describe('names a value comes under', () => {
	it.each(['eventType', 'userEventType', 'userdeftype', 'event', 'eventName'])(
		'the event code from %s',
		(field) => {
			expect(vendorEventOf(reader({ [field]: 'VpbxInboundCallStart' }))).toBe(
				'VpbxInboundCallStart',
			);
		},
	);

	it('the event code from data.eventName, also as a JSON string', () => {
		expect(vendorEventOf(reader({ data: { eventName: 'QueueCallEnd' } }))).toBe('QueueCallEnd');
		expect(vendorEventOf(reader({ data: '{"eventName":"QueueCallEnd"}' }))).toBe('QueueCallEnd');
		expect(vendorEventOf(reader({ data: 'text' }))).toBeNull();
	});

	it('the call id from callId, extra.callid, the inner callId, then linkedId', () => {
		const inner = reader({ callId: 'inner' });
		const extra = reader({ callid: 'extra' });
		expect(callIdOf(reader({ callId: 'top', linkedId: 'x' }), extra, inner)).toBe('top');
		expect(callIdOf(reader({ linkedId: 'x' }), extra, inner)).toBe('extra');
		expect(callIdOf(reader({ linkedId: 'x' }), null, inner)).toBe('inner');
		expect(callIdOf(reader({ linkedId: 'x' }), null, null)).toBe('x');
		expect(callIdOf(reader({ linkedid: 'y' }), null, null)).toBe('y');
		expect(callIdOf(reader({}), null, null)).toBeNull();
	});

	it.each(['callerNumber', 'callerIdNum', 'callerID'])('an inbound caller from %s', (field) => {
		expect(inboundCall(reader({ [field]: '40000000001' })).from).toEqual({
			number: '40000000001',
			name: null,
		});
	});

	it('an inbound call’s name, DID, user and queue', () => {
		expect(
			inboundCall(
				reader({
					callerNumber: '40000000001',
					callerIdName: 'Ana',
					did: '70000000002',
					internalNumber: '201',
					queue: '5001',
					queueName: 'Sales',
				}),
			),
		).toEqual({
			from: { number: '40000000001', name: 'Ana' },
			did: '70000000002',
			agent: { extension: '201', name: null },
			queue: { id: '5001', name: 'Sales' },
		});
		expect(inboundCall(reader({ InternalNumber: '202' })).agent).toEqual({
			extension: '202',
			name: null,
		});
	});

	it.each(['calledNumber', 'connectedLineNum'])('an outbound call’s number from %s', (field) => {
		expect(
			outboundCall(
				reader({
					[field]: '40000000009',
					connectedLineName: 'Bo',
					did: '7',
					internalNumber: '201',
				}),
			),
		).toEqual({
			to: { number: '40000000009', name: 'Bo' },
			did: '7',
			agent: { extension: '201', name: null },
		});
	});

	it.each(['cid_num', 'cid_ani'])('a queue link’s caller from %s', (field) => {
		expect(queueLink(reader({ [field]: '40000000001', cid_name: 'Ana' }), null).from).toEqual({
			number: '40000000001',
			name: 'Ana',
		});
	});

	it('a queue agent’s call: caller, DID, agent, queue and the whole call’s start', () => {
		expect(
			queueAgentCall(
				reader({
					callerNumber: '40000000001',
					did: '7',
					internalNumber: '201',
					queue: '5001',
					queueName: 'Sales',
					startGeneralTime: '2026-01-01 09:59:00',
				}),
			),
		).toEqual({
			from: { number: '40000000001', name: null },
			did: '7',
			agent: { extension: '201', name: null },
			queue: { id: '5001', name: 'Sales' },
			startedAt: '2026-01-01T09:59:00.000Z',
		});
	});
});

describe('queue links', () => {
	it.each([
		['answered', true],
		['ANSWER', true],
		['connected', true],
		['completed', true],
		['lost', false],
		['abandon', false],
		['abandoned', false],
		['timeout', false],
		['timed_out', false],
		['EXITEMPTY', false],
		['exit_with_timeout', false],
	])('extra.status %s → answered %s', (status, answered) => {
		const link = queueLink(reader({}), reader({ status, queue: '5001', queue_name: 'Sales' }));
		expect(link).toMatchObject({ answered, queue: { id: '5001', name: 'Sales' } });
	});

	it('a link without a known status says no result', () => {
		expect(queueLink(reader({}), reader({ status: 'ringing' })).answered).toBeUndefined();
		expect(queueLink(reader({}), null)).toEqual({
			from: { number: null, name: null },
			did: null,
			queue: { id: null, name: null },
		});
	});
});

describe('forwarded legs', () => {
	const leg = { isRedirect: 1, callerIdNum: '40000000001', internalNumber: '201', did: '7' };

	it('an outgoing leg with isRedirect showing an outside number carries the inbound call', () => {
		expect(isForwardedLeg(reader(leg), 'VpbxOutgoingStart')).toBe(true);
		expect(isForwardedLeg(reader(leg), 'VpbxOutgoingEnd')).toBe(true);
		expect(forwardedLeg(reader(leg))).toEqual({
			from: { number: '40000000001', name: null },
			did: '7',
			agent: { extension: '201', name: null },
		});
	});

	it.each<[string, IDataObject, string]>([
		['another event', leg, 'VpbxInboundCallStart'],
		['no isRedirect', { ...leg, isRedirect: 0 }, 'VpbxOutgoingStart'],
		['an extension shown', { ...leg, callerIdNum: '201' }, 'VpbxOutgoingStart'],
		['a short number shown', { ...leg, callerIdNum: '123456' }, 'VpbxOutgoingStart'],
		['nothing shown', { ...leg, callerIdNum: null }, 'VpbxOutgoingStart'],
		['the user’s own number shown', { ...leg, internalNumber: '40000000001' }, 'VpbxOutgoingEnd'],
		['text around the number', { ...leg, callerIdNum: 'x40000000001' }, 'VpbxOutgoingEnd'],
	])('is not a forwarded leg: %s', (_case, fields, selector) => {
		expect(isForwardedLeg(reader(fields), selector)).toBe(false);
	});
});

describe('recording parties', () => {
	it('an extension calling out', () => {
		expect(recordingParties(reader({ numA: '201', numB: '40000000009' }))).toEqual({
			direction: 'outbound',
			to: { number: '40000000009', name: null },
			agent: { extension: '201', name: null },
		});
	});

	it('an outside caller to a DID, or to an extension', () => {
		expect(recordingParties(reader({ numA: '+40000000001', numB: '70000000002' }))).toEqual({
			direction: 'inbound',
			from: { number: '+40000000001', name: null },
			did: '70000000002',
		});
		expect(recordingParties(reader({ numA: '40000000001', numB: '201' }))).toEqual({
			direction: 'inbound',
			from: { number: '40000000001', name: null },
			agent: { extension: '201', name: null },
		});
		expect(recordingParties(reader({ numA: '40000000001' }))).toMatchObject({
			agent: { extension: null, name: null },
		});
		expect(recordingParties(reader({ numB: '201' }))).toEqual({});
	});
});

describe('ends', () => {
	const at = { occurredAt: ENDED, direction: 'inbound' as const };

	it('a call’s end: start from its duration, answer from its waiting time', () => {
		expect(
			callEnd(reader({ duration: 100, billsec: 60, durationWaiting: 40, file: 'rec.mp3' }), at),
		).toEqual({
			startedAt: '2026-01-01T09:58:20.000Z',
			endedAt: ENDED,
			answeredAt: '2026-01-01T09:59:00.000Z',
			durationSec: 100,
			talkSec: 60,
			waitSec: 40,
			answered: true,
			outcome: 'answered',
			recording: { url: null, fileName: 'rec.mp3' },
		});
	});

	it('a call’s end without a time, duration or waiting time leaves those unknown', () => {
		expect(
			callEnd(reader({ billsec: 60, durationWaiting: 40 }), { direction: 'inbound' }),
		).toMatchObject({
			startedAt: null,
			endedAt: null,
			answeredAt: null,
		});
		expect(callEnd(reader({ billsec: 60 }), at)).toMatchObject({
			startedAt: null,
			answeredAt: null,
		});
		expect(callEnd(reader({ duration: 100, durationWaiting: 40 }), at)).toMatchObject({
			answered: false,
			answeredAt: null,
		});
	});

	it.each([
		[{ answered: true }, true],
		[{ answered: 'true' }, true],
		[{ billsec: 1 }, true],
		[{ billsec: 0 }, false],
		[{}, false],
	])('answered from %o', (fields, answered) => {
		expect(callEnd(reader(fields), at).answered).toBe(answered);
	});

	it.each([
		['0', null],
		['', null],
		['rec.mp3', 'rec.mp3'],
	])('file %s names the recording %s', (file, fileName) => {
		expect(callEnd(reader({ file }), at).recording).toEqual({ url: null, fileName });
	});

	it.each([
		['17', 'busy'],
		['21', 'busy'],
		['1', 'failed'],
		['2', 'failed'],
		['3', 'failed'],
		['27', 'failed'],
		['28', 'failed'],
		['34', 'failed'],
		['38', 'failed'],
		['41', 'failed'],
		['42', 'failed'],
		['16', 'noAnswer'],
	])('an outgoing call not answered, hang-up cause %s → %s', (hangupCauseCode, outcome) => {
		expect(callEnd(reader({ hangupCauseCode }), { ...at, direction: 'outbound' }).outcome).toBe(
			outcome,
		);
	});

	it('Call Flow Answers counts the flow’s time only when no user talked and the option is on', () => {
		expect(callEnd(reader({ schemaBillsec: 30, billsec: 0 }), at)).toMatchObject({
			answered: false,
			talkSec: 0,
		});
		expect(callEnd(reader({ schemaBillsec: 30, billsec: 0 }), at, true)).toMatchObject({
			answered: true,
			talkSec: 30,
		});
		expect(callEnd(reader({ schemaBillsec: 0, billsec: 0 }), at, true).answered).toBe(false);
		expect(callEnd(reader({ schemaBillsec: 30, billsec: 12 }), at, true).talkSec).toBe(12);
	});

	it('an agent’s attempt: answered from talk time, its own durations', () => {
		expect(agentAttemptEnd(reader({ billsec: 20, duration: 35, durationWaiting: 15 }), at)).toEqual(
			{
				endedAt: ENDED,
				answeredAt: '2026-01-01T09:59:40.000Z',
				durationSec: 35,
				talkSec: 20,
				waitSec: 15,
				answered: true,
				outcome: 'answered',
			},
		);
		expect(agentAttemptEnd(reader({ duration: 35 }), at)).toMatchObject({
			answered: false,
			answeredAt: null,
			outcome: 'missed',
		});
		expect(agentAttemptEnd(reader({ answered: 1 }), at)).toMatchObject({
			answered: true,
			answeredAt: null,
		});
		expect(agentAttemptEnd(reader({ billsec: 20 }), {})).toMatchObject({ endedAt: null });
	});

	it.each<[IDataObject, boolean]>([
		[{ internalNumber: '201', whoAnswered: 201 }, true],
		[{ internalNumber: '201', whoAnswered: '201' }, true],
		[{ internalNumber: '201', whoAnswered: '202' }, false],
		[{ internalNumber: '201', whoAnswered: true }, true],
		[{ internalNumber: '201', whoAnswered: false }, false],
		[{ whoAnswered: '202' }, false],
	])('an attempt with %o was answered: %s', (fields, answered) => {
		expect(agentAttemptEnd(reader(fields), at).answered).toBe(answered);
	});
});

describe('event times', () => {
	it.each<[IDataObject, string | null]>([
		[{ dateReceivedAtUTC: '2026-01-01 10:00:00.721211', timestamp: 1 }, '2026-01-01T10:00:00.721Z'],
		[{ eventtime: '1767261600000000' }, '2026-01-01T10:00:00.000Z'],
		[{ event_time: '2026-01-01T10:00:00Z' }, '2026-01-01T10:00:00.000Z'],
		[{ timestamp: 1767261600 }, '2026-01-01T10:00:00.000Z'],
		[
			{ dateReceivedAtUTC: '1999-12-31 23:59:59', timestamp: 1767261600 },
			'2026-01-01T10:00:00.000Z',
		],
		[{ timestamp: '2000-01-01 00:00:00' }, '2000-01-01T00:00:00.000Z'],
		[{ timestamp: '2099-12-31 23:59:59' }, '2099-12-31T23:59:59.000Z'],
		[{ timestamp: '2100-01-01 00:00:00' }, null],
		[{}, null],
	])('from %o', (fields, time) => {
		expect(eventTime(reader(fields), null)).toBe(time);
	});

	it('a recording’s eventTs', () => {
		expect(eventTime(reader({}), reader({ eventTs: 1767261600 }))).toBe('2026-01-01T10:00:00.000Z');
	});
});

describe('nested', () => {
	it('reads an object, or JSON text of an object, and nothing else', () => {
		expect(nested(reader({ data: { a: 1 } }), 'data')?.value('a')).toBe(1);
		expect(nested(reader({ data: ' {"a":1}' }), 'data')?.value('a')).toBe(1);
		expect(nested(reader({ data: '{"a":' }), 'data')).toBeNull();
		expect(nested(reader({ data: '{} ' }), 'data')).not.toBeNull();
		expect(nested(reader({ data: 'null' }), 'data')).toBeNull();
		expect(nested(reader({ data: '[1]' }), 'data')).toBeNull();
		expect(nested(reader({}), 'data')).toBeNull();
	});
});
