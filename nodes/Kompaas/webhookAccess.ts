import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import {
	credentialSecretMatches,
	repeatedHeaderValue,
	secretMatchesHash,
	type CredentialSource,
} from '../shared/secret';
import type { Access, PbxWebhookHandler, ReceivedRequest } from '../shared/webhookHandler';
import { FieldReader } from '../shared/values';
import { WEBHOOK_CREDENTIAL, WEBHOOK_SECRET } from './constants';
import { eventCatalogue, normalizeEvent, recogniseEvent } from './events';
import { vendorEventOf } from './payload';
import { registrationOf } from './webhookStore';

const NO_SECRET_YET =
	'The trigger has no secret yet: publish the workflow (Automatic setup) or set the secret in the KOMPaaS Webhook credential';

/** The secret KOMPaaS sends in a header, or in the query where only a URL could carry it. */
function receivedSecret({ headers, query }: ReceivedRequest): unknown {
	return (
		repeatedHeaderValue(headers[WEBHOOK_SECRET.name.toLowerCase()]) ??
		query[WEBHOOK_SECRET.queryAlternative]
	);
}

/**
 * The request's secret against the KOMPaaS Webhook credential's (the trigger's Manual setup,
 * and the PBX Call Event node).
 */
export async function checkSecret(
	context: CredentialSource,
	request: ReceivedRequest,
): Promise<Access> {
	// Checked before the expected secret, which may cost a credential load.
	const received = receivedSecret(request);
	if (received === undefined) return { refusal: `Missing ${WEBHOOK_SECRET.name} header` };
	// As in Automatic setup: an empty secret is a wrong one, whatever the credential holds.
	if (received === '') return { refusal: 'Invalid webhook secret' };
	let configured = false;
	const matches = await credentialSecretMatches(
		context,
		WEBHOOK_CREDENTIAL,
		received,
		({ secret }) => {
			configured = typeof secret === 'string' && secret !== '';
			return [secret];
		},
	);
	if (matches) return { refusal: null };
	return { refusal: configured ? 'Invalid webhook secret' : NO_SECRET_YET };
}

/**
 * The trigger sends the secret it registered (Automatic setup) or the credential's (Manual).
 */
async function authenticate(this: IWebhookFunctions, request: ReceivedRequest): Promise<Access> {
	if (this.getNodeParameter('setupMode') === 'manual') {
		return await checkSecret(this, request);
	}
	const received = receivedSecret(request);
	if (received === undefined) return { refusal: `Missing ${WEBHOOK_SECRET.name} header` };
	const { secretHash } = registrationOf(this);
	if (typeof secretHash !== 'string' || secretHash === '') return { refusal: NO_SECRET_YET };
	return { refusal: secretMatchesHash(secretHash, received) ? null : 'Invalid webhook secret' };
}

/** KOMPaaS's own event id: the recording event's UUID, or the CEL record id of queue events. */
function vendorEventId(data: IDataObject): string | null {
	const f = new FieldReader(data);
	const spec = eventCatalogue.byVendorName(vendorEventOf(f) ?? '');
	if (spec?.selector === 'record_upload_done' || spec?.event.startsWith('queue.')) {
		return f.text('id');
	}
	return null;
}

/** KOMPaaS's part of the shared webhook pipeline (the trigger and the PBX Call Event node). */
export const webhookHandler: PbxWebhookHandler = {
	pbx: 'kompaas',
	checkSecret,
	authenticate,
	recognise: recogniseEvent,
	normalize: normalizeEvent,
	eventId: vendorEventId,
	secretQueryKeys: [WEBHOOK_SECRET.queryAlternative],
};
