import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { isEndEvent, type CallEventFields } from '../shared/callEvent';
import type { CallDirection } from '../shared/callEventSchema';
import { eventCatalogue as catalogueOf, type CatalogueEvent } from '../shared/eventCatalogue';
import type { MappingOptions, RecognisedEvent } from '../shared/webhookHandler';
import { FieldReader, toBoolean } from '../shared/values';
import {
	bareRecordingUrl,
	callerId,
	contactName,
	didNumber,
	digits,
	endOf,
	fileUrls,
	idFromRecordingUrl,
	recordingFromUrl,
	recordingOf,
	recordingUrlOf,
	splitId,
	startOfCall,
	titleDuration,
	titleQueue,
	transferKind,
} from './payload';

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
			'An extension’s phone rings (Usertype "ext"), also when a queue or ring group rings it (call.ringing)',
		event: 'call.ringing',
		direction: 'inbound',
		vendorNames: [],
	},
	{
		selector: 'ringingQueue',
		name: 'Ringing at a Queue',
		description: 'The call is placed in a queue (Usertype "queue") (queue.entered)',
		event: 'queue.entered',
		direction: 'inbound',
		vendorNames: [],
	},
	{
		selector: 'ringingIvr',
		name: 'Ringing at an IVR or Other Destination',
		description: 'The call reaches an IVR or another destination (Usertype "other") (call.ringing)',
		event: 'call.ringing',
		direction: 'inbound',
		vendorNames: [],
	},
	{
		selector: 'answeredIncoming',
		name: 'Incoming Call Answered',
		description: 'An extension picks up an incoming call, also after a transfer (call.answered)',
		event: 'call.answered',
		direction: 'inbound',
		vendorNames: ['incomingcall_started', 'hangupincoming', 'pickupincoming'],
	},
	{
		selector: 'answeredOutgoing',
		name: 'Outgoing Call Answered',
		description: 'The called party answers an extension’s outgoing call (call.answered)',
		event: 'call.answered',
		direction: 'outbound',
		vendorNames: ['outgoingcall_started', 'hangupoutgoing', 'pickupoutgoing'],
	},
	{
		selector: 'endedIncoming',
		name: 'Incoming Call Ended',
		description: 'An incoming call has ended, answered or missed (once per call) (call.ended)',
		event: 'call.ended',
		direction: 'inbound',
		vendorNames: ['incoming'],
	},
	{
		selector: 'endedOutgoing',
		name: 'Outgoing Call Ended',
		description: 'An outgoing call has ended, answered or not (once per call) (call.ended)',
		event: 'call.ended',
		direction: 'outbound',
		vendorNames: ['outgoing'],
	},
	{
		selector: 'legEndedTransfer',
		name: 'Transferred Leg Ended',
		description:
			'An extension’s part of a call ended because it transferred the call (an end event with Transfer "True") (leg.ended)',
		event: 'leg.ended',
		direction: 'unknown',
		vendorNames: [],
	},
	{
		selector: 'dialing',
		name: 'Dialing',
		description: 'An extension dials a number (call.started)',
		event: 'call.started',
		direction: 'outbound',
		vendorNames: ['dialing', 'dialling'],
	},
	{
		selector: 'recordingReady',
		name: 'Recording Ready',
		description:
			'The recording of a call leg is ready: a "recording" event, the files of an end event, or a bare recording URL (recording.ready)',
		event: 'recording.ready',
		direction: 'unknown',
		vendorNames: ['recording'],
	},
];

export const eventCatalogue = catalogueOf(EVENTS);

/** The options `normalizeEvent` reads from the trigger's Options. */
export const mappingOptions: INodeProperties[] = [
	{
		displayName: 'Queue Numbers',
		name: 'queueNumbers',
		type: 'string',
		default: '',
		placeholder: 'e.g. 800, 820',
		description:
			'The extension numbers of your queues, comma-separated. The add-ons end a call that a queue did not get answered with the queue’s number as the user; listed here, that number becomes the call’s queue instead of being dropped.',
	},
];

const RINGING = 'ringing';
const LEG_ENDED = 'legEndedTransfer';
const RECORDING = { selector: 'recordingReady', vendorEvent: 'recording' };
export function recogniseEvent(data: IDataObject | string): RecognisedEvent[] {
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
	if (eventCatalogue.eventNameKey(vendorEvent) === RINGING) {
		return [{ selector: ringingSelector(f.text('usertype')), vendorEvent }];
	}
	const event = eventCatalogue.byVendorName(vendorEvent);
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

export function normalizeEvent(
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
	const spec = recognised ? eventCatalogue.bySelector(recognised.selector) : undefined;
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
	return Object.assign(fields, inboundParties(f, fields, recognised?.selector, options));
}

/** An inbound call's DID, caller, extension and queue. */
function inboundParties(
	f: FieldReader,
	fields: CallEventFields,
	selector: string | undefined,
	options: MappingOptions,
): CallEventFields {
	const user = f.text('user');
	// `User` is the extension that has the call, except while the call rings an IVR or a queue
	// (their number). A missed call's end names its last destination; the model drops it.
	const ivrOrQueue = selector === 'ringingQueue' || selector === 'ringingIvr';
	const queue =
		selector === 'ringingQueue' ||
		(isEndEvent(fields.event) && fields.answered === false && isQueue(user, options))
			? user
			: titleQueue(f.text('title'));
	return {
		did: digits(f.text('inbound_did')) ?? didNumber(f.text('did')),
		from: fields.contact,
		agent: { extension: ivrOrQueue ? null : user, name: null },
		queue: { id: queue, name: null },
	};
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
	return eventCatalogue.byVendorName(vendorEvent ?? '')?.direction ?? 'unknown';
}
