import { randomBytes } from 'crypto';

import { createKompaasFake } from '../fakes/kompaasApi';
import { startThreeCxWebApi, type FakeThreeCxWebApi } from '../fakes/threeCxWebApi';
import { startVoipcloudApi } from '../fakes/voipcloudApi';
import {
	ownerSession,
	publishActionWorkflow,
	runWebhookWorkflow,
} from '../support/actionWorkflows';
import { sendPbxEvent } from '../support/pbxSender';
import { workerRan } from '../support/queueN8n';
import { queueContext } from '../support/queueState';
import { loadScenario, renderScenario } from '../support/scenarios';

// One action node per PBX, run by the worker: the main publishes, the webhook processor takes
// the request and waits, the worker runs the action and its answer comes back through Redis.
const context = queueContext();

type Credential = { id: string; name: string };

async function credential(name: string, type: string, data: Record<string, unknown>) {
	const created = await context.api.createCredential(`queue: ${name}`, type, data);
	return { id: created.id as string, name: created.name as string } as Credential;
}

/** The workflow's only execution: finished, run by the worker. */
async function workerExecution(workflowId: string) {
	const [execution] = await context.api.waitForExecutions(workflowId, 1, { settleMs: 300 });
	expect(await workerRan(context.logs.worker, execution.id)).toBe(true);
	return execution;
}

describe('VoIPcloud node in queue mode', () => {
	let api: Awaited<ReturnType<typeof startVoipcloudApi>>;
	let apiCredential: Credential;
	const data = () => ({
		apiKey: api.token,
		region: 'custom',
		customUrl: api.url,
		apiVersion: 'v2',
	});

	beforeAll(async () => {
		api = await startVoipcloudApi({ history: { userCalls: 30 } });
		apiCredential = await credential('VoIPcloud API', 'voipcloudApi', data());
	});
	afterAll(async () => await api?.close());

	test('the credential test passes with the right key and fails with a wrong one', async () => {
		const session = await ownerSession(context.baseUrl);
		const typed = { ...apiCredential, type: 'voipcloudApi' };
		expect(await session.testCredential(typed, data())).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		api.setWhitelisted(false);
		const refused = await session.testCredential(typed, data());
		api.setWhitelisted(true);
		expect(refused.status).toBe('Error');
	});

	test('Call → Get Many runs in the worker and its items come back to the caller', async () => {
		const workflow = await publishActionWorkflow(context, {
			name: 'queue: VoIPcloud user calls',
			nodeType: 'voipcloud',
			parameters: {
				resource: 'call',
				operation: 'getAll',
				callList: 'user',
				returnAll: true,
				simplify: true,
			},
			credentials: { voipcloudApi: apiCredential },
		});
		const { status, body } = await runWebhookWorkflow(workflow.url);
		expect(status).toBe(200);
		const ids = (body as Array<{ callId: string }>).map((item) => item.callId);
		expect(ids).toHaveLength(30);
		expect(new Set(ids).size).toBe(30);
		expect((await workerExecution(workflow.id)).status).toBe('success');
	});
});

describe('KOMPaaS node in queue mode', () => {
	const fake = createKompaasFake();
	let apiCredential: Credential;

	beforeAll(async () => {
		await fake.listen();
		apiCredential = await credential('KOMPaaS API (node)', 'kompaasApi', {
			apiToken: fake.token,
			accountId: '100002',
			baseUrl: fake.baseUrl,
		});
	});
	afterAll(async () => await fake.close());

	test('the credential test passes with the right token and fails with a wrong one', async () => {
		const session = await ownerSession(context.baseUrl);
		const typed = { ...apiCredential, type: 'kompaasApi' };
		const right = { apiToken: fake.token, accountId: '100002', baseUrl: fake.baseUrl };
		expect((await session.testCredential(typed, right)).status).toBe('OK');
		expect((await session.testCredential(typed, { ...right, apiToken: 'wrong' })).status).toBe(
			'Error',
		);
	});

	test('Webhook → Create runs in the worker, once', async () => {
		const workflow = await publishActionWorkflow(context, {
			name: 'queue: KOMPaaS create webhook',
			nodeType: 'kompaas',
			parameters: {
				resource: 'webhook',
				operation: 'create',
				name: 'CRM',
				url: 'https://crm.example.com/hooks/kompaas',
				event: String(fake.eventId('VpbxInboundCallEnd')),
				method: 'post',
				bodyDataType: 'json',
				additionalFields: {},
			},
			credentials: { kompaasApi: apiCredential },
		});
		const { status, body } = await runWebhookWorkflow(workflow.url);
		expect(status).toBe(200);
		const webhooks = fake.webhooks('100002');
		expect(webhooks).toHaveLength(1);
		expect(body).toEqual([webhooks[0]]);
		expect((await workerExecution(workflow.id)).status).toBe('success');
	});
});

