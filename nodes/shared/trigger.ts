import type {
	IDataObject,
	IHookFunctions,
	INodeProperties,
	INodePropertyOptions,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { buildCallEvent, eventIdOf, type CallEventFields, type Pbx } from './callEvent';
import type { CallEventType } from './callEventSchema';
import { COUNTRIES, isCountry } from './e164';
import { readPayloads, type Payload } from './intake';
import type { CredentialSource } from './secret';
import { isValidTimeZone } from './values';

/**
 * The webhook lifecycle of a trigger whose PBX is pointed at n8n by hand (VoIPcloud, the 3CX
 * add-ons): nothing to create or delete. n8n-core runs such a trigger without it, but `n8n-node
 * lint` and n8n's package scanner refuse a node that declares webhooks and no `webhookMethods`
 * (rule `webhook-lifecycle-complete`), so each method reports success.
 */
export const configuredByHandWebhookMethods = {
	async checkExists(this: IHookFunctions): Promise<boolean> {
		return true;
	},
	async create(this: IHookFunctions): Promise<boolean> {
		return true;
	},
	async delete(this: IHookFunctions): Promise<boolean> {
		return true;
	},
};

/** A PBX event the trigger recognised: its value in the Events list, and the PBX's own name. */
export interface RecognisedEvent {
	selector: string;
	vendorEvent: string;
	/**
	 * When one payload gives several items under one selector: which one this is. `event` names
	 * the normalized event of an item that is not the selector's own (the end of a call that only
	 * reached a voicemail); `part` numbers items of the same event (several recording files).
	 */
	event?: CallEventType;
	part?: number;
}

export interface MappingOptions {
	/** The PBX Time Zone option, else the workflow's time zone. */
	timeZone: string;
	/** The Country option (an ISO 3166 code of `COUNTRIES`), or null. */
	country?: string | null;
	/** The trigger's Options as the user set them, for the options only one PBX has. */
	settings?: IDataObject;
}

/** The parts of a request a secret check reads: from n8n's request, or from a Webhook node's item. */
export interface ReceivedRequest {
	headers: IDataObject;
	query: IDataObject;
}

/**
 * The outcome of a request's authentication: why it is refused (a message alone means 401), or
 * null; and, when the secret carried event fields along (3CX), the query with them given back.
 */
export interface Access {
	refusal: string | WebhookRefusal | null;
	query?: IDataObject;
}

/** What a PBX contributes to the shared webhook pipeline; everything else is shared. */
export interface PbxWebhookHandler {
	pbx: Pbx;
	/**
	 * The check of the request's secret against the PBX's webhook credential: the one check, used
	 * by the trigger and by the PBX Call Event node.
	 */
	checkSecret(context: CredentialSource, request: ReceivedRequest): Promise<Access>;
	/**
	 * The trigger's authentication, when it is more than `checkSecret` (3CX's source-address
	 * allow-list, KOMPaaS's registered secret).
	 */
	authenticate?(this: IWebhookFunctions, request: ReceivedRequest): Promise<Access>;
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

/**
 * The visible Options collection. Its parameter is `additionalOptions` because `options` is taken
 * by the hidden `rawBodyProperty`: n8n reads `options.binaryData` from that exact name. Saved
 * workflows hold `additionalOptions`, so it keeps the name.
 */
export function optionsProperty(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'additionalOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...options, includeRawOption].sort((a, b) =>
			a.displayName.localeCompare(b.displayName),
		),
	};
}

/**
 * `raw` holds the whole payload, which n8n's Table view shows inline: the row grows as tall as
 * the payload has fields. Leaving it out keeps the table compact and the stored execution small.
 */
export const includeRawOption: INodeProperties = {
	displayName: 'Include Raw Payload',
	name: 'includeRaw',
	type: 'boolean',
	default: true,
	description:
		'Whether normalized events keep the payload as sent in "raw". Turn off for a compact Table view and smaller executions; an event the trigger could not interpret always keeps it.',
};

/**
 * Empty means the workflow's time zone (its settings, else the instance's GENERIC_TIMEZONE), as
 * n8n's own nodes read an unset time zone. A workflow that saved a zone keeps it.
 */
