// The KOMPaaS events the trigger's webhooks subscribe to are found in the event catalogue, from
// what KOMPaaS's /event/get lists: a code, a title, or both; the Events selection becomes the
// KOMPaaS event ids the fake KOMPaaS API lists (in n8n-core's HookContext).
import type { IDataObject } from 'n8n-workflow';

import {
	catalogueEventOf,
	resolveSubscriptions,
	selectionKey,
} from '../../../nodes/Kompaas/webhookSubscriptions';
import { createKompaasFake } from '../../fakes/kompaasApi';
import { hookContext } from '../../support/n8nEngine';

describe('catalogueEventOf', () => {
	test.each([
		[
			'its code and title',
			{ id: '102', name: 'VPBX: Ending an incoming call', code: 'VpbxInboundCallEnd' },
		],
		[
			'its code in another case',
			{ id: '102', name: 'Renamed in the UI', code: 'VPBX_INBOUND_CALL_END' },
		],
		['its title alone', { id: '7', name: 'vpbx: ending an incoming call', code: null }],
		['its code given as its name', { id: '7', name: 'VpbxInboundCallEnd', code: null }],
		[
			'its title, beside a code it does not know',
			{ id: '7', name: 'VPBX: Ending an incoming call', code: 'X1' },
		],
	])('finds the documented event by %s', (_how, listed) => {
		expect(catalogueEventOf(listed)?.selector).toBe('VpbxInboundCallEnd');
	});

	it('finds nothing for an event the catalogue does not document', () => {
		expect(
			catalogueEventOf({ id: '501', name: 'SMS: incoming message', code: 'SmsIncoming' }),
		).toBe(undefined);
	});
});

describe('every title KOMPaaS’s webhook article gives an event finds that event', () => {
	// kompaas-webhook-events.txt: each section's heading, as /event/get may list it without a code.
	test.each([
		['VPBX: Incoming call start', 'VpbxInboundCallStart'],
		['VPBX: Ending an incoming call', 'VpbxInboundCallEnd'],
		['VPBX: starting an outgoing call', 'VpbxOutgoingStart'],
		['VPBX: Ending an outgoing call', 'VpbxOutgoingEnd'],
		['Starting a call in a queue', 'QUEUE_LINK_START'],
		['Ending a call in a queue', 'QUEUE_LINK_END'],
		['Starting a call to a subscriber in the queue', 'QueueCallStart'],
		['Completing a call to a subscriber in the queue', 'QueueCallEnd'],
		['Call recording file ready', 'record_upload_done'],
		['VPBX: Question-Answer element replica', 'SpeechKitDialog'],
	])('%s → %s', (title, selector) => {
		expect(catalogueEventOf({ id: '1', name: title, code: null })?.selector).toBe(selector);
	});
});

