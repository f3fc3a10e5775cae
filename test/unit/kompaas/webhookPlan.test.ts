// The pure part of the KOMPaaS Trigger's lifecycle: which webhooks it adopts, which it creates,
// with which secret, and when an adopted one needs an update.
import type { IDataObject } from 'n8n-workflow';

import type { KompaasWebhook } from '../../../nodes/Kompaas/transport';
import {
	desiredWebhook,
	needsUpdate,
	planRegistration,
	pointsAtTrigger,
	webhookSecret,
} from '../../../nodes/Kompaas/webhookPlan';
import { registeredSecret } from '../../../nodes/Kompaas/webhookStore';

// The trigger's URLs as n8n gives them: <base>/<webhook id>/<path>.
const PRODUCTION_URL = 'http://127.0.0.1:5678/webhook/5b2c1f0e-8d7a-4c3b-9e21-0a1b2c3d4e5f/kompaas';
const TEST_URL = 'http://127.0.0.1:5678/webhook-test/5b2c1f0e-8d7a-4c3b-9e21-0a1b2c3d4e5f/kompaas';
const SUBSCRIPTION = { eventId: '102', label: 'VPBX: Incoming Call End' };

const webhook = (id: string, eventId: string, raw: IDataObject = {}): KompaasWebhook => ({
	id,
	url: PRODUCTION_URL,
	eventId,
	raw: { id, event_id: eventId, ...raw },
});

const withSecret = (id: string, secret: string) =>
	webhook(id, '102', { headers: { 'X-N8n-Webhook-Secret': secret } });

describe('planRegistration', () => {
	it('keeps webhooks already on their event, re-points spares, creates the rest', () => {
		const plan = planRegistration(
			[webhook('1', '10'), webhook('2', '99')],
			[
				{ eventId: '10', label: 'a' },
				{ eventId: '20', label: 'b' },
				{ eventId: '30', label: 'c' },
			],
		);
		expect(plan.keep.map((k) => [k.webhook.id, k.subscription.eventId])).toEqual([
			['1', '10'],
			['2', '20'],
		]);
		expect(plan.create.map((s) => s.eventId)).toEqual(['30']);
		expect(plan.surplus).toEqual([]);
	});

	it('of two webhooks on one event keeps the one in static data and reports the other', () => {
		const plan = planRegistration(
			[webhook('1', '10'), webhook('2', '10')],
			[{ eventId: '10', label: 'a' }],
			{ '10': '2' },
		);
		expect(plan.keep.map((k) => k.webhook.id)).toEqual(['2']);
		expect(plan.surplus.map((w) => w.id)).toEqual(['1']);
	});

	it('re-points the webhook in static data before another spare', () => {
		const plan = planRegistration(
			[webhook('1', '99'), webhook('2', '98')],
			[{ eventId: '10', label: 'a' }],
			{ '98': '2' },
		);
		expect(plan.keep.map((k) => k.webhook.id)).toEqual(['2']);
		expect(plan.surplus.map((w) => w.id)).toEqual(['1']);
	});
});

describe('pointsAtTrigger', () => {
	it('recognises the trigger’s test and production URLs, on any host, and nothing else', () => {
		expect(pointsAtTrigger(TEST_URL, PRODUCTION_URL)).toBe(true);
		expect(pointsAtTrigger(`${PRODUCTION_URL}?x=1`, PRODUCTION_URL)).toBe(true);
		expect(
			pointsAtTrigger(
				'https://n8n.example.com/webhook/5b2c1f0e-8d7a-4c3b-9e21-0a1b2c3d4e5f/kompaas',
				PRODUCTION_URL,
			),
		).toBe(true);
		expect(pointsAtTrigger('http://127.0.0.1:5678/webhook/other-id/kompaas', PRODUCTION_URL)).toBe(
			false,
		);
		expect(pointsAtTrigger('not a url', PRODUCTION_URL)).toBe(false);
	});
});

describe('webhookSecret', () => {
	it('keeps the secret whose hash is registered, wherever it stands among the adopted webhooks', () => {
		const mine = [withSecret('1', 'someone-elses-secret'), withSecret('2', 'the-registered-one')];
		expect(webhookSecret(registeredSecret('the-registered-one'), mine)).toBe('the-registered-one');
	});

	it('without a registered hash (static data lost or imported) takes an adopted webhook’s secret', () => {
		const mine = [webhook('1', '102'), withSecret('2', 'carried-by-webhook-2')];
		expect(webhookSecret({}, mine)).toBe('carried-by-webhook-2');
		expect(webhookSecret(registeredSecret('gone'), mine)).toBe('carried-by-webhook-2');
	});

	it('makes a new random secret when no webhook carries one', () => {
		const first = webhookSecret({}, [withSecret('1', '')]);
		expect(first).toMatch(/^[0-9a-f]{48}$/);
		expect(webhookSecret({}, [])).not.toBe(first);
	});
});

describe('desiredWebhook and needsUpdate', () => {
	it('a new webhook: POST JSON of all variables to the trigger, with the secret header', () => {
		expect(
			desiredWebhook(null, SUBSCRIPTION, PRODUCTION_URL, 's3cret', 'n8n: Calls'),
		).toStrictEqual({
			name: 'n8n: Calls',
			body: null,
			query: {},
			logic: {},
			is_retriable: true,
			ignore_response: false,
			url: PRODUCTION_URL,
			method: 'post',
			bodyDataType: 'json',
			allVariables: true,
			event_id: 102,
			headers: { 'X-N8n-Webhook-Secret': 's3cret' },
		});
	});

	it('an adopted webhook keeps its own name and settings; only what the trigger owns changes', () => {
		const current = webhook('7', '101', {
			name: 'Added by hand',
			is_retriable: false,
			headers: { 'X-Other': 'kept' },
			unknownField: 'not sent back',
		});
		const desired = desiredWebhook(current, SUBSCRIPTION, PRODUCTION_URL, 's3cret', 'unused');
		expect(desired).toMatchObject({
			name: 'Added by hand',
			is_retriable: false,
			event_id: 102,
			headers: { 'X-Other': 'kept', 'X-N8n-Webhook-Secret': 's3cret' },
		});
		expect(desired).not.toHaveProperty('unknownField');
	});

	it('a webhook as the trigger needs it needs no update, whatever the case of its method', () => {
		const desired = desiredWebhook(null, SUBSCRIPTION, PRODUCTION_URL, 's3cret', 'n8n');
		const current = webhook('7', '102', { ...desired, method: 'POST', bodyDataType: 'JSON' });
		expect(needsUpdate(current, desired)).toBe(false);
	});

	test.each<[string, IDataObject]>([
		['its URL', { url: TEST_URL }],
		['its event', { event_id: 101 }],
		['its method', { method: 'get' }],
		['its body type', { bodyDataType: 'text' }],
		['its All Variables', { allVariables: false }],
		['its secret', { headers: { 'X-N8n-Webhook-Secret': 'other' } }],
	])('an adopted webhook needs an update when %s differs', (_field, change) => {
		const desired = desiredWebhook(null, SUBSCRIPTION, PRODUCTION_URL, 's3cret', 'n8n');
		const raw = { ...desired, ...change };
		const current: KompaasWebhook = {
			id: '7',
			url: String(raw.url),
			eventId: String(raw.event_id),
			raw,
		};
		expect(needsUpdate(current, desired)).toBe(true);
	});
});
