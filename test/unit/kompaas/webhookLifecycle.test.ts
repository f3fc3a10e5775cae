import { NodeApiError, NodeOperationError, type IDataObject } from 'n8n-workflow';

import { KompaasTrigger } from '../../../nodes/Kompaas/KompaasTrigger.node';
import type { Registration } from '../../../nodes/Kompaas/webhookStore';
import { secretHash } from '../../../nodes/shared/secret';
import { createKompaasFake } from '../../fakes/kompaasApi';
import {
	hookContext as engineHookContext,
	PRODUCTION_URL as WEBHOOK_URL,
	TEST_URL as TEST_WEBHOOK_URL,
	type HookSetup,
} from '../../support/n8nEngine';

const PRODUCTION_URL = `${WEBHOOK_URL}/kompaas`;
const TEST_URL = `${TEST_WEBHOOK_URL}/kompaas`;

interface HookOptions extends Omit<HookSetup, 'type' | 'credentials'> {
	credentials: IDataObject;
	/** The production URL n8n would give the trigger (its WEBHOOK_URL before /<id>/kompaas). */
	url?: string;
}

/** The trigger's hooks in n8n-core's HookContext, with a KOMPaaS API credential. */
function hookContext({ credentials: api, url, parameters, ...options }: HookOptions) {
	return engineHookContext({
		...options,
		type: 'kompaasTrigger',
		parameters: { setupMode: 'automatic', events: ['*'], ...parameters },
		credentials: { kompaasApi: api },
		webhookBaseUrl: url?.replace(/\/[^/]+\/kompaas$/, ''),
	});
}

const hooks = new KompaasTrigger().webhookMethods.default;
const fake = createKompaasFake();
let credentials: IDataObject;

beforeAll(async () => {
	await fake.listen();
	credentials = { apiToken: fake.token, accountId: '', baseUrl: fake.baseUrl };
});
afterAll(async () => await fake.close());
beforeEach(() => {
	for (const account of fake.accounts) fake.webhooks(account).length = 0;
	fake.calls.length = 0;
});

function hook(options: Partial<HookOptions> = {}) {
	return hookContext({ credentials, ...options });
}

/** Publishing as n8n does it: checkExists, then create if it said false. */
async function publish(context: ReturnType<typeof hook>['context']) {
	if (!(await hooks.checkExists.call(context))) await hooks.create.call(context);
}

const ONE_EVENT = { events: ['VpbxInboundCallEnd'] };

function stored(account?: string) {
	return fake.webhooks(account) as IDataObject[];
}

/** The secret header of the first stored webhook: where the secret lives, in KOMPaaS. */
function headerSecret(): string {
	return (stored()[0].headers as IDataObject)['X-N8n-Webhook-Secret'] as string;
}

