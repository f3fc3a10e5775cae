// The event picker's options: what KOMPaaS lists for the account, named as the Events list
// names a documented event, as the editor loads them (n8n-core's LoadOptionsContext), against the
// fake KOMPaaS API on 127.0.0.1.
import { createKompaasFake } from '../../fakes/kompaasApi';
import { loadOptions } from '../../support/n8nEngine';

const fake = createKompaasFake();
beforeAll(async () => await fake.listen());
afterAll(async () => await fake.close());

const options = async () =>
	await loadOptions(
		{
			type: 'kompaas',
			credentials: { kompaasApi: { apiToken: fake.token, accountId: '', baseUrl: fake.baseUrl } },
		},
		'getEvents',
	);

describe('getEvents', () => {
	test('a documented event: its Events-list name, KOMPaaS’s names and what it becomes', async () => {
		expect((await options()).find((option) => option.value === '102')).toEqual({
			name: 'VPBX: Incoming Call End',
			value: '102',
			description: 'VPBX: Ending an incoming call · VpbxInboundCallEnd → call.ended',
		});
	});

	test('another event: KOMPaaS’s name, its code as description', async () => {
		expect((await options()).find((option) => option.value === '501')).toEqual({
			name: 'SMS: incoming message',
			value: '501',
			description: 'SmsIncoming',
		});
	});

	test('an event without a code has no description; a documented one without code names KOMPaaS’s title', async () => {
		fake.failNext('/event/get', {
			status: 200,
			body: JSON.stringify({
				ok: true,
				result: [
					{ id: 7, name: 'Something else' },
					{ id: 8, name: 'Call recording file ready' },
				],
			}),
		});
		expect(await options()).toEqual([
			{
				name: 'Call Recording File Ready',
				value: '8',
				description: 'Call recording file ready → recording.ready',
			},
			{ name: 'Something else', value: '7', description: undefined },
		]);
	});

	test('sorted by name', async () => {
		const names = (await options()).map((option) => option.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		expect(names[0]).toBe('Call Recording File Ready');
		expect(names).toHaveLength(12);
	});
});
