import type { IDataObject } from 'n8n-workflow';

import { buildCallEvent } from '../../../nodes/shared/callEvent';
import { callEventSchema, type CallEvent } from '../../../nodes/shared/callEventSchema';
import { readPayloads } from '../../../nodes/shared/intake';
import * as threeCxEvents from '../../../nodes/ThreeCx/events';
import { splitId } from '../../../nodes/ThreeCx/payload';
import { DOC_TABLES } from '../../fixtures/threeCxDocSamples';

const RECEIVED = '2026-01-01T00:00:00.000Z';

/** A doc sample as the trigger gets it: JSON or a bare URL POSTed, or a GET query string. */
function payloadOf(text: string) {
	if (text.startsWith('{') || text.startsWith('http')) {
		const contentType = text.startsWith('{') ? 'application/json' : 'text/plain';
		return readPayloads({ contentType, rawBody: Buffer.from(text), body: {}, query: {} });
	}
	const query = Object.fromEntries(new URLSearchParams(text));
	return readPayloads({ contentType: undefined, rawBody: undefined, body: {}, query });
}

/** Every event one payload carries, as the trigger emits them. */
function normalizeAll(data: IDataObject | string, timeZone = 'UTC'): CallEvent[] {
	const recognised = threeCxEvents.recogniseEvent(data);
	return (recognised.length === 0 ? [null] : recognised).map((event) =>
		callEventSchema.parse(
			buildCallEvent('3cx', threeCxEvents.normalizeEvent(data, event, { timeZone }), {
				eventId: 'x',
				receivedAt: RECEIVED,
				raw: data,
			}),
		),
	);
}

/** The one event a payload carries. */
function normalize(data: IDataObject | string, timeZone = 'UTC'): CallEvent {
	const events = normalizeAll(data, timeZone);
	expect(events).toHaveLength(1);
	return events[0];
}

function fromDoc(text: string): CallEvent {
	const payloads = payloadOf(text);
	expect(payloads).toHaveLength(1);
	expect(payloads[0].parseError).toBeNull();
	return normalize(payloads[0].data);
}

const CALLER = '05552221133';
/** The PBX user on the event: `agent`, and `to` on an inbound call. */
const ext = (extension: string | null) => ({ agent: { extension, name: null } });
const inboundUser = (extension: string | null) => ({
	...ext(extension),
	to: { number: extension, name: null },
});
/** An IVR or a queue is not a user: while the call rings there, nobody has it. */
const ringAt = (callId: string, user: string, type: 'other' | 'queue' | 'ext', legId = '0') => {
	const common = { callId, legId, direction: 'inbound' };
	if (type === 'queue')
		return {
			event: 'queue.entered',
			...common,
			queue: { id: user, name: null },
			...inboundUser(null),
		};
	return { event: 'call.ringing', ...common, ...inboundUser(type === 'ext' ? user : null) };
};
const answered = (callId: string, user: string, legId: string, transfer: string | null = null) => ({
	event: 'call.answered',
	callId,
	legId,
	direction: 'inbound',
	from: { number: CALLER, name: null },
	...inboundUser(user),
	transfer,
});
/**
 * An incoming end event: the end of the call, or with Transfer "True" the end of the leg that
 * transferred it. A missed call's end names its last destination, but nobody took the call.
 */
const ended = (
	callId: string,
	user: string,
	legId: string,
	talkSec: number | null,
	transfer: string | null = null,
) => ({
	event: transfer === null ? 'call.ended' : 'leg.ended',
	callId,
	legId,
	direction: 'inbound',
	answered: talkSec !== null,
	outcome: talkSec === null ? 'missed' : 'answered',
	talkSec: talkSec ?? 0,
	durationSec: null,
	waitSec: null,
	transfer,
	contact: { number: CALLER, name: null },
	...inboundUser(talkSec === null ? null : user),
});
/** K2M's recording event names the external party and the user, but not the direction. */
const recording = (callId: string, legId: string, user: string | null, host = 'FQDN') => ({
	event: 'recording.ready',
	callId,
	legId,
	direction: 'unknown',
	recording: {
		url: `https://${host}:5001/webapi/recording/${callId}-${legId}-1.mp3`,
		fileName: `${callId}-${legId}-1.mp3`,
	},
	from: { number: null, name: null },
	to: { number: null, name: null },
	contact: { number: user === null ? null : CALLER, name: null },
	...ext(user),
});
const dialing = (callId: string, user = '117', number = CALLER) => ({
	event: 'call.started',
	callId,
	legId: '0',
	direction: 'outbound',
	from: { number: user, name: null },
	to: { number, name: null },
	...ext(user),
});
const outbound = (
	event: 'call.answered' | 'call.ended',
	callId: string,
	legId: string,
	extra: Record<string, unknown> = {},
) => ({ event, callId, legId, direction: 'outbound', ...ext('117'), ...extra });

