// What the PBX Call Event node makes of one input item: the request or payload it holds, the
// secret check, which PBX sent it, and the shared pipeline's items (nodes/shared/trigger.ts).
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import * as kompaasWebhookAccess from '../Kompaas/webhookAccess';
import * as kompaasConstants from '../Kompaas/constants';
import * as threeCxConstants from '../ThreeCx/constants';
import * as threeCxWebhookAccess from '../ThreeCx/webhookAccess';
import * as voipcloudConstants from '../Voipcloud/constants';
import * as voipcloudWebhookAccess from '../Voipcloud/webhookAccess';
import { readPayloads, type Payload } from '../shared/intake';
import { ALL_EVENTS, callEventItems, eventSelection } from '../shared/trigger';
import type { PbxWebhookHandler, ReceivedRequest } from '../shared/webhookHandler';
import { isObject } from '../shared/values';

const HANDLERS: Record<string, PbxWebhookHandler> = {
	voipcloud: voipcloudWebhookAccess.webhookHandler,
	kompaas: kompaasWebhookAccess.webhookHandler,
	'3cx': threeCxWebhookAccess.webhookHandler,
};

/** The items of one input item, or the reason its request was refused. */
export async function normalizeItem(
	this: IExecuteFunctions,
	itemIndex: number,
	json: IDataObject,
): Promise<{ refusal: string | null; items: IDataObject[] }> {
	const fromWebhook = this.getNodeParameter('source', itemIndex) === 'webhook';
	const request: ReceivedRequest & { body: unknown } = fromWebhook
		? {
				headers: isObject(json.headers) ? json.headers : {},
				query: isObject(json.query) ? json.query : {},
				body: json.body,
			}
		: {
				headers: {},
				query: {},
				body: fieldAt(json, this.getNodeParameter('payloadField', itemIndex) as string),
			};
	if (!fromWebhook && request.body === undefined) {
		throw new NodeOperationError(
			this.getNode(),
			`The item has no field "${this.getNodeParameter('payloadField', itemIndex) as string}"`,
			{ itemIndex },
		);
	}

	const pbx = this.getNodeParameter('pbx', itemIndex) as string;
	let handler = HANDLERS[pbx];
	let query = request.query;
	if (fromWebhook && handler && this.getNodeParameter('checkSecret', itemIndex, false) === true) {
		const access = await handler.checkSecret(this, request);
		if (access.refusal !== null) {
			const reason = typeof access.refusal === 'string' ? access.refusal : access.refusal.message;
			return { refusal: reason, items: [{ refused: true, reason, pbx }] };
		}
		query = access.query ?? query;
	}

	const payloads = intake(request.body, request.headers['content-type'], query, handler);
	handler ??= detect(this, itemIndex, request, payloads);
	const selection = eventSelection(
		this.getNodeParameter('events', itemIndex, [ALL_EVENTS]) as string[],
		this.getNodeParameter('output', itemIndex) as string,
		this.getNodeParameter('options', itemIndex, {}) as IDataObject,
		this.getTimezone(),
	);
	const items = callEventItems(handler, payloads, selection, (message) =>
		this.logger.warn(`${this.getNode().name}: ${message}`),
	);
	return { refusal: null, items };
}

/** The payloads of an item, as the trigger's intake reads a request: text is parsed, objects kept. */
function intake(
	body: unknown,
	contentType: unknown,
	query: IDataObject,
	handler: PbxWebhookHandler | undefined,
): Payload[] {
	const text = typeof body === 'string' ? body : undefined;
	return readPayloads(
		{ contentType, rawBody: text, body: text === undefined ? body : undefined, query },
		handler?.secretQueryKeys ??
			Object.values(HANDLERS).flatMap((each) => each.secretQueryKeys ?? []),
	);
}

/** The PBX that sent an item: by where its secret is, else by whose events the payloads hold. */
function detect(
	context: IExecuteFunctions,
	itemIndex: number,
	{ headers, query }: ReceivedRequest,
	payloads: Payload[],
): PbxWebhookHandler {
	if (headers[voipcloudConstants.WEBHOOK_SECRET.name] !== undefined) return HANDLERS.voipcloud;
	if (
		headers[kompaasConstants.WEBHOOK_SECRET.name.toLowerCase()] !== undefined ||
		query[kompaasConstants.WEBHOOK_SECRET.queryAlternative] !== undefined
	) {
		return HANDLERS.kompaas;
	}
	if (query[threeCxConstants.WEBHOOK_SECRET.name] !== undefined) return HANDLERS['3cx'];
	for (const handler of Object.values(HANDLERS)) {
		const recognises = payloads.some((payload) => {
			try {
				return payload.parseError === null && handler.recognise(payload.data).length > 0;
			} catch {
				return false;
			}
		});
		if (recognises) return handler;
	}
	throw new NodeOperationError(context.getNode(), 'Could not tell which PBX sent this payload', {
		itemIndex,
		description: 'Choose the PBX in the node’s PBX parameter',
	});
}

/** The value at a field name, or a dotted path when no field has the whole name. */
function fieldAt(json: IDataObject, path: string): unknown {
	if (path in json) return json[path];
	let value: unknown = json;
	for (const key of path.split('.')) {
		if (!isObject(value) && !Array.isArray(value)) return undefined;
		value = (value as IDataObject)[key];
	}
	return value;
}