describe('KOMPaaS Trigger lifecycle: publishing', () => {
	it('creates one webhook per selected event, POST JSON of all variables with the secret header', async () => {
		const { context, staticData, logs } = hook({ parameters: ONE_EVENT });
		expect(await hooks.checkExists.call(context)).toBe(false);
		expect(await hooks.create.call(context)).toBe(true);

		expect(stored()).toHaveLength(1);
		const [webhook] = stored();
		const registration = staticData as Registration;
		const secret = (webhook.headers as IDataObject)['X-N8n-Webhook-Secret'] as string;
		expect(secret).toMatch(/^[0-9a-f]{48}$/);
		// Static data (shown by a workflow export) holds the secret's hash, never the secret.
		expect(registration.secretHash).toBe(secretHash(secret));
		expect(JSON.stringify(staticData)).not.toContain(secret);
		expect(webhook).toMatchObject({
			url: PRODUCTION_URL,
			method: 'post',
			bodyDataType: 'json',
			allVariables: true,
			is_retriable: true,
			event_id: fake.eventId('VpbxInboundCallEnd'),
			name: 'n8n: Calls – VPBX: Incoming Call End',
		});
		expect(registration).toMatchObject({
			url: PRODUCTION_URL,
			webhooks: { [String(fake.eventId('VpbxInboundCallEnd'))]: String(webhook.id) },
			test: false,
		});
		expect(logs.map((log) => log.message).join('\n')).not.toContain(secret);
		expect(logs.map((log) => log.message)).toContain(
			`KOMPaaS Trigger: 1 webhook(s) created, 0 adopted (0 updated) for ${PRODUCTION_URL}`,
		);
		expect(logs.filter((log) => log.level === 'warn')).toEqual([]);
	});

	it('subscribes to all 10 documented events for "All Events"', async () => {
		const { context } = hook({ parameters: { events: ['*'] } });
		await publish(context);
		const eventIds = stored().map((webhook) => webhook.event_id);
		expect(eventIds.sort()).toEqual([101, 102, 103, 104, 201, 202, 203, 204, 301, 401].sort());
		expect(
			new Set(stored().map((webhook) => (webhook.headers as IDataObject)['X-N8n-Webhook-Secret']))
				.size,
		).toBe(1);
	});

	it('publishing again changes nothing and only reads (events and webhooks)', async () => {
		const first = hook({ parameters: ONE_EVENT });
		await publish(first.context);
		const before = JSON.stringify(stored());
		fake.calls.length = 0;

		const again = hook({ parameters: ONE_EVENT, staticData: first.staticData });
		await publish(again.context);
		expect(JSON.stringify(stored())).toBe(before);
		expect(fake.calls.map((call) => `${call.method} ${call.path}`)).toEqual([
			'GET /event/get',
			'GET /webhook/get',
		]);
	});

	it('without static data (lost or never saved) adopts the webhook already pointing at its URL', async () => {
		const first = hook({ parameters: ONE_EVENT });
		await publish(first.context);
		const { secretHash: hash } = first.staticData as Registration;

		const fresh = hook({ parameters: ONE_EVENT });
		await publish(fresh.context);
		expect(stored()).toHaveLength(1);
		expect((fresh.staticData as Registration).secretHash).toBe(hash);
	});

	it('adopts and repairs a webhook someone pointed at the trigger by hand', async () => {
		stored().push({
			id: 77,
			name: 'Added by hand',
			url: `${PRODUCTION_URL}/`,
			method: 'get',
			headers: { 'X-Other': 'kept' },
			query: { source: 'kompaas' },
			event_id: 102,
			bodyDataType: 'text',
			allVariables: false,
			is_retriable: false,
		});
		const { context, staticData, logs } = hook({ parameters: ONE_EVENT });
		await publish(context);
		expect(logs.map((log) => log.message)).toContain(
			`KOMPaaS Trigger: 0 webhook(s) created, 1 adopted (1 updated) for ${PRODUCTION_URL}`,
		);
		expect(stored()).toHaveLength(1);
		expect(stored()[0]).toMatchObject({
			id: 77,
			name: 'Added by hand',
			url: PRODUCTION_URL,
			method: 'post',
			bodyDataType: 'json',
			allVariables: true,
			is_retriable: false,
			query: { source: 'kompaas' },
			headers: { 'X-Other': 'kept' },
		});
		expect(secretHash(headerSecret())).toBe((staticData as Registration).secretHash);
		// Publishing keeps no URL to give the webhook back to: only test listening does.
		expect(staticData).toMatchObject({ test: false, restoreUrl: undefined });
	});

	it('keeps webhooks of other triggers and other URLs untouched', async () => {
		stored().push({
			id: 90,
			url: 'http://127.0.0.1:5678/webhook/0f0f0f0f-0000-4000-8000-000000000000/kompaas',
			event_id: 102,
		});
		const { context } = hook({ parameters: ONE_EVENT });
		await publish(context);
		expect(stored()).toHaveLength(2);
		expect(stored()[0]).toEqual({
			id: 90,
			url: 'http://127.0.0.1:5678/webhook/0f0f0f0f-0000-4000-8000-000000000000/kompaas',
			event_id: 102,
		});
	});

	it('re-points a webhook of a deselected event to a newly selected one instead of creating', async () => {
		const first = hook({ parameters: { events: ['VpbxInboundCallStart'] } });
		await publish(first.context);
		const id = stored()[0].id;

		const changed = hook({ parameters: ONE_EVENT, staticData: first.staticData });
		await publish(changed.context);
		expect(stored()).toHaveLength(1);
		expect(stored()[0]).toMatchObject({ id, event_id: fake.eventId('VpbxInboundCallEnd') });
	});

	it('warns about webhooks of this trigger that no selected event needs (no delete method)', async () => {
		const first = hook({
			parameters: { events: ['VpbxInboundCallStart', 'VpbxInboundCallEnd'] },
		});
		await publish(first.context);
		const fewer = hook({ parameters: ONE_EVENT, staticData: first.staticData });
		await publish(fewer.context);
		expect(stored()).toHaveLength(2);
		const warning = fewer.logs.find((log) => log.level === 'warn');
		const surplus = stored().find(
			(webhook) => webhook.event_id === fake.eventId('VpbxInboundCallStart'),
		);
		expect(warning?.message).toBe(
			`KOMPaaS Trigger: webhook(s) ${surplus?.id} also point at ${PRODUCTION_URL} but no selected event needs them. The KOMPaaS API cannot delete webhooks: delete them in KOMPaaS → Integrations → WebHooks. Their events are answered without starting the workflow unless selected.`,
		);
		expect(Object.keys((fewer.staticData as Registration).webhooks ?? {})).toEqual([
			String(fake.eventId('VpbxInboundCallEnd')),
		]);
	});

	it('uses the KOMPaaS events chosen under Options → "Event Names or IDs" as they are', async () => {
		const { context } = hook({
			parameters: { events: ['*'], additionalOptions: { kompaasEvents: ['501'] } },
		});
		await publish(context);
		expect(stored().map((webhook) => webhook.event_id)).toEqual([501]);
	});

	it('matches KOMPaaS events by their title when the list has no code', async () => {
		const titled = createKompaasFake({
			events: [
				{ id: 7, title: 'VPBX: Ending an incoming call' },
				{ id: 8, title: 'Something else' },
			],
		});
		await titled.listen();
		try {
			const { context } = hookContext({
				credentials: { apiToken: titled.token, baseUrl: titled.baseUrl },
				parameters: ONE_EVENT,
			});
			await publish(context);
			expect(titled.webhooks().map((webhook: IDataObject) => webhook.event_id)).toEqual([7]);
		} finally {
			await titled.close();
		}
	});

	it('fails clearly when a selected event is not in the KOMPaaS list', async () => {
		const narrow = createKompaasFake({ events: [{ id: 1, name: 'SMS: incoming message' }] });
		await narrow.listen();
		try {
			const narrowContext = hookContext({
				credentials: { apiToken: narrow.token, baseUrl: narrow.baseUrl },
				parameters: ONE_EVENT,
			}).context;
			const error = await hooks.create.call(narrowContext).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as NodeOperationError).message).toBe(
				'KOMPaaS does not list the event VPBX: Incoming Call End',
			);
			expect((error as NodeOperationError).description).toContain('SMS: incoming message (1)');
			expect(narrow.webhooks()).toHaveLength(0);
		} finally {
			await narrow.close();
		}
	});

	it('with "All Events" subscribes to the events KOMPaaS lists and logs the others', async () => {
		const partial = createKompaasFake({
			events: [{ id: 5, name: 'VPBX: Incoming call start', code: 'VpbxInboundCallStart' }],
		});
		await partial.listen();
		try {
			const { context, logs } = hookContext({
				credentials: { apiToken: partial.token, baseUrl: partial.baseUrl },
				parameters: { events: ['*'] },
			});
			await publish(context);
			expect(partial.webhooks().map((webhook: IDataObject) => webhook.event_id)).toEqual([5]);
			expect(
				logs.find((log) => log.level === 'info' && /does not list/.test(log.message)),
			).toBeDefined();
		} finally {
			await partial.close();
		}
	});

	it('registers in the account of the credential’s account number (x-account-id)', async () => {
		const { context } = hook({
			parameters: ONE_EVENT,
			credentials: { ...credentials, accountId: '100002' },
		});
		await publish(context);
		expect(stored('100001')).toHaveLength(0);
		expect(stored('100002')).toHaveLength(1);
	});
});

