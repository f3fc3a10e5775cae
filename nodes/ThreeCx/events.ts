import type { IDataObject } from 'n8n-workflow';

import { endResult, isEndEvent, partyName, type CallEventFields } from '../shared/callEvent';
import type { CallDirection, CallEventType, CallEvent } from '../shared/callEventSchema';
import { eventCatalogue, eventNameKey, type CatalogueEvent } from '../shared/eventCatalogue';
import type { MappingOptions, RecognisedEvent } from '../shared/trigger';
import {
	fileNameOf,
	FieldReader,
	ownValue,
	toBoolean,
	toIsoUtc,
	toSeconds,
} from '../shared/values';

type TransferKind = CallEvent['transfer'];

/**
 * One selectable event of the 3CX Webhook add-ons. K2M Software's add-on (WebhooksApi.ini) and
 * Creomate's Webhook Generator (TCXWebAPI.ini) send the same events under different names and
 * key casings; every spelling seen in their docs is listed. Each becomes the normalized event
 * its description starts with (nodes/shared/CALL_MODEL.md).
 */
const EVENTS: CatalogueEvent[] = [
	{
		selector: 'ringingExtension',
		name: 'Ringing at an Extension',
		description:
			'call.ringing: an extension’s phone rings (Usertype "ext"), also when a queue or ring group rings it',
		event: 'call.ringing',
		direction: 'inbound',
		vendorNames: [],
	},
	{
		selector: 'ringingQueue',
		name: 'Ringing at a Queue',
		description: 'queue.entered: the call is placed in a queue (Usertype "queue")',
		event: 'queue.entered',
		direction: 'inbound',
		vendorNames: [],
	},
	{
		selector: 'ringingIvr',
		name: 'Ringing at an IVR or Other Destination',
		description: 'call.ringing: the call reaches an IVR or another destination (Usertype "other")',
		event: 'call.ringing',
		direction: 'inbound',
		vendorNames: [],
	},
	{
		selector: 'answeredIncoming',
		name: 'Incoming Call Answered',
		description: 'call.answered: an extension picks up an incoming call, also after a transfer',
		event: 'call.answered',
		direction: 'inbound',
		vendorNames: ['incomingcall_started', 'hangupincoming', 'pickupincoming'],
	},
	{
		selector: 'answeredOutgoing',
		name: 'Outgoing Call Answered',
		description: 'call.answered: the called party answers an extension’s outgoing call',
		event: 'call.answered',
		direction: 'outbound',
		vendorNames: ['outgoingcall_started', 'hangupoutgoing', 'pickupoutgoing'],
	},
	{
		selector: 'endedIncoming',
		name: 'Incoming Call Ended',
		description: 'call.ended: an incoming call has ended, answered or missed (once per call)',
		event: 'call.ended',
		direction: 'inbound',
		vendorNames: ['incoming'],
	},
	{
		selector: 'endedOutgoing',
		name: 'Outgoing Call Ended',
		description: 'call.ended: an outgoing call has ended, answered or not (once per call)',
		event: 'call.ended',
		direction: 'outbound',
		vendorNames: ['outgoing'],
	},
	{
		selector: 'legEndedTransfer',
		name: 'Transferred Leg Ended',
		description:
			'leg.ended: an extension’s part of a call ended because it transferred the call (an end event with Transfer "True")',
		event: 'leg.ended',
		direction: 'unknown',
		vendorNames: [],
	},
	{
		selector: 'dialing',
		name: 'Dialing',
		description: 'call.started: an extension dials a number',
		event: 'call.started',
		direction: 'outbound',
		vendorNames: ['dialing', 'dialling'],
	},
	{
		selector: 'recordingReady',
		name: 'Recording Ready',
		description:
			'recording.ready: the recording of a call leg is ready: a "recording" event, the files of an end event, or a bare recording URL',
		event: 'recording.ready',
		direction: 'unknown',
		vendorNames: ['recording'],
	},
];

const catalogue = eventCatalogue(EVENTS);

