import { createHash, randomBytes } from 'crypto';
import { NodeOperationError, type IDataObject, type IHookFunctions } from 'n8n-workflow';

import { ALL_EVENTS } from '../shared/trigger';
import { eventNameKey } from '../shared/eventCatalogue';
import { eventCatalogue, type KompaasEventSpec } from './events';
import {
	apiId,
	createWebhook,
	listEvents,
	listWebhooks,
	updateWebhook,
	webhookFields,
	type KompaasEventInfo,
	type KompaasWebhook,
} from './webhookApi';

export const VERIFY_HEADER = 'X-N8n-Webhook-Secret';
export const VERIFY_QUERY = 'n8n_secret';
/** The KOMPaaS events picked by hand (Options → Event Names or IDs), if any. */
const OVERRIDE_PARAMETER = 'additionalOptions.kompaasEvents';

/**
 * What the trigger keeps in its node's static data about the webhooks it registered. The
 * secret itself is only in KOMPaaS (in the webhooks' header): static data, which anyone who
 * can read or export the workflow sees, holds its SHA-256, enough to check a request.
 */
export interface Registration {
	/** SHA-256 (hex) of the secret the webhooks send. */
	secretHash?: string;
	/** The secret itself, as versions before 0.2 kept it; replaced by secretHash on activation. */
	secret?: string;
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

export function secretHash(secret: string): string {
	return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** The static data of a trigger registered with this secret (for tests and migration). */
export function registeredSecret(secret: string): Registration {
	return { secretHash: secretHash(secret) };
}

/** Whether static data holds a registered secret at all. */
export function hasRegisteredSecret(registration: Registration): boolean {
	return (
		(typeof registration.secretHash === 'string' && registration.secretHash !== '') ||
		(typeof registration.secret === 'string' && registration.secret !== '')
	);
}

/**
 * Moves a secret kept by an older version out of static data: only its hash stays. True when
 * static data changed (n8n saves it after activation).
 */
export function migrateRegistration(registration: Registration): boolean {
	if (typeof registration.secret !== 'string') return false;
	if (registration.secret !== '') registration.secretHash = secretHash(registration.secret);
	delete registration.secret;
	return true;
}

const HIDDEN = '[hidden: the KOMPaaS Trigger secret]';

/**
 * A webhook as KOMPaaS lists it, with the trigger's secret hidden wherever it may stand: the
 * secret header in any shape KOMPaaS may give the headers (an object, a JSON string,
 * `[{ name, value }]` in any case, `[[name, value]]`, `Name: value` lines) and the secret query
 * parameter of its URL (Manual setup).
 */
export function hideTriggerSecret(raw: IDataObject): IDataObject {
	const hidden: IDataObject = { ...raw };
	if ('headers' in raw) hidden.headers = hideInHeaders(raw.headers) as IDataObject;
	if (typeof raw.url === 'string') hidden.url = hideInUrl(raw.url);
	return hidden;
}

function isSecretHeader(name: unknown): boolean {
	return typeof name === 'string' && name.trim().toLowerCase() === VERIFY_HEADER.toLowerCase();
}

const SECRET_LINE = new RegExp(String.raw`(^|[\r\n])(\s*${VERIFY_HEADER}\s*:\s*)[^\r\n]*`, 'gi');

function hideInHeaders(headers: unknown): unknown {
	if (typeof headers === 'string') {
		const text = headers.trim();
		if (text.startsWith('{') || text.startsWith('[')) {
			try {
				return JSON.stringify(hideInHeaders(JSON.parse(text)));
			} catch {
				// Not JSON after all: read as text lines below.
			}
		}
		return headers.replace(SECRET_LINE, `$1$2${HIDDEN}`);
	}
	if (Array.isArray(headers)) return headers.map(hideInHeaderEntry);
	if (typeof headers !== 'object' || headers === null) return headers;
	const copy: IDataObject = {};
	for (const [name, value] of Object.entries(headers as IDataObject)) {
		copy[name] = isSecretHeader(name) ? HIDDEN : value;
	}
	return copy;
}

function hideInHeaderEntry(entry: unknown): unknown {
	if (Array.isArray(entry)) {
		return entry.length >= 2 && isSecretHeader(entry[0])
			? [entry[0], HIDDEN, ...entry.slice(2)]
			: entry;
	}
	if (typeof entry === 'string') return hideInHeaders(entry);
	if (typeof entry !== 'object' || entry === null) return entry;
	const fields = Object.entries(entry as IDataObject);
	const named = fields.some(
		([key, value]) =>
			['name', 'key', 'header'].includes(key.toLowerCase()) && isSecretHeader(value),
	);
	if (!named) return entry;
	return Object.fromEntries(
		fields.map(([key, value]) => [key, key.toLowerCase() === 'value' ? HIDDEN : value]),
	);
}

function hideInUrl(url: string): string {
	return url.replace(
		new RegExp(String.raw`([?&]${VERIFY_QUERY}=)[^&#]*`, 'gi'),
		`$1${encodeURIComponent(HIDDEN)}`,
	);
}

export interface Subscription {
	eventId: string;
	label: string;
}

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

export function headerValue(headers: unknown, name: string): string | null {
	const wanted = name.toLowerCase();
	if (Array.isArray(headers)) {
		for (const entry of headers as IDataObject[]) {
			const key = entry?.name ?? entry?.key;
			if (
				typeof key === 'string' &&
				key.toLowerCase() === wanted &&
				typeof entry.value === 'string'
			)
				return entry.value;
		}
		return null;
	}
	if (typeof headers !== 'object' || headers === null) return null;
	for (const [key, value] of Object.entries(headers as IDataObject)) {
		if (key.toLowerCase() === wanted && typeof value === 'string') return value;
	}
	return null;
}

function headersWith(headers: unknown, name: string, value: string): IDataObject {
	const result: IDataObject = {};
	const entries = Array.isArray(headers)
		? (headers as IDataObject[]).map((entry) => [entry?.name ?? entry?.key, entry?.value])
		: Object.entries((headers as IDataObject) ?? {});
	for (const [key, existing] of entries) {
		if (typeof key === 'string' && key.toLowerCase() !== name.toLowerCase()) result[key] = existing;
	}
	result[name] = value;
	return result;
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

/** The documented event a listed KOMPaaS event is, if any. */
export function specOfListedEvent(event: KompaasEventInfo): KompaasEventSpec | undefined {
	return eventCatalogue.events.find((spec) => matchesSpec(event, spec));
}

function matchesSpec(event: KompaasEventInfo, spec: KompaasEventSpec): boolean {
	const names = new Set([...spec.vendorNames, ...spec.titles].map(eventNameKey));
	return [event.code, event.name].some((value) => value !== null && names.has(eventNameKey(value)));
}

/** The KOMPaaS events to subscribe to, from the Events selection (or the explicit override). */
export async function resolveSubscriptions(this: IHookFunctions): Promise<Subscription[]> {
	const override = (this.getNodeParameter(OVERRIDE_PARAMETER, []) as Array<string | number>).map(
		String,
	);
	if (override.length > 0) {
		return override.map((eventId) => ({ eventId, label: `KOMPaaS event ${eventId}` }));
	}
	const selected = this.getNodeParameter('events', [ALL_EVENTS]) as string[];
	const all = selected.includes(ALL_EVENTS);
	const specs = all
		? eventCatalogue.events
		: selected.flatMap((code) => eventCatalogue.byVendorName(code) ?? []);

	const available = await listEvents(this);
	const subscriptions: Subscription[] = [];
	const missing: string[] = [];
	for (const spec of specs) {
		const event = available.find((candidate) => matchesSpec(candidate, spec));
		if (event) subscriptions.push({ eventId: event.id, label: spec.name });
		else missing.push(spec.name);
	}
	const listed = available.map((event) => `${event.name} (${event.id})`).join(', ') || 'none';
	if (missing.length > 0 && (!all || subscriptions.length === 0)) {
		throw new NodeOperationError(
			this.getNode(),
			`KOMPaaS does not list the event${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
			{
				description: `Events KOMPaaS lists for this account: ${listed}. Pick the KOMPaaS events yourself under Options → "Event Names or IDs", or check the account number in the credential.`,
			},
		);
	}
	if (missing.length > 0) {
		this.logger.info(
			`KOMPaaS Trigger: KOMPaaS does not list ${missing.join(', ')}; subscribing to the other events`,
		);
	}
	return subscriptions;
}

export function selectionKey(this: IHookFunctions): string {
	const override = (this.getNodeParameter(OVERRIDE_PARAMETER, []) as unknown[]).map(String).sort();
	const events = [...(this.getNodeParameter('events', [ALL_EVENTS]) as string[])].sort();
	return JSON.stringify({ events, override });
}

function isTestListening(context: IHookFunctions): boolean {
	return context.getActivationMode() === 'manual';
}

/**
 * checkExists: after an n8n restart the registration in static data is trusted as is, so
 * n8n starts without calling KOMPaaS; on every publish or test listen the API is consulted.
 */
export async function registrationExists(this: IHookFunctions): Promise<boolean> {
	const registration = this.getWorkflowStaticData('node') as Registration;
	migrateRegistration(registration);
	const restarting = ['init', 'leadershipChange'].includes(this.getActivationMode());
	return (
		restarting &&
		registration.url === this.getNodeWebhookUrl('default') &&
		registration.selection === selectionKey.call(this) &&
		hasRegisteredSecret(registration) &&
		Object.keys(registration.webhooks ?? {}).length > 0
	);
}

/** create: adopts this trigger's webhooks in KOMPaaS and updates them, creating only what is missing. */
export async function registerWebhooks(this: IHookFunctions): Promise<boolean> {
	const url = this.getNodeWebhookUrl('default');
	if (url === undefined) throw new NodeOperationError(this.getNode(), 'The trigger has no URL');
	const registration = this.getWorkflowStaticData('node') as Registration;
	const known = registration.webhooks ?? {};
	const knownIds = new Set(Object.values(known));

	const subscriptions = await resolveSubscriptions.call(this);
	const existing = await listWebhooks(this);
	const mine = existing.filter(
		(webhook) => knownIds.has(webhook.id) || pointsAtTrigger(webhook.url, url),
	);
	const secret = chooseSecret(registration, mine);
	const test = isTestListening(this);
	const restoreUrl = test ? mine.find((webhook) => webhook.url !== url)?.url : undefined;

	const plan = planRegistration(mine, subscriptions, known);
	const webhooks: Record<string, string> = {};
	const name = (label: string) => `n8n: ${this.getWorkflow().name ?? 'workflow'} – ${label}`;
	let updated = 0;
	for (const { webhook, subscription } of plan.keep) {
		const desired = desiredWebhook(webhook, subscription, url, secret, name(subscription.label));
		if (needsUpdate(webhook, desired)) {
			await updateWebhook(this, webhook.id, desired);
			updated++;
		}
		webhooks[subscription.eventId] = webhook.id;
	}
	for (const subscription of plan.create) {
		const desired = desiredWebhook(null, subscription, url, secret, name(subscription.label));
		const created = await createWebhook(this, desired);
		if (created.id === '') {
			throw new NodeOperationError(this.getNode(), 'KOMPaaS created the webhook but sent no id', {
				description:
					'Publish the workflow again: the trigger then finds the webhook by its URL and adopts it.',
			});
		}
		webhooks[subscription.eventId] = created.id;
	}

	if (plan.surplus.length > 0) {
		this.logger.warn(
			`KOMPaaS Trigger: webhook(s) ${plan.surplus.map((w) => w.id).join(', ')} also point at ${url} but no selected event needs them. The KOMPaaS API cannot delete webhooks: delete them in KOMPaaS → Integrations → WebHooks. Their events are answered without starting the workflow unless selected.`,
		);
	}
	delete registration.secret;
	Object.assign(registration, {
		secretHash: secretHash(secret),
		url,
		selection: selectionKey.call(this),
		webhooks,
		restoreUrl,
		test,
	});
	this.logger.info(
		`KOMPaaS Trigger: ${plan.create.length} webhook(s) created, ${plan.keep.length} adopted (${updated} updated) for ${url}`,
	);
	return true;
}

/**
 * The secret the webhooks keep sending: the one in KOMPaaS whose hash is registered, else one
 * an adopted webhook carries (static data lost or imported), else a new one.
 */
function chooseSecret(registration: Registration, mine: KompaasWebhook[]): string {
	const inKompaas = mine
		.map((webhook) => headerValue(webhook.raw.headers, VERIFY_HEADER))
		.filter((value): value is string => value !== null && value !== '');
	return (
		inKompaas.find((value) => secretHash(value) === registration.secretHash) ??
		(typeof registration.secret === 'string' && registration.secret !== ''
			? registration.secret
			: undefined) ??
		inKompaas[0] ??
		randomBytes(24).toString('hex')
	);
}

/**
 * delete: the KOMPaaS API has no delete method. Unpublishing leaves the webhooks in place
 * (n8n answers them 404 until the workflow is published again, which adopts them); after a
 * test listen they are pointed back at the URL they had before.
 */
export async function unregisterWebhooks(this: IHookFunctions): Promise<boolean> {
	const registration = this.getWorkflowStaticData('node') as Registration;
	const ids = Object.values(registration.webhooks ?? {});
	if (ids.length === 0) return true;

	if (registration.test) {
		const restoreUrl = registration.restoreUrl;
		if (restoreUrl === undefined) {
			this.logger.info(
				`KOMPaaS Trigger: test listening ended; webhook(s) ${ids.join(', ')} keep pointing at the test URL until the workflow is published, which adopts them`,
			);
			return true;
		}
		try {
			const existing = await listWebhooks(this);
			for (const webhook of existing.filter((candidate) => ids.includes(candidate.id))) {
				if (webhook.url === restoreUrl) continue;
				await updateWebhook(this, webhook.id, { ...webhookFields(webhook.raw), url: restoreUrl });
			}
			this.logger.info(
				`KOMPaaS Trigger: test listening ended; webhook(s) ${ids.join(', ')} point at ${restoreUrl} again`,
			);
			return true;
		} catch (error) {
			this.logger.error(
				`KOMPaaS Trigger: could not point webhook(s) ${ids.join(', ')} back at ${restoreUrl} after test listening: ${(error as Error).message}. Publish the workflow again to repair them.`,
			);
			return false;
		}
	}

	this.logger.warn(
		`KOMPaaS Trigger unpublished: the KOMPaaS API has no delete method, so webhook(s) ${ids.join(', ')} stay in KOMPaaS pointing at ${registration.url}. n8n answers them 404 while the workflow is unpublished; publishing it again adopts them without creating new ones. Delete them in KOMPaaS → Integrations → WebHooks if you no longer need this trigger.`,
	);
	return true;
}
