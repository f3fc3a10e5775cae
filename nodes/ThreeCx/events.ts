import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import type { CallEventFields } from '../shared/callEvent';
import type {
	CallDirection,
	CallEventType,
	CallOutcome,
	CallEvent,
} from '../shared/callEventSchema';
import type { MappingOptions, RecognisedEvent } from '../shared/trigger';
import { FieldReader, toBoolean, toIsoUtc, toSeconds } from '../shared/values';

type TransferKind = CallEvent['transfer'];

/**
 * One selectable event of the 3CX Webhook add-ons. K2M Software's add-on (WebhooksApi.ini) and
 * Creomate's Webhook Generator (TCXWebAPI.ini) send the same events under different names and
 * key casings; every spelling seen in their docs is listed.
 */
interface ThreeCxEvent {
	selector: string;
	name: string;
	description: string;
	event: CallEventType;
	direction: CallDirection;
	spellings: string[];
}

const EVENTS: ThreeCxEvent[] = [
	{
		selector: 'ringingExtension',
		name: 'Ringing at an Extension',
		description: 'An extension’s phone rings (Usertype "ext"), also when a ring group rings it',
		event: 'call.ringing',
		direction: 'inbound',
		spellings: [],
	},
	{
		selector: 'ringingQueue',
		name: 'Ringing at a Queue',
		description: 'The call is placed in a queue (Usertype "queue")',
		event: 'queue.entered',
		direction: 'inbound',
		spellings: [],
	},
	{
		selector: 'ringingIvr',
		name: 'Ringing at an IVR or Other Destination',
		description: 'The call reaches an IVR or another destination (Usertype "other")',
		event: 'call.ringing',
		direction: 'inbound',
		spellings: [],
	},
	{
		selector: 'answeredIncoming',
		name: 'Incoming Call Answered',
		description: 'An extension picks up an incoming call, also after a transfer',
		event: 'call.answered',
		direction: 'inbound',
		spellings: ['incomingcall_started', 'hangupincoming', 'pickupincoming'],
	},
	{
		selector: 'answeredOutgoing',
		name: 'Outgoing Call Answered',
		description: 'The called party answers an extension’s outgoing call',
		event: 'call.answered',
		direction: 'outbound',
		spellings: ['outgoingcall_started', 'hangupoutgoing', 'pickupoutgoing'],
	},
	{
		selector: 'endedIncoming',
		name: 'Incoming Call Ended',
		description: 'An incoming call (or one leg of it, after a transfer) ended, answered or missed',
		event: 'call.ended',
		direction: 'inbound',
		spellings: ['incoming'],
	},
	{
		selector: 'endedOutgoing',
		name: 'Outgoing Call Ended',
		description: 'An outgoing call ended, answered or not',
		event: 'call.ended',
		direction: 'outbound',
		spellings: ['outgoing'],
	},
	{
		selector: 'dialing',
		name: 'Dialing',
		description: 'An extension dials a number',
		event: 'call.started',
		direction: 'outbound',
		spellings: ['dialing', 'dialling'],
	},
	{
		selector: 'recordingReady',
		name: 'Recording Ready',
		description:
			'The recording of a call leg is ready: a "recording" event, an end event with FILES, or a bare recording URL',
		event: 'recording.ready',
		direction: 'unknown',
		spellings: ['recording'],
	},
];

export const threeCxEventOptions: INodePropertyOptions[] = EVENTS.map(
	({ selector, name, description }) => ({ name, value: selector, description }),
).sort((a, b) => a.name.localeCompare(b.name));

const eventsBySelector = new Map(EVENTS.map((event) => [event.selector, event]));
const eventsBySpelling = new Map<string, ThreeCxEvent>();
for (const event of EVENTS) {
	for (const spelling of event.spellings) eventsBySpelling.set(compact(spelling), event);
}

const RINGING = 'ringing';
/** The recording file URL fields: K2M's `FileUrls` event, Creomate's `FILES` on the end event. */
const FILE_FIELDS = ['FileUrls', 'FILES', 'files', 'FileUrl'];

function compact(text: string): string {
	return text.toLowerCase().replace(/[\s_-]+/g, '');
}

export function recogniseThreeCxEvent(data: IDataObject | string): RecognisedEvent | null {
	if (typeof data === 'string') {
		return recordingUrlOf(data) !== null
			? { selector: 'recordingReady', vendorEvent: 'recording' }
			: null;
	}
	const f = new FieldReader(data);
	const vendorEvent = f.text('event');
	if (vendorEvent === null) {
		return bareRecordingUrl(data) !== null || fileUrls(f).length > 0
			? { selector: 'recordingReady', vendorEvent: 'recording' }
			: null;
	}
	const spelling = compact(vendorEvent);
	if (spelling === RINGING) return { selector: ringingSelector(f.text('usertype')), vendorEvent };
	const event = eventsBySpelling.get(spelling);
	if (!event) return null;
	// Creomate's RECORDING_FULL_INFO sends a second end event that carries the files.
	if (event.event === 'call.ended' && fileUrls(f).length > 0) {
		return { selector: 'recordingReady', vendorEvent };
	}
	return { selector: event.selector, vendorEvent };
}

