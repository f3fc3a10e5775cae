import { createHash } from 'crypto';

import {
	addSeconds,
	FieldReader,
	fileNameOf,
	isObject,
	isValidTimeZone,
	measureShape,
	ownValue,
	payloadHash,
	secondsBetween,
	toBoolean,
	toIsoUtc,
	toSeconds,
	toText,
} from '../../../nodes/shared/values';

describe('toSeconds', () => {
	it.each([
		['90', 90],
		[90, 90],
		[' 90 ', 90],
		['0', 0],
		['12.6', 13],
		[12.4, 12],
		['01:30', 90],
		['00:06', 6],
		['0:07', 7],
		['1:02:03', 3723],
		['10:00:00', 36000],
	])('%p → %p', (input, expected) => {
		expect(toSeconds(input)).toBe(expected);
	});

	it.each([
		[''],
		['   '],
		['abc'],
		['1:2:3:4'],
		['1:'],
		[-5],
		['-5'],
		[NaN],
		[Infinity],
		[null],
		[undefined],
		[true],
	])('%p → null', (input) => {
		expect(toSeconds(input)).toBeNull();
	});
});

describe('toBoolean', () => {
	it.each([
		['True', true],
		['true', true],
		[' TRUE ', true],
		['1', true],
		['yes', true],
		[true, true],
		[1, true],
		['False', false],
		['false', false],
		['0', false],
		['No', false],
		[false, false],
		[0, false],
	])('%p → %p', (input, expected) => {
		expect(toBoolean(input)).toBe(expected);
	});

	it.each([[''], ['maybe'], ['NotDef'], [null], [undefined], [{}]])('%p → null', (input) => {
		expect(toBoolean(input)).toBeNull();
	});
});

describe('toText', () => {
	it('trims strings, turns numbers into text and empty values into null', () => {
		expect(toText('  0412 345 678 ')).toBe('0412 345 678');
		expect(toText(61412345678)).toBe('61412345678');
		expect(toText(false)).toBe('false');
		expect(toText('   ')).toBeNull();
		expect(toText(NaN)).toBeNull();
		expect(toText({ a: 1 })).toBeNull();
		expect(toText(undefined)).toBeNull();
	});
});

