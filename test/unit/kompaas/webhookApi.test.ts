// KOMPaaS's webhook API called directly in n8n-core's HookContext (the KOMPaaS Trigger's, with the
// KOMPaaS API credential's real authenticate), against the fake KOMPaaS API on 127.0.0.1: the
// requests each function sends and what it makes of every answer shape KOMPaaS may send.
import type { IDataObject } from 'n8n-workflow';

import {
	WEBHOOK_FIELDS,
	apiId,
	createWebhook,
	duplicateWebhook,
	listEventEntries,
	listEvents,
	listWebhooks,
	updateWebhook,
	webhookFields,
} from '../../../nodes/Kompaas/webhookApi';
import {
	EVENTS,
	WEBHOOK_FIELDS as API_WEBHOOK_FIELDS,
	createKompaasFake,
} from '../../fakes/kompaasApi';
import { hookContext } from '../../support/n8nEngine';

const fake = createKompaasFake();
const context = () =>
	hookContext({
		type: 'kompaasTrigger',
		credentials: { kompaasApi: { apiToken: fake.token, accountId: '', baseUrl: fake.baseUrl } },
	}).context;

/** The next call to `path` answers `body` (HTTP 200) without doing the work. */
function answerNext(path: string, body: unknown) {
	fake.failNext(path, { status: 200, body: JSON.stringify(body), contentType: 'application/json' });
}

const sent = (path: string) => fake.calls.filter((call) => call.path === path);

beforeAll(async () => await fake.listen());
afterAll(async () => await fake.close());
beforeEach(() => {
	fake.webhooks().length = 0;
	fake.calls.length = 0;
	fake.clearFailures();
});

describe('the events KOMPaaS can send a webhook for', () => {
	test('listEvents reads /event/get into id, name and code', async () => {
		const events = await listEvents(context());
		expect(sent('/event/get')).toMatchObject([{ method: 'GET', query: '' }]);
		expect(events[0]).toEqual({
			id: '101',
			name: 'VPBX: Incoming call start',
			code: 'VpbxInboundCallStart',
		});
		expect(events).toHaveLength(EVENTS.length);
	});

	test('the other names KOMPaaS may give an event’s fields are read in order', async () => {
		answerNext('/event/get', {
			ok: true,
			result: [
				{ event_id: 7, type: 'T', title: 'Title' },
				{ id: 8, event: 'E', label: 'Label' },
				{ id: 9, eventType: 'ET', description: 'Described' },
				{ id: 10, key: 'K' },
				{ id: 11 },
				{ id: 12, code: 'C', type: 'not this', name: 'N', title: 'not this' },
				{ name: 'no id' },
				'not an object',
			],
		});
		expect(await listEvents(context())).toEqual([
			{ id: '7', name: 'Title', code: 'T' },
			{ id: '8', name: 'Label', code: 'E' },
			{ id: '9', name: 'Described', code: 'ET' },
			{ id: '10', name: 'K', code: 'K' },
			{ id: '11', name: '11', code: null },
			{ id: '12', name: 'N', code: 'C' },
		]);
	});

	const entries = [{ id: 1 }, 'text', null, [2], 3];
	test.each([
		['a bare list', entries],
		['a list under events', { events: entries }],
		['a list under items', { items: entries }],
		['a list under list', { list: entries }],
		['a list under data', { data: entries }],
		['a list under rows', { rows: entries }],
	])('listEventEntries reads the objects of %s', async (_shape, result) => {
		answerNext('/event/get', { ok: true, result });
		expect(await listEventEntries(context(), 0)).toEqual([{ id: 1 }]);
	});

	test('an answer without result is read as the result', async () => {
		answerNext('/event/get', { events: [{ id: 3 }] });
		expect(await listEventEntries(context())).toEqual([{ id: 3 }]);
	});

	test.each([
		['null', null, 'null'],
		['an empty object', {}, '{}'],
		['text', 'done', '"done"'],
		['a list under another name', { webhooks: [{ id: 1 }] }, '{"webhooks":[{"id":1}]}'],
	])('a result that is %s is an error, not "none"', async (_shape, result, sample) => {
		answerNext('/event/get', { ok: true, result });
		const error = await listEventEntries(context(), 2).catch((e) => e);
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe(
			`KOMPaaS answered /event/get with success but no readable result (${sample})`,
		);
		expect(error.description).toBe(
			'The answer does not say what KOMPaaS holds, so nothing was read as “none”. Check the Base URL in the KOMPaaS API credential, and try again.',
		);
		expect(error.context.itemIndex).toBe(2);
	});

	test('an answer without result that holds no list is an error naming none', async () => {
		answerNext('/event/get', { ok: true });
		const error = await listEventEntries(context()).catch((e) => e);
		expect(error.message).toBe(
			'KOMPaaS answered /event/get with success but no readable result (null)',
		);
	});

	test('a long unreadable result is cut: 60 characters in the message, 300 in the error body', async () => {
		const result = { text: 'x'.repeat(400) };
		answerNext('/event/get', { ok: true, result });
		const error = await listEventEntries(context()).catch((e) => e);
		const sample = JSON.stringify(result);
		expect(error.message).toBe(
			`KOMPaaS answered /event/get with success but no readable result (${sample.slice(0, 60)})`,
		);
		expect(error.errorResponse).toEqual({ body: sample.slice(0, 300) });
	});
});

