// How KOMPaaS's payload fields read: the parts of nodes/Kompaas/events.ts's mapping that parse a
// field rather than choose an event.
import { endResult, partyName, type CallEventFields } from '../shared/callEvent';
import { eventNameKey } from '../shared/eventCatalogue';
import { addSeconds, FieldReader, isObject, ownValue, toBoolean, toIsoUtc } from '../shared/values';

/** The event's code, wherever the webhook's format puts it. */
export function vendorEventOf(f: FieldReader): string | null {
	return (
		f.text('eventType', 'userEventType', 'userdeftype', 'event', 'eventName') ??
		nested(f, 'data')?.text('eventName') ??
		null
	);
}

/** What `extra.status` of a queue link end says: answered (true) or not (false). */
const QUEUE_STATUS: Record<string, boolean> = {
	answered: true,
	answer: true,
	connected: true,
	completed: true,
	lost: false,
	abandon: false,
	abandoned: false,
	timeout: false,
	timedout: false,
	exitempty: false,
	exitwithtimeout: false,
};

/**
 * Q.850 hang-up causes of an unanswered outbound call that say why: the called party was busy
 * or declined (17, 21), or the call could not be connected. Any other cause is `missed`.
 */
const UNANSWERED_CAUSES: Record<string, 'busy' | 'failed'> = {
	'17': 'busy',
	'21': 'busy',
	...Object.fromEntries(
		['1', '2', '3', '27', '28', '34', '38', '41', '42'].map((c) => [c, 'failed']),
	),
};

/**
 * The call: `callId`, which every call event carries (VPBX, queue agent and recording events;
 * `extra.callid` on queue links). Only events without it (voice robot replicas) fall back to
 * Asterisk's `linkedid`, the uniqueid of the call's first channel. KOMPaaS prints the same
 * value for both; reading the same field everywhere keeps attempts and recordings on the call.
 */
export function callIdOf(f: FieldReader, extra: FieldReader | null, inner: FieldReader | null) {
	return (
		f.text('callId') ??
		extra?.text('callid') ??
		inner?.text('callId') ??
		f.text('linkedId', 'linkedid') ??
		null
	);
}

export function inboundCall(f: FieldReader): CallEventFields {
	const caller = f.text('callerNumber', 'callerIdNum', 'callerID');
	return {
		from: { number: caller, name: partyName(f.text('callerIdName'), caller) },
		did: f.text('did'),
		agent: { extension: f.text('InternalNumber', 'internalNumber'), name: null },
		queue: { id: f.text('queue'), name: f.text('queueName') },
	};
}

/**
 * An outgoing leg that carries an inbound call on: `isRedirect` set, and the caller ID it shows
 * is a number from outside (the original caller's) rather than the user's extension. A user's
 * own outbound call shows the extension (or `s`) there.
 */
export function isForwardedLeg(f: FieldReader, selector: string | undefined): boolean {
	if (selector !== 'VpbxOutgoingStart' && selector !== 'VpbxOutgoingEnd') return false;
	if (toBoolean(f.value('isRedirect')) !== true) return false;
	const shown = f.text('callerIdNum');
	return shown !== null && isOutsideNumber(shown) && shown !== f.text('internalNumber');
}

export function forwardedLeg(f: FieldReader): CallEventFields {
	const caller = f.text('callerIdNum');
	return {
		from: { number: caller, name: null },
		did: f.text('did'),
		agent: { extension: f.text('internalNumber'), name: null },
	};
}

/** A public number rather than an extension: longer than the longest extension KOMPaaS gives. */
function isOutsideNumber(number: string): boolean {
	return /^\+?\d{7,}$/.test(number);
}

/**
 * A recording names the calling number (`numA`) and the called one (`numB`). An extension in
 * `numA` means a user called out; a number from outside means the call came in.
 */
export function recordingParties(f: FieldReader): CallEventFields {
	const calling = f.text('numA');
	const called = f.text('numB');
	if (calling === null) return {};
	if (!isOutsideNumber(calling)) {
		return {
			direction: 'outbound',
			to: { number: called, name: null },
			agent: { extension: calling, name: null },
		};
	}
	return {
		direction: 'inbound',
		from: { number: calling, name: null },
		...(called !== null && isOutsideNumber(called)
			? { did: called }
			: { agent: { extension: called, name: null } }),
	};
}

export function outboundCall(f: FieldReader): CallEventFields {
	const dialled = f.text('calledNumber', 'connectedLineNum');
	return {
		to: { number: dialled, name: partyName(f.text('connectedLineName'), dialled) },
		did: f.text('did'),
		agent: { extension: f.text('internalNumber'), name: null },
	};
}

/** One id per queue: its number (`extra.queue`, `queue` on the other events), never its name. */
export function queueLink(f: FieldReader, extra: FieldReader | null): CallEventFields {
	const caller = f.text('cid_num', 'cid_ani');
	const status = extra?.text('status');
	const answered = status ? ownValue(QUEUE_STATUS, eventNameKey(status)) : undefined;
	return {
		from: { number: caller, name: partyName(f.text('cid_name'), caller) },
		did: f.text('cid_dnid'),
		queue: { id: extra?.text('queue') ?? null, name: extra?.text('queue_name') ?? null },
		...(answered === undefined ? {} : endResult(answered, 'inbound')),
	};
}

