// How the 3CX add-ons' fields read (nodes/ThreeCx/payload.ts): each parser on its own, with the
// spellings and edge cases the add-ons' docs and samples show.
import type { IDataObject } from 'n8n-workflow';

import { FieldReader } from '../../../nodes/shared/values';
import {
	bareRecordingUrl,
	contactName,
	didNumber,
	digits,
	endOf,
	fileUrls,
	idFromRecordingUrl,
	recordingFromUrl,
	recordingUrlOf,
	splitId,
	startOfCall,
	titleDuration,
	titleQueue,
} from '../../../nodes/ThreeCx/payload';

const reader = (fields: IDataObject) => new FieldReader(fields);
const URL = 'https://pbx.example/recordings/230307142318_40-2-1.mp3';

describe('endOf', () => {
	it.each([
		['OK', true],
		['Answered', true],
		['Missed', false],
		['No Answer', false],
		['no_answer', false],
		['Unanswered', false],
		['Busy', false],
		['Failed', false],
	])('Finishtype %s → answered %s, whatever the talk time', (finishtype, answered) => {
		const talk = answered ? 0 : 30;
		expect(endOf(reader({ finishtype }), 'inbound', talk, null).answered).toBe(answered);
	});

	it.each([
		['Answered call from 0555', true],
		['Incoming: Answered call', true],
		['Outgoing call:  successful', true],
		['Not answered', false],
		['Answeredx', false],
	])('without a Finishtype, the title %s → answered %s', (title, answered) => {
		expect(endOf(reader({}), 'inbound', 0, title).answered).toBe(answered);
	});

	it('without a Finishtype or a title, talk time says answered', () => {
		expect(endOf(reader({}), 'inbound', 5, null).answered).toBe(true);
		expect(endOf(reader({}), 'inbound', null, null).answered).toBe(false);
		expect(endOf(reader({ finishtype: 'unknown' }), 'inbound', 5, null).answered).toBe(true);
	});

	it.each([
		[{ finishtype: 'Busy' }, 'busy'],
		[{ finishtype: 'Rejected' }, 'busy'],
		[{ finishtype: 'Declined' }, 'busy'],
		[{ finishtype: 'Failed' }, 'failed'],
		[{ finishtype: 'Congestion' }, 'failed'],
		[{ finishtype: 'Unavailable' }, 'failed'],
		[{ termination_reason_details: 'Rejected' }, 'busy'],
		[{ termination_reason_details: 'Congestion' }, 'failed'],
		[{}, 'noAnswer'],
	])('an outgoing call not answered, %o → %s', (fields, outcome) => {
		expect(endOf(reader(fields), 'outbound', 0, null).outcome).toBe(outcome);
	});
});

describe('ids', () => {
	it('splitId takes the leg after the last dash, when it is a number', () => {
		expect(splitId(null)).toBeNull();
		expect(splitId('230307142318_40-2')).toEqual({ callId: '230307142318_40', legId: '2' });
		expect(splitId('230307142318_40')).toEqual({ callId: '230307142318_40', legId: null });
		expect(splitId('230307142318_40-2x')).toEqual({ callId: '230307142318_40-2x', legId: null });
	});

	it('idFromRecordingUrl reads call and leg from the file name', () => {
		expect(idFromRecordingUrl(URL)).toEqual({ callId: '230307142318_40', legId: '2' });
		expect(idFromRecordingUrl('https://pbx.example/r/230307142318_40-12-10.wav')).toEqual({
			callId: '230307142318_40',
			legId: '12',
		});
		expect(idFromRecordingUrl('https://pbx.example/r/230307142318_40-2-1.mp3.bak')).toBeNull();
		expect(idFromRecordingUrl('https://pbx.example/r/x230307142318_40-2-1')).toBeNull();
		expect(idFromRecordingUrl('https://pbx.example/r/recording.mp3')).toBeNull();
		expect(idFromRecordingUrl(null)).toBeNull();
	});

	it('startOfCall reads the call id’s leading time in the PBX’s time zone', () => {
		expect(startOfCall('230307142318_40', 'UTC')).toBe('2023-03-07T14:23:18.000Z');
		expect(startOfCall('230307142318_40', 'Europe/Belgrade')).toBe('2023-03-07T13:23:18.000Z');
		expect(startOfCall('x230307142318_40', 'UTC')).toBeNull();
		expect(startOfCall('230307142318', 'UTC')).toBeNull();
	});
});