describe('the webhooks KOMPaaS holds', () => {
	test('listWebhooks reads each webhook’s id, URL and event, its fields kept', async () => {
		answerNext('/webhook/get', {
			ok: true,
			result: {
				webhooks: [
					{ id: 5, url: 'https://a.example.com', event_id: 102, name: 'A' },
					{ webhook_id: '6', eventId: 'x' },
					{ url: 'https://no-id.example.com' },
				],
			},
		});
		expect(await listWebhooks(context(), 1)).toEqual([
			{
				id: '5',
				url: 'https://a.example.com',
				eventId: '102',
				raw: { id: 5, url: 'https://a.example.com', event_id: 102, name: 'A' },
			},
			{ id: '6', url: '', eventId: 'x', raw: { webhook_id: '6', eventId: 'x' } },
		]);
		expect(sent('/webhook/get')).toMatchObject([{ method: 'GET' }]);
	});

	test('an unreadable list of webhooks is an error', async () => {
		answerNext('/webhook/get', { ok: true, result: 'none' });
		const error = await listWebhooks(context(), 4).catch((e) => e);
		expect(error.message).toBe(
			'KOMPaaS answered /webhook/get with success but no readable result ("none")',
		);
		expect(error.context.itemIndex).toBe(4);
	});

	test('createWebhook posts the fields and returns the saved webhook', async () => {
		const fields = { url: 'https://crm.example.com/k', event_id: 102, name: 'CRM' };
		const saved = await createWebhook(context(), fields);
		expect(sent('/webhook/create')).toMatchObject([{ method: 'POST', body: fields }]);
		expect(saved).toMatchObject({
			id: String(fake.webhooks()[0].id),
			url: 'https://crm.example.com/k',
			eventId: '102',
			raw: { ...fields, id: fake.webhooks()[0].id },
		});
	});

	test.each([
		['a bare id', 41, { id: 41 }],
		['a bare id as text', '41', { id: 41 }],
		['an object with webhook_id', { webhook_id: 41 }, { webhook_id: 41, id: 41 }],
		['the webhook under webhook', { webhook: { id: 41, url: 'u2' } }, { id: 41, url: 'u2' }],
		['the webhook under item', { item: { id: '41' } }, { id: '41' }],
	])('a create answer holding %s', async (_shape, result, raw) => {
		answerNext('/webhook/create', { ok: true, result });
		const fields = { url: 'u', event_id: 101 };
		const saved = await createWebhook(context(), fields);
		expect(saved.id).toBe('41');
		expect(saved.raw).toEqual({ ...fields, ...raw });
	});

	test.each([
		['text that is no id', 'done', '"done"'],
		['null', null, 'null'],
		['an object without id', { url: 'u' }, '{"url":"u"}'],
		['a fraction', 4.5, '4.5'],
		['an id too long', '1'.repeat(21), `"${'1'.repeat(21)}"`],
	])(
		'a create answer holding %s is an error: it may have been created',
		async (_s, result, sample) => {
			answerNext('/webhook/create', { ok: true, result });
			const error = await createWebhook(context(), { url: 'u' }, 3).catch((e) => e);
			expect(error.name).toBe('NodeApiError');
			expect(error.message).toBe(
				`KOMPaaS answered /webhook/create with success but no readable result (${sample})`,
			);
			expect(error.description).toBe(
				'The webhook may have been created: check Webhook → Get Many before creating it again. The KOMPaaS Trigger adopts it on its next activation.',
			);
			expect(error.context.itemIndex).toBe(3);
		},
	);

	test('an id of 20 digits is an id, and stays text', async () => {
		const id = '9'.repeat(20);
		answerNext('/webhook/create', { ok: true, result: id });
		const saved = await createWebhook(context(), {});
		expect(saved.id).toBe(id);
		expect(saved.raw.id).toBe(id);
	});

	test('updateWebhook sends the id as webhook_id and the fields', async () => {
		const { id } = await createWebhook(context(), { url: 'https://a.example.com', event_id: 101 });
		const saved = await updateWebhook(context(), id, { name: 'Renamed' }, 0);
		expect(sent('/webhook/update')).toMatchObject([
			{ method: 'POST', query: `?webhook_id=${id}`, body: { name: 'Renamed' } },
		]);
		expect(saved).toMatchObject({ id, url: 'https://a.example.com', raw: { name: 'Renamed' } });
	});

	test('an update answer without the webhook keeps the id it was sent for', async () => {
		answerNext('/webhook/update', { ok: true, result: true });
		const saved = await updateWebhook(context(), '77', { url: 'https://b.example.com' });
		expect(saved).toEqual({
			id: '77',
			url: 'https://b.example.com',
			eventId: null,
			raw: { url: 'https://b.example.com', id: 77 },
		});
	});

	test('an id KOMPaaS sent is not replaced', async () => {
		answerNext('/webhook/update', { ok: true, result: { id: 'abc' } });
		expect((await updateWebhook(context(), '77', {})).raw).toEqual({ id: 'abc' });
	});

	test('duplicateWebhook sends the id and returns the copy', async () => {
		const { id } = await createWebhook(context(), { url: 'https://a.example.com', event_id: 101 });
		const copy = await duplicateWebhook(context(), id, 0);
		expect(sent('/webhook/duplicate')).toMatchObject([
			{ method: 'POST', query: `?webhook_id=${id}` },
		]);
		expect(copy.id).not.toBe(id);
		expect(copy.raw.name).toBe(' (copy)');
	});

	test('a duplicate answer without an id has none', async () => {
		answerNext('/webhook/duplicate', { ok: true, result: {} });
		expect(await duplicateWebhook(context(), '5')).toEqual({
			id: '',
			url: '',
			eventId: null,
			raw: {},
		});
	});
});

describe('webhook fields and ids', () => {
	test('webhookFields keeps the fields create and update take, nothing else', () => {
		const raw: IDataObject = { id: 5, created_at: 'x', unknown: 1 };
		for (const [index, name] of WEBHOOK_FIELDS.entries()) raw[name] = index;
		raw.url = undefined;
		const fields = webhookFields(raw);
		expect(Object.keys(fields)).toEqual(WEBHOOK_FIELDS.filter((name) => name !== 'url'));
		expect(fields.event_id).toBe(WEBHOOK_FIELDS.indexOf('event_id'));
		// The same fields the fake, written from the vendor's page, accepts.
		expect(WEBHOOK_FIELDS).toEqual(API_WEBHOOK_FIELDS);
	});

	test.each([
		['42', 42],
		['123456789012345', 123456789012345],
		['1234567890123456', '1234567890123456'],
		['4a', '4a'],
		['a4', 'a4'],
		['', ''],
	])('apiId(%j) is %j', (id, expected) => {
		expect(apiId(id)).toBe(expected);
	});
});