export function queueAgentCall(f: FieldReader): CallEventFields {
	return {
		from: { number: f.text('callerNumber'), name: null },
		did: f.text('did'),
		agent: { extension: f.text('internalNumber'), name: null },
		queue: { id: f.text('queue'), name: f.text('queueName') },
		// The start of the whole call, not of this attempt.
		startedAt: plausibleTime(f.value('startGeneralTime')),
	};
}

/**
 * Whether what ended was answered: `answered`, or talking time. On a queue agent's attempt,
 * `whoAnswered` names the agent who took the call (a number by POST, a string by GET), or is
 * true / false: the attempt was answered only when it names this attempt's agent.
 */
function answeredOf(f: FieldReader): boolean {
	if (toBoolean(f.value('answered')) === true || (f.seconds('billsec') ?? 0) > 0) return true;
	const who = f.value('whoAnswered');
	if (typeof who === 'boolean') return who;
	const agent = f.text('internalNumber');
	return agent !== null && f.text('whoAnswered') === agent;
}

/**
 * The time a call spent with the call flow alone (an IVR menu, a voice robot), when no user
 * talked: `schemaBillsec` with no `billsec`. Null when a user talked or the flow had none.
 */
function callFlowTalkSec(f: FieldReader): number | null {
	if ((f.seconds('billsec') ?? 0) > 0) return null;
	const schema = f.seconds('schemaBillsec');
	return schema !== null && schema > 0 ? schema : null;
}

/** The end of the whole call: its times, durations, result and recording. */
export function callEnd(
	f: FieldReader,
	fields: CallEventFields,
	callFlowAnswers = false,
): CallEventFields {
	const durationSec = f.seconds('duration');
	const flowTalkSec = callFlowAnswers ? callFlowTalkSec(f) : null;
	const talkSec = flowTalkSec ?? f.seconds('billsec');
	const waitSec = f.seconds('durationWaiting');
	const answered = flowTalkSec !== null || answeredOf(f);
	const endedAt = fields.occurredAt ?? null;
	const startedAt =
		endedAt !== null && durationSec !== null ? addSeconds(endedAt, -durationSec) : null;
	const file = f.text('file');
	return {
		startedAt,
		endedAt,
		answeredAt: answered && waitSec !== null ? addSeconds(startedAt, waitSec) : null,
		durationSec,
		talkSec,
		waitSec,
		...endResult(
			answered,
			fields.direction,
			ownValue(UNANSWERED_CAUSES, f.text('hangupCauseCode')) ?? null,
		),
		// `file` names the recording when the call was recorded (`record: 1`); 0 or "" otherwise.
		recording: { url: null, fileName: file !== null && file !== '0' ? file : null },
	};
}

/** The end of one agent's attempt: the attempt's own durations and result. */
export function agentAttemptEnd(f: FieldReader, fields: CallEventFields): CallEventFields {
	const talkSec = f.seconds('billsec');
	const answered = answeredOf(f);
	const endedAt = fields.occurredAt ?? null;
	return {
		endedAt,
		answeredAt: answered && talkSec !== null ? addSeconds(endedAt, -talkSec) : null,
		durationSec: f.seconds('duration'),
		talkSec,
		waitSec: f.seconds('durationWaiting'),
		...endResult(answered, 'inbound'),
	};
}

/**
 * When the event happened: `dateReceivedAtUTC` (UTC without a zone), CEL `eventtime`
 * (microseconds), `event_time` (ISO), the recording's `eventTs`, then `timestamp` (seconds).
 */
export function eventTime(f: FieldReader, inner: FieldReader | null): string | null {
	const candidates = [
		f.value('dateReceivedAtUTC'),
		f.value('eventtime'),
		f.value('event_time'),
		inner?.value('eventTs'),
		f.value('timestamp'),
	];
	for (const value of candidates) {
		const time = plausibleTime(value);
		if (time !== null) return time;
	}
	return null;
}

/** A UTC time, unless the value reads as a date outside 2000–2099 (the doc's samples have some). */
function plausibleTime(value: unknown): string | null {
	const iso = toIsoUtc(value, 'UTC');
	if (iso === null) return null;
	const year = Number(iso.slice(0, 4));
	return year >= 2000 && year < 2100 ? iso : null;
}

/** A nested object, also when a GET webhook flattened it into a JSON string. */
export function nested(f: FieldReader, name: string): FieldReader | null {
	const value = f.value(name);
	if (typeof value === 'string' && value.trim().startsWith('{')) {
		try {
			const parsed = JSON.parse(value) as unknown;
			if (isObject(parsed)) return new FieldReader(parsed);
		} catch {
			return null;
		}
	}
	return f.object(name);
}