export const timeZoneOption: INodeProperties = {
	displayName: 'PBX Time Zone',
	name: 'timeZone',
	type: 'string',
	default: '',
	placeholder: 'e.g. Australia/Sydney',
	description:
		'IANA time zone of the PBX, used to read its date-times that carry no UTC offset. Empty: the workflow’s time zone (Workflow Settings, else the n8n instance’s). Normalized times are always UTC.',
};

export const countryOption: INodeProperties = {
	displayName: 'Country',
	name: 'country',
	type: 'options',
	default: '',
	description:
		'Where the PBX is: how its national numbers (with trunk prefix, like 0…) and international numbers without + read in the "e164" field of from, to and contact. Without a country only numbers that start with + get an "e164".',
	options: [
		{ name: 'None', value: '' },
		...Object.entries(COUNTRIES)
			.map(([code, { name }]) => ({ name, value: code }))
			.sort((a, b) => a.name.localeCompare(b.name)),
	],
};

/** The webhook() of every PBX trigger: secret check, intake, event filter, normalized or raw items. */
export async function handleCallEventWebhook(
	this: IWebhookFunctions,
	handler: PbxWebhookHandler,
): Promise<IWebhookResponseData> {
	const received: ReceivedRequest = {
		headers: this.getHeaderData() as IDataObject,
		query: this.getQueryData() as IDataObject,
	};
	let access: Access;
	try {
		access = handler.authenticate
			? await handler.authenticate.call(this, received)
			: await handler.checkSecret(this, received);
	} catch (error) {
		// Not the request's fault (a credential n8n cannot load): the PBX should send it again.
		this.logger.error(
			`${this.getNode().name}: could not check a request's secret: ${(error as Error).message}`,
		);
		return answer(this, 503, 'The trigger could not check the secret; try again later');
	}
	if (access.refusal !== null) {
		const { status, message } =
			typeof access.refusal === 'string'
				? { status: 401, message: access.refusal }
				: access.refusal;
		return answer(this, status, message);
	}

	const request = this.getRequestObject();
	try {
		if (request.rawBody === undefined && typeof request.readRawBody === 'function') {
			await request.readRawBody();
		}
	} catch (error) {
		// The sender closed the connection mid-body, or the body could not be read.
		return answer(this, 400, `The request could not be read: ${(error as Error).message}`);
	}
	const payloads = readPayloads(
		{
			contentType: received.headers['content-type'],
			rawBody: request.rawBody,
			body: request.body,
			query: access.query ?? received.query,
		},
		handler.secretQueryKeys,
	);
	if (payloads.length === 0) {
		return { webhookResponse: { message: 'The request carries no event' } };
	}

	const selection = eventSelection(
		this.getNodeParameter('events', [ALL_EVENTS]) as string[],
		this.getNodeParameter('output', 'normalized') as string,
		this.getNodeParameter('additionalOptions', {}) as IDataObject,
		workflowTimeZone(this),
	);
	const items = callEventItems(handler, payloads, selection, (message) =>
		this.logger.warn(`${this.getNode().name}: ${message}`),
	).map((json) => ({ json }));

	if (items.length === 0)
		return { webhookResponse: { message: 'No selected event in this request' } };
	return {
		workflowData: [items],
		webhookResponse: { message: 'Workflow was started', events: items.length },
	};
}

/** What a trigger or the PBX Call Event node makes of payloads, from its parameters. */
export interface EventSelection {
	events: Set<string>;
	raw: boolean;
	includeRaw: boolean;
	options: MappingOptions;
}

/** The selection from the Events, Output and Options parameters, read alike by every node. */
export function eventSelection(
	events: string[],
	output: string,
	optionValues: IDataObject,
	/** The workflow's time zone: PBX times without an offset are read in it unless an option says. */
	defaultTimeZone: string,
): EventSelection {
	return {
		events: new Set(events),
		raw: output === 'raw',
		includeRaw: optionValues.includeRaw !== false,
		options: mappingOptions(optionValues, defaultTimeZone),
	};
}

