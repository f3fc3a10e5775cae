import type {
	IDataObject,
	IHookFunctions,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { buildCallEvent, eventIdOf, type CallEventFields } from './callEvent';
import { isCountry } from './e164';
import { readPayloads, type Payload } from './intake';
import { isValidTimeZone } from './values';
import type {
	Access,
	MappingOptions,
	PbxWebhookHandler,
	ReceivedRequest,
	RecognisedEvent,
} from './webhookHandler';

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

export const ALL_EVENTS = '*';

/** The webhook() of every PBX trigger: secret check, intake, event filter, normalized or raw items. */
export async function handleCallEventWebhook(
	this: IWebhookFunctions,
	handler: PbxWebhookHandler,
): Promise<IWebhookResponseData> {
	const received: ReceivedRequest = {
		headers: this.getHeaderData() as IDataObject,
		query: this.getQueryData() as IDataObject,
	};
	const access = await checkAccess(this, handler, received);
	if (access === null) {
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
	const unreadable = await readRawBody(request);
	if (unreadable !== null) return answer(this, 400, `The request could not be read: ${unreadable}`);
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

/** The request's access; null when the secret could not be checked (logged). */
async function checkAccess(
	context: IWebhookFunctions,
	handler: PbxWebhookHandler,
	received: ReceivedRequest,
): Promise<Access | null> {
	try {
		return handler.authenticate
			? await handler.authenticate.call(context, received)
			: await handler.checkSecret(context, received);
	} catch (error) {
		// Not the request's fault (a credential n8n cannot load): the PBX should send it again.
		context.logger.error(
			`${context.getNode().name}: could not check a request's secret: ${(error as Error).message}`,
		);
		return null;
	}
}

/** Reads the body's bytes when n8n has not; the reason when it cannot, else null. */
async function readRawBody(request: ReturnType<IWebhookFunctions['getRequestObject']>) {
	try {
		if (request.rawBody === undefined && typeof request.readRawBody === 'function') {
			await request.readRawBody();
		}
		return null;
	} catch (error) {
		// The sender closed the connection mid-body, or the body could not be read.
		return (error as Error).message;
	}
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
		options: readMappingOptions(optionValues, defaultTimeZone),
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
			// An item that could not be read or mapped is an unknown event: it keeps its payload.
			if (!includeRaw && item.event !== 'unknown') delete item.raw;
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
function readMappingOptions(options: IDataObject, defaultTimeZone: string): MappingOptions {
	return {
		timeZone: knownTimeZone(options.timeZone) ?? defaultTimeZone,
		country: isCountry(options.country) ? options.country : null,
		settings: options,
	};
}

/** The workflow's time zone (its settings, else the instance's), or UTC if n8n has none valid. */
function workflowTimeZone(context: Pick<IWebhookFunctions, 'getTimezone'>): string {
	return knownTimeZone(context.getTimezone()) ?? 'UTC';
}

/** A time zone n8n knows, trimmed; undefined for anything else (empty, unknown, not text). */
function knownTimeZone(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const zone = value.trim();
	return isValidTimeZone(zone) ? zone : undefined;
}
