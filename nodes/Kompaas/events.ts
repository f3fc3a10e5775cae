import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { endResult, partyName, type CallEventFields } from '../shared/callEvent';
import {
	eventCatalogue as catalogueOf,
	eventNameKey,
	type CatalogueEvent,
} from '../shared/eventCatalogue';
import type { MappingOptions, RecognisedEvent } from '../shared/trigger';
import { addSeconds, FieldReader, ownValue, toBoolean, toIsoUtc } from '../shared/values';

/** The selector is the event's code in payloads (`eventType`), its only vendor name so far. */
export interface KompaasEventSpec extends CatalogueEvent {
	/** The titles KOMPaaS's documentation and UI give the event (what /event/get may list). */
	titles: string[];
}

/**
 * The 10 webhook events documented in "Create integration using webhooks", and the normalized
 * event each becomes (nodes/shared/CALL_MODEL.md). VpbxInboundCallEnd and VpbxOutgoingEnd close
 * the whole call; QueueCallEnd closes one agent's attempt in a queue, never the call.
 */
export const KOMPAAS_EVENTS: KompaasEventSpec[] = [
	{
		selector: 'VpbxInboundCallStart',
		name: 'VPBX: Incoming Call Start',
		description: 'An inbound call reaches the virtual PBX (call.started)',
		titles: ['VPBX: Incoming call start'],
		event: 'call.started',
		direction: 'inbound',
		vendorNames: ['VpbxInboundCallStart'],
	},
	{
		selector: 'VpbxInboundCallEnd',
		name: 'VPBX: Incoming Call End',
		description: 'An inbound call has ended, answered or not (once per call) (call.ended)',
		titles: ['VPBX: Ending an incoming call'],
		event: 'call.ended',
		direction: 'inbound',
		vendorNames: ['VpbxInboundCallEnd'],
	},
	{
		selector: 'VpbxOutgoingStart',
		name: 'VPBX: Outgoing Call Start',
		description: 'A user starts an outbound call (call.started)',
		titles: ['VPBX: starting an outgoing call'],
		event: 'call.started',
		direction: 'outbound',
		vendorNames: ['VpbxOutgoingStart'],
	},
	{
		selector: 'VpbxOutgoingEnd',
		name: 'VPBX: Outgoing Call End',
		description: 'An outbound call has ended, answered or not (once per call) (call.ended)',
		titles: ['VPBX: Ending an outgoing call'],
		event: 'call.ended',
		direction: 'outbound',
		vendorNames: ['VpbxOutgoingEnd'],
	},
	{
		selector: 'QUEUE_LINK_START',
		name: 'Queue: Call Enters Queue',
		description: 'A call starts waiting in a queue (queue.entered)',
		titles: ['Starting a call in a queue'],
		event: 'queue.entered',
		direction: 'inbound',
		vendorNames: ['QUEUE_LINK_START'],
	},
	{
		selector: 'QUEUE_LINK_END',
		name: 'Queue: Call Leaves Queue',
		description: 'A call leaves a queue, answered or lost (queue.left)',
		titles: ['Ending a call in a queue'],
		event: 'queue.left',
		direction: 'inbound',
		vendorNames: ['QUEUE_LINK_END'],
	},
	{
		// The article titles this event "Starting a call to a subscriber in the queue" but prints
		// a copy of the QueueCallEnd sample under it. The trigger takes the title: the start is
		// QueueCallStart, and a QueueCallEnd is always the end of one agent's attempt.
		selector: 'QueueCallStart',
		name: 'Queue: Agent Call Start',
		description: 'A queue starts ringing one of its agents (call.ringing)',
		titles: ['Starting a call to a subscriber in the queue'],
		event: 'call.ringing',
		direction: 'inbound',
		vendorNames: ['QueueCallStart'],
	},
	{
		selector: 'QueueCallEnd',
		name: 'Queue: Agent Call End',
		description:
			'A queue’s call to one of its agents has ended, answered or not (one attempt, not the whole call) (leg.ended)',
		titles: ['Completing a call to a subscriber in the queue'],
		event: 'leg.ended',
		direction: 'inbound',
		vendorNames: ['QueueCallEnd'],
	},
	{
		selector: 'record_upload_done',
		name: 'Call Recording File Ready',
		description: 'The recording of a call has been uploaded (recording.ready)',
		titles: ['Call recording file ready'],
		event: 'recording.ready',
		direction: 'unknown',
		vendorNames: ['record_upload_done'],
	},
	{
		selector: 'SpeechKitDialog',
		name: 'VPBX: Question-Answer Replica',
		description: 'A voice robot’s Question-Answer element heard or said a phrase (speech.replica)',
		titles: ['VPBX: Question-Answer element replica'],
		event: 'speech.replica',
		direction: 'unknown',
		vendorNames: ['SpeechKitDialog'],
	},
];