function ringingSelector(usertype: string | null): string {
	switch (usertype?.toLowerCase()) {
		case undefined:
		case 'ext':
		case 'extension':
			return 'ringingExtension';
		case 'queue':
			return 'ringingQueue';
		default:
			return 'ringingIvr';
	}
}

export function normalizeThreeCxEvent(
	data: IDataObject | string,
	recognised: RecognisedEvent | null,
	{ timeZone }: MappingOptions,
): CallEventFields {
	if (typeof data === 'string') {
		return recordingFromUrl(recordingUrlOf(data), recognised, timeZone);
	}
	const bareUrl = bareRecordingUrl(data);
	if (bareUrl !== null) return recordingFromUrl(bareUrl, recognised, timeZone);

	const f = new FieldReader(data);
	const spec = recognised ? eventsBySelector.get(recognised.selector) : undefined;
	const vendorEvent = recognised?.vendorEvent ?? f.text('event');
	const direction = directionOf(spec, vendorEvent);
	const files = fileUrls(f);
	const ids = splitId(f.text('id')) ?? idFromRecordingUrl(files[0] ?? null);
	const user = f.text('user');
	const title = f.text('title');
	const other = callerId(f.text('callerid'));
	const otherName = contactName(f, other);
	const ended = spec?.event === 'call.ended' || (files.length > 0 && isEndSpelling(vendorEvent));
	const outcome = ended ? outcomeOf(f.text('finishtype')) : null;

	const fields: CallEventFields = {
		event: spec?.event ?? 'unknown',
		vendorEvent,
		callId: ids?.callId ?? null,
		legId: ids?.legId ?? null,
		direction,
		startedAt: ids ? startOfCall(ids.callId, timeZone) : null,
		// Only answered calls have a Duration: it is the talking time, not ringing included.
		talkSec: ended ? (f.seconds('duration') ?? titleDuration(title)) : null,
		outcome,
		transfer: transferKind(f, ended),
		recording: files.length > 0 ? recordingOf(files[0]) : { url: null, fileName: null },
	};

	if (direction === 'outbound') {
		fields.from = { number: user, name: null };
		fields.to = { number: other, name: otherName };
		fields.did = digits(f.text('source_presentation')) ?? didNumber(f.text('did'));
		fields.agent = { extension: user, name: null };
		return fields;
	}

	fields.did = digits(f.text('inbound_did')) ?? didNumber(f.text('did'));
	if (direction === 'unknown') {
		// K2M's recording event does not say which way the call went, so not who called whom.
		fields.agent = { extension: user, name: null };
		return fields;
	}
	fields.from = { number: other, name: otherName };
	// Missed calls end on the number that last had the call: a queue, an IVR or an extension.
	fields.to = { number: user, name: null };
	const extensionHasCall =
		recognised?.selector === 'ringingExtension' ||
		recognised?.selector === 'answeredIncoming' ||
		(ended && outcome !== 'missed');
	fields.agent = { extension: extensionHasCall ? user : null, name: null };
	const queue = recognised?.selector === 'ringingQueue' ? user : titleQueue(title);
	fields.queue = { id: queue, name: null };
	return fields;
}

function directionOf(spec: ThreeCxEvent | undefined, vendorEvent: string | null): CallDirection {
	if (spec && spec.direction !== 'unknown') return spec.direction;
	const spelling = compact(vendorEvent ?? '');
	const endEvent = eventsBySpelling.get(spelling);
	if (endEvent && endEvent.direction !== 'unknown') return endEvent.direction;
	return 'unknown';
}

function isEndSpelling(vendorEvent: string | null): boolean {
	return eventsBySpelling.get(compact(vendorEvent ?? ''))?.event === 'call.ended';
}

/** `230307142318_40-2` is leg 2 of call `230307142318_40`; `-0` is the ringing phase. */
export function splitId(id: string | null): { callId: string; legId: string | null } | null {
	if (id === null) return null;
	const match = /^(.+)-(\d+)$/.exec(id);
	return match ? { callId: match[1], legId: match[2] } : { callId: id, legId: null };
}

/** `…/230307142318_40-2-1.mp3` is recording 1 of leg `230307142318_40-2`. */
function idFromRecordingUrl(url: string | null) {
	const name = url === null ? null : fileNameOf(url);
	const match = name === null ? null : /^(.+-\d+)-\d+\.\w+$/.exec(name);
	return match ? splitId(match[1]) : null;
}

