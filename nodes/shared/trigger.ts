import type {
	IDataObject,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { buildCallEvent, eventIdOf, type CallEventFields, type Pbx } from './callEvent';
import { readPayloads, type Payload } from './intake';
import { isValidTimeZone } from './values';

/** A PBX event the trigger recognised: its value in the Events list, and the PBX's own name. */
export interface RecognisedEvent {
	selector: string;
	vendorEvent: string;
}

export interface MappingOptions {
	timeZone: string;
}

/** What a PBX contributes to the shared webhook pipeline; everything else is shared. */
export interface PbxWebhookHandler {
	pbx: Pbx;
	/** Why the request is refused (a message alone means 401), or null when it may pass. */
	authenticate(this: IWebhookFunctions): Promise<string | WebhookRefusal | null>;
	/**
	 * The events one payload carries, each becoming one item: usually one; an end event that
	 * carries its recording is two (the end, and `recording.ready`); none when not recognised.
	 */
	recognise(data: IDataObject | string): RecognisedEvent[];
	/** One recognised event of the payload (or null for an unrecognised one) in the shared shape. */
	normalize(
		data: IDataObject | string,
		event: RecognisedEvent | null,
		options: MappingOptions,
	): CallEventFields;
	/** A vendor's own unique id for this event, when it sends one. */
	eventId?(data: IDataObject): string | null;
	/** Query parameters that carry the secret and are not part of the event. */
	secretQueryKeys?: string[];
	/** Rewrites the query before intake, when the PBX runs its fields together with the secret. */
	readQuery?(query: IDataObject): IDataObject;
}

export interface WebhookRefusal {
	status: 401 | 403;
	message: string;
}

/** A request from where requests may not come, whatever secret it carries. */
export function forbidden(message: string): WebhookRefusal {
	return { status: 403, message };
}

export const ALL_EVENTS = '*';

export function eventsProperty(events: INodePropertyOptions[]): INodeProperties {
	return {
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [ALL_EVENTS],
		description:
			'Which events start the workflow. Others are answered with 200 and start nothing. A payload the node cannot interpret is always delivered, as event "unknown".',
		options: [
			{ name: 'All Events', value: ALL_EVENTS, description: 'Every event the PBX sends' },
			...events,
		],
	};
}

export const outputProperty: INodeProperties = {
	displayName: 'Output',
	name: 'output',
	type: 'options',
	default: 'normalized',
	options: [
		{
			name: 'Normalized',
			value: 'normalized',
			description: 'The call event shape shared by every PBX, with the payload kept in "raw"',
		},
		{
			name: 'Raw',
			value: 'raw',
			description: 'The payload exactly as the PBX sent it',
		},
	],
};

/**
 * n8n parses the body of a v1 trigger itself unless the node's `options.binaryData` is set,
 * and refuses malformed JSON with 422 before the node runs. Setting it makes the trigger read
 * the raw bytes, so every body reaches the shared intake and nothing is refused unread.
 */
export const rawBodyProperty: INodeProperties = {
	displayName: 'Read Raw Body',
	name: 'options',
	type: 'hidden',
	default: { binaryData: true },
};

export function optionsProperty(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'additionalOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}

export const timeZoneOption: INodeProperties = {
	displayName: 'PBX Time Zone',
	name: 'timeZone',
	type: 'string',
	default: 'UTC',
	placeholder: 'Australia/Sydney',
	description:
		'IANA time zone of the PBX, used to read its date-times that carry no UTC offset. Normalized times are always UTC.',
};

/** The webhook() of every PBX trigger: secret check, intake, event filter, normalized or raw items. */
export async function handleCallEventWebhook(
	this: IWebhookFunctions,
	handler: PbxWebhookHandler,
): Promise<IWebhookResponseData> {
	const refusal = await handler.authenticate.call(this);
	if (refusal !== null) {
		const { status, message } =
			typeof refusal === 'string' ? { status: 401, message: refusal } : refusal;
		this.getResponseObject().status(status).json({ code: status, message }).end();
		return { noWebhookResponse: true };
	}

	const request = this.getRequestObject();
	if (request.rawBody === undefined && typeof request.readRawBody === 'function') {
		await request.readRawBody();
	}
	const query = this.getQueryData() as IDataObject;
	const payloads = readPayloads(
		{
			contentType: this.getHeaderData()['content-type'],
			rawBody: request.rawBody,
			body: request.body,
			query: handler.readQuery ? handler.readQuery(query) : query,
		},
		handler.secretQueryKeys,
	);

	const events = new Set(this.getNodeParameter('events', [ALL_EVENTS]) as string[]);
	const raw = this.getNodeParameter('output', 'normalized') === 'raw';
	const options = mappingOptions(this.getNodeParameter('additionalOptions', {}) as IDataObject);
	const receivedAt = new Date().toISOString();

	const items: INodeExecutionData[] = [];
	for (const payload of payloads) {
		const recognised = payload.parseError === null ? handler.recognise(payload.data) : [];
		// What the trigger cannot interpret is always delivered, whatever the Events filter says.
		const selected =
			recognised.length === 0
				? [null]
				: recognised.filter((event) => events.has(ALL_EVENTS) || events.has(event.selector));
		if (selected.length === 0) continue;
		if (raw) {
			items.push({ json: rawItem(payload) });
			continue;
		}
		for (const event of selected) {
			items.push({ json: normalizedItem(handler, payload, event, options, receivedAt) });
		}
	}

	if (items.length === 0)
		return { webhookResponse: { message: 'No selected event in this request' } };
	return {
		workflowData: [items],
		webhookResponse: { message: 'Workflow was started', events: items.length },
	};
}

function normalizedItem(
	handler: PbxWebhookHandler,
	payload: Payload,
	event: RecognisedEvent | null,
	options: MappingOptions,
	receivedAt: string,
): IDataObject {
	const { data, parseError } = payload;
	const fields = parseError === null ? handler.normalize(data, event, options) : {};
	const vendorId = typeof data === 'object' ? handler.eventId?.(data) : null;
	return buildCallEvent(handler.pbx, fields, {
		eventId: eventIdOf(handler.pbx, fields, vendorId, data),
		receivedAt,
		raw: data,
		parseError,
	}) as unknown as IDataObject;
}

function rawItem({ data, parseError }: Payload): IDataObject {
	if (typeof data === 'object') return data;
	return parseError === null ? { raw: data } : { raw: data, parseError };
}

function mappingOptions(options: IDataObject): MappingOptions {
	const timeZone = typeof options.timeZone === 'string' ? options.timeZone.trim() : '';
	return { timeZone: timeZone !== '' && isValidTimeZone(timeZone) ? timeZone : 'UTC' };
}