export const threeCxEventOptions = catalogue.options;

const RINGING = 'ringing';
const LEG_ENDED = 'legEndedTransfer';
const RECORDING = { selector: 'recordingReady', vendorEvent: 'recording' };
/** The recording file URL fields: K2M's `FileUrls` event, Creomate's `FILES` on the end event. */
const FILE_FIELDS = ['FileUrls', 'FILES', 'files', 'FileUrl'];

export function recogniseThreeCxEvent(data: IDataObject | string): RecognisedEvent[] {
	if (typeof data === 'string') {
		return recordingUrlOf(data) !== null ? [RECORDING] : [];
	}
	const f = new FieldReader(data);
	const vendorEvent = f.text('event');
	const files = fileUrls(f).length;
	if (vendorEvent === null) {
		if (bareRecordingUrl(data) !== null) return [RECORDING];
		return recordings(RECORDING.vendorEvent, files);
	}
	if (catalogue.normalise(vendorEvent) === RINGING) {
		return [{ selector: ringingSelector(f.text('usertype')), vendorEvent }];
	}
	const event = catalogue.byVendorName(vendorEvent);
	if (!event) return [];
	if (event.selector === RECORDING.selector) return recordings(vendorEvent, Math.max(files, 1));
	if (event.event !== 'call.ended') return [{ selector: event.selector, vendorEvent }];
	const end = { selector: isTransferredLeg(f) ? LEG_ENDED : event.selector, vendorEvent };
	// An end event that carries its files (Creomate) is the end, and the recordings.
	return [end, ...recordings(vendorEvent, files)];
}

/** One recording.ready per file of the payload. */
function recordings(vendorEvent: string, files: number): RecognisedEvent[] {
	return Array.from({ length: files }, (_, part) => ({
		selector: RECORDING.selector,
		vendorEvent,
		...(part > 0 ? { part } : {}),
	}));
}

/**
 * An end event with Transfer "True" closes the leg of the extension that transferred the call;
 * the call goes on, and its end event comes with Transfer "False".
 */
function isTransferredLeg(f: FieldReader): boolean {
	return toBoolean(f.value('transfer')) === true;
}

