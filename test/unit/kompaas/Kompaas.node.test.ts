import { randomBytes } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { KompaasApi } from '../../../credentials/KompaasApi.credentials';
import { Kompaas } from '../../../nodes/Kompaas/Kompaas.node';
import { createKompaasFake } from '../../fakes/kompaasApi';
import { loadOptions, runActionNode, testCredential } from '../../support/n8nEngine';

const node = new Kompaas();
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

async function run(
	items: IDataObject[],
	options: { continueOnFail?: boolean; credentials?: IDataObject } = {},
) {
	const { items: output, error } = await runActionNode({
		type: 'kompaas',
		parameters: items,
		credentials: { kompaasApi: options.credentials ?? credentials },
		settings: options.continueOnFail ? { onError: 'continueRegularOutput' } : {},
	});
	if (error) throw error;
	return { output };
}

const create = {
	resource: 'webhook',
	operation: 'create',
	name: 'CRM',
	url: 'https://crm.example.com/hooks/kompaas',
	event: '102',
	method: 'post',
	bodyDataType: 'json',
};

describe('KOMPaaS node: Webhook → Create', () => {
	it('sends the documented fields: headers and query as objects, retry on error as is_retriable', async () => {
		const { output } = await run([
			{
				...create,
				additionalFields: {
					headers: { header: [{ name: 'X-Token', value: 'abc' }] },
					query: { parameter: [{ name: 'from', value: '${{callerNumber}}' }] },
					body: '{"call": "${{linkedId}}"}',
					retryOnError: false,
					ignoreResponse: true,
					filterId: 3,
					allVariables: false,
				},
			},
		]);
		const sentBody = fake.calls.find((call) => call.path === '/webhook/create')?.body;
		expect(sentBody).toEqual({
			name: 'CRM',
			url: 'https://crm.example.com/hooks/kompaas',
			method: 'post',
			bodyDataType: 'json',
			event_id: 102,
			headers: { 'X-Token': 'abc' },
			query: { from: '${{callerNumber}}' },
			body: { call: '${{linkedId}}' },
			is_retriable: false,
			filter_id: 3,
			allVariables: false,
			ignore_response: true,
		});
		expect(output).toEqual([
			{
				json: expect.objectContaining({ id: fake.webhooks()[0].id, name: 'CRM', event_id: 102 }),
				pairedItem: { item: 0 },
			},
		]);
		expect(fake.webhooks()).toHaveLength(1);
	});

	it('defaults: no headers or query, body null, retry on, all variables, response not ignored', async () => {
		await run([create]);
		expect(fake.calls.find((call) => call.path === '/webhook/create')?.body).toMatchObject({
			headers: {},
			query: {},
			body: null,
			is_retriable: true,
			allVariables: true,
			ignore_response: false,
		});
	});

	it('leaves out unnamed headers and query parameters, sends a missing value empty, a filter of 0 not at all', async () => {
		await run([
			{
				...create,
				event: 102,
				additionalFields: {
					headers: {
						header: [
							{ name: '', value: 'x' },
							{ name: '  ', value: 'y' },
							{ value: 'z' },
							{ name: ' A ' },
						],
					},
					query: {},
					body: '  ',
					filterId: 0,
				},
			},
		]);
		const sent = fake.calls.find((call) => call.path === '/webhook/create')?.body as IDataObject;
		expect(sent).toMatchObject({ event_id: 102, query: {}, body: null });
		expect(sent.headers).toEqual({ A: '' });
		expect(sent).not.toHaveProperty('filter_id');
	});

	it('a JSON body that is not JSON names the item and suggests Text', async () => {
		const error = await run([create, { ...create, additionalFields: { body: '{not json' } }]).catch(
			(e) => e,
		);
		expect(error.message).toBe('Body is not valid JSON');
		expect(error.description).toMatch(/JSON.*\. Use Body Data Type Text for a free-form body\.$/);
		expect(error.context.itemIndex).toBe(1);
	});

	it('sends a text body as it is', async () => {
		await run([
			{ ...create, bodyDataType: 'text', additionalFields: { body: 'Call ${{linkedId}}' } },
		]);
		expect(fake.webhooks()[0]).toMatchObject({ bodyDataType: 'text', body: 'Call ${{linkedId}}' });
	});

	it('refuses a JSON body that is not JSON, before calling KOMPaaS', async () => {
		const error = await run([{ ...create, additionalFields: { body: '{not json' } }]).catch(
			(e) => e,
		);
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toBe('Body is not valid JSON');
		expect(fake.calls).toHaveLength(0);
	});

	it('turns ok:false into a NodeApiError naming the error and the parameter', async () => {
		const error = await run([{ ...create, event: '999' }]).catch((e) => e);
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe(
			'KOMPaaS refused POST /webhook/create: invalid_param (parameter "event_id")',
		);
		expect(error.description).toBe(
			'KOMPaaS does not accept the value of the parameter "event_id" (expected event).',
		);
		expect(error.context.itemIndex).toBe(0);
	});

	it('with Continue On Fail, gives the error as an item and goes on with the next item', async () => {
		const { output } = await run([{ ...create, event: '999' }, create], { continueOnFail: true });
		expect(output).toHaveLength(2);
		expect(output[0]).toEqual({
			json: { error: 'KOMPaaS refused POST /webhook/create: invalid_param (parameter "event_id")' },
			pairedItem: { item: 0 },
		});
		expect(output[1].json).toMatchObject({ name: 'CRM' });
		expect(output[1].pairedItem).toEqual({ item: 1 });
	});
});

