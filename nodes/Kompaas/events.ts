import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import { partyName, type CallEventFields } from '../shared/callEvent';
import type { CallDirection, CallEventType, CallOutcome } from '../shared/callEventSchema';
import type { RecognisedEvent } from '../shared/trigger';
import { addSeconds, FieldReader, toBoolean, toIsoUtc } from '../shared/values';

export interface KompaasEventSpec {
	/** The event's code in payloads (`eventType`); also its value in the Events list. */
	code: string;
	name: string;
	description: string;
	/** The titles KOMPaaS's documentation and UI give the event. */
	titles: string[];
	event: CallEventType;
	direction: CallDirection;
	/** Other codes seen for the same event. */
	aliases?: string[];
}

/** The 10 webhook events documented in "Create integration using webhooks". */
export const KOMPAAS_EVENTS: KompaasEventSpec[] = [
	{
		code: 'VpbxInboundCallStart',
		name: 'VPBX: Incoming Call Start',
		description: 'An inbound call reaches the virtual PBX',
		titles: ['VPBX: Incoming call start'],
		event: 'call.ringing',
		direction: 'inbound',
	},
	{
		code: 'VpbxInboundCallEnd',
		name: 'VPBX: Incoming Call End',
		description: 'An inbound call has ended (answered or missed)',
		titles: ['VPBX: Ending an incoming call'],
		event: 'call.ended',
		direction: 'inbound',
	},
	{
		code: 'VpbxOutgoingStart',
		name: 'VPBX: Outgoing Call Start',
		description: 'A user starts an outbound call',
		titles: ['VPBX: starting an outgoing call'],
		event: 'call.started',
		direction: 'outbound',
	},
	{
		code: 'VpbxOutgoingEnd',
		name: 'VPBX: Outgoing Call End',
		description: 'An outbound call has ended',
		titles: ['VPBX: Ending an outgoing call'],
		event: 'call.ended',
		direction: 'outbound',
	},
	{
		code: 'QUEUE_LINK_START',
		name: 'Queue: Call Enters Queue',
		description: 'A call starts waiting in a queue',
		titles: ['Starting a call in a queue'],
		event: 'queue.entered',
		direction: 'inbound',
	},
	{
		code: 'QUEUE_LINK_END',
		name: 'Queue: Call Leaves Queue',
		description: 'A call leaves a queue (answered or lost)',
		titles: ['Ending a call in a queue'],
		event: 'queue.left',
		direction: 'inbound',
	},
	{
		code: 'QueueCallStart',
		name: 'Queue: Agent Call Start',
		description: 'A queue starts calling one of its agents',
		titles: ['Starting a call to a subscriber in the queue'],
		event: 'call.ringing',
		direction: 'inbound',
	},
	{
		code: 'QueueCallEnd',
		name: 'Queue: Agent Call End',
		description: 'A queue’s call to one of its agents has ended',
		titles: ['Completing a call to a subscriber in the queue'],
		event: 'call.ended',
		direction: 'inbound',
	},
	{
		code: 'record_upload_done',
		name: 'Call Recording File Ready',
		description: 'The recording of a call has been uploaded',
		titles: ['Call recording file ready'],
		event: 'recording.ready',
		direction: 'unknown',
	},
	{
		code: 'SpeechKitDialog',
		name: 'VPBX: Question-Answer Replica',
		description: 'A voice robot’s Question-Answer element heard or said a phrase',
		titles: ['VPBX: Question-Answer element replica'],
		event: 'speech.replica',
		direction: 'unknown',
	},
];

export const kompaasEventOptions: INodePropertyOptions[] = KOMPAAS_EVENTS.map(
	({ code, name, description }) => ({ name, value: code, description }),
).sort((a, b) => a.name.localeCompare(b.name));