describe('3CX WebAPI node in queue mode', () => {
	let fake: FakeThreeCxWebApi;
	let apiCredential: Credential;
	const secret = randomBytes(24).toString('hex');

	beforeAll(async () => {
		fake = await startThreeCxWebApi();
		apiCredential = await credential('3CX WebAPI', 'threeCxWebApi', {
			baseUrl: fake.url,
			apiKey: fake.key,
			allowSelfSigned: false,
		});
	});
	afterAll(async () => await fake?.close());

	test('the credential test passes with the right key and fails with a wrong one', async () => {
		const session = await ownerSession(context.baseUrl);
		const typed = { ...apiCredential, type: 'threeCxWebApi' };
		const right = { baseUrl: `${fake.url}/`, apiKey: fake.key, allowSelfSigned: false };
		expect(await session.testCredential(typed, right)).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect((await session.testCredential(typed, { ...right, apiKey: 'wrong' })).status).toBe(
			'Error',
		);
	});

	test('3CX Webhook Trigger → Make Call: one missed call, one callback, placed by the worker', async () => {
		const webhookCredential = await credential('3CX webhook (callback)', 'threeCxWebhookApi', {
			secret,
		});
		const workflow = await publishActionWorkflow(context, {
			name: 'queue: 3CX call back missed callers',
			nodeType: 'threeCxWebApi',
			parameters: {
				resource: 'call',
				operation: 'make',
				extension: '117',
				number: '={{ $json.from.number }}',
				additionalFields: { timeout: 2000 },
			},
			credentials: { threeCxWebApi: apiCredential },
			trigger: {
				nodeType: 'threeCxWebhookTrigger',
				webhookPath: '3cx',
				parameters: { events: ['endedIncoming'] },
				credentials: { threeCxWebhookApi: webhookCredential },
			},
		});
		// The whole missed call; only its end event is selected.
		const call = renderScenario(loadScenario('3cx', 'queue-abandoned'));
		for (const step of call.steps.slice(0, -1)) {
			await sendPbxEvent('3cx', workflow.url, { body: step.body, token: secret });
		}
		const missed = call.steps[call.steps.length - 1].body;
		const answer = await sendPbxEvent('3cx', workflow.url, { body: missed, token: secret });
		expect(answer.status).toBe(200);

		const execution = await workerExecution(workflow.id);
		expect(execution.status).toBe('success');
		expect(fake.calls).toEqual([
			expect.objectContaining({ first: '117', second: missed.Callerid, timeout: '2000' }),
		]);
	});

	test('Recording → Download: the worker stores the recording, the main serves it', async () => {
		const webhookCredential = await credential('3CX webhook (recording)', 'threeCxWebhookApi', {
			secret,
		});
		const workflow = await publishActionWorkflow(context, {
			name: 'queue: 3CX download recordings',
			nodeType: 'threeCxWebApi',
			parameters: { resource: 'recording', operation: 'download' },
			credentials: { threeCxWebApi: apiCredential },
			trigger: {
				nodeType: 'threeCxWebhookTrigger',
				webhookPath: '3cx',
				parameters: { events: ['recordingReady'] },
				credentials: { threeCxWebhookApi: webhookCredential },
			},
		});
		const file = '230307140234_35-1-1.mp3';
		const audio = Buffer.concat([Buffer.from('ID3'), randomBytes(64 * 1024)]);
		fake.setRecording(file, { body: audio, contentType: 'audio/mpeg' });
		const url = `${fake.url}/webapi/recording/${file}`;
		const event = {
			Event: 'recording',
			FileUrls: [url],
			Callerid: '05552221133',
			User: '117',
			Id: '250917195359_47-1',
		};
		expect((await sendPbxEvent('3cx', workflow.url, { body: event, token: secret })).status).toBe(
			200,
		);

		const execution = await workerExecution(workflow.id);
		expect(execution.status).toBe('success');
		const binary = execution.data.resultData.runData.Action[0].data.main[0][0].binary.data;
		expect(binary).toMatchObject({ fileName: file, mimeType: 'audio/mpeg' });
		const session = await ownerSession(context.baseUrl);
		const served = await session.binaryData(binary.id);
		expect(served.status).toBe(200);
		expect(served.bytes.equals(audio)).toBe(true);
	});
});