describe('KOMPaaS node: Webhook → Update, Duplicate, Get Many', () => {
	let first: number;
	let second: number;
	beforeEach(async () => {
		await run([
			{ ...create, additionalFields: { headers: { header: [{ name: 'X-Keep', value: '1' }] } } },
		]);
		await run([{ ...create, name: 'Second', event: '101' }]);
		[first, second] = fake.webhooks().map((webhook) => webhook.id as number);
		fake.calls.length = 0;
	});

	it('Update reads the webhook and sends it back whole with the changes', async () => {
		const { output } = await run([
			{
				resource: 'webhook',
				operation: 'update',
				webhookId: String(first),
				updateFields: { url: 'https://crm.example.com/v2', method: 'get' },
			},
		]);
		const update = fake.calls.find((call) => call.path === '/webhook/update');
		expect(update?.query).toBe(`?webhook_id=${first}`);
		expect(update?.body).toMatchObject({
			name: 'CRM',
			url: 'https://crm.example.com/v2',
			method: 'get',
			event_id: 102,
			headers: { 'X-Keep': '1' },
		});
		expect(output[0].json).toMatchObject({
			id: first,
			url: 'https://crm.example.com/v2',
			method: 'get',
		});
	});

	it('Update of an unknown id fails without sending an update', async () => {
		const error = await run([
			{ resource: 'webhook', operation: 'update', webhookId: '42', updateFields: { name: 'x' } },
		]).catch((e) => e);
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toBe('KOMPaaS has no webhook with ID "42"');
		expect(error.description).toBe(
			'Use Webhook → Get Many to see the IDs of this account’s webhooks.',
		);
		expect(error.context.itemIndex).toBe(0);
		expect(fake.calls.map((call) => call.path)).toEqual(['/webhook/get']);
	});

	it('Update sends back what it does not change, and leaves out what the change does not set', async () => {
		await run([
			{
				...create,
				name: 'Full',
				bodyDataType: 'text',
				additionalFields: {
					query: { parameter: [{ name: 'from', value: '${{callerNumber}}' }] },
					body: 'Call ${{linkedId}}',
					retryOnError: false,
					ignoreResponse: true,
					filterId: 3,
					allVariables: false,
				},
			},
		]);
		const full = fake.webhooks()[2];
		fake.calls.length = 0;
		await run([
			{
				resource: 'webhook',
				operation: 'update',
				webhookId: String(full.id),
				updateFields: { name: 'Renamed', event: '' },
			},
		]);
		expect(fake.calls.find((call) => call.path === '/webhook/update')?.body).toEqual({
			name: 'Renamed',
			url: 'https://crm.example.com/hooks/kompaas',
			method: 'post',
			bodyDataType: 'text',
			event_id: 102,
			headers: {},
			query: { from: '${{callerNumber}}' },
			body: 'Call ${{linkedId}}',
			is_retriable: false,
			filter_id: 3,
			allVariables: false,
			ignore_response: true,
			logic: {},
		});
	});

	it('Update reads a new body as the webhook’s Body Data Type unless the change sets one', async () => {
		const update = (id: number, updateFields: IDataObject) =>
			run([{ resource: 'webhook', operation: 'update', webhookId: String(id), updateFields }]);
		const error = await update(first, { body: 'free text' }).catch((e) => e);
		expect(error.message).toBe('Body is not valid JSON');
		await update(first, { body: 'free text', bodyDataType: 'text' });
		expect(fake.webhooks()[0]).toMatchObject({ bodyDataType: 'text', body: 'free text' });
		await update(first, { body: 'still text' });
		expect(fake.webhooks()[0]).toMatchObject({ bodyDataType: 'text', body: 'still text' });
		await update(first, { body: '{"call": 1}', bodyDataType: 'json' });
		expect(fake.webhooks()[0]).toMatchObject({ bodyDataType: 'json', body: { call: 1 } });
	});

	it('Update and Duplicate take a webhook ID with spaces around it', async () => {
		await run([
			{
				resource: 'webhook',
				operation: 'update',
				webhookId: ` ${first} `,
				updateFields: { name: 'Trimmed' },
			},
		]);
		expect(fake.calls.find((call) => call.path === '/webhook/update')?.query).toBe(
			`?webhook_id=${first}`,
		);
		const { output } = await run([
			{ resource: 'webhook', operation: 'duplicate', webhookId: ` ${second} ` },
		]);
		expect(output[0].json).toMatchObject({ name: 'Second (copy)' });
	});

	it('Create and Duplicate refuse to run with Retry On Fail on, sending nothing', async () => {
		const withRetry = async (parameters: IDataObject) =>
			await runActionNode({
				type: 'kompaas',
				parameters,
				credentials: { kompaasApi: credentials },
				settings: { retryOnFail: true, waitBetweenTries: 0 },
			});
		const created = await withRetry(create);
		expect(created.error?.message).toBe(
			'Create Webhook does not run with “Retry On Fail” on: nothing was sent',
		);
		const duplicated = await withRetry({
			resource: 'webhook',
			operation: 'duplicate',
			webhookId: String(first),
		});
		expect(duplicated.error?.message).toBe(
			'Duplicate Webhook does not run with “Retry On Fail” on: nothing was sent',
		);
		expect(fake.calls).toHaveLength(0);
		expect(fake.webhooks()).toHaveLength(2);
	});

	it('Duplicate copies the webhook under a new id', async () => {
		const { output } = await run([
			{ resource: 'webhook', operation: 'duplicate', webhookId: String(second) },
		]);
		expect(output[0].json).toMatchObject({ name: 'Second (copy)', event_id: 101 });
		expect(output[0].json.id).not.toBe(second);
		expect(fake.webhooks()).toHaveLength(3);
	});

	it('Get Many returns all webhooks, or up to the limit', async () => {
		const all = await run([{ resource: 'webhook', operation: 'getAll', returnAll: true }]);
		expect(all.output.map((item) => item.json.id)).toEqual([first, second]);
		const one = await run([
			{ resource: 'webhook', operation: 'getAll', returnAll: false, limit: 1 },
		]);
		expect(one.output.map((item) => item.json.id)).toEqual([first]);
	});
});