describe('toIsoUtc', () => {
	it('reads ISO 8601 with Z', () => {
		expect(toIsoUtc('2025-12-17T12:37:41Z')).toBe('2025-12-17T12:37:41.000Z');
		expect(toIsoUtc('2025-12-17T12:37:41.680Z')).toBe('2025-12-17T12:37:41.680Z');
	});

	it('reads ISO 8601 with an offset, whatever the time zone option', () => {
		expect(toIsoUtc('2025-12-17T12:37:41+10:00')).toBe('2025-12-17T02:37:41.000Z');
		expect(toIsoUtc('2025-12-17T12:37:41+10:00', 'Australia/Sydney')).toBe(
			'2025-12-17T02:37:41.000Z',
		);
		expect(toIsoUtc('2025-12-17T12:37:41-05:00', 'Australia/Sydney')).toBe(
			'2025-12-17T17:37:41.000Z',
		);
		expect(toIsoUtc('2025-12-17 12:37:41+1000')).toBe('2025-12-17T02:37:41.000Z');
	});

	it('reads an offset in whole hours (+10, -05)', () => {
		expect(toIsoUtc('2025-12-17T12:37:41+10')).toBe('2025-12-17T02:37:41.000Z');
		expect(toIsoUtc('2025-12-17T12:37:41.5-05')).toBe('2025-12-17T17:37:41.500Z');
		expect(toIsoUtc('2025-12-17 12:37:41 +10', 'America/New_York')).toBe(
			'2025-12-17T02:37:41.000Z',
		);
	});

	it('reads an offset written after a space', () => {
		expect(toIsoUtc('2025-12-17 12:37:41 +10:00')).toBe('2025-12-17T02:37:41.000Z');
		expect(toIsoUtc('2025-12-17T12:37:41 Z')).toBe('2025-12-17T12:37:41.000Z');
	});

	it('reads a date-time without offset as UTC by default', () => {
		expect(toIsoUtc('2025-12-17 12:37:41')).toBe('2025-12-17T12:37:41.000Z');
		expect(toIsoUtc('2025-12-17T12:37:41')).toBe('2025-12-17T12:37:41.000Z');
		expect(toIsoUtc('2025-12-17T12:37:41.5')).toBe('2025-12-17T12:37:41.500Z');
		expect(toIsoUtc('2025-12-17 12:37')).toBe('2025-12-17T12:37:00.000Z');
		expect(toIsoUtc('2025-12-17')).toBe('2025-12-17T00:00:00.000Z');
	});

	it('reads a date-time without offset in Australia/Sydney, summer (AEDT, +11:00)', () => {
		// 17 Dec 2025 is in daylight saving: 12:37:41 AEDT = 01:37:41 UTC.
		expect(toIsoUtc('2025-12-17 12:37:41', 'Australia/Sydney')).toBe('2025-12-17T01:37:41.000Z');
		// Just after midnight local is still the previous day in UTC.
		expect(toIsoUtc('2026-01-01T00:30:00', 'Australia/Sydney')).toBe('2025-12-31T13:30:00.000Z');
	});

	it('reads a date-time without offset in Australia/Sydney, winter (AEST, +10:00)', () => {
		// 1 Jul 2025 is standard time: 09:00 AEST = 23:00 UTC the day before.
		expect(toIsoUtc('2025-07-01 09:00:00', 'Australia/Sydney')).toBe('2025-06-30T23:00:00.000Z');
	});

	it('switches offset on the Sydney daylight-saving change days', () => {
		// DST ends Sun 6 Apr 2025 at 03:00 AEDT (→ 02:00 AEST).
		expect(toIsoUtc('2025-04-06 01:30:00', 'Australia/Sydney')).toBe('2025-04-05T14:30:00.000Z');
		expect(toIsoUtc('2025-04-06 03:30:00', 'Australia/Sydney')).toBe('2025-04-05T17:30:00.000Z');
		// DST starts Sun 5 Oct 2025 at 02:00 AEST (→ 03:00 AEDT).
		expect(toIsoUtc('2025-10-05 01:30:00', 'Australia/Sydney')).toBe('2025-10-04T15:30:00.000Z');
		expect(toIsoUtc('2025-10-05 03:30:00', 'Australia/Sydney')).toBe('2025-10-04T16:30:00.000Z');
	});

	it('reads the hour a clock change repeats as the same instant whatever the date today', () => {
		// luxon's DateTime.fromObject would pick the offset in force today; toIsoUtc does not.
		expect(toIsoUtc('2025-04-06 02:30:00', 'Australia/Sydney')).toBe('2025-04-05T16:30:00.000Z');
		expect(toIsoUtc('2025-11-02 01:30:00', 'America/New_York')).toBe('2025-11-02T05:30:00.000Z');
	});

	it('reads a date-time without offset in a zone west of UTC', () => {
		// 17 Dec 2025 New York is EST (-05:00).
		expect(toIsoUtc('2025-12-17 12:37:41', 'America/New_York')).toBe('2025-12-17T17:37:41.000Z');
	});

	it('reads epoch seconds, milliseconds and microseconds', () => {
		// 1765975061 s after 1970-01-01 = day 20439 (17 Dec 2025) + 45461 s (12:37:41).
		expect(toIsoUtc(1765975061)).toBe('2025-12-17T12:37:41.000Z');
		expect(toIsoUtc('1765975061')).toBe('2025-12-17T12:37:41.000Z');
		expect(toIsoUtc(1765975061.68)).toBe('2025-12-17T12:37:41.680Z');
		expect(toIsoUtc(1765975061680)).toBe('2025-12-17T12:37:41.680Z');
		expect(toIsoUtc('1765975061680')).toBe('2025-12-17T12:37:41.680Z');
		expect(toIsoUtc(1765975061680000)).toBe('2025-12-17T12:37:41.680Z');
		expect(toIsoUtc('1765975061680000')).toBe('2025-12-17T12:37:41.680Z');
	});

	it('reads a longer epoch as the seconds in its first 10 digits, in any finer unit', () => {
		// KOMPaaS's recording events send 14 digits (1/10,000 s); nanoseconds have 19.
		expect(toIsoUtc(17659750616800)).toBe('2025-12-17T12:37:41.680Z');
		expect(toIsoUtc('17659750616800')).toBe('2025-12-17T12:37:41.680Z');
		expect(toIsoUtc('1765975061680000000')).toBe('2025-12-17T12:37:41.680Z');
		expect(toIsoUtc(176597506168)).toBe('2025-12-17T12:37:41.680Z');
	});

	it('ignores the time zone for epoch values', () => {
		expect(toIsoUtc(1765975061, 'Australia/Sydney')).toBe('2025-12-17T12:37:41.000Z');
	});

	it.each([
		[''],
		['abc'],
		['17/12/2025 12:37'],
		['2025-13-01 10:00:00'],
		['2025-02-30 10:00:00'],
		['2025-12-17 24:00:00'],
		['2025-12-17 12:60:00'],
		[0],
		[-1765975061],
		[NaN],
		[1e20],
		[null],
		[undefined],
		[{}],
	])('%p → null', (input) => {
		expect(toIsoUtc(input)).toBeNull();
	});
});

