import { randomBytes } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { secretMatchesHash } from '../shared/secret';
import { apiId, webhookFields, type KompaasWebhook } from './transport';
import { headersWith, headerValue, VERIFY_HEADER } from './webhookHeaders';
import type { Registration } from './webhookStore';
import type { Subscription } from './webhookSubscriptions';

export interface Plan {
	/** Existing webhooks the trigger adopts, each for one subscription. */
	keep: Array<{ webhook: KompaasWebhook; subscription: Subscription }>;
	create: Subscription[];
	/** Webhooks pointing at this trigger that no subscription needs (the API cannot delete them). */
	surplus: KompaasWebhook[];
}

/**
 * Which existing webhooks serve which subscription: a webhook already on the event first
 * (the one in static data before others), then any other webhook of this trigger, re-pointed
 * to the event; only what is still missing is created.
 */
export function planRegistration(
	mine: KompaasWebhook[],
	subscriptions: Subscription[],
	known: Record<string, string> = {},
): Plan {
	const knownIds = new Set(Object.values(known));
	const pool = [...mine].sort((a, b) => Number(knownIds.has(b.id)) - Number(knownIds.has(a.id)));
	const take = (webhook: KompaasWebhook) => pool.splice(pool.indexOf(webhook), 1)[0];

	const keep: Plan['keep'] = [];
	const unmatched: Subscription[] = [];
	for (const subscription of subscriptions) {
		const onEvent = pool.filter((webhook) => webhook.eventId === subscription.eventId);
		const chosen =
			onEvent.find((webhook) => known[subscription.eventId] === webhook.id) ?? onEvent[0];
		if (chosen) keep.push({ webhook: take(chosen), subscription });
		else unmatched.push(subscription);
	}
	const create: Subscription[] = [];
	for (const subscription of unmatched) {
		const spare = pool[0];
		if (spare) keep.push({ webhook: take(spare), subscription });
		else create.push(subscription);
	}
	return { keep, create, surplus: pool };
}

/** A webhook URL belongs to this trigger when it ends in the trigger's id and path. */
export function pointsAtTrigger(candidate: string, triggerUrl: string): boolean {
	const path = (url: string) => {
		try {
			return new URL(url).pathname.replace(/\/+$/, '');
		} catch {
			return url.split('?')[0].replace(/\/+$/, '');
		}
	};
	// Test and production URLs differ only before the last two segments: <webhookId>/<path>.
	const tail = path(triggerUrl).split('/').slice(-2).join('/');
	return tail.includes('/') && path(candidate).endsWith(`/${tail}`);
}

/**
 * The secret the webhooks keep sending: the one in KOMPaaS whose hash is registered, else one
 * an adopted webhook carries (static data lost or imported), else a new one.
 */
export function webhookSecret(registration: Registration, mine: KompaasWebhook[]): string {
	const inKompaas = mine
		.map((webhook) => headerValue(webhook.raw.headers, VERIFY_HEADER))
		.filter((value): value is string => value !== null && value !== '');
	const registered = registration.secretHash ?? '';
	return (
		inKompaas.find((value) => secretMatchesHash(registered, value)) ??
		inKompaas[0] ??
		randomBytes(24).toString('hex')
	);
}

/**
 * The webhook as the trigger needs it. Automatic setup owns the URL, the event, POST with a
 * JSON body of all variables, and the secret header; anything else set in KOMPaaS is kept.
 */
export function desiredWebhook(
	current: KompaasWebhook | null,
	subscription: Subscription,
	url: string,
	secret: string,
	name: string,
): IDataObject {
	const base: IDataObject = current
		? webhookFields(current.raw)
		: { name, body: null, query: {}, logic: {}, is_retriable: true, ignore_response: false };
	return {
		...base,
		url,
		method: 'post',
		bodyDataType: 'json',
		allVariables: true,
		event_id: apiId(subscription.eventId),
		headers: headersWith(base.headers, VERIFY_HEADER, secret),
	};
}

export function needsUpdate(current: KompaasWebhook, desired: IDataObject): boolean {
	const raw = current.raw;
	return (
		current.url !== desired.url ||
		current.eventId !== String(desired.event_id) ||
		String(raw.method ?? '').toLowerCase() !== desired.method ||
		String(raw.bodyDataType ?? '').toLowerCase() !== desired.bodyDataType ||
		raw.allVariables !== true ||
		headerValue(raw.headers, VERIFY_HEADER) !==
			headerValue(desired.headers as IDataObject, VERIFY_HEADER)
	);
}