/** What each doc sample becomes, row by row (the doc's own Ids, copy slips included). */
const EXPECTED: Record<string, Array<Record<string, unknown>>> = {
	'inbound-queue-answered': [
		ringAt('230307114903_10', '800', 'other'),
		ringAt('230307114903_10', '820', 'queue'),
		ringAt('230307114903_10', '202', 'ext'),
		answered('230307114903_10', '202', '1'),
		ended('230307140234_35', '202', '1', 6),
		recording('230307140234_35', '1', '202'),
	],
	'attended-transfer': [
		ringAt('230307142318_40', '800', 'other'),
		ringAt('230307142318_40', '820', 'queue'),
		ringAt('230307142318_40', '117', 'ext'),
		answered('230307142318_40', '117', '1'),
		answered('230307142318_40', '204', '2', 'attended'),
		ringAt('230307142318_40', '204', 'ext', '1'),
		ended('230307142318_40', '117', '1', 14, 'attended'),
		ended('230307142318_40', '204', '2', 6),
		recording('230307142318_40', '2', '204'),
		recording('230307142318_40', '1', '117'),
	],
	'blind-transfer': [
		ringAt('230307144544_42', '800', 'other'),
		ringAt('230307144544_42', '820', 'queue'),
		ringAt('230307144544_42', '117', 'ext'),
		answered('230307144544_42', '117', '1'),
		ringAt('230307144544_42', '204', 'ext', '1'),
		answered('230307144544_42', '204', '2', 'blind'),
		ended('230307144544_42', '204', '2', 4),
		recording('230307144544_42', '2', '204'),
		recording('230307144544_42', '1', '117'),
	],
	'inbound-queue-missed': [
		ringAt('230307115339_12', '800', 'other'),
		ringAt('230307115339_12', '820', 'queue'),
		ringAt('230307115339_12', '202', 'ext'),
		ended('230307115339_12', '820', '0', null),
	],
	'ring-group-answered': [
		ringAt('230307150805_46', '800', 'other'),
		ringAt('230307150805_46', '117', 'ext'),
		answered('230307150805_46', '117', '1'),
		ended('230307150805_46', '117', '1', 4),
		recording('230307150805_46', '1', '117'),
	],
	'ring-group-missed': [
		ringAt('230307152031_50', '800', 'other'),
		ringAt('230307152031_50', '117', 'ext'),
		ended('230307152031_50', '117', '0', null),
	],
	'ring-group-two-answered': [
		ringAt('230307151412_47', '800', 'other'),
		ringAt('230307151412_47', '117', 'ext'),
		ringAt('230307151412_47', '204', 'ext'),
		answered('230307151412_47', '117', '1'),
		ended('230307151412_47', '117', '1', 5),
		recording('230307151412_47', '1', '117'),
	],
	'ring-group-two-missed': [
		ringAt('230307152319_52', '800', 'other'),
		ringAt('230307152319_52', '117', 'ext'),
		ringAt('230307152319_52', '204', 'ext'),
		ended('230307152319_52', '204', '0', null),
	],
	'outbound-answered': [
		dialing('230307135611_31'),
		outbound('call.answered', '230307135611_31', '1', { to: { number: CALLER, name: null } }),
		// The doc's sample lost the Id's opening quote and its first digit; the quote is repaired.
		outbound('call.ended', '30307135611_31', '1', { outcome: 'answered', talkSec: 5 }),
		recording('230307135611_31', '1', '117'),
	],
	'outbound-unanswered': [
		dialing('230307140011_32'),
		outbound('call.ended', '230307140011_32', '0', {
			answered: false,
			outcome: 'noAnswer',
			talkSec: 0,
			// The user who dialled stays on an unanswered outbound call.
			from: { number: '117', name: null },
			to: { number: CALLER, name: null },
		}),
	],
	'outbound-makecall': [
		dialing('230307154408_63'),
		outbound('call.answered', '230307154408_63', '1', { to: { number: null, name: null } }),
		outbound('call.ended', '230307154408_63', '1', { outcome: 'answered', talkSec: 4 }),
		recording('230307154408_63', '1', '117'),
	],
	'outbound-hung-up': [
		dialing('230307155208_64'),
		outbound('call.ended', '230307155409_66', '0', { answered: false, outcome: 'noAnswer' }),
	],
	'creomate-get-inbound-answered': [
		{ ...ringAt('230102104542_15', '800', 'other'), did: '420222000320' },
		{ ...ringAt('230102104542_15', '804', 'queue'), did: '420222000320' },
		{ ...ringAt('230102104542_15', '102', 'ext'), from: { number: '420774852629', name: null } },
		{ ...answered('230102104542_15', '102', '1'), from: { number: '420774852629', name: null } },
		{
			...ended('230102104542_15', '102', '1', 7),
			contact: { number: '420774852629', name: null },
			did: '420222000320',
		},
	],
	'creomate-get-inbound-missed': [
		ringAt('230102104542_15', '800', 'other'),
		ringAt('230102104542_15', '804', 'queue'),
		ringAt('230102104542_15', '102', 'ext'),
		{
			...ended('230102154720_16', '804', '0', null),
			contact: { number: '420774852629', name: null },
			queue: { id: '804', name: null },
		},
	],
	'creomate-get-outbound-answered': [
		{ ...dialing('230102184431_17', '102', '420774852629'), ...ext('102') },
		{
			event: 'call.answered',
			callId: '230102185935_18',
			legId: '1',
			direction: 'outbound',
			to: { number: '420774852629', name: null },
			...ext('102'),
			did: null,
		},
		{
			event: 'call.ended',
			callId: '230102185935_18',
			legId: '1',
			outcome: 'answered',
			talkSec: 6,
			...ext('102'),
		},
		{ ...recording('230102185935_18', '1', null, '3CXDQDN'), vendorEvent: 'recording' },
	],
	'creomate-get-outbound-unanswered': [
		{ ...dialing('230102184431_17', '102', '420774852629'), ...ext('102') },
		{
			event: 'call.ended',
			callId: '230102184431_17',
			legId: '0',
			answered: false,
			outcome: 'noAnswer',
			...ext('102'),
		},
	],
};