describe('titles', () => {
	it.each([
		['Answered call (0:07)', 7],
		['Answered call (12:34)  ', 754],
		['Answered call (1:02:03)', 3723],
		['Answered call (0:07)x', null],
		['Answered call (7)', null],
		['Answered call', null],
		[null, null],
	])('titleDuration(%s) is %s', (title, seconds) => {
		expect(titleDuration(title)).toBe(seconds);
	});

	it('titleQueue reads the queue after "by queue"', () => {
		expect(titleQueue('Missed call by queue 804 from 0555')).toBe('804');
		expect(titleQueue('Missed call by  queue  804')).toBe('804');
		expect(titleQueue('Missed call byqueue 804')).toBeNull();
		expect(titleQueue(null)).toBeNull();
	});
});

describe('numbers', () => {
	it('digits keeps only numbers, a leading + allowed', () => {
		expect(digits('+381111')).toBe('+381111');
		expect(digits('381111')).toBe('381111');
		expect(digits('381111a')).toBeNull();
		expect(digits('a381111')).toBeNull();
		expect(digits('Smith, John:DID Serbia')).toBeNull();
		expect(digits(null)).toBeNull();
	});

	it('didNumber takes the number of a DID- prefix, keeps named DIDs as sent', () => {
		expect(didNumber('DID-420222000320')).toBe('420222000320');
		expect(didNumber('did: +420222000320')).toBe('+420222000320');
		expect(didNumber('DID Serbia 021')).toBe('DID Serbia 021');
		expect(didNumber('DID-420 Serbia')).toBe('DID-420 Serbia');
		expect(didNumber('My DID-420')).toBe('My DID-420');
		expect(didNumber('EMPTY')).toBeNull();
		expect(didNumber(null)).toBeNull();
	});

	it('contactName takes the phonebook name, else the SIP display name', () => {
		expect(contactName(reader({ phonebook: 'Ana', sip_displayname: 'ana-sip' }), '1')).toBe('Ana');
		expect(contactName(reader({ sip_displayname: 'ana-sip' }), '1')).toBe('ana-sip');
		expect(contactName(reader({}), '1')).toBeNull();
	});
});

describe('recording URLs', () => {
	it.each(['FileUrls', 'FILES', 'files', 'FileUrl'])('fileUrls reads %s', (field) => {
		expect(fileUrls(reader({ [field]: URL }))).toEqual([URL]);
		expect(fileUrls(reader({ [field]: [URL, 5, 'not a url', ` ${URL} `] }))).toEqual([URL, URL]);
	});

	it('recordingUrlOf takes a whole http(s) URL, trimmed', () => {
		expect(recordingUrlOf(`  ${URL}  `)).toBe(URL);
		expect(recordingUrlOf(`see ${URL}`)).toBeNull();
		expect(recordingUrlOf(`${URL} and more`)).toBeNull();
		expect(recordingUrlOf('ftp://pbx.example/a.mp3')).toBeNull();
	});

	it.each<[string, IDataObject, string | null]>([
		['a URL as the only key, as a form sends it', { [URL]: '' }, URL],
		['a URL as the only key, without a value', { [URL]: null }, URL],
		['one field holding a URL', { file: URL }, URL],
		['the event field holding a URL', { Event: URL }, null],
		['two fields', { file: URL, other: 'x' }, null],
		['a field that is not text', { file: 5 }, null],
		['a key that is no URL', { hello: '' }, null],
	])('bareRecordingUrl: %s', (_case, data, url) => {
		expect(bareRecordingUrl(data)).toBe(url);
	});

	it('recordingFromUrl gives the recording, with the ids and time its name holds', () => {
		expect(recordingFromUrl(null, null, 'UTC')).toEqual({});
		expect(recordingFromUrl(URL, null, 'UTC')).toEqual({
			event: 'recording.ready',
			vendorEvent: 'recording',
			callId: '230307142318_40',
			legId: '2',
			direction: 'unknown',
			startedAt: '2023-03-07T14:23:18.000Z',
			recording: { url: URL, fileName: '230307142318_40-2-1.mp3' },
		});
		const other = 'https://pbx.example/r/voicemail.wav';
		expect(
			recordingFromUrl(other, { selector: 'recordingReady', vendorEvent: 'FileUrls' }, 'UTC'),
		).toMatchObject({ vendorEvent: 'FileUrls', callId: null, legId: null, startedAt: null });
	});
});
