import type { IDataObject } from 'n8n-workflow';
import { DateTime } from 'luxon';

import type { CallEvent } from '../shared/callEvent';
import { simplifyCallRow, type CallList } from './history';

/** VoIPcloud's documented limit: 100 API requests per 15 minutes per key. */
export const API_REQUESTS_PER_15_MINUTES = 100;

/**
 * Sources in the order their rows are read: a queue or ring group row is the whole call, so it is
 * read first; the user row of the same call (the user's leg) then adds nothing.
 */
export const SOURCE_ORDER: CallList[] = ['queue', 'ringGroup', 'user'];

export const SOURCE_NAMES: Record<CallList, string> = {
	user: 'User Calls',
	queue: 'Queue Calls',
	ringGroup: 'Ring Group Calls',
};

/** One of n8n's Poll Times entries, as the node parameter holds it. */
export interface PollTime {
	mode?: string;
	value?: number;
	unit?: string;
	minute?: number;
	cronExpression?: string;
}

export interface SeenCall {
	at: string;
	endedAt: string | null;
}

/** What the trigger keeps in the node's static data between polls. */
export interface HistoryCursor {
	/** Calls that started before this are never delivered: the activation (less the backfill). */
	since: string;
	/** When the last successful poll started (n8n's clock); null before the first. */
	lastPollAt: string | null;
	/**
	 * The eventIds already delivered whose calls started inside the late-calls window: the call's
	 * start, and the end the delivered row said (a later end of the same call is delivered again).
	 */
	seen: Record<string, SeenCall>;
}