describe('KOMPaaS Trigger lifecycle: failures', () => {
	it('API down: a NodeApiError naming the KOMPaaS API and the URL, nothing stored', async () => {
		const down = createKompaasFake();
		await down.listen();
		const baseUrl = down.baseUrl;
		await down.close();
		const { context, staticData } = hookContext({
			credentials: { apiToken: down.token, baseUrl },
			parameters: ONE_EVENT,
		});
		const error = await hooks.create.call(context).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).message).toBe(
			`The KOMPaaS API at ${baseUrl} did not answer (GET /event/get): the connection was refused`,
		);
		expect((error as NodeApiError).description).toMatch(/^Check the Base URL/);
		expect(staticData).toEqual({});
	});

	it('a wrong token: ok:false in a 200 becomes a NodeApiError naming the error and parameter', async () => {
		const { context } = hook({
			parameters: ONE_EVENT,
			credentials: { ...credentials, apiToken: 'nope' },
		});
		const error = (await hooks.create.call(context).catch((e: unknown) => e)) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			'KOMPaaS refused GET /event/get: invalid_param (parameter "Authorization")',
		);
		expect(error.description).toContain('Check the API token');
		expect(error.httpCode).toBe('200');
	});

	it('an unknown account number is named in the error', async () => {
		const { context } = hook({
			parameters: ONE_EVENT,
			credentials: { ...credentials, accountId: '999' },
		});
		const error = (await hooks.create.call(context).catch((e: unknown) => e)) as NodeApiError;
		expect(error.message).toBe(
			'KOMPaaS refused GET /event/get: invalid_param (parameter "x-account-id")',
		);
	});

	it('a create whose answer was lost is adopted on the next publish, not duplicated', async () => {
		fake.failNext('/webhook/create', 'lose-answer');
		const first = hook({ parameters: ONE_EVENT });
		await expect(hooks.create.call(first.context)).rejects.toThrow(
			`The KOMPaaS API at ${fake.baseUrl} did not answer (POST /webhook/create)`,
		);
		expect(stored()).toHaveLength(1);

		const retry = hook({ parameters: ONE_EVENT, staticData: first.staticData });
		await publish(retry.context);
		expect(stored()).toHaveLength(1);
		expect(secretHash(headerSecret())).toBe((retry.staticData as Registration).secretHash);
		expect((retry.staticData as Registration).secretHash).toBe(
			(first.staticData as Registration).secretHash ?? secretHash(headerSecret()),
		);
	});

	it('an ok:false on create stops publishing with the KOMPaaS error', async () => {
		fake.failNext('/webhook/create', 'fail');
		const { context } = hook({ parameters: ONE_EVENT });
		await expect(hooks.create.call(context)).rejects.toThrow(
			'KOMPaaS refused POST /webhook/create: unknown',
		);
	});
});

