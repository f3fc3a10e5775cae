import { randomUUID } from 'crypto';

import { createKompaasFake } from '../fakes/kompaasApi';
import { e2eContext } from '../support/e2eState';
import { sendWebhook } from '../support/pbxSender';
import { PACKAGE } from '../support/workflows';

const context = e2eContext();
const fake = createKompaasFake();

/** Webhook (n8n's own) → KOMPaaS node; the webhook answers with the KOMPaaS node's items. */
async function publishAction(parameters: Record<string, unknown>) {
	const credential = await context.api.createCredential(
		`KOMPaaS API ${randomUUID()}`,
		'kompaasApi',
		{
			apiToken: fake.token,
			accountId: '100002',
			baseUrl: fake.baseUrl,
		},
	);
	const path = `kompaas-action-${randomUUID()}`;
	const created = await context.api.createWorkflow({
		name: `KOMPaaS node: ${parameters.operation}`,
		nodes: [
			{
				id: randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: {
					httpMethod: 'POST',
					path,
					responseMode: 'lastNode',
					responseData: 'allEntries',
					options: {},
				},
			},
			{
				id: randomUUID(),
				name: 'KOMPaaS',
				type: `${PACKAGE}.kompaas`,
				typeVersion: 1,
				position: [200, 0],
				parameters,
				credentials: { kompaasApi: { id: credential.id, name: credential.name } },
			},
		],
		connections: { Webhook: { main: [[{ node: 'KOMPaaS', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	});
	await context.api.activateWorkflow(created.id);
	await context.api.waitForPublication(created.id, ['published']);
	const url = `${context.baseUrl}/webhook/${path}`;
	return {
		id: created.id as string,
		run: async () =>
			await sendWebhook(url, { headers: { 'content-type': 'application/json' }, body: '{}' }),
	};
}

beforeAll(async () => await fake.listen());
afterAll(async () => await fake.close());

describe('KOMPaaS node in a real n8n', () => {
	test('Webhook → Create registers the webhook in the credential’s account and outputs it', async () => {
		const action = await publishAction({
			resource: 'webhook',
			operation: 'create',
			name: 'CRM',
			url: 'https://crm.example.com/hooks/kompaas',
			event: String(fake.eventId('VpbxInboundCallEnd')),
			method: 'post',
			bodyDataType: 'json',
			additionalFields: { headers: { header: [{ name: 'X-Token', value: 'abc' }] } },
		});
		const answer = await action.run();
		expect(answer.status).toBe(200);
		const webhooks = fake.webhooks('100002');
		expect(webhooks).toHaveLength(1);
		expect(webhooks[0]).toMatchObject({
			name: 'CRM',
			url: 'https://crm.example.com/hooks/kompaas',
			event_id: fake.eventId('VpbxInboundCallEnd'),
			headers: { 'X-Token': 'abc' },
			is_retriable: true,
		});
		expect(JSON.parse(answer.text)).toEqual([webhooks[0]]);
	});

	test('Event → Get Many lists the events', async () => {
		const action = await publishAction({ resource: 'event', operation: 'getAll', returnAll: true });
		const answer = await action.run();
		expect(JSON.parse(answer.text)).toEqual(fake.events);
	});

	test('an ok:false answer fails the execution with the KOMPaaS error and parameter', async () => {
		const action = await publishAction({
			resource: 'webhook',
			operation: 'duplicate',
			webhookId: '424242',
		});
		const answer = await action.run();
		expect(answer.status).toBe(500);
		const [execution] = await context.api.waitForExecutions(action.id, 1, { settleMs: 0 });
		expect(execution.status).toBe('error');
		expect(execution.data.resultData.error.message).toBe(
			'KOMPaaS refused POST /webhook/duplicate: invalid_param (parameter "webhook_id")',
		);
	});
});
