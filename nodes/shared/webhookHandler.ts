// What a PBX plugs into the shared webhook pipeline (nodes/shared/trigger.ts): its handler, and
// the shapes the pipeline and the PBX's events.ts and webhookAccess.ts exchange.
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import type { CallEventFields, Pbx } from './callEvent';
import type { CallEventType } from './callEventSchema';
import type { CredentialSource } from './secret';

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
