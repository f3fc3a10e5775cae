import type { IDataObject } from 'n8n-workflow';

import type { CallEvent } from '../../../nodes/shared/callEvent';
import {
	advanceCursor,
	firstCursor,
	fromDate,
	historyCalls,
	newCalls,
	pollsPer15Minutes,
	readCursor,
	requestBudget,
	windowStart,
	type HistoryCursor,
} from '../../../nodes/Voipcloud/historyPoll';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('pollsPer15Minutes: the busiest 15 minutes of a custom cron', () => {
	test.each([
		['* * * * *', 15],
		['7 * * * *', 1],
		['59 * * * *', 1],
		['0,1,2,58,59 * * * *', 5],
		[' */5 * * * * ', 3],
		['*/5  * * * *', 3],
		['50-59 * * * *', 10],
		['*/7 * * * *', 3],
		['10-20 * * * *', 11],
		['10-20/5 * * * *', 3],
		['5/10 * * * *', 2],
		['1,2,3 * * * *', 3],
		['*/20 * * * *', 1],
		['0 7 * * * *', 1],
		['30 */2 * * * *', 8],
	])('%s polls at most %i times', (cronExpression, polls) => {
		expect(pollsPer15Minutes([{ mode: 'custom', cronExpression }])).toBe(polls);
	});

	test.each([
		'',
		'x * * * *',
		'x5 * * * *',
		'5x * * * *',
		'70-10 * * * *',
		'58-70/5 * * * *',
		'60 * * * *',
		'*-5 * * * *',
		'5-*',
		'0-60 * * * *',
		'*/0 * * * *',
		'1,x * * * *',
	])('a minute field that cannot be read (%j) counts as every minute', (cronExpression) => {
		expect(pollsPer15Minutes([{ mode: 'custom', cronExpression }])).toBe(15);
	});

	test('a custom entry without an expression counts as every minute', () => {
		expect(pollsPer15Minutes([{ mode: 'custom' }])).toBe(15);
	});

	test.each(['*/30 * * * * *', '0/30 */2 * * * *'])(
		'a seconds field that is not one second (%s) fires many times a minute',
		(cronExpression) => {
			expect(pollsPer15Minutes([{ mode: 'custom', cronExpression }])).toBe(900);
		},
	);
});

describe('pollsPer15Minutes: Every X', () => {
	test.each([
		[20, 1],
		[1, 15],
		[0, 15],
		[-5, 15],
		['soon', 15],
	])('every %j minutes polls at most %i times', (value, polls) => {
		expect(pollsPer15Minutes([{ mode: 'everyX', unit: 'minutes', value: value as number }])).toBe(
			polls,
		);
	});

	test('every X hours and the hourly, daily and weekly modes count once', () => {
		expect(
			pollsPer15Minutes([
				{ mode: 'everyX', unit: 'hours', value: 1 },
				{ mode: 'everyHour', minute: 0, unit: 'minutes', value: 1 },
				{ mode: 'everyDay' },
				{ mode: 'everyWeek' },
			]),
		).toBe(4);
	});

	test('no Poll Times: no polls', () => {
		expect(pollsPer15Minutes([])).toBe(0);
	});
});