describe('every sample of the 3CX Webhook doc', () => {
	it('covers all 16 tables and 74 samples', () => {
		expect(Object.keys(EXPECTED)).toEqual(Object.keys(DOC_TABLES));
		expect(Object.values(DOC_TABLES).flat()).toHaveLength(74);
	});

	describe.each(Object.entries(DOC_TABLES))('%s', (table, samples) => {
		it.each(samples.map((sample, index) => [sample.label, sample.text, index] as const))(
			'%s',
			(_label, text, index) => {
				expect(fromDoc(text)).toMatchObject(EXPECTED[table][index]);
			},
		);
	});

	it('repairs the malformed JSON of two samples rather than dropping them', () => {
		const malformed = Object.values(DOC_TABLES)
			.flat()
			.filter(({ text }) => text.startsWith('{') && !isJson(text));
		expect(malformed.map(({ label }) => label)).toEqual([
			'The operator picks up the phone',
			'End of The Call',
		]);
		for (const { text } of malformed) expect(payloadOf(text)[0].parseError).toBeNull();
	});
});

function isJson(text: string): boolean {
	try {
		JSON.parse(text);
		return true;
	} catch {
		return false;
	}
}

describe('Creomate’s newer JSON payloads (lowercase keys)', () => {
	const chain = {
		chid: '00000000-01dc-27f5-3c43-81de0000002d',
		inbound_did: '381213220030',
		sip_displayname: '381629759787',
		phonebook: 'Smith, John',
	};

	it('reads pickupincoming with the caller’s phonebook name and the inbound DID', () => {
		expect(
			normalize({
				callerid: '381629759787',
				event: 'pickupincoming',
				user: '105',
				did: 'DID Serbia 021 3220 030',
				trtype: 'NotDef',
				id: '250917190514_45-1',
				...chain,
			}),
		).toMatchObject({
			event: 'call.answered',
			callId: '250917190514_45',
			legId: '1',
			from: { number: '381629759787', name: 'Smith, John' },
			did: '381213220030',
			...ext('105'),
		});
	});

	it('an end event carrying FILES is the end of the call, with its recording, and a recording.ready', () => {
		const url = 'https://api.3cx.eu/webapi/recording/250917195359_47-1-1.mp3';
		const data = {
			FILES: [url],
			event: 'outgoing',
			callerid: '381629759787',
			user: '105',
			finishtype: 'Ok',
			transfer: 'False',
			did: '',
			title: 'Successful call to 381629759787 (0:05)',
			id: '250917195359_47-1',
			source_presentation: '381213220030',
		};
		expect(threeCxEvents.recogniseEvent(data)).toEqual([
			{ selector: 'endedOutgoing', vendorEvent: 'outgoing' },
			{ selector: 'recordingReady', vendorEvent: 'outgoing' },
		]);
		const file = { url, fileName: '250917195359_47-1-1.mp3' };
		const [end, recording] = normalizeAll(data);
		expect(end).toMatchObject({
			event: 'call.ended',
			direction: 'outbound',
			answered: true,
			outcome: 'answered',
			talkSec: 5,
			did: '381213220030',
			from: { number: '105', name: null },
			to: { number: '381629759787', name: null },
			recording: file,
		});
		expect(recording).toMatchObject({
			event: 'recording.ready',
			callId: '250917195359_47',
			legId: '1',
			direction: 'outbound',
			to: { number: '381629759787', name: null },
			agent: { extension: '105', name: null },
			answered: null,
			outcome: null,
			talkSec: null,
			recording: file,
		});
	});

	it('an end event with Transfer "True" and FILES is the leg’s end and its recording', () => {
		const events = normalizeAll({
			FILES: ['https://pbx:5001/webapi/recording/230307142318_40-1-1.mp3'],
			event: 'incoming',
			callerid: CALLER,
			user: '117',
			finishtype: 'Ok',
			transfer: 'True',
			id: '230307142318_40-1',
		});
		expect(events.map((event) => event.event)).toEqual(['leg.ended', 'recording.ready']);
	});

	it('Creomate’s older end event without Finishtype is read from its title and talk time', () => {
		const base = {
			event: 'incoming',
			callerid: '420774852629',
			user: '102',
			id: '230115121143_9-1',
		};
		expect(
			normalize({ ...base, title: 'DID-420222000320:Answered call from 420774852629 (0:07)' }),
		).toMatchObject({ answered: true, outcome: 'answered', talkSec: 7 });
		expect(normalize({ ...base, title: 'Successful call to 420774852629' })).toMatchObject({
			answered: true,
		});
		expect(
			normalize({ ...base, title: 'DID-420222000320:Missed call from 420774852629' }),
		).toMatchObject({ answered: false, outcome: 'missed', talkSec: 0 });
	});

	it('reads a call missed in the IVR, whose title names the IVR', () => {
		expect(
			normalize({
				event: 'incoming',
				callerid: '381629759787',
				user: '809',
				finishtype: 'Missed',
				transfer: 'False',
				did: 'DID Serbia 021 3220 030',
				title: 'DID Serbia 021 3220 030:Missed call by IVR 809 from 381629759787',
				id: '250917161728_41-0',
				...chain,
			}),
		).toMatchObject({
			event: 'call.ended',
			outcome: 'missed',
			// The end names the IVR that last had the call; nobody took it.
			to: { number: null, name: null },
			contact: { number: '381629759787', name: 'Smith, John' },
			queue: { id: null, name: null },
			did: '381213220030',
			...ext(null),
		});
	});

	it('reads the Komplit copy’s quirks: " queue" with a space, "OK", "false", did "empty"', () => {
		expect(
			normalize({ event: 'ringing', usertype: ' queue', user: '804', id: '230115121143_9-1' }),
		).toMatchObject({ event: 'queue.entered', queue: { id: '804', name: null } });
		expect(
			normalize({
				event: 'incoming',
				callerid: '420774852629',
				user: '102',
				finishtype: 'OK',
				transfer: 'false',
				did: 'empty',
				id: '230115121143_9-1',
			}),
		).toMatchObject({ outcome: 'answered', transfer: null, did: null });
	});
});

