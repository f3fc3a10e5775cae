import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { CallEventFields } from '../shared/callEvent';
import { eventCatalogue as catalogueOf, type CatalogueEvent } from '../shared/eventCatalogue';
import type { MappingOptions, RecognisedEvent } from '../shared/webhookHandler';
import { FieldReader } from '../shared/values';
import {
	agentAttemptEnd,
	callEnd,
	callIdOf,
	eventTime,
	forwardedLeg,
	inboundCall,
	isForwardedLeg,
	nested,
	outboundCall,
	queueAgentCall,
	queueLink,
	recordingParties,
	vendorEventOf,
} from './payload';

/**
 * The 10 webhook events documented in "Create integration using webhooks", and the normalized
 * event each becomes (nodes/shared/CALL_MODEL.md). VpbxInboundCallEnd and VpbxOutgoingEnd close
 * the whole call; QueueCallEnd closes one agent's attempt in a queue, never the call.
 */
const EVENTS: CatalogueEvent[] = [
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
export const eventCatalogue = catalogueOf(EVENTS);

/** The options `normalizeEvent` reads from the trigger's (or the PBX Call Event node's) Options. */
export const mappingOptions: INodeProperties[] = [
	{
		displayName: 'Call Flow Answers',
		name: 'callFlowAnswers',
		type: 'boolean',
		default: false,
		description:
			'Whether a call that only the call flow took (an IVR menu or a voice robot: its time in schemaBillsec, none in billsec) counts as answered. Off, it is missed, like a caller who hung up in the menu. Turn on when a voice robot serves your callers.',
	},
];

export function recogniseEvent(data: IDataObject | string): RecognisedEvent[] {
	if (typeof data === 'string') return [];
	const vendorEvent = vendorEventOf(new FieldReader(data));
	const spec = vendorEvent === null ? undefined : eventCatalogue.byVendorName(vendorEvent);
	return spec && vendorEvent ? [{ selector: spec.selector, vendorEvent }] : [];
}

export function normalizeEvent(
	data: IDataObject | string,
	recognised: RecognisedEvent | null,
	options: MappingOptions,
): CallEventFields {
	const callFlowAnswers = options.settings?.callFlowAnswers === true;
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
	return Object.assign(
		fields,
		eventFields(spec?.selector, f, fields, extra, inner, callFlowAnswers),
	);
}

/** What each event says beyond the fields every event has. */
function eventFields(
	selector: string | undefined,
	f: FieldReader,
	fields: CallEventFields,
	extra: FieldReader | null,
	inner: FieldReader | null,
	callFlowAnswers: boolean,
): CallEventFields {
	switch (selector) {
		case 'VpbxInboundCallStart':
			return { ...inboundCall(f), startedAt: fields.occurredAt };
		case 'VpbxInboundCallEnd':
			return { ...inboundCall(f), ...callEnd(f, fields, callFlowAnswers) };
		case 'VpbxOutgoingStart':
			return { ...outboundCall(f), startedAt: fields.occurredAt };
		case 'VpbxOutgoingEnd':
			return { ...outboundCall(f), ...callEnd(f, fields) };
		case 'QUEUE_LINK_START':
		case 'QUEUE_LINK_END':
			return queueLink(f, extra);
		case 'QueueCallStart':
			return queueAgentCall(f);
		case 'QueueCallEnd':
			return { ...queueAgentCall(f), ...agentAttemptEnd(f, fields) };
		case 'record_upload_done':
			return {
				...recordingParties(inner ?? f),
				recording: { url: null, fileName: f.text('fileName') ?? inner?.text('fileName') ?? null },
			};
		case 'SpeechKitDialog':
			return { contact: { number: f.text('number'), name: null }, did: f.text('did') };
		default:
			return {};
	}
}
