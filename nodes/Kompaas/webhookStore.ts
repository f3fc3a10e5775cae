import type { IDataObject } from 'n8n-workflow';

import { secretHash } from '../shared/secret';

/**
 * What the trigger keeps in its node's static data about the webhooks it registered. The
 * secret itself is only in KOMPaaS (in the webhooks' header): static data, which anyone who
 * can read or export the workflow sees, holds its SHA-256, enough to check a request.
 */
export interface Registration {
	/** SHA-256 (hex) of the secret the webhooks send. */
	secretHash?: string;
	/** The URL the webhooks were pointed at. */
	url?: string;
	/** Which events were asked for, to tell when a restart may skip the API. */
	selection?: string;
	/** KOMPaaS event id → KOMPaaS webhook id. */
	webhooks?: Record<string, string>;
	/** Set while listening for a test event: the URL to give the webhooks back afterwards. */
	restoreUrl?: string;
	test?: boolean;
}

/** The trigger's registration: its node's static data, which n8n saves after the hooks ran. */
export function registrationOf(context: {
	getWorkflowStaticData(type: string): IDataObject;
}): Registration {
	return context.getWorkflowStaticData('node') as Registration;
}

/** The static data of a trigger whose webhooks send this secret. */
export function registeredSecret(secret: string): Registration {
	return { secretHash: secretHash(secret) };
}

/**
 * Whether the registration was made for this URL and Events selection and holds what a request
 * is checked against, so an n8n restart may trust it without calling KOMPaaS.
 */
export function isRegisteredFor(
	registration: Registration,
	url: string | undefined,
	selection: string,
): boolean {
	return (
		registration.url === url &&
		registration.selection === selection &&
		typeof registration.secretHash === 'string' &&
		registration.secretHash !== '' &&
		Object.keys(registration.webhooks ?? {}).length > 0
	);
}