describe('resolveSubscriptions: the KOMPaaS events the trigger subscribes to', () => {
	const fake = createKompaasFake();
	beforeAll(async () => await fake.listen());
	afterAll(async () => await fake.close());
	beforeEach(() => {
		fake.calls.length = 0;
		fake.clearFailures();
	});

	const resolve = (parameters: IDataObject) => {
		const { context, logs } = hookContext({
			type: 'kompaasTrigger',
			parameters,
			credentials: { kompaasApi: { apiToken: fake.token, accountId: '', baseUrl: fake.baseUrl } },
		});
		const subscriptions = resolveSubscriptions.call(context);
		const logged = () =>
			logs
				.filter((log) => log.level === 'info' && log.message.startsWith('KOMPaaS Trigger'))
				.map((log) => log.message);
		return { subscriptions, logged };
	};
	const eventList = (result: unknown) =>
		fake.failNext('/event/get', { status: 200, body: JSON.stringify({ ok: true, result }) });

	test('the events picked by hand, as KOMPaaS ids, without asking KOMPaaS', async () => {
		const { subscriptions } = resolve({
			events: ['VpbxInboundCallEnd'],
			additionalOptions: { kompaasEvents: [102, '999'] },
		});
		expect(await subscriptions).toEqual([
			{ eventId: '102', label: 'KOMPaaS event 102' },
			{ eventId: '999', label: 'KOMPaaS event 999' },
		]);
		expect(fake.calls).toHaveLength(0);
	});

	test('an empty override is no override: the Events selection, by the ids KOMPaaS lists', async () => {
		const { subscriptions } = resolve({
			events: ['VpbxInboundCallEnd', 'record_upload_done'],
			additionalOptions: { kompaasEvents: [] },
		});
		expect(await subscriptions).toEqual([
			{ eventId: '102', label: 'VPBX: Incoming Call End' },
			{ eventId: '301', label: 'Call Recording File Ready' },
		]);
		expect(fake.calls.map((call) => call.path)).toEqual(['/event/get']);
	});

	test('All Events, by default: every catalogue event KOMPaaS lists, in catalogue order', async () => {
		const { subscriptions, logged } = resolve({});
		expect((await subscriptions).map(({ eventId }) => eventId)).toEqual([
			'101',
			'102',
			'103',
			'104',
			'201',
			'202',
			'203',
			'204',
			'301',
			'401',
		]);
		expect(logged()).toEqual([]);
	});

	test('All Events with some not listed: the others, and a log line naming the missing', async () => {
		eventList([
			{ id: 11, code: 'VpbxInboundCallEnd' },
			{ id: 12, code: 'record_upload_done' },
		]);
		const { subscriptions, logged } = resolve({ events: ['*'] });
		expect(await subscriptions).toEqual([
			{ eventId: '11', label: 'VPBX: Incoming Call End' },
			{ eventId: '12', label: 'Call Recording File Ready' },
		]);
		expect(logged()).toEqual([
			'KOMPaaS Trigger: KOMPaaS does not list VPBX: Incoming Call Start, VPBX: Outgoing Call Start, VPBX: Outgoing Call End, Queue: Call Enters Queue, Queue: Call Leaves Queue, Queue: Agent Call Start, Queue: Agent Call End, VPBX: Question-Answer Replica; subscribing to the other events',
		]);
	});

	test('All Events when KOMPaaS lists none of them: an error listing what it lists', async () => {
		eventList([
			{ id: 501, name: 'SMS: incoming message', code: 'SmsIncoming' },
			{ id: 601, name: 'Flash Call: call made', code: 'FlashCallDone' },
		]);
		const error = await resolve({ events: ['*'] }).subscriptions.catch((e) => e);
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toMatch(/^KOMPaaS does not list the events VPBX: Incoming Call Start, /);
		expect(error.description).toBe(
			'Events KOMPaaS lists for this account: SMS: incoming message (501), Flash Call: call made (601). Pick the KOMPaaS events yourself under Options → "Event Names or IDs", or check the account number in the credential.',
		);
	});

	test('a picked event KOMPaaS does not list is an error, even beside one it lists', async () => {
		eventList([{ id: 11, code: 'VpbxInboundCallEnd' }]);
		const error = await resolve({
			events: ['VpbxInboundCallEnd', 'record_upload_done'],
		}).subscriptions.catch((e) => e);
		expect(error.message).toBe('KOMPaaS does not list the event Call Recording File Ready');
		expect(error.description).toBe(
			'Events KOMPaaS lists for this account: VpbxInboundCallEnd (11). Pick the KOMPaaS events yourself under Options → "Event Names or IDs", or check the account number in the credential.',
		);
	});

	test('an empty list is named as none', async () => {
		eventList([]);
		const error = await resolve({ events: ['VpbxInboundCallEnd'] }).subscriptions.catch((e) => e);
		expect(error.description).toMatch(/^Events KOMPaaS lists for this account: none\. /);
	});

	test('a selector the catalogue does not know subscribes to nothing', async () => {
		expect(await resolve({ events: ['NoSuchEvent'] }).subscriptions).toEqual([]);
	});
});

describe('selectionKey: the selection compared between activations', () => {
	const key = (parameters: IDataObject) =>
		selectionKey.call(hookContext({ type: 'kompaasTrigger', parameters }).context);

	test('the events and the override, sorted, as text', () => {
		expect(key({ events: ['b', 'a'], additionalOptions: { kompaasEvents: [12, '11'] } })).toBe(
			'{"events":["a","b"],"override":["11","12"]}',
		);
	});

	test('by default: all events, no override', () => {
		expect(key({})).toBe('{"events":["*"],"override":[]}');
	});

	test('the order picked does not change it', () => {
		expect(key({ events: ['x', 'y'] })).toBe(key({ events: ['y', 'x'] }));
	});
});