describe('isValidTimeZone', () => {
	it('accepts IANA zones and refuses made-up ones', () => {
		expect(isValidTimeZone('Australia/Sydney')).toBe(true);
		expect(isValidTimeZone('UTC')).toBe(true);
		expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
	});
});

describe('addSeconds and secondsBetween', () => {
	it('adds seconds to a timestamp', () => {
		expect(addSeconds('2025-12-17T01:37:41.000Z', 95)).toBe('2025-12-17T01:39:16.000Z');
		expect(addSeconds('2025-12-17T01:37:41.000Z', 0)).toBe('2025-12-17T01:37:41.000Z');
		expect(addSeconds(null, 95)).toBeNull();
		expect(addSeconds('2025-12-17T01:37:41.000Z', null)).toBeNull();
	});

	it('counts whole seconds from one timestamp to a later one', () => {
		expect(secondsBetween('2025-12-17T01:37:41.000Z', '2025-12-17T01:37:53.000Z')).toBe(12);
		expect(secondsBetween('2025-12-17T01:37:41.000Z', '2025-12-17T02:37:41.000Z')).toBe(3600);
		expect(secondsBetween('2025-12-17T01:37:41.000Z', '2025-12-17T01:37:41.000Z')).toBe(0);
		expect(secondsBetween('2025-12-17T01:37:41.000Z', '2025-12-17T01:37:42.600Z')).toBe(2);
	});

	it('is null when out of order or missing', () => {
		expect(secondsBetween('2025-12-17T01:37:53.000Z', '2025-12-17T01:37:41.000Z')).toBeNull();
		expect(secondsBetween(null, '2025-12-17T01:37:41.000Z')).toBeNull();
		expect(secondsBetween('2025-12-17T01:37:41.000Z', null)).toBeNull();
	});
});

describe('payloadHash', () => {
	const payload = {
		type: 'user_inbound',
		unique_call_id: '1765975061.4821',
		caller_id: '0412345678',
		nested: { a: 1, b: [1, 2, { c: 'x', d: null }] },
	};

	it('is a 32-character hex id', () => {
		expect(payloadHash(payload)).toMatch(/^[0-9a-f]{32}$/);
	});

	it('is the same whatever the order of keys, also in nested objects', () => {
		const reordered = {
			nested: { b: [1, 2, { d: null, c: 'x' }], a: 1 },
			caller_id: '0412345678',
			unique_call_id: '1765975061.4821',
			type: 'user_inbound',
		};
		expect(payloadHash(reordered)).toBe(payloadHash(payload));
		expect(payloadHash(JSON.parse(JSON.stringify(payload)))).toBe(payloadHash(payload));
	});

	it('differs for different payloads', () => {
		expect(payloadHash({ ...payload, caller_id: '0412345679' })).not.toBe(payloadHash(payload));
		expect(payloadHash({ ...payload, type: 'user_inbound_answered' })).not.toBe(
			payloadHash(payload),
		);
		expect(payloadHash({ a: 1 })).not.toBe(payloadHash({ a: '1' }));
		// Array order matters: it is data, not layout.
		expect(payloadHash([1, 2])).not.toBe(payloadHash([2, 1]));
		expect(payloadHash('{"a":1}')).not.toBe(payloadHash({ a: 1 }));
	});

	it('hashes text payloads', () => {
		expect(payloadHash('broken body')).toBe(payloadHash('broken body'));
		expect(payloadHash('broken body')).not.toBe(payloadHash('broken body!'));
	});
});