describe('KOMPaaS Trigger lifecycle: restart, unpublish, test URL', () => {
	it('after an n8n restart trusts the registration in static data without calling KOMPaaS', async () => {
		const first = hook({ parameters: ONE_EVENT });
		await publish(first.context);
		fake.calls.length = 0;

		const restart = hook({
			parameters: ONE_EVENT,
			staticData: first.staticData,
			activation: 'init',
		});
		expect(await hooks.checkExists.call(restart.context)).toBe(true);
		expect(fake.calls).toHaveLength(0);
	});

	it('after a leadership change (multi-main) trusts the registration as after a restart', async () => {
		const first = hook({ parameters: ONE_EVENT });
		await publish(first.context);
		fake.calls.length = 0;

		const leader = hook({
			parameters: ONE_EVENT,
			staticData: first.staticData,
			activation: 'leadershipChange',
		});
		expect(await hooks.checkExists.call(leader.context)).toBe(true);
		expect(fake.calls).toHaveLength(0);
	});

	it('after a restart with another URL or other events, registers again through the API', async () => {
		const first = hook({ parameters: ONE_EVENT });
		await publish(first.context);
		const moved = hook({
			parameters: ONE_EVENT,
			staticData: first.staticData,
			activation: 'init',
			url: 'https://n8n.example.com/webhook/5b2c1f0e-8d7a-4c3b-9e21-0a1b2c3d4e5f/kompaas',
		});
		expect(await hooks.checkExists.call(moved.context)).toBe(false);
		await hooks.create.call(moved.context);
		expect(stored()).toHaveLength(1);
		expect(stored()[0].url).toBe(
			'https://n8n.example.com/webhook/5b2c1f0e-8d7a-4c3b-9e21-0a1b2c3d4e5f/kompaas',
		);
		const otherEvents = hook({
			parameters: { events: ['VpbxOutgoingEnd'] },
			staticData: first.staticData,
			activation: 'init',
		});
		expect(await hooks.checkExists.call(otherEvents.context)).toBe(false);
	});

	it('publishing (activate/update) always consults the API', async () => {
		const first = hook({ parameters: ONE_EVENT });
		await publish(first.context);
		for (const activation of ['activate', 'update'] as const) {
			const again = hook({ parameters: ONE_EVENT, staticData: first.staticData, activation });
			expect(await hooks.checkExists.call(again.context)).toBe(false);
		}
	});

	it('unpublishing leaves the webhook, logs why, keeps the registration for the next publish', async () => {
		const first = hook({ parameters: ONE_EVENT });
		await publish(first.context);
		fake.calls.length = 0;

		const unpublish = hook({ parameters: ONE_EVENT, staticData: first.staticData });
		expect(await hooks.delete.call(unpublish.context)).toBe(true);
		expect(fake.calls).toHaveLength(0);
		expect(stored()).toHaveLength(1);
		const warning = unpublish.logs.find((log) => log.level === 'warn');
		expect(warning?.message).toMatch(/no delete method.*stay in KOMPaaS.*adopts them/);
		expect((first.staticData as Registration).webhooks).toEqual({
			[String(fake.eventId('VpbxInboundCallEnd'))]: String(stored()[0].id),
		});
	});

	it('unpublishing a trigger that registered nothing calls nothing and logs nothing', async () => {
		const { context, logs } = hook({ parameters: ONE_EVENT, staticData: { webhooks: {} } });
		expect(await hooks.delete.call(context)).toBe(true);
		expect(fake.calls).toHaveLength(0);
		expect(logs).toEqual([]);
	});

	it('test listening borrows the published webhook and gives it back, same secret, no second webhook', async () => {
		const published = hook({ parameters: ONE_EVENT });
		await publish(published.context);
		const secret = headerSecret();
		const hash = secretHash(secret);

		// n8n gives test listening its own, empty static data.
		const listening = hook({ parameters: ONE_EVENT, activation: 'manual' });
		await publish(listening.context);
		expect(stored()).toHaveLength(1);
		expect(stored()[0].url).toBe(TEST_URL);
		expect(listening.staticData).toMatchObject({
			secretHash: hash,
			restoreUrl: PRODUCTION_URL,
			test: true,
		});

		expect(await hooks.delete.call(listening.context)).toBe(true);
		expect(stored()).toHaveLength(1);
		expect(stored()[0].url).toBe(PRODUCTION_URL);
		expect((stored()[0].headers as IDataObject)['X-N8n-Webhook-Secret']).toBe(secret);
		const id = String(stored()[0].id);
		expect(listening.logs.map((log) => log.message)).toContain(
			`KOMPaaS Trigger: test listening ended; webhook(s) ${id} point at ${PRODUCTION_URL} again`,
		);
	});

	it('gives back only the borrowed webhooks, and leaves one already back alone', async () => {
		const published = hook({ parameters: { events: ['VpbxInboundCallEnd', 'VpbxOutgoingEnd'] } });
		await publish(published.context);
		const listening = hook({
			parameters: { events: ['VpbxInboundCallEnd', 'VpbxOutgoingEnd'] },
			activation: 'manual',
		});
		await publish(listening.context);
		const [first, second] = stored();
		second.url = PRODUCTION_URL;
		const other = { ...first, id: 999, url: 'https://other.example.com/hook' };
		stored().push(other);
		fake.calls.length = 0;

		expect(await hooks.delete.call(listening.context)).toBe(true);
		expect(fake.calls.filter((call) => call.path === '/webhook/update')).toEqual([
			expect.objectContaining({ query: `?webhook_id=${first.id}` }),
		]);
		expect(fake.calls.find((call) => call.path === '/webhook/update')?.body).toMatchObject({
			url: PRODUCTION_URL,
			event_id: first.event_id,
			name: first.name,
		});
		expect(stored().map((webhook) => webhook.url)).toEqual([
			PRODUCTION_URL,
			PRODUCTION_URL,
			'https://other.example.com/hook',
		]);
	});

	it('test listening before any publish creates the webhook, which publishing then adopts', async () => {
		const listening = hook({ parameters: ONE_EVENT, activation: 'manual' });
		await publish(listening.context);
		expect(await hooks.delete.call(listening.context)).toBe(true);
		expect(stored()[0].url).toBe(TEST_URL);
		expect(listening.logs.some((log) => /keep pointing at the test URL/.test(log.message))).toBe(
			true,
		);

		const published = hook({ parameters: ONE_EVENT });
		await publish(published.context);
		expect(stored()).toHaveLength(1);
		expect(stored()[0].url).toBe(PRODUCTION_URL);
	});

	it('logs an error (and says how to repair) when the test webhook cannot be given back', async () => {
		const published = hook({ parameters: ONE_EVENT });
		await publish(published.context);
		const listening = hook({ parameters: ONE_EVENT, activation: 'manual' });
		await publish(listening.context);
		fake.failNext('/webhook/get', 'fail');
		expect(await hooks.delete.call(listening.context)).toBe(false);
		const error = listening.logs.find((log) => log.level === 'error');
		expect(error?.message).toMatch(
			/could not point webhook\(s\) .* back at .*Publish the workflow again/,
		);
	});

	it('Manual setup never calls the KOMPaaS API', async () => {
		const { context } = hook({ parameters: { ...ONE_EVENT, setupMode: 'manual' } });
		expect(await hooks.checkExists.call(context)).toBe(true);
		expect(await hooks.create.call(context)).toBe(true);
		expect(await hooks.delete.call(context)).toBe(true);
		expect(fake.calls).toHaveLength(0);
	});

	it('switched to Manual setup, unpublishing leaves the webhooks Automatic setup registered', async () => {
		const automatic = hook({ parameters: ONE_EVENT });
		await publish(automatic.context);
		const registered = JSON.stringify(stored());
		fake.calls.length = 0;
		const manual = hook({
			parameters: { ...ONE_EVENT, setupMode: 'manual' },
			staticData: automatic.staticData,
		});
		expect(await hooks.delete.call(manual.context)).toBe(true);
		expect(fake.calls).toHaveLength(0);
		expect(JSON.stringify(stored())).toBe(registered);
		// Not Automatic setup's warning that its webhooks stay in KOMPaaS: these are the user's now.
		expect(manual.logs).toEqual([]);
	});
});