describe('KOMPaaS node: Event → Get Many and the event picker', () => {
	it('never outputs the KOMPaaS Trigger secret a webhook carries (Get Many, Create, Update, Duplicate)', async () => {
		const secret = randomBytes(24).toString('hex');
		fake.webhooks().push(
			{
				id: 5,
				url: 'https://n8n.example.com/webhook/x/kompaas',
				event_id: 102,
				headers: { 'X-N8n-Webhook-Secret': secret, 'X-Other': 'shown' },
			},
			{
				id: 6,
				url: 'https://n8n.example.com/webhook/y/kompaas',
				event_id: 102,
				headers: [{ name: 'x-n8n-webhook-secret', value: secret }],
			},
		);
		const outputs = [
			(await run([{ resource: 'webhook', operation: 'getAll', returnAll: true }])).output,
			(
				await run([
					{
						resource: 'webhook',
						operation: 'update',
						webhookId: '5',
						updateFields: { name: 'renamed' },
					},
				])
			).output,
			(await run([{ resource: 'webhook', operation: 'duplicate', webhookId: '6' }])).output,
			(
				await run([
					{
						...create,
						additionalFields: {
							headers: { header: [{ name: 'X-N8n-Webhook-Secret', value: secret }] },
						},
					},
				])
			).output,
		];
		for (const output of outputs) {
			expect(output.length).toBeGreaterThan(0);
			expect(JSON.stringify(output)).not.toContain(secret);
			expect(JSON.stringify(output)).toContain('[hidden: the KOMPaaS Trigger secret]');
		}
		expect(JSON.stringify(outputs[0])).toContain('shown');
		// KOMPaaS keeps the secret: an update through the node must not overwrite it.
		expect((fake.webhooks()[0].headers as IDataObject)['X-N8n-Webhook-Secret']).toBe(secret);
	});

	it('lists the events of /event/get', async () => {
		const { output } = await run([{ resource: 'event', operation: 'getAll', returnAll: true }]);
		expect(output).toHaveLength(fake.events.length);
		expect(output[0].json).toEqual(fake.events[0]);
	});

	it('loads the event picker from the API: documented events by their Events-list name, sorted', async () => {
		const options = await loadOptions(
			{ type: 'kompaas', credentials: { kompaasApi: credentials } },
			'getEvents',
		);
		expect(options).toHaveLength(fake.events.length);
		expect(options[0]).toEqual({
			name: 'Call Recording File Ready',
			value: '301',
			description: 'Call recording file ready · record_upload_done → recording.ready',
		});
		// Not a raw vendor code where the event is a documented one; others keep KOMPaaS's name.
		expect(options.find((option) => option.value === '102')).toEqual({
			name: 'VPBX: Incoming Call End',
			value: '102',
			description: 'VPBX: Ending an incoming call · VpbxInboundCallEnd → call.ended',
		});
		expect(options.find((option) => option.value === '501')).toEqual({
			name: 'SMS: incoming message',
			value: '501',
			description: 'SmsIncoming',
		});
	});

	it('names the HTTP status when the Base URL points at something that is not the API', async () => {
		const error = await run([{ resource: 'event', operation: 'getAll', returnAll: true }], {
			credentials: { ...credentials, baseUrl: fake.baseUrl.replace('/integration', '/elsewhere') },
		}).catch((e) => e);
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe('KOMPaaS answered HTTP 404 to GET /event/get');
		expect(error.httpCode).toBe('404');
	});

	it('sends the account number as x-account-id and works in that account', async () => {
		await run([create], { credentials: { ...credentials, accountId: '100002' } });
		expect(fake.webhooks('100002')).toHaveLength(1);
		expect(fake.webhooks('100001')).toHaveLength(0);
	});
});