/** The call id starts with the call's start time, YYMMDDhhmmss in the PBX's time zone. */
function startOfCall(callId: string, timeZone: string): string | null {
	const match = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})_/.exec(callId);
	if (!match) return null;
	const [, yy, mm, dd, hh, mi, ss] = match;
	return toIsoUtc(`20${yy}-${mm}-${dd} ${hh}:${mi}:${ss}`, timeZone);
}

const TRANSFER_TYPES: Record<string, TransferKind> = {
	attended: 'attended',
	accomp: 'attended',
	blind: 'blind',
	notdef: null,
};

function transferKind(f: FieldReader, ended: boolean): TransferKind {
	const trtype = f.text('trtype');
	if (trtype !== null) return TRANSFER_TYPES[trtype.toLowerCase()] ?? null;
	// An end event with Transfer "True" closes the leg that handed the call over; in the
	// vendors' samples only attended transfers send it (a blind transfer's first leg sends none).
	return ended && toBoolean(f.value('transfer')) === true ? 'attended' : null;
}

const FINISH_TYPES: Record<string, CallOutcome> = {
	ok: 'answered',
	answered: 'answered',
	missed: 'missed',
	noanswer: 'missed',
	busy: 'busy',
	failed: 'failed',
};

function outcomeOf(finishtype: string | null): CallOutcome | null {
	return finishtype === null ? null : (FINISH_TYPES[compact(finishtype)] ?? null);
}

/** Creomate's GET scheme has no Duration but ends the title with it: `… (0:07)`. */
function titleDuration(title: string | null): number | null {
	const match = title === null ? null : /\((\d+(?::\d{1,2}){1,2})\)\s*$/.exec(title);
	return match ? toSeconds(match[1]) : null;
}

/** `Missed call by queue 804 from …` */
function titleQueue(title: string | null): string | null {
	const match = title === null ? null : /\bby\s+queue\s+(\S+)/i.exec(title);
	return match ? match[1] : null;
}

/** `MAKECALL` marks a call placed through the WebAPI's makecall: it is not a number. */
const MAKECALL = 'makecall';

function callerId(value: string | null): string | null {
	return value === null || value.toLowerCase() === MAKECALL ? null : value;
}

/** Creomate fills some number fields with names (`Smith, John:DID Serbia…`): numbers only. */
function digits(value: string | null): string | null {
	return value !== null && /^\+?\d+$/.test(value) ? value : null;
}

/** `DID-420222000320` → `420222000320`; Creomate's named DIDs (`DID Serbia 021…`) stay as sent. */
function didNumber(value: string | null): string | null {
	if (value === null || value.toLowerCase() === 'empty') return null;
	const prefixed = /^DID[-\s:]*(\+?\d+)$/i.exec(value);
	return prefixed ? prefixed[1] : value;
}

/** Creomate's newer payloads name the contact from the 3CX phonebook or the SIP display name. */
function contactName(f: FieldReader, number: string | null): string | null {
	const name = f.text('phonebook') ?? f.text('sip_displayname');
	return name !== null && name !== number ? name : null;
}

function fileUrls(f: FieldReader): string[] {
	const value = f.value(...FILE_FIELDS);
	const list = Array.isArray(value) ? value : [value];
	return list
		.map((entry) => (typeof entry === 'string' ? recordingUrlOf(entry) : null))
		.filter((url): url is string => url !== null);
}

function recordingUrlOf(text: string): string | null {
	const url = text.trim();
	return /^https?:\/\/\S+$/i.test(url) ? url : null;
}

/**
 * Creomate's GET scheme POSTs the recording URL alone as the body. Sent as a form, it arrives
 * as one key (the URL) with an empty value; a single field holding a URL is read the same way.
 */
function bareRecordingUrl(data: IDataObject): string | null {
	const entries = Object.entries(data);
	if (entries.length !== 1) return null;
	const [key, value] = entries[0];
	if (value === '' || value === null) return recordingUrlOf(key);
	return typeof value === 'string' && compact(key) !== 'event' ? recordingUrlOf(value) : null;
}

function recordingFromUrl(
	url: string | null,
	recognised: RecognisedEvent | null,
	timeZone: string,
): CallEventFields {
	if (url === null) return {};
	const ids = idFromRecordingUrl(url);
	return {
		event: 'recording.ready',
		vendorEvent: recognised?.vendorEvent ?? 'recording',
		callId: ids?.callId ?? null,
		legId: ids?.legId ?? null,
		direction: 'unknown',
		startedAt: ids ? startOfCall(ids.callId, timeZone) : null,
		recording: recordingOf(url),
	};
}

function recordingOf(url: string) {
	return { url, fileName: fileNameOf(url) };
}

function fileNameOf(url: string): string | null {
	const path = url.split(/[?#]/)[0];
	const name = path.slice(path.lastIndexOf('/') + 1);
	if (name === '') return null;
	try {
		return decodeURIComponent(name);
	} catch {
		return name;
	}
}