describe('FieldReader', () => {
	it('reads fields whatever their case', () => {
		const reader = new FieldReader({ CallerId: '0412345678', USER_NAME: 'Sam' });
		expect(reader.text('callerid')).toBe('0412345678');
		expect(reader.text('CALLERID')).toBe('0412345678');
		expect(reader.text('user_name')).toBe('Sam');
	});

	it('returns the first name with a non-empty value', () => {
		const reader = new FieldReader({
			caller_id: '',
			callerid: '0412345678',
			from_number: '0299998888',
		});
		expect(reader.text('caller_id', 'callerid', 'from_number')).toBe('0412345678');
		expect(reader.text('from_number', 'callerid')).toBe('0299998888');
		expect(new FieldReader({ a: null, b: undefined, c: 0 }).value('a', 'b', 'c')).toBe(0);
		expect(reader.text('missing', 'also_missing')).toBeNull();
	});

	it('keeps the first of two keys that differ only in case', () => {
		expect(new FieldReader({ Type: 'voicemail', type: 'user_inbound' }).text('type')).toBe(
			'voicemail',
		);
	});

	it('reads seconds and nested objects', () => {
		const reader = new FieldReader({ Duration: '01:35', Queue: { Name: 'Sales' }, list: [1] });
		expect(reader.seconds('duration')).toBe(95);
		expect(reader.object('queue')?.text('name')).toBe('Sales');
		expect(reader.object('list')).toBeNull();
		expect(reader.object('missing')).toBeNull();
	});
});

describe('dates past what a JavaScript date holds (found by fuzzing)', () => {
	it('addSeconds gives null instead of throwing for a duration no call has', () => {
		expect(addSeconds('2026-01-01T00:00:00.000Z', 1e74)).toBeNull();
		expect(addSeconds('2026-01-01T00:00:00.000Z', -1e74)).toBeNull();
		expect(addSeconds('2026-01-01T00:00:00.000Z', 90)).toBe('2026-01-01T00:01:30.000Z');
	});
});

describe('toIsoUtc reads only what the formats allow', () => {
	it('reads epoch seconds written as text, with spaces or a fraction', () => {
		expect(toIsoUtc(' 1765975061 ')).toBe('2025-12-17T12:37:41.000Z');
		expect(toIsoUtc('1765975061.25')).toBe('2025-12-17T12:37:41.250Z');
		expect(toIsoUtc('1765975061.5')).toBe('2025-12-17T12:37:41.500Z');
	});

	it('reads a 9-digit epoch as seconds and a 12-digit one as a finer unit', () => {
		expect(toIsoUtc('999999999')).toBe('2001-09-09T01:46:39.000Z');
		expect(toIsoUtc(100000000000)).toBe('2001-09-09T01:46:40.000Z');
		expect(toIsoUtc(99999999999)).toBe('5138-11-16T09:46:39.000Z');
	});

	it('trims a zoned time and reads a comma before its fraction', () => {
		expect(toIsoUtc(' 2025-12-17T12:37:41Z ')).toBe('2025-12-17T12:37:41.000Z');
		expect(toIsoUtc('2025-12-17T12:37:41,250Z')).toBe('2025-12-17T12:37:41.250Z');
		expect(toIsoUtc('2025-12-17T12:37Z')).toBe('2025-12-17T12:37:00.000Z');
		expect(toIsoUtc('2025-12-17 12:37:41  +10:00')).toBe('2025-12-17T02:37:41.000Z');
	});

	it('refuses text around a date', () => {
		expect(toIsoUtc('on 2025-12-17 12:37')).toBeNull();
		expect(toIsoUtc('2025-12-17 12:37 tomorrow')).toBeNull();
		expect(toIsoUtc('on 2025-12-17T12:37:41Z')).toBeNull();
	});

	it('refuses impossible dates and clock times, keeps the last second of a day', () => {
		expect(toIsoUtc('2025-02-30 10:00')).toBeNull();
		expect(toIsoUtc('2025-13-01 10:00')).toBeNull();
		expect(toIsoUtc('2025-12-17 24:00')).toBeNull();
		expect(toIsoUtc('2025-12-17 23:60')).toBeNull();
		expect(toIsoUtc('2025-12-17 23:59:60')).toBeNull();
		expect(toIsoUtc('2025-12-17 23:59:59')).toBe('2025-12-17T23:59:59.000Z');
		expect(toIsoUtc('2025-12-17 23:59:59', 'Australia/Sydney')).toBe('2025-12-17T12:59:59.000Z');
	});

	it('keeps the first and the last instant ISO 8601 writes with four-digit years', () => {
		expect(toIsoUtc('9999-12-31T23:59:59.999Z')).toBe('9999-12-31T23:59:59.999Z');
		expect(toIsoUtc('0000-01-01T00:00:00Z')).toBe('0000-01-01T00:00:00.000Z');
	});
});