function ringingSelector(usertype: string | null): string {
	switch (usertype?.trim().toLowerCase()) {
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
	options: MappingOptions,
): CallEventFields {
	const { timeZone } = options;
	if (typeof data === 'string') {
		return recordingFromUrl(recordingUrlOf(data), recognised, timeZone);
	}
	const bareUrl = bareRecordingUrl(data);
	if (bareUrl !== null) return recordingFromUrl(bareUrl, recognised, timeZone);

	const f = new FieldReader(data);
	const spec = recognised ? catalogue.bySelector(recognised.selector) : undefined;
	const vendorEvent = recognised?.vendorEvent ?? f.text('event');
	const direction = directionOf(spec, vendorEvent);
	const files = fileUrls(f);
	const file = files[recognised?.part ?? 0] ?? files[0] ?? null;
	const ids = splitId(f.text('id')) ?? idFromRecordingUrl(file);
	const user = f.text('user');
	const title = f.text('title');
	const external = callerId(f.text('callerid'));
	const externalParty = { number: external, name: contactName(f, external) };
	const event = spec?.event ?? 'unknown';
	const ends = isEndEvent(event);
	const talkSec = ends ? (f.seconds('duration') ?? titleDuration(title)) : null;

	const fields: CallEventFields = {
		event,
		vendorEvent,
		callId: ids?.callId ?? null,
		legId: ids?.legId ?? null,
		direction,
		startedAt: ids ? startOfCall(ids.callId, timeZone) : null,
		// Only answered calls have a Duration: it is the talking time, not ringing included. The
		// add-ons send no ringing time, so durationSec and waitSec stay unknown.
		talkSec,
		...(ends ? endOf(f, direction, talkSec, title) : {}),
		transfer: transferKind(f, event),
		recording: file !== null ? recordingOf(file) : { url: null, fileName: null },
		// Callerid is the party outside 3CX on every event: the caller, or the number dialled.
		contact: externalParty,
	};

	if (direction === 'outbound') {
		fields.to = externalParty;
		fields.did = digits(f.text('source_presentation')) ?? didNumber(f.text('did'));
		fields.agent = { extension: user, name: null };
		return fields;
	}
	fields.did = digits(f.text('inbound_did')) ?? didNumber(f.text('did'));
	fields.from = externalParty;
	// `User` is the extension that has the call, except while the call rings an IVR or a queue
	// (their number). A missed call's end names its last destination; the model drops it.
	const ivrOrQueue = ['ringingQueue', 'ringingIvr'].includes(recognised?.selector ?? '');
	fields.agent = { extension: ivrOrQueue ? null : user, name: null };
	const queue =
		recognised?.selector === 'ringingQueue' ||
		(ends && fields.answered === false && isQueue(user, options))
			? user
			: titleQueue(title);
	fields.queue = { id: queue, name: null };
	return fields;
}

/**
 * Whether a number is one of the queues the user listed: the add-ons end a call that a queue did
 * not get answered with the queue's number in `User`, and nothing else says it is a queue.
 */
function isQueue(number: string | null, options: MappingOptions): boolean {
	const listed = options.settings?.queueNumbers;
	if (number === null || typeof listed !== 'string') return false;
	return listed.split(/[\s,;]+/).includes(number);
}

/**
 * The direction of the selected event, else the one its name gives (a transferred leg's end,
 * the files of an end event); K2M's recording event and bare URLs give none.
 */
function directionOf(spec: CatalogueEvent | undefined, vendorEvent: string | null): CallDirection {
	if (spec && spec.direction !== 'unknown') return spec.direction;
	return catalogue.byVendorName(vendorEvent ?? '')?.direction ?? 'unknown';
}

const TRANSFER_TYPES: Record<string, TransferKind> = {
	attended: 'attended',
	accomp: 'attended',
	blind: 'blind',
	notdef: null,
};

function transferKind(f: FieldReader, event: CallEventType): TransferKind {
	const trtype = f.text('trtype');
	if (trtype !== null) return ownValue(TRANSFER_TYPES, trtype.toLowerCase()) ?? null;
	// A leg that ended in a transfer: in the vendors' samples only attended transfers send its
	// end event (a blind transfer's first leg sends none), so it is taken as attended.
	return event === 'leg.ended' ? 'attended' : null;
}

/**
 * Whether an end event was answered: its `Finishtype`; without a known one (Creomate's older end
 * events have none) when it has talking time or its title says so.
 */
const FINISH_TYPES: Record<string, boolean> = {
	ok: true,
	answered: true,
	missed: false,
	noanswer: false,
	unanswered: false,
	busy: false,
	failed: false,
};

/** Why an outgoing call was not answered: `Finishtype`, else Creomate's termination reason. */
const UNANSWERED_REASONS: Record<string, 'busy' | 'failed'> = {
	busy: 'busy',
	declined: 'busy',
	rejected: 'busy',
	failed: 'failed',
	congestion: 'failed',
	unavailable: 'failed',
};

function endOf(
	f: FieldReader,
	direction: CallDirection,
	talkSec: number | null,
	title: string | null,
): CallEventFields {
	const finishtype = eventNameKey(f.text('finishtype') ?? '');
	const answered =
		ownValue(FINISH_TYPES, finishtype) ??
		((talkSec ?? 0) > 0 || /^([^:]*:)?\s*(answered|successful)\b/i.test(title ?? ''));
	const reason =
		ownValue(UNANSWERED_REASONS, finishtype) ??
		ownValue(UNANSWERED_REASONS, eventNameKey(f.text('termination_reason_details') ?? '')) ??
		null;
	return endResult(answered, direction, reason);
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
	return partyName(f.text('phonebook') ?? f.text('sip_displayname'), number);
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
	return typeof value === 'string' && eventNameKey(key) !== 'event' ? recordingUrlOf(value) : null;
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
