// How the 3CX add-ons' payload fields read: the parts of nodes/ThreeCx/events.ts's mapping that
// parse a field rather than choose an event.
import type { IDataObject } from 'n8n-workflow';

import { endResult, partyName, type CallEventFields } from '../shared/callEvent';
import type { CallDirection, CallEvent, CallEventType } from '../shared/callEventSchema';
import { eventNameKey } from '../shared/eventCatalogue';
import type { RecognisedEvent } from '../shared/webhookHandler';
import { fileNameOf, FieldReader, ownValue, toIsoUtc, toSeconds } from '../shared/values';

type TransferKind = CallEvent['transfer'];

/** The recording file URL fields: K2M's `FileUrls` event, Creomate's `FILES` on the end event. */
const FILE_FIELDS = ['FileUrls', 'FILES', 'files', 'FileUrl'];

const TRANSFER_TYPES: Record<string, TransferKind> = {
	attended: 'attended',
	accomp: 'attended',
	blind: 'blind',
	notdef: null,
};

export function transferKind(f: FieldReader, event: CallEventType): TransferKind {
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

export function endOf(
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
export function idFromRecordingUrl(url: string | null) {
	const name = url === null ? null : fileNameOf(url);
	const match = name === null ? null : /^(.+-\d+)-\d+\.\w+$/.exec(name);
	return match ? splitId(match[1]) : null;
}

/** The call id starts with the call's start time, YYMMDDhhmmss in the PBX's time zone. */
export function startOfCall(callId: string, timeZone: string): string | null {
	const match = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})_/.exec(callId);
	if (!match) return null;
	const [, yy, mm, dd, hh, mi, ss] = match;
	return toIsoUtc(`20${yy}-${mm}-${dd} ${hh}:${mi}:${ss}`, timeZone);
}

/** Creomate's GET scheme has no Duration but ends the title with it: `… (0:07)`. */
export function titleDuration(title: string | null): number | null {
	const match = title === null ? null : /\((\d+(?::\d{1,2}){1,2})\)\s*$/.exec(title);
	return match ? toSeconds(match[1]) : null;
}

/** `Missed call by queue 804 from …` */
export function titleQueue(title: string | null): string | null {
	const match = title === null ? null : /\bby\s+queue\s+(\S+)/i.exec(title);
	return match ? match[1] : null;
}

/** `MAKECALL` marks a call placed through the WebAPI's makecall: it is not a number. */
const MAKECALL = 'makecall';

export function callerId(value: string | null): string | null {
	return value === null || value.toLowerCase() === MAKECALL ? null : value;
}

/** Creomate fills some number fields with names (`Smith, John:DID Serbia…`): numbers only. */
export function digits(value: string | null): string | null {
	return value !== null && /^\+?\d+$/.test(value) ? value : null;
}

/** `DID-420222000320` → `420222000320`; Creomate's named DIDs (`DID Serbia 021…`) stay as sent. */
export function didNumber(value: string | null): string | null {
	if (value === null || value.toLowerCase() === 'empty') return null;
	const prefixed = /^DID[-\s:]*(\+?\d+)$/i.exec(value);
	return prefixed ? prefixed[1] : value;
}

/** Creomate's newer payloads name the contact from the 3CX phonebook or the SIP display name. */
export function contactName(f: FieldReader, number: string | null): string | null {
	return partyName(f.text('phonebook') ?? f.text('sip_displayname'), number);
}

export function fileUrls(f: FieldReader): string[] {
	const value = f.value(...FILE_FIELDS);
	const list = Array.isArray(value) ? value : [value];
	return list
		.map((entry) => (typeof entry === 'string' ? recordingUrlOf(entry) : null))
		.filter((url): url is string => url !== null);
}

export function recordingUrlOf(text: string): string | null {
	const url = text.trim();
	return /^https?:\/\/\S+$/i.test(url) ? url : null;
}

/**
 * Creomate's GET scheme POSTs the recording URL alone as the body. Sent as a form, it arrives
 * as one key (the URL) with an empty value; a single field holding a URL is read the same way.
 */
export function bareRecordingUrl(data: IDataObject): string | null {
	const entries = Object.entries(data);
	if (entries.length !== 1) return null;
	const [key, value] = entries[0];
	if (value === '' || value === null) return recordingUrlOf(key);
	return typeof value === 'string' && eventNameKey(key) !== 'event' ? recordingUrlOf(value) : null;
}

export function recordingFromUrl(
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

export function recordingOf(url: string) {
	return { url, fileName: fileNameOf(url) };
}