/** Spellings compare without case, spaces, dashes or underscores. */
export function spelling(value: string): string {
	return value.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const specsBySpelling = new Map<string, KompaasEventSpec>();
for (const spec of KOMPAAS_EVENTS) {
	for (const name of [spec.code, ...(spec.aliases ?? [])])
		specsBySpelling.set(spelling(name), spec);
}

export function kompaasEventSpec(code: string): KompaasEventSpec | undefined {
	return specsBySpelling.get(spelling(code));
}

function vendorEventOf(f: FieldReader): string | null {
	return (
		f.text('eventType', 'userEventType', 'userdeftype', 'event', 'eventName') ??
		nested(f, 'data')?.text('eventName') ??
		null
	);
}

export function recogniseKompaasEvent(data: IDataObject | string): RecognisedEvent | null {
	if (typeof data === 'string') return null;
	const vendorEvent = vendorEventOf(new FieldReader(data));
	const spec = vendorEvent === null ? undefined : kompaasEventSpec(vendorEvent);
	return spec && vendorEvent ? { selector: spec.code, vendorEvent } : null;
}

/** KOMPaaS's own event id: the recording event's UUID, or the CEL record id of queue events. */
export function kompaasEventId(data: IDataObject): string | null {
	const f = new FieldReader(data);
	const spec = kompaasEventSpec(vendorEventOf(f) ?? '');
	if (spec?.code === 'record_upload_done' || spec?.event.startsWith('queue.')) {
		return f.text('id');
	}
	return null;
}

const QUEUE_STATUS: Record<string, CallOutcome> = {
	lost: 'abandoned',
	abandon: 'abandoned',
	abandoned: 'abandoned',
	answered: 'answered',
	answer: 'answered',
	connected: 'answered',
	completed: 'answered',
	timeout: 'timedout',
	timedout: 'timedout',
	busy: 'busy',
	failed: 'failed',
};

/** Q.850 hangup causes that say why an unanswered outbound call failed. */
const BUSY_CAUSES = new Set(['17']);
const FAILED_CAUSES = new Set(['1', '2', '3', '27', '28', '34', '38', '41', '42']);

export function normalizeKompaasEvent(
	data: IDataObject | string,
	recognised: RecognisedEvent | null,
): CallEventFields {
	if (typeof data === 'string') return {};
	const f = new FieldReader(data);
	const spec = recognised ? kompaasEventSpec(recognised.selector) : undefined;
	const extra = nested(f, 'extra');
	const inner = nested(f, 'data');

	const fields: CallEventFields = {
		event: spec?.event ?? 'unknown',
		vendorEvent: recognised?.vendorEvent ?? vendorEventOf(f),
		// Asterisk's linkedid is the uniqueid of the call's first channel: the whole call.
		callId: f.text('linkedId', 'callId') ?? extra?.text('callid') ?? inner?.text('callId') ?? null,
		legId: f.text('uniqueId'),
		direction: spec?.direction ?? 'unknown',
		occurredAt: eventTime(f, inner),
	};

	switch (spec?.code) {
		case 'VpbxInboundCallStart':
		case 'VpbxInboundCallEnd':
			Object.assign(fields, inboundCall(f));
			break;
		case 'VpbxOutgoingStart':
		case 'VpbxOutgoingEnd':
			Object.assign(fields, outboundCall(f));
			break;
		case 'QUEUE_LINK_START':
		case 'QUEUE_LINK_END':
			Object.assign(fields, queueLink(f, extra));
			break;
		case 'QueueCallStart':
		case 'QueueCallEnd':
			Object.assign(fields, queueAgentCall(f));
			break;
		case 'record_upload_done':
			fields.from = { number: inner?.text('numA') ?? null, name: null };
			fields.to = { number: inner?.text('numB') ?? null, name: null };
			fields.recording = {
				url: null,
				fileName: f.text('fileName') ?? inner?.text('fileName') ?? null,
			};
			break;
		case 'SpeechKitDialog':
			fields.from = { number: f.text('number'), name: null };
			fields.did = f.text('did');
			break;
	}

	if (spec?.event === 'call.ended') Object.assign(fields, callEnd(f, fields));
	if (spec?.event === 'call.ringing' || spec?.event === 'call.started') {
		fields.startedAt = fields.occurredAt ?? null;
	}
	return fields;
}

function inboundCall(f: FieldReader): CallEventFields {
	const agent = f.text('InternalNumber', 'internalNumber');
	const did = f.text('did');
	return {
		from: {
			number: f.text('callerNumber', 'callerIdNum', 'callerID'),
			name: partyName(f.text('callerIdName'), f.text('callerNumber', 'callerIdNum')),
		},
		to: { number: agent ?? did, name: null },
		did,
		agent: { extension: agent, name: null },
		queue: { id: null, name: f.text('queueName') ?? f.text('queue') },
	};
}

function outboundCall(f: FieldReader): CallEventFields {
	const agent = f.text('internalNumber');
	const dialled = f.text('calledNumber', 'connectedLineNum');
	return {
		from: { number: f.text('did') ?? agent, name: null },
		to: { number: dialled, name: partyName(f.text('connectedLineName'), dialled) },
		did: f.text('did'),
		agent: { extension: agent, name: null },
	};
}

function queueLink(f: FieldReader, extra: FieldReader | null): CallEventFields {
	const status = extra?.text('status');
	return {
		from: {
			number: f.text('cid_num', 'cid_ani'),
			name: partyName(f.text('cid_name'), f.text('cid_num', 'cid_ani')),
		},
		did: f.text('cid_dnid'),
		queue: {
			id: extra?.text('queue_id', 'queue') ?? null,
			name: extra?.text('queue_name') ?? null,
		},
		outcome: status ? (QUEUE_STATUS[spelling(status)] ?? null) : null,
	};
}

function queueAgentCall(f: FieldReader): CallEventFields {
	const agent = f.text('internalNumber');
	return {
		from: { number: f.text('callerNumber'), name: null },
		to: { number: agent, name: null },
		did: f.text('did'),
		agent: { extension: agent, name: null },
		queue: { id: f.text('queueId', 'queue'), name: f.text('queueName') },
		startedAt: plausibleTime(f.value('startGeneralTime')),
	};
}

function callEnd(f: FieldReader, fields: CallEventFields): CallEventFields {
	const durationSec = f.seconds('duration');
	const talkSec = f.seconds('billsec');
	const waitSec = f.seconds('durationWaiting');
	const answered =
		toBoolean(f.value('answered')) === true ||
		toBoolean(f.value('whoAnswered')) === true ||
		(talkSec ?? 0) > 0;
	const endedAt = fields.occurredAt ?? null;
	const file = f.text('file');
	const startedAt =
		fields.startedAt ??
		(endedAt !== null && durationSec !== null ? addSeconds(endedAt, -durationSec) : null);
	return {
		startedAt,
		endedAt,
		answeredAt: answered && waitSec !== null ? addSeconds(startedAt, waitSec) : null,
		durationSec,
		talkSec,
		waitSec,
		outcome: answered ? 'answered' : unansweredOutcome(f, fields.direction),
		// `file` names the recording when the call was recorded (`record: 1`); 0 or "" otherwise.
		recording: { url: null, fileName: file !== null && file !== '0' ? file : null },
	};
}

function unansweredOutcome(f: FieldReader, direction: CallDirection | undefined): CallOutcome {
	const cause = f.text('hangupCauseCode');
	if (direction === 'outbound' && cause !== null) {
		if (BUSY_CAUSES.has(cause)) return 'busy';
		if (FAILED_CAUSES.has(cause)) return 'failed';
	}
	return 'missed';
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