describe('small readers', () => {
	it('toText writes booleans and big integers', () => {
		expect(toText(true)).toBe('true');
		expect(toText(BigInt('12345678901234567890'))).toBe('12345678901234567890');
	});

	it('toSeconds rounds a fraction of several digits', () => {
		expect(toSeconds('12.75')).toBe(13);
	});

	it('isObject and FieldReader.object take only plain objects', () => {
		expect(isObject({})).toBe(true);
		expect(isObject('text')).toBe(false);
		expect(isObject(null)).toBe(false);
		expect(isObject([1])).toBe(false);
		expect(new FieldReader({ queue: 'Sales' }).object('queue')).toBeNull();
	});

	it('ownValue finds a null key nowhere', () => {
		expect(ownValue({ null: 'x', undefined: 'y' }, null)).toBeUndefined();
		expect(ownValue({ null: 'x', undefined: 'y' }, undefined)).toBeUndefined();
		expect(ownValue({ null: 'x' }, 'null')).toBe('x');
	});

	it('fileNameOf reads the last path segment, decoded where it can be', () => {
		expect(fileNameOf('https://pbx.example/rec/a%20b.mp3?x=1#t')).toBe('a b.mp3');
		expect(fileNameOf('https://pbx.example/rec/')).toBeNull();
		expect(fileNameOf('https://pbx.example/rec/100%.wav')).toBe('100%.wav');
	});

	it('addSeconds is null without a duration', () => {
		expect(addSeconds('2025-12-17T01:37:41.000Z', null)).toBeNull();
	});
});

describe('payloadHash stays the same from one version to the next', () => {
	// An event id is made of this hash: a changed text would give a call already in a CRM a new id.
	const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

	it.each<[string, unknown, string]>([
		['an object, keys sorted', { b: 2, a: 1 }, '{"a":1,"b":2}'],
		[
			'nested arrays and objects',
			{ z: [1, [], {}, { y: null, x: 'v' }] },
			'{"z":[1,[],{},{"x":"v","y":null}]}',
		],
		['an array of arrays', [[1, 2], [3]], '[[1,2],[3]]'],
		['a value no JSON holds', [undefined], '[null]'],
		['text', 'broken body', '"broken body"'],
		['a key that needs escaping', { 'a"b': true }, '{"a\\"b":true}'],
	])('%s', (_name, value, canonical) => {
		expect(payloadHash(value)).toBe(sha(canonical));
	});
});

describe('measureShape', () => {
	const unbounded = { maxDepth: 100, maxValues: 1000 };

	it('counts levels and values of every kind of value', () => {
		expect(measureShape('text', unbounded)).toEqual({ depth: 0, values: 0 });
		expect(measureShape(null, unbounded)).toEqual({ depth: 0, values: 0 });
		expect(measureShape({}, unbounded)).toEqual({ depth: 1, values: 0 });
		expect(measureShape([1, null, 'x'], unbounded)).toEqual({ depth: 1, values: 3 });
		expect(measureShape({ a: { b: { c: 1 } }, d: [1, [2]] }, unbounded)).toEqual({
			depth: 3,
			values: 7,
		});
	});

	it('stops once a value is deeper than allowed', () => {
		expect(measureShape([[[[[1]]]]], { maxDepth: 2, maxValues: 1000 })).toEqual({
			depth: 3,
			values: 2,
		});
		expect(measureShape([[1]], { maxDepth: 2, maxValues: 1000 })).toEqual({ depth: 2, values: 2 });
	});

	it('stops once a value holds more values than allowed', () => {
		expect(measureShape([[[[1]]], 2, 3, 4], { maxDepth: 100, maxValues: 3 })).toEqual({
			depth: 1,
			values: 4,
		});
		expect(measureShape([1, 2, 3], { maxDepth: 100, maxValues: 3 })).toEqual({
			depth: 1,
			values: 3,
		});
	});
});