/**
 * The items a request's payloads become: the one pipeline of the triggers and the PBX Call
 * Event node (recognise, filter, normalize or raw). `warn` hears of payloads that could not be
 * mapped (they are delivered unmapped, with the reason).
 */
export function callEventItems(
	handler: PbxWebhookHandler,
	payloads: Payload[],
	{ events, raw, includeRaw, options }: EventSelection,
	warn: (message: string) => void,
	receivedAt = new Date().toISOString(),
): IDataObject[] {
	const items: IDataObject[] = [];
	for (const payload of payloads) {
		const recognisedEvents = recognised(warn, handler, payload);
		// What the trigger cannot interpret is always delivered, whatever the Events filter says.
		const selected =
			recognisedEvents.length === 0
				? [null]
				: recognisedEvents.filter((event) => events.has(ALL_EVENTS) || events.has(event.selector));
		if (selected.length === 0) continue;
		if (raw) {
			items.push(rawItem(payload));
			continue;
		}
		for (const event of selected) {
			const item = normalizedItem(warn, handler, payload, event, options, receivedAt);
			if (!includeRaw && item.event !== 'unknown' && item.parseError === null) delete item.raw;
			items.push(item);
		}
	}
	return items;
}

function answer(context: IWebhookFunctions, status: number, message: string): IWebhookResponseData {
	context.getResponseObject().status(status).json({ code: status, message }).end();
	return { noWebhookResponse: true };
}

/**
 * The mapping of a PBX's payload is written for what the PBX sends; for anything else it must
 * not cost the event. A mapping that throws leaves the payload unmapped, with the reason.
 */
function unmappable(warn: (message: string) => void, error: unknown): string {
	const reason = error instanceof Error ? error.message : String(error);
	warn(`a payload could not be mapped: ${reason}`);
	return `The payload could not be mapped: ${reason}`;
}

function recognised(
	warn: (message: string) => void,
	handler: PbxWebhookHandler,
	payload: Payload,
): RecognisedEvent[] {
	if (payload.parseError !== null) return [];
	try {
		return handler.recognise(payload.data);
	} catch (error) {
		payload.parseError = unmappable(warn, error);
		return [];
	}
}

function normalizedItem(
	warn: (message: string) => void,
	handler: PbxWebhookHandler,
	payload: Payload,
	event: RecognisedEvent | null,
	options: MappingOptions,
	receivedAt: string,
): IDataObject {
	const { data } = payload;
	let { parseError } = payload;
	let fields: CallEventFields = {};
	let vendorId: string | null | undefined = null;
	if (parseError === null) {
		try {
			fields = handler.normalize(data, event, options);
			vendorId = typeof data === 'object' ? handler.eventId?.(data) : null;
		} catch (error) {
			fields = {};
			parseError = unmappable(warn, error);
		}
	}
	return buildCallEvent(handler.pbx, fields, {
		eventId: eventIdOf(handler.pbx, fields, vendorId, data, event?.part),
		receivedAt,
		raw: data,
		parseError,
		country: options.country,
	}) as unknown as IDataObject;
}

function rawItem({ data, parseError }: Payload): IDataObject {
	if (typeof data === 'object') return data;
	return parseError === null ? { raw: data } : { raw: data, parseError };
}

/** The options of the Options collection that mappings read; a zone n8n does not know is left out. */
export function mappingOptions(options: IDataObject, defaultTimeZone: string): MappingOptions {
	const timeZone = typeof options.timeZone === 'string' ? options.timeZone.trim() : '';
	return {
		timeZone: timeZone !== '' && isValidTimeZone(timeZone) ? timeZone : defaultTimeZone,
		country: isCountry(options.country) ? options.country : null,
		settings: options,
	};
}

/** The workflow's time zone (its settings, else the instance's), or UTC if n8n has none valid. */
export function workflowTimeZone(context: Pick<IWebhookFunctions, 'getTimezone'>): string {
	const zone = context.getTimezone();
	return typeof zone === 'string' && isValidTimeZone(zone) ? zone : 'UTC';
}
