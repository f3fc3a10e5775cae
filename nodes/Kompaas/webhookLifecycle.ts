import type { IHookFunctions } from 'n8n-workflow';

import { secretHash } from '../shared/secret';
import { createWebhook, listWebhooks, updateWebhook, webhookFields } from './webhookApi';
import {
	desiredWebhook,
	needsUpdate,
	planRegistration,
	pointsAtTrigger,
	webhookSecret,
	type Plan,
} from './webhookPlan';
import { isRegisteredFor, registrationOf, type Registration } from './webhookStore';
import { resolveSubscriptions, selectionKey } from './webhookSubscriptions';

/**
 * checkExists: after an n8n restart the registration in static data is trusted as is, so
 * n8n starts without calling KOMPaaS; on every publish or test listen the API is consulted.
 */
export async function registrationExists(this: IHookFunctions): Promise<boolean> {
	const restarting = ['init', 'leadershipChange'].includes(this.getActivationMode());
	return (
		restarting &&
		isRegisteredFor(
			registrationOf(this),
			this.getNodeWebhookUrl('default'),
			selectionKey.call(this),
		)
	);
}

/** create: adopts this trigger's webhooks in KOMPaaS and updates them, creating only what is missing. */
export async function registerWebhooks(this: IHookFunctions): Promise<boolean> {
	const url = this.getNodeWebhookUrl('default') as string;
	const registration = registrationOf(this);
	const known = registration.webhooks ?? {};
	const knownIds = new Set(Object.values(known));

	const subscriptions = await resolveSubscriptions.call(this);
	const existing = await listWebhooks(this);
	const mine = existing.filter(
		(webhook) => knownIds.has(webhook.id) || pointsAtTrigger(webhook.url, url),
	);
	const secret = webhookSecret(registration, mine);
	const test = this.getActivationMode() === 'manual';
	const restoreUrl = test ? mine.find((webhook) => webhook.url !== url)?.url : undefined;

	const plan = planRegistration(mine, subscriptions, known);
	const { webhooks, updated } = await carryOut.call(this, plan, url, secret);
	if (plan.surplus.length > 0) {
		this.logger.warn(
			`KOMPaaS Trigger: webhook(s) ${plan.surplus.map((w) => w.id).join(', ')} also point at ${url} but no selected event needs them. The KOMPaaS API cannot delete webhooks: delete them in KOMPaaS → Integrations → WebHooks. Their events are answered without starting the workflow unless selected.`,
		);
	}
	const stored: Registration = {
		secretHash: secretHash(secret),
		url,
		selection: selectionKey.call(this),
		webhooks,
		restoreUrl,
		test,
	};
	Object.assign(registration, stored);
	this.logger.info(
		`KOMPaaS Trigger: ${plan.create.length} webhook(s) created, ${plan.keep.length} adopted (${updated} updated) for ${url}`,
	);
	return true;
}

/** Updates the adopted webhooks that differ from what the trigger needs and creates the rest. */
async function carryOut(
	this: IHookFunctions,
	plan: Plan,
	url: string,
	secret: string,
): Promise<{ webhooks: Record<string, string>; updated: number }> {
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
		// createWebhook fails on an answer without an id: the webhook may exist, found next time.
		const created = await createWebhook(this, desired);
		webhooks[subscription.eventId] = created.id;
	}
	return { webhooks, updated };
}

/**
 * delete: the KOMPaaS API has no delete method. Unpublishing leaves the webhooks in place
 * (n8n answers them 404 until the workflow is published again, which adopts them); after a
 * test listen they are pointed back at the URL they had before.
 */
export async function unregisterWebhooks(this: IHookFunctions): Promise<boolean> {
	const registration = registrationOf(this);
	const ids = Object.values(registration.webhooks ?? {});
	if (ids.length === 0) return true;
	if (registration.test) return await giveBackTestWebhooks.call(this, ids, registration.restoreUrl);

	this.logger.warn(
		`KOMPaaS Trigger unpublished: the KOMPaaS API has no delete method, so webhook(s) ${ids.join(', ')} stay in KOMPaaS pointing at ${registration.url}. n8n answers them 404 while the workflow is unpublished; publishing it again adopts them without creating new ones. Delete them in KOMPaaS → Integrations → WebHooks if you no longer need this trigger.`,
	);
	return true;
}

/** After a test listen: the borrowed webhooks point at the URL they had before, if they had one. */
async function giveBackTestWebhooks(
	this: IHookFunctions,
	ids: string[],
	restoreUrl: string | undefined,
): Promise<boolean> {
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
