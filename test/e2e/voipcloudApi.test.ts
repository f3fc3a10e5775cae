import { randomBytes } from 'crypto';

import { callEventSchema } from '../../nodes/shared/callEventSchema';
import { startVoipcloudApi } from '../fakes/voipcloudApi';
import {
	ownerSession,
	publishActionWorkflow,
	runWebhookWorkflow,
} from '../support/actionWorkflows';
import { e2eContext } from '../support/e2eState';
import { sendPbxEvent } from '../support/pbxSender';
import { loadScenario, renderScenario } from '../support/scenarios';

type FakeApi = Awaited<ReturnType<typeof startVoipcloudApi>>;
interface Row {
	unique_call_id: string;
}
interface ExecutionError {
	message: string;
	description: string;
}

const context = e2eContext();
/** More than one page of 10,000 rows. */
const USER_CALLS = 12_345;
const WEBHOOK_TOKEN = randomBytes(24).toString('hex');

let api: FakeApi;
let credential: { id: string; name: string };
const credentialData = () => ({
	apiKey: api.token,
	region: 'custom',
	customUrl: api.url,
	apiVersion: 'v2',
});

async function publish(name: string, parameters: Record<string, unknown>) {
	return await publishActionWorkflow(context, {
		name,
		nodeType: 'voipcloud',
		parameters,
		credentials: { voipcloudApi: credential },
	});
}

const returnAllUserCalls = {
	resource: 'call',
	operation: 'getAll',
	callList: 'user',
	returnAll: true,
	simplify: true,
};

beforeAll(async () => {
	api = await startVoipcloudApi({ history: { userCalls: USER_CALLS } });
	credential = await context.api.createCredential(
		'VoIPcloud API e2e',
		'voipcloudApi',
		credentialData(),
	);
});
afterAll(async () => await api?.close());
beforeEach(() => {
	api.reset();
	api.setRateLimit({ max: 100, windowMs: 15 * 60_000 });
});

describe('VoIPcloud API credential test in n8n', () => {
	test('a right key passes, through get-system-status of the chosen version', async () => {
		const session = await ownerSession(context.baseUrl);
		const v2 = await session.testCredential(
			{ ...credential, type: 'voipcloudApi' },
			credentialData(),
		);
		expect(v2).toEqual({ status: 'OK', message: 'Connection successful!' });
		const v1 = await session.testCredential(
			{ ...credential, type: 'voipcloudApi' },
			{ ...credentialData(), apiVersion: 'v1', customUrl: `${api.url}/` },
		);
		expect(v1.status).toBe('OK');
		expect(api.requests.map((r: { path: string }) => r.path)).toEqual([
			'/api/integration/v2/get-system-status',
			'/api/integration/v1/get-system-status',
		]);
		expect(api.requests[0].headers.token).toBe(api.token);
	});

	test('a 401 names the key and the IP whitelist', async () => {
		api.setWhitelisted(false);
		const session = await ownerSession(context.baseUrl);
		const result = await session.testCredential(
			{ ...credential, type: 'voipcloudApi' },
			credentialData(),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/API key is wrong/);
		expect(result.message).toMatch(/IP address is not on the API whitelist/);
	});
});