describe('3CX field mapping', () => {
	const end = { Event: 'incoming', Callerid: CALLER, User: '202', Id: '230307140234_35-1' };

	it.each([
		['230307142318_40-2', { callId: '230307142318_40', legId: '2' }],
		['230307142318_40-0', { callId: '230307142318_40', legId: '0' }],
		['230307142318_40', { callId: '230307142318_40', legId: null }],
		['a-b-12', { callId: 'a-b', legId: '12' }],
	])('splits the Id %s into call and leg', (id, expected) => {
		expect(splitId(id)).toEqual(expected);
	});

	it.each([
		['Attended', 'attended'],
		['Accomp', 'attended'],
		['Blind', 'blind'],
		['NotDef', null],
		['Something', null],
	])('maps Trtype %s to transfer %s', (trtype, transfer) => {
		expect(normalize({ ...end, Event: 'incomingcall_started', Trtype: trtype }).transfer).toBe(
			transfer,
		);
	});

	it.each([
		['True', 'attended'],
		['False', null],
		['false', null],
		['', null],
	])('reads Transfer "%s" on an end event as a boolean', (value, transfer) => {
		expect(normalize({ ...end, Finishtype: 'Ok', Transfer: value }).transfer).toBe(transfer);
	});

	it.each([
		['Ok', true, 'answered', 'answered'],
		['OK', true, 'answered', 'answered'],
		['Missed', false, 'missed', 'noAnswer'],
		['NoAnswer', false, 'missed', 'noAnswer'],
		['busy', false, 'missed', 'busy'],
		['Failed', false, 'missed', 'failed'],
		// Unknown: answered when there was talking time (none here), never without an outcome.
		['Whatever', false, 'missed', 'noAnswer'],
		['', false, 'missed', 'noAnswer'],
	])(
		'maps Finishtype %p to answered %p, outcome %p inbound and %p outbound',
		(finishtype, answered, inbound, outbound) => {
			expect(normalize({ ...end, Finishtype: finishtype })).toMatchObject({
				answered,
				outcome: inbound,
			});
			expect(normalize({ ...end, Event: 'outgoing', Finishtype: finishtype })).toMatchObject({
				answered,
				outcome: outbound,
			});
		},
	);

	it('an unknown Finishtype with talking time is answered', () => {
		expect(normalize({ ...end, Finishtype: 'Completed', Duration: '00:12' })).toMatchObject({
			answered: true,
			outcome: 'answered',
			talkSec: 12,
		});
	});

	it('an outgoing call Creomate says was declined ended busy', () => {
		const declined = {
			event: 'outgoing',
			callerid: '381629759787',
			user: '105',
			finishtype: 'Missed',
			id: '250917194513_46-0',
			termination_reason_details: 'declined',
		};
		expect(normalize(declined)).toMatchObject({ answered: false, outcome: 'busy' });
	});

	it.each([
		['00:06', 6],
		['01:05', 65],
		['1:02:03', 3723],
		['', null],
	])('reads Duration "%s" as %s seconds', (duration, seconds) => {
		expect(normalize({ ...end, Finishtype: 'Ok', Duration: duration }).talkSec).toBe(seconds);
	});

	it.each([
		['DID-420222000320', '420222000320'],
		['DID420222000320', '420222000320'],
		['', null],
		['empty', null],
		['DID Serbia 021 3220 030', 'DID Serbia 021 3220 030'],
	])('reads Did "%s" as %s', (did, expected) => {
		expect(normalize({ ...end, Did: did }).did).toBe(expected);
	});

	it('does not take MAKECALL for a number, in any case', () => {
		for (const callerid of ['MAKECALL', 'makecall']) {
			const event = normalize({ ...end, Event: 'outgoingcall_started', Callerid: callerid });
			expect(event.to.number).toBeNull();
			expect(event.from.number).toBe('202');
		}
		expect(normalize({ ...end, Callerid: 'MAKECALL' }).from.number).toBeNull();
	});

	it('reads the start time from the Id, in UTC unless a time zone is set', () => {
		expect(normalize(end).startedAt).toBe('2023-03-07T14:02:34.000Z');
		expect(normalize(end, 'Europe/Prague').startedAt).toBe('2023-03-07T13:02:34.000Z');
		expect(normalize({ ...end, Id: '30307135611_31-1' }).startedAt).toBeNull();
		expect(normalize({ ...end, Id: '231399999999_1-1' }).startedAt).toBeNull();
	});

	it('keeps an unknown event, with its call and leg', () => {
		expect(normalize({ ...end, Event: 'conference' })).toMatchObject({
			event: 'unknown',
			vendorEvent: 'conference',
			callId: '230307140234_35',
			legId: '1',
			direction: 'unknown',
		});
	});

	it('reads a recording URL in a field of its own, or a payload that only carries files', () => {
		const url = 'http://127.0.0.1:5001/webapi/recording/230307140234_35-1-2.wav';
		expect(normalize({ url })).toMatchObject({
			event: 'recording.ready',
			callId: '230307140234_35',
			legId: '1',
			recording: { url, fileName: '230307140234_35-1-2.wav' },
		});
		expect(normalize({ FileUrls: [url], Id: '230307140234_35-1' }).event).toBe('recording.ready');
		expect(normalize({ Event: 'ringing' }).event).toBe('call.ringing');
		expect(normalize({ note: 'not a url' }).event).toBe('unknown');
	});

	it('lists every selector once, sorted by name', () => {
		const names = threeCxEvents.eventCatalogue.options.map((option) => option.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		expect(new Set(threeCxEvents.eventCatalogue.options.map((option) => option.value)).size).toBe(
			10,
		);
	});
});

describe('3CX: several recordings in one payload', () => {
	const urls = [
		'https://pbx.example.com:5001/webapi/recording/230307142318_40-2-1.mp3',
		'https://pbx.example.com:5001/webapi/recording/230307142318_40-2-2.mp3',
	];

	it('K2M’s recording event with two FileUrls gives one recording.ready per file', () => {
		const events = normalizeAll({
			Event: 'recording',
			FileUrls: urls,
			Callerid: CALLER,
			User: '204',
			Id: '230307142318_40-2',
		});
		expect(events.map((event) => [event.event, event.recording.url])).toEqual([
			['recording.ready', urls[0]],
			['recording.ready', urls[1]],
		]);
	});

	it('Creomate’s end event with two FILES is the end, and a recording.ready per file', () => {
		const events = normalizeAll({
			Event: 'incoming',
			Callerid: CALLER,
			User: '204',
			Finishtype: 'Ok',
			Transfer: 'False',
			Duration: '00:14',
			Id: '230307142318_40-2',
			FILES: urls,
		});
		expect(events.map((event) => event.event)).toEqual([
			'call.ended',
			'recording.ready',
			'recording.ready',
		]);
		expect(events.slice(1).map((event) => event.recording.fileName)).toEqual([
			'230307142318_40-2-1.mp3',
			'230307142318_40-2-2.mp3',
		]);
	});
});

describe('3CX: the queue of a missed call', () => {
	const missedAtQueue = {
		Event: 'incoming',
		Callerid: CALLER,
		User: '820',
		Finishtype: 'Missed',
		Transfer: 'False',
		Did: '',
		Duration: '',
		Id: '230307115339_12-0',
	};
	const withQueues = (data: IDataObject, queueNumbers: string) =>
		buildCallEvent(
			'3cx',
			threeCxEvents.normalizeEvent(data, threeCxEvents.recogniseEvent(data)[0], {
				timeZone: 'UTC',
				settings: { queueNumbers },
			}),
			{ eventId: 'x', receivedAt: RECEIVED, raw: data },
		);

	it('K2M’s missed end names the queue in User: with the queue listed, it is the call’s queue', () => {
		expect(withQueues(missedAtQueue, '800, 820').queue).toEqual({ id: '820', name: null });
		expect(withQueues(missedAtQueue, '800, 820').agent.extension).toBeNull();
	});

	it('without the list, or for an extension not listed, no queue', () => {
		expect(normalize(missedAtQueue).queue.id).toBeNull();
		expect(withQueues({ ...missedAtQueue, User: '204' }, '800, 820').queue.id).toBeNull();
	});

	it('an answered end keeps its user as the agent even when listed', () => {
		const answered = { ...missedAtQueue, User: '820', Finishtype: 'Ok', Duration: '00:05' };
		expect(withQueues(answered, '820')).toMatchObject({
			queue: { id: null },
			agent: { extension: '820' },
		});
	});
});

describe('3CX: what recogniseEvent and normalizeEvent take from a payload', () => {
	const URL = 'https://pbx.example/recordings/230307142318_40-2-1.mp3';
	const options = { timeZone: 'UTC' };

	it('a body that is only a recording URL is one recording; other text is nothing', () => {
		expect(threeCxEvents.recogniseEvent(URL)).toEqual([
			{ selector: 'recordingReady', vendorEvent: 'recording' },
		]);
		expect(threeCxEvents.recogniseEvent({ [URL]: '' })).toEqual([
			{ selector: 'recordingReady', vendorEvent: 'recording' },
		]);
		expect(threeCxEvents.recogniseEvent('hello')).toEqual([]);
		expect(threeCxEvents.recogniseEvent({ Event: 'SomethingElse', Id: '1-1' })).toEqual([]);
	});

	it('an event other than an end is one event, whatever files it carries', () => {
		expect(threeCxEvents.recogniseEvent({ Event: 'Dialing', Id: '1-1', FileUrls: URL })).toEqual([
			{ selector: 'dialing', vendorEvent: 'Dialing' },
		]);
	});

	it.each([
		['ext', 'ringingExtension'],
		['Extension', 'ringingExtension'],
		[undefined, 'ringingExtension'],
		['queue', 'ringingQueue'],
		['other', 'ringingIvr'],
	])('Ringing with Usertype %s is %s', (usertype, selector) => {
		const payload =
			usertype === undefined ? { Event: 'Ringing' } : { Event: 'Ringing', Usertype: usertype };
		expect(threeCxEvents.recogniseEvent(payload)[0].selector).toBe(selector);
	});

	it('an outgoing call’s DID is the number it presented, else the DID field', () => {
		const dialing = { Event: 'Dialing', Id: '230307142318_40-1', User: '117', Callerid: CALLER };
		const didOf = (fields: IDataObject) =>
			threeCxEvents.normalizeEvent(
				{ ...dialing, ...fields },
				threeCxEvents.recogniseEvent({ ...dialing, ...fields })[0],
				options,
			).did;
		expect(didOf({ Source_Presentation: '+381111', Did: 'DID-420' })).toBe('+381111');
		expect(didOf({ Source_Presentation: 'Smith', Did: 'DID-420' })).toBe('420');
	});

	it('an event without files has no recording', () => {
		const dialing = { Event: 'Dialing', Id: '230307142318_40-1', User: '117' };
		expect(
			threeCxEvents.normalizeEvent(dialing, threeCxEvents.recogniseEvent(dialing)[0], options)
				.recording,
		).toEqual({ url: null, fileName: null });
	});

	it('reads Queue Numbers separated by commas, spaces or semicolons, several in a row', () => {
		const missed = {
			Event: 'incoming',
			Id: '230307142318_40-3',
			User: '820',
			Callerid: CALLER,
			Finishtype: 'Missed',
		};
		const queueOf = (queueNumbers: string | number) =>
			threeCxEvents.normalizeEvent(missed, threeCxEvents.recogniseEvent(missed)[0], {
				timeZone: 'UTC',
				settings: { queueNumbers },
			}).queue;
		expect(queueOf('800,  820')).toEqual({ id: '820', name: null });
		expect(queueOf('800; 820')).toEqual({ id: '820', name: null });
		expect(queueOf('800')).toEqual({ id: null, name: null });
		expect(queueOf(820)).toEqual({ id: null, name: null });
	});

	it('offers Queue Numbers as its one mapping option, empty by default', () => {
		expect(threeCxEvents.mappingOptions).toEqual([
			expect.objectContaining({
				displayName: 'Queue Numbers',
				name: 'queueNumbers',
				type: 'string',
				default: '',
			}),
		]);
	});
});