describe('requestBudget: the refusal says what to change', () => {
	const every = [{ mode: 'everyMinute' }];

	test('a budget that is just met fits', () => {
		expect(requestBudget(every, ['queue', 'ringGroup', 'user'], 45).refusal).toBeNull();
	});

	test('over the budget with three sources: the interval, fewer sources, a higher budget', () => {
		expect(requestBudget(every, ['queue', 'ringGroup', 'user'], 30)).toEqual({
			requestsPerPoll: 3,
			polls: 15,
			requests: 45,
			refusal:
				'These Poll Times and Sources need up to 45 VoIPcloud API requests in 15 minutes ' +
				'(15 polls × 3 sources), more than the Request Budget of 30. ' +
				'VoIPcloud allows 100 requests per 15 minutes per API key, shared with the VoIPcloud node. ' +
				'To fit: poll at most every 2 minutes (Poll Times: Every X, 2 minutes), or choose fewer Sources, ' +
				'or raise the Request Budget (up to 100, if nothing else uses this API key).',
		});
	});

	test('one source at the full budget: only the interval is left to change', () => {
		const plan = requestBudget(
			[{ mode: 'custom', cronExpression: '*/10 * * * * *' }],
			['user'],
			100,
		);
		expect(plan.refusal).toBe(
			'These Poll Times and Sources need up to 900 VoIPcloud API requests in 15 minutes ' +
				'(900 polls × 1 source), more than the Request Budget of 100. ' +
				'VoIPcloud allows 100 requests per 15 minutes per API key, shared with the VoIPcloud node. ' +
				'To fit: poll at most every 1 minutes (Poll Times: Every X, 1 minutes).',
		);
	});

	test('the interval is rounded up so that the polls fit', () => {
		expect(requestBudget(every, ['queue', 'ringGroup', 'user'], 10).refusal).toContain(
			'poll at most every 5 minutes',
		);
		expect(requestBudget(every, ['queue', 'ringGroup', 'user'], 40).refusal).toContain(
			'poll at most every 2 minutes',
		);
	});

	test('a budget of one poll: every 15 minutes', () => {
		expect(requestBudget(every, ['queue', 'ringGroup', 'user'], 3).refusal).toContain(
			'poll at most every 15 minutes',
		);
	});

	test('a budget below one poll has no interval to offer', () => {
		expect(requestBudget(every, ['queue', 'ringGroup', 'user'], 2).refusal).toMatch(
			/To fit: choose fewer Sources, or raise the Request Budget \(up to 100, if nothing else uses this API key\)\.$/,
		);
	});
});

const fetchedAt = '2026-11-21T00:00:00.000Z';
const utc = { timeZone: 'UTC', fetchedAt };

/** A history row of a call that started at `start` (UTC, as the PBX writes it) and lasted `durationSec`. */
function row(callId: string, start: string, durationSec: number, fields: IDataObject = {}) {
	return {
		unique_call_id: callId,
		callerid: '+61298765432',
		call_start_at: start,
		call_duration: durationSec,
		conversation_duration: 0,
		...fields,
	};
}

describe('historyCalls: whole calls, each once, oldest first', () => {
	test('a user leg of a queue call is not a call; every call is final', () => {
		const calls = historyCalls(
			{
				user: [
					row('c1', '2026-11-20 10:00:00', 30, { type: 'user_inbound_completed' }),
					row('c2', '2026-11-20 09:00:00', 30, {
						type: 'user_inbound_completed',
						queue_name: 'Sales',
					}),
				],
			},
			utc,
		);
		expect(calls.map((call) => [call.callId, call.final])).toEqual([['c1', true]]);
	});

	test('the row that ended last is kept; on a tie, the queue row, read first', () => {
		const calls = historyCalls(
			{
				user: [row('late', '2026-11-20 10:00:00', 90, { type: 'user_inbound_completed' })],
				queue: [
					row('late', '2026-11-20 10:00:00', 60, { queue_name: 'Sales' }),
					row('tie', '2026-11-20 11:00:00', 60, { queue_name: 'Support' }),
				],
				ringGroup: [
					row('tie', '2026-11-20 11:00:00', 60, { ring_group_name: 'Reception' }),
					row('late', '2026-11-20 10:00:00', 30, { ring_group_name: 'Reception' }),
				],
			},
			utc,
		);
		expect(calls.map((call) => [call.callId, call.endedAt, call.queue.name])).toEqual([
			['late', '2026-11-20T10:01:30.000Z', null],
			['tie', '2026-11-20T11:01:00.000Z', 'Support'],
		]);
		expect(calls[0].vendorEvent).toBe('user_inbound_completed');
	});

	test('the rows’ times are read in the PBX time zone', () => {
		const calls = historyCalls(
			{ queue: [row('a', '2026-11-20 10:00:00', 10), { unique_call_id: 'untimed' }] },
			{ timeZone: 'Australia/Sydney', fetchedAt },
		);
		expect(calls.map((call) => [call.callId, call.startedAt, call.occurredAt])).toEqual([
			['a', '2026-11-19T23:00:00.000Z', '2026-11-19T23:00:10.000Z'],
			['untimed', null, fetchedAt],
		]);
	});

	test('calls are sorted by start, then by call ID', () => {
		const calls = historyCalls(
			{
				queue: [
					row('b', '2026-11-20 10:00:00', 10),
					row('c', '2026-11-20 09:00:00', 10),
					row('a', '2026-11-20 10:00:00', 10),
				],
			},
			utc,
		);
		expect(calls.map((call) => call.callId)).toEqual(['c', 'a', 'b']);
	});

	test('no rows, no calls', () => {
		expect(historyCalls({}, utc)).toEqual([]);
	});
});