/** The catalogue; the webhook lifecycle also finds the events KOMPaaS lists in it. */
export const eventCatalogue = catalogueOf(KOMPAAS_EVENTS);

export const kompaasEventOptions = eventCatalogue.options;

/** The documented event a code stands for, whatever its case and separators. */
export const kompaasEventSpec = eventCatalogue.byVendorName;

function vendorEventOf(f: FieldReader): string | null {
	return (
		f.text('eventType', 'userEventType', 'userdeftype', 'event', 'eventName') ??
		nested(f, 'data')?.text('eventName') ??
		null
	);
}

export function recogniseKompaasEvent(data: IDataObject | string): RecognisedEvent[] {
	if (typeof data === 'string') return [];
	const vendorEvent = vendorEventOf(new FieldReader(data));
	const spec = vendorEvent === null ? undefined : kompaasEventSpec(vendorEvent);
	return spec && vendorEvent ? [{ selector: spec.selector, vendorEvent }] : [];
}

/** KOMPaaS's own event id: the recording event's UUID, or the CEL record id of queue events. */
export function kompaasEventId(data: IDataObject): string | null {
	const f = new FieldReader(data);
	const spec = kompaasEventSpec(vendorEventOf(f) ?? '');
	if (spec?.selector === 'record_upload_done' || spec?.event.startsWith('queue.')) {
		return f.text('id');
	}
	return null;
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

/** The option that `normalizeKompaasEvent` reads from the trigger's (or the PBX Call Event node's) Options. */
export const callFlowAnswersOption: INodeProperties = {
	displayName: 'Call Flow Answers',
	name: 'callFlowAnswers',
	type: 'boolean',
	default: false,
	description:
		'Whether a call that only the call flow took (an IVR menu or a voice robot: its time in schemaBillsec, none in billsec) counts as answered. Off, it is missed, like a caller who hung up in the menu. Turn on when a voice robot serves your callers.',
};

export function normalizeKompaasEvent(
	data: IDataObject | string,
	recognised: RecognisedEvent | null,
	options?: MappingOptions,
): CallEventFields {
	const callFlowAnswers = options?.settings?.callFlowAnswers === true;
	if (typeof data === 'string') return {};
	const f = new FieldReader(data);
	const spec = recognised ? eventCatalogue.bySelector(recognised.selector) : undefined;
	const extra = nested(f, 'extra');
	const inner = nested(f, 'data');

	const fields: CallEventFields = {
		event: spec?.event ?? 'unknown',
		vendorEvent: recognised?.vendorEvent ?? vendorEventOf(f),
		callId: callIdOf(f, extra, inner),
		legId: f.text('uniqueId'),
		direction: spec?.direction ?? 'unknown',
		occurredAt: eventTime(f, inner),
	};

	if (isForwardedLeg(f, spec?.selector)) {
		// A user's forwarding sends the inbound call out of the PBX (to the user's mobile): that
		// leg is the user's part of the inbound call, not a call of its own.
		fields.direction = 'inbound';
		fields.event = spec?.selector === 'VpbxOutgoingEnd' ? 'leg.ended' : 'call.ringing';
		Object.assign(fields, forwardedLeg(f));
		if (fields.event === 'leg.ended') Object.assign(fields, callEnd(f, fields));
		return fields;
	}

	switch (spec?.selector) {
		case 'VpbxInboundCallStart':
			Object.assign(fields, inboundCall(f), { startedAt: fields.occurredAt });
			break;
		case 'VpbxInboundCallEnd':
			Object.assign(fields, inboundCall(f), callEnd(f, fields, callFlowAnswers));
			break;
		case 'VpbxOutgoingStart':
			Object.assign(fields, outboundCall(f), { startedAt: fields.occurredAt });
			break;
		case 'VpbxOutgoingEnd':
			Object.assign(fields, outboundCall(f), callEnd(f, fields));
			break;
		case 'QUEUE_LINK_START':
		case 'QUEUE_LINK_END':
			Object.assign(fields, queueLink(f, extra));
			break;
		case 'QueueCallStart':
			Object.assign(fields, queueAgentCall(f));
			break;
		case 'QueueCallEnd':
			Object.assign(fields, queueAgentCall(f), agentAttemptEnd(f, fields));
			break;
		case 'record_upload_done':
			Object.assign(fields, recordingParties(inner ?? f), {
				recording: { url: null, fileName: f.text('fileName') ?? inner?.text('fileName') ?? null },
			});
			break;
		case 'SpeechKitDialog':
			fields.contact = { number: f.text('number'), name: null };
			fields.did = f.text('did');
			break;
	}
	return fields;
}

/**
 * The call: `callId`, which every call event carries (VPBX, queue agent and recording events;
 * `extra.callid` on queue links). Only events without it (voice robot replicas) fall back to
 * Asterisk's `linkedid`, the uniqueid of the call's first channel. KOMPaaS prints the same
 * value for both; reading the same field everywhere keeps attempts and recordings on the call.
 */
function callIdOf(f: FieldReader, extra: FieldReader | null, inner: FieldReader | null) {
	return (
		f.text('callId') ??
		extra?.text('callid') ??
		inner?.text('callId') ??
		f.text('linkedId', 'linkedid') ??
		null
	);
}

function inboundCall(f: FieldReader): CallEventFields {
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
function isForwardedLeg(f: FieldReader, selector: string | undefined): boolean {
	if (selector !== 'VpbxOutgoingStart' && selector !== 'VpbxOutgoingEnd') return false;
	if (toBoolean(f.value('isRedirect')) !== true) return false;
	const shown = f.text('callerIdNum');
	return shown !== null && isOutsideNumber(shown) && shown !== f.text('internalNumber');
}

function forwardedLeg(f: FieldReader): CallEventFields {
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
function recordingParties(f: FieldReader): CallEventFields {
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

function outboundCall(f: FieldReader): CallEventFields {
	const dialled = f.text('calledNumber', 'connectedLineNum');
	return {
		to: { number: dialled, name: partyName(f.text('connectedLineName'), dialled) },
		did: f.text('did'),
		agent: { extension: f.text('internalNumber'), name: null },
	};
}

/** One id per queue: its number (`extra.queue`, `queue` on the other events), never its name. */
function queueLink(f: FieldReader, extra: FieldReader | null): CallEventFields {
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

function queueAgentCall(f: FieldReader): CallEventFields {
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
function callEnd(
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
function agentAttemptEnd(f: FieldReader, fields: CallEventFields): CallEventFields {
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
function eventTime(f: FieldReader, inner: FieldReader | null): string | null {
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
function nested(f: FieldReader, name: string): FieldReader | null {
	const value = f.value(name);
	if (typeof value === 'string' && value.trim().startsWith('{')) {
		try {
			const parsed = JSON.parse(value) as unknown;
			if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
				return new FieldReader(parsed as IDataObject);
			}
		} catch {
			return null;
		}
	}
	return f.object(name);
}