describe('KOMPaaS Trigger lifecycle: the secret is never kept in the workflow', () => {
	it('needs nothing but the hash to check requests: no API token, so rotating it changes nothing', async () => {
		const first = hook({ parameters: ONE_EVENT });
		await publish(first.context);
		const rotated = { ...credentials, apiToken: 'a-new-token-after-rotation' };
		fake.calls.length = 0;
		const restart = hook({
			credentials: rotated,
			parameters: ONE_EVENT,
			staticData: first.staticData,
			activation: 'init',
		});
		expect(await hooks.checkExists.call(restart.context)).toBe(true);
		expect(fake.calls).toHaveLength(0);
	});

	it('keeps the secret of an adopted webhook that lists its headers as [{ name, value }]', async () => {
		const secret = 'a-secret-set-before-static-data-was-lost';
		stored().push({
			id: 78,
			name: 'Listed with a header list',
			url: PRODUCTION_URL,
			method: 'post',
			headers: [{ name: 'x-n8n-webhook-secret', value: secret }],
			event_id: 102,
			bodyDataType: 'json',
			allVariables: true,
		});
		const { context, staticData } = hook({ parameters: ONE_EVENT });
		await publish(context);
		expect(stored()).toHaveLength(1);
		expect((staticData as Registration).secretHash).toBe(secretHash(secret));
	});

	it('a second publish elsewhere (another webhook process, a copy of the workflow) adopts the same secret', async () => {
		const first = hook({ parameters: ONE_EVENT });
		await publish(first.context);
		const secret = headerSecret();
		// Static data of another process, loaded before the first publish was saved: empty.
		const other = hook({ parameters: ONE_EVENT });
		await publish(other.context);
		expect(stored()).toHaveLength(1);
		expect(headerSecret()).toBe(secret);
		expect((other.staticData as Registration).secretHash).toBe(secretHash(secret));
	});
});