describe('the cursor', () => {
	const now = new Date('2026-11-20T12:00:00.000Z');

	test('first activation starts now, or Deliver Past Hours before', () => {
		expect(firstCursor(now, 0)).toEqual({
			since: '2026-11-20T12:00:00.000Z',
			lastPollAt: null,
			seen: {},
		});
		expect(firstCursor(now, 3).since).toBe('2026-11-20T09:00:00.000Z');
		expect(firstCursor(now, -3).since).toBe('2026-11-20T12:00:00.000Z');
	});

	test('the window starts at since before the first poll, then the late window before the last poll', () => {
		const cursor: HistoryCursor = { since: '2026-11-20T08:00:00.000Z', lastPollAt: null, seen: {} };
		expect(windowStart(cursor, HOUR).toISOString()).toBe('2026-11-20T08:00:00.000Z');
		const polled = { ...cursor, lastPollAt: '2026-11-20T12:00:00.000Z' };
		expect(windowStart(polled, HOUR).toISOString()).toBe('2026-11-20T11:00:00.000Z');
		expect(windowStart(polled, 6 * HOUR).toISOString()).toBe('2026-11-20T08:00:00.000Z');
	});

	test('from_date is the day before the window start, in the PBX time zone', () => {
		const start = new Date('2026-11-20T13:30:00.000Z');
		expect(fromDate(start, 'UTC')).toBe('2026-11-19');
		expect(fromDate(start, 'Australia/Sydney')).toBe('2026-11-20');
		expect(fromDate(new Date(NaN), 'UTC')).toBe('');
	});

	test.each([
		[{}, null],
		[{ historyCursor: { since: 5, seen: {} } }, null],
		[{ historyCursor: { since: '2026-11-20T12:00:00.000Z', seen: 'x' } }, null],
	])('static data %j holds no cursor', (staticData, expected) => {
		expect(readCursor(staticData as IDataObject)).toBe(expected);
	});

	test('a stored cursor is read back as it is', () => {
		const cursor = { since: '2026-11-20T12:00:00.000Z', lastPollAt: null, seen: {} };
		expect(readCursor({ historyCursor: cursor })).toBe(cursor);
	});
});

/** A call event with only the fields the poll reads. */
function call(
	eventId: string,
	startedAt: string | null,
	endedAt: string | null,
	occurredAt = fetchedAt,
): CallEvent {
	return { eventId, startedAt, endedAt, occurredAt } as CallEvent;
}