/** The minutes of the hour a cron field fires at; null when it cannot be read. */
function cronMinutes(field: string): Set<number> | null {
	const minutes = new Set<number>();
	// The field has no spaces: the expression is split at them.
	for (const part of field.split(',')) {
		const match = /^(?:\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
		if (!match) return null;
		const [, first, last, step] = match;
		const from = first === undefined ? 0 : Number(first);
		const to = last !== undefined ? Number(last) : first === undefined || step ? 59 : from;
		const by = step ? Number(step) : 1;
		if (from > 59 || to > 59 || by < 1) return null;
		for (let minute = from; minute <= to; minute += by) minutes.add(minute);
	}
	return minutes;
}

/** The most polls any 15 minutes can hold when a cron fires at these minutes of every hour. */
function peakIn15Minutes(minutes: Set<number>): number {
	let peak = 0;
	// The busiest window starts at a poll.
	for (const start of minutes) {
		let count = 0;
		for (let offset = 0; offset < 15; offset++) if (minutes.has((start + offset) % 60)) count++;
		peak = Math.max(peak, count);
	}
	return peak;
}

/**
 * The most polls n8n can start in any 15 minutes with these Poll Times. An hourly or rarer entry
 * counts once; a custom cron is read by its minute field, and counts as every minute when that
 * cannot be read.
 */
export function pollsPer15Minutes(pollTimes: PollTime[]): number {
	let polls = 0;
	for (const time of pollTimes) {
		if (time.mode === 'everyMinute') polls += 15;
		else if (time.mode === 'everyX' && time.unit === 'minutes') {
			polls += peakIn15Minutes(cronMinutes(`*/${Math.max(1, Number(time.value) || 1)}`)!);
		} else if (time.mode === 'custom') {
			const fields = String(time.cronExpression ?? '')
				.trim()
				.split(/\s+/);
			const subMinute = fields.length === 6 && !/^\d+$/.test(fields[0]);
			const minutes = cronMinutes(fields.length === 6 ? fields[1] : fields[0]);
			polls += subMinute ? 15 * 60 : minutes ? peakIn15Minutes(minutes) : 15;
		} else polls += 1;
	}
	return polls;
}

export interface RequestBudget {
	/** Requests one poll sends: one page per source (a page holds up to 10,000 calls). */
	requestsPerPoll: number;
	polls: number;
	/** Requests in the busiest 15 minutes. */
	requests: number;
	/** What to change, when `requests` is more than the budget; null when it fits. */
	refusal: string | null;
}

/**
 * The trigger's share of VoIPcloud's 100 requests per 15 minutes (the VoIPcloud node and anything
 * else on the key use the same 100), and what to change when the Poll Times and Sources exceed it.
 */
export function requestBudget(
	pollTimes: PollTime[],
	sources: CallList[],
	budget: number,
): RequestBudget {
	const requestsPerPoll = sources.length;
	const polls = pollsPer15Minutes(pollTimes);
	const requests = polls * requestsPerPoll;
	if (requests <= budget) return { requestsPerPoll, polls, requests, refusal: null };
	const pollsAllowed = Math.floor(budget / requestsPerPoll);
	const everyMinutes = pollsAllowed < 1 ? null : Math.ceil(15 / pollsAllowed);
	const remedies = [
		everyMinutes === null
			? null
			: `poll at most every ${everyMinutes} minutes (Poll Times: Every X, ${everyMinutes} minutes)`,
		requestsPerPoll > 1 ? 'choose fewer Sources' : null,
		budget < API_REQUESTS_PER_15_MINUTES
			? `raise the Request Budget (up to ${API_REQUESTS_PER_15_MINUTES}, if nothing else uses this API key)`
			: null,
	].filter((remedy): remedy is string => remedy !== null);
	return {
		requestsPerPoll,
		polls,
		requests,
		refusal:
			`These Poll Times and Sources need up to ${requests} VoIPcloud API requests in 15 minutes ` +
			`(${polls} polls × ${requestsPerPoll} ${requestsPerPoll === 1 ? 'source' : 'sources'}), more than the Request Budget of ${budget}. ` +
			`VoIPcloud allows ${API_REQUESTS_PER_15_MINUTES} requests per 15 minutes per API key, shared with the VoIPcloud node. ` +
			`To fit: ${remedies.join(', or ')}.`,
	};
}

/** When a call happened, for the window: its start, else its end, else when it was read. */
function callTime(event: CallEvent): string {
	return event.startedAt ?? event.endedAt ?? event.occurredAt;
}

function endTime(event: CallEvent): number {
	return Date.parse(event.endedAt ?? callTime(event));
}

/**
 * The calls of the history rows, whole calls only, each once, oldest first. A user row of a call
 * through a queue or ring group is one user's leg (`leg.ended`), not the call: the queue or ring
 * group row is. A call with several whole-call rows (a ring group that failed over to a queue, a
 * user who forwarded to another) keeps the row that ended last, as the webhooks' last end wins;
 * on a tie, the first in SOURCE_ORDER. History rows are settled: each event is `final`.
 */
export function historyCalls(
	rowsBySource: Partial<Record<CallList, IDataObject[]>>,
	{ timeZone, fetchedAt }: { timeZone: string; fetchedAt: string },
): CallEvent[] {
	const calls = new Map<string, CallEvent>();
	for (const source of SOURCE_ORDER) {
		for (const row of rowsBySource[source] ?? []) {
			const event = simplifyCallRow(row, source, { timeZone, fetchedAt });
			if (event.event !== 'call.ended') continue;
			const kept = calls.get(event.eventId);
			if (kept && endTime(kept) >= endTime(event)) continue;
			calls.set(event.eventId, { ...event, final: true });
		}
	}
	return [...calls.values()].sort(
		(a, b) =>
			Date.parse(callTime(a)) - Date.parse(callTime(b)) ||
			String(a.callId).localeCompare(String(b.callId)),
	);
}

/** The state of a trigger activated at `now`: nothing before it, or the last `backfillHours`. */
export function firstCursor(now: Date, backfillHours: number): HistoryCursor {
	const since = new Date(now.getTime() - Math.max(0, backfillHours) * 3_600_000);
	return { since: since.toISOString(), lastPollAt: null, seen: {} };
}

/**
 * The earliest call start this poll looks at: the previous poll less the late-calls window (a call
 * written to the history late still falls inside), never before `since`.
 */
export function windowStart(cursor: HistoryCursor, lateWindowMs: number): Date {
	const since = Date.parse(cursor.since);
	if (cursor.lastPollAt === null) return new Date(since);
	return new Date(Math.max(since, Date.parse(cursor.lastPollAt) - lateWindowMs));
}

/**
 * The `from_date` to ask for, so the window's first call is in the answer: the API filters by
 * whole days in a time zone it does not document, so the day before the window's start (in the
 * PBX Time Zone) is asked for too.
 */
export function fromDate(start: Date, timeZone: string): string {
	return DateTime.fromJSDate(start).setZone(timeZone).minus({ days: 1 }).toISODate() ?? '';
}

/**
 * The calls this poll delivers: in the window, not delivered before (or with a later end than the
 * one delivered), and ended before
 * `settledBefore`. A call that ended later is left for a later poll (it stays in the window): its
 * webhook, if it came, has had time to run first, so the two never upsert the same row at once.
 */
export function newCalls(
	calls: CallEvent[],
	cursor: HistoryCursor,
	lateWindowMs: number,
	settledBefore: Date | null = null,
): CallEvent[] {
	const start = windowStart(cursor, lateWindowMs).getTime();
	return calls.filter((call) => {
		const seen = cursor.seen[call.eventId];
		// A later end of a call already delivered replaces it (the same eventId), as a webhook's would.
		const newer = seen === undefined || endTime(call) > Date.parse(seen.endedAt ?? seen.at);
		return (
			Date.parse(callTime(call)) >= start &&
			newer &&
			(settledBefore === null || endTime(call) <= settledBefore.getTime())
		);
	});
}

/**
 * The state after a poll that started at `pollStartedAt` delivered `delivered`. Ids of calls
 * that started before the next window are forgotten: no later poll looks at them again.
 */
export function advanceCursor(
	cursor: HistoryCursor,
	delivered: CallEvent[],
	pollStartedAt: Date,
	lateWindowMs: number,
): HistoryCursor {
	const next: HistoryCursor = { ...cursor, lastPollAt: pollStartedAt.toISOString(), seen: {} };
	const forgetBefore = windowStart(next, lateWindowMs).getTime();
	const seen = { ...cursor.seen };
	for (const call of delivered) seen[call.eventId] = { at: callTime(call), endedAt: call.endedAt };
	for (const [eventId, call] of Object.entries(seen)) {
		if (Date.parse(call.at) >= forgetBefore) next.seen[eventId] = call;
	}
	return next;
}

/** The static data read back as a cursor; null when there is none (first activation). */
export function readCursor(staticData: IDataObject): HistoryCursor | null {
	const cursor = staticData.historyCursor as HistoryCursor | undefined;
	if (!cursor || typeof cursor.since !== 'string' || typeof cursor.seen !== 'object') return null;
	return cursor;
}