describe('KOMPaaS node and credential descriptions', () => {
	it('is usable as an AI tool and has the documented operations', () => {
		expect(node.description.usableAsTool).toBe(true);
		const operations = node.description.properties
			.filter((property) => property.name === 'operation')
			.map((property) => [
				property.displayOptions?.show?.resource,
				property.options?.map((option) => (option as { value: string }).value),
			]);
		expect(operations).toEqual([
			[['webhook'], ['create', 'duplicate', 'getAll', 'update']],
			[['event'], ['getAll']],
		]);
	});

	it('the credential test reads /event/get with the token and account, and reads ok:false as a refusal', async () => {
		expect(await testCredential('kompaasApi', credentials)).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(fake.calls.map((call) => call.path)).toEqual(['/event/get']);
		for (const wrong of [{ apiToken: 'wrong' }, { accountId: '999999' }]) {
			expect(await testCredential('kompaasApi', { ...credentials, ...wrong })).toEqual({
				status: 'Error',
				message:
					'KOMPaaS refused the request: check the API token and the account number (it must be an account the token can use)',
			});
		}
	});

	it('the credential test acts in the account given, and the credential defaults to the documented host', async () => {
		expect(await testCredential('kompaasApi', { ...credentials, accountId: '100002' })).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(fake.calls.map(({ path, account }) => [path, account])).toEqual([
			['/event/get', '100002'],
		]);
		const credential = new KompaasApi();
		expect(credential.properties.find((p) => p.name === 'baseUrl')?.default).toBe(
			'https://integration.kompaas.tech/api/protected/api/integration',
		);
	});
});