describe('newCalls', () => {
	const cursor: HistoryCursor = {
		since: '2026-11-20T08:00:00.000Z',
		lastPollAt: '2026-11-20T12:00:00.000Z',
		seen: {
			same: { at: '2026-11-20T11:30:00.000Z', endedAt: '2026-11-20T11:31:00.000Z' },
			later: { at: '2026-11-20T11:30:00.000Z', endedAt: '2026-11-20T11:31:00.000Z' },
			noEnd: { at: '2026-11-20T11:40:00.000Z', endedAt: null },
		},
	};
	const ids = (calls: CallEvent[]) => calls.map((one) => one.eventId);

	test('calls from the window start on, not delivered before or with a later end', () => {
		const calls = [
			call('before', '2026-11-20T10:59:59.999Z', '2026-11-20T11:05:00.000Z'),
			call('atStart', '2026-11-20T11:00:00.000Z', '2026-11-20T11:05:00.000Z'),
			call('same', '2026-11-20T11:30:00.000Z', '2026-11-20T11:31:00.000Z'),
			call('later', '2026-11-20T11:30:00.000Z', '2026-11-20T11:31:00.001Z'),
			call('noEnd', '2026-11-20T11:40:00.000Z', null),
		];
		expect(ids(newCalls(calls, cursor, HOUR))).toEqual(['atStart', 'later']);
	});

	test('a call seen without an end is compared with its start', () => {
		const calls = [call('noEnd', '2026-11-20T11:40:00.000Z', '2026-11-20T11:40:00.001Z')];
		expect(ids(newCalls(calls, cursor, HOUR))).toEqual(['noEnd']);
	});

	test('a call without a start is placed by its end, then by when it was read', () => {
		const calls = [
			call('endOnly', null, '2026-11-20T11:10:00.000Z'),
			call('endTooEarly', null, '2026-11-20T10:10:00.000Z'),
			call('neither', null, null, '2026-11-20T11:20:00.000Z'),
			call('readTooEarly', null, null, '2026-11-20T10:20:00.000Z'),
		];
		expect(ids(newCalls(calls, cursor, HOUR))).toEqual(['endOnly', 'neither']);
	});

	test('only calls that ended by settledBefore, that moment included', () => {
		const calls = [
			call('settled', '2026-11-20T11:10:00.000Z', '2026-11-20T11:50:00.000Z'),
			call('notYet', '2026-11-20T11:10:00.000Z', '2026-11-20T11:50:00.001Z'),
		];
		const settledBefore = new Date('2026-11-20T11:50:00.000Z');
		expect(ids(newCalls(calls, cursor, HOUR, settledBefore))).toEqual(['settled']);
	});
});

describe('advanceCursor', () => {
	test('remembers the delivered calls and forgets those before the next window', () => {
		const cursor: HistoryCursor = {
			since: '2026-11-20T08:00:00.000Z',
			lastPollAt: '2026-11-20T12:00:00.000Z',
			seen: {
				gone: { at: '2026-11-20T11:59:59.999Z', endedAt: null },
				kept: { at: '2026-11-20T12:00:00.000Z', endedAt: '2026-11-20T12:01:00.000Z' },
			},
		};
		const delivered = [
			call('new', '2026-11-20T12:30:00.000Z', '2026-11-20T12:31:00.000Z'),
			call('endOnly', null, '2026-11-20T12:40:00.000Z'),
			call('old', '2026-11-20T11:00:00.000Z', '2026-11-20T11:01:00.000Z'),
		];
		const next = advanceCursor(cursor, delivered, new Date('2026-11-20T13:00:00.000Z'), HOUR);
		expect(next).toEqual({
			since: '2026-11-20T08:00:00.000Z',
			lastPollAt: '2026-11-20T13:00:00.000Z',
			seen: {
				kept: { at: '2026-11-20T12:00:00.000Z', endedAt: '2026-11-20T12:01:00.000Z' },
				new: { at: '2026-11-20T12:30:00.000Z', endedAt: '2026-11-20T12:31:00.000Z' },
				endOnly: { at: '2026-11-20T12:40:00.000Z', endedAt: '2026-11-20T12:40:00.000Z' },
			},
		});
		expect(Object.keys(cursor.seen)).toEqual(['gone', 'kept']);
	});

	test('never forgets calls after since, when the late window reaches before it', () => {
		const cursor: HistoryCursor = { since: '2026-11-20T12:00:00.000Z', lastPollAt: null, seen: {} };
		const delivered = [call('first', '2026-11-20T12:00:00.000Z', '2026-11-20T12:01:00.000Z')];
		const next = advanceCursor(cursor, delivered, new Date('2026-11-20T12:10:00.000Z'), HOUR);
		expect(Object.keys(next.seen)).toEqual(['first']);
	});
});