describe('VoIPcloud node in a real n8n, against the fake API', () => {
	let returnAll: { id: string; url: string };

	beforeAll(async () => {
		returnAll = await publish('VoIPcloud API: all user calls', returnAllUserCalls);
	});

	test('Return All over more than one page gets every row exactly once in 2 requests', async () => {
		const { status, body } = await runWebhookWorkflow(returnAll.url);
		expect(status).toBe(200);
		expect(body).toHaveLength(USER_CALLS);
		const ids = (body as unknown[]).map((item) => callEventSchema.parse(item).callId);
		expect(new Set(ids).size).toBe(USER_CALLS);
		const history = api.state.history['get-user-calls'] as Row[];
		expect(ids).toEqual(history.map((row) => row.unique_call_id));

		const requests = api.requestsTo('get-user-calls');
		expect(requests.map((r: { query: Record<string, string> }) => r.query)).toEqual([
			{ sort_by: 'newest_first', offset: '0', limit: '10000' },
			{ sort_by: 'newest_first', offset: '10000', limit: '10000' },
		]);
	});

	test('a 429 in the middle of the pages is waited out and nothing is lost', async () => {
		// The second page request is refused, whatever the machine's speed.
		api.failNext(null, {
			status: 429,
			headers: { 'retry-after': '1' },
			body: { code: 429, message: 'Too Many Requests' },
		});
		const { status, body } = await runWebhookWorkflow(returnAll.url);
		expect(status).toBe(200);
		expect(api.requestsTo('get-user-calls').map((r: { status: number }) => r.status)).toEqual([
			200, 429, 200,
		]);
		const ids = (body as Array<{ callId: string }>).map((item) => item.callId);
		expect(ids).toHaveLength(USER_CALLS);
		expect(new Set(ids).size).toBe(USER_CALLS);
	});

	test('a 401 (IP not whitelisted) fails the execution with the whitelist hint', async () => {
		const workflow = await publish('VoIPcloud API: latest queue calls', {
			...returnAllUserCalls,
			callList: 'queue',
			returnAll: false,
			limit: 5,
		});
		api.setWhitelisted(false);
		const { status } = await runWebhookWorkflow(workflow.url);
		expect(status).toBeGreaterThanOrEqual(500);
		expect(api.requests).toHaveLength(1);

		const executions = await context.api.waitForExecutions(workflow.id, 1, { settleMs: 0 });
		expect(executions).toHaveLength(1);
		const [failed] = executions;
		expect(failed.status).toBe('error');
		const error = failed.data.resultData.error as ExecutionError;
		expect(error.message).toBe(
			'VoIPcloud refused the API key or this server’s IP address (401: Not authorised)',
		);
		expect(error.description).toMatch(/Check the API key/);
		expect(error.description).toMatch(/API whitelist \(Integration\/API → API → add IP\)/);
	});

	test('System → Get Status', async () => {
		const workflow = await publish('VoIPcloud API: status', {
			resource: 'system',
			operation: 'getStatus',
		});
		const { status, body } = await runWebhookWorkflow(workflow.url);
		expect(status).toBe(200);
		expect(body).toEqual([expect.objectContaining({ status: 'online' })]);
	});
});

describe('Call back an abandoned queue caller: VoIPcloud Trigger → Make Call', () => {
	test('one abandoned call places exactly one call, to the caller, from the user', async () => {
		const webhookCredential = await context.api.createCredential(
			'VoIPcloud webhook e2e (call back)',
			'voipcloudWebhookApi',
			{ secretToken: WEBHOOK_TOKEN },
		);
		const workflow = await publishActionWorkflow(context, {
			name: 'VoIPcloud: call back abandoned queue calls',
			nodeType: 'voipcloud',
			parameters: {
				resource: 'call',
				operation: 'make',
				userNumber: '101',
				numberToCall: '={{ $json.from.number }}',
				options: {},
			},
			credentials: { voipcloudApi: credential },
			trigger: {
				nodeType: 'voipcloudTrigger',
				webhookPath: 'voipcloud',
				parameters: { events: ['queue_call'], output: 'normalized' },
				credentials: {
					voipcloudWebhookApi: { id: webhookCredential.id, name: webhookCredential.name },
				},
			},
		});
		const steps = renderScenario(loadScenario('voipcloud', 'queue-abandoned')).steps;
		for (const step of steps) {
			const answer = await sendPbxEvent('voipcloud', workflow.url, {
				body: step.body,
				token: WEBHOOK_TOKEN,
			});
			expect(answer.status).toBe(200);
		}

		// A second abandoned call, from another caller, shows when n8n has run everything sent before.
		const marker = randomBytes(8).toString('hex');
		const before = await context.api.executionsBesideMarker(workflow.id, marker, () =>
			sendPbxEvent('voipcloud', workflow.url, {
				body: { ...steps[2].body, caller_id: '+61290000000', e2eMarker: marker },
				token: WEBHOOK_TOKEN,
			}),
		);
		expect(before).toHaveLength(1);
		const executions = await context.api.waitForExecutions(workflow.id, 2, { settleMs: 0 });
		const abandoned = executions.find((execution: { id: string }) => execution.id === before[0].id);
		expect(abandoned.data.resultData.error).toBeUndefined();
		expect(abandoned.status).toBe('success');
		expect(api.calls).toHaveLength(2);
		expect(api.calls).toEqual(
			expect.arrayContaining([
				expect.objectContaining({
					encoding: 'multipart',
					userNumber: '101',
					numberToCall: '+61298765432',
					placed: true,
				}),
				expect.objectContaining({ numberToCall: '+61290000000', placed: true }),
			]),
		);
		expect(api.requestsTo('call-to-number')).toHaveLength(2);
	});
});
