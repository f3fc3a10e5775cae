// Issue 10's findings, in a real n8n: bodies that made n8n answer 500 or made an execution
// unreadable (GET /api/v1/executions/:id?includeData=true → 500), Return All against a server
// that ignores offset (9,257 requests in 60 s before), and an HTML 200 taken for a placed call.
import { randomBytes } from 'crypto';
import { request } from 'undici';

import { startThreeCxWebApi } from '../fakes/threeCxWebApi';
import { startVoipcloudApi } from '../fakes/voipcloudApi';
import { publishActionWorkflow, runWebhookWorkflow } from '../support/actionWorkflows';
import { e2eContext } from '../support/e2eState';
import { triggerItems } from '../support/n8n';
import { startRecorder } from '../support/recorder';
import { publishTriggerWorkflow } from '../support/workflows';

const context = e2eContext();
const TOKEN = randomBytes(24).toString('hex');

interface Execution {
	id: string;
	status: string;
	data: { resultData: { error?: { message: string; description?: string } } };
}

/** The error of a workflow's only execution. */
async function failureOf(workflowId: string) {
	const [run] = (await context.api.waitForExecutions(workflowId, 1, {
		settleMs: 0,
	})) as Execution[];
	expect(run.status).toBe('error');
	return run.data.resultData.error!;
}

async function post(url: string, body: string, contentType = 'application/json') {
	const res = await request(url, {
		method: 'POST',
		headers: { 'content-type': contentType, 'x-pbx-token': TOKEN },
		body,
	});
	return { status: res.statusCode, text: await res.body.text() };
}

/** The execution as the editor reads it back, data included: it must answer 200. */
async function readBack(id: string) {
	return await context.api.call('GET', `/executions/${id}?includeData=true`);
}

describe('VoIPcloud Trigger in a real n8n: bodies nobody sends on purpose', () => {
	const triggers: Record<string, { id: string; url: string; nodeName: string }> = {};

	beforeAll(async () => {
		const credential = await context.api.createCredential(
			'VoIPcloud hardening',
			'voipcloudWebhookApi',
			{ secretToken: TOKEN },
		);
		for (const output of ['normalized', 'raw']) {
			triggers[output] = await publishTriggerWorkflow(context, {
				name: `VoIPcloud hardening (${output})`,
				nodeType: 'voipcloudTrigger',
				webhookPath: 'voipcloud',
				parameters: { events: ['*'], output },
				credentials: { voipcloudWebhookApi: { id: credential.id, name: credential.name } },
			});
		}
	});

	/** Sends one body, waits for its execution and reads it back with its data. */
	async function deliver(output: string, body: string, contentType?: string) {
		const trigger = triggers[output];
		const before = (await context.api.listExecutions(trigger.id)).length;
		const answer = await post(trigger.url, body, contentType);
		expect(answer.status).toBe(200);
		const runs = (await context.api.waitForExecutions(trigger.id, before + 1, {
			settleMs: 0,
		})) as Execution[];
		const run = runs[runs.length - 1];
		const full = await readBack(run.id);
		expect(full.status).toBe('success');
		return triggerItems(full, trigger.nodeName) as Array<Record<string, unknown>>;
	}

	test.each(['normalized', 'raw'])(
		'5,000 nested arrays (%s): 200, an execution, read back, the body as text with parseError',
		async (output) => {
			const body = `${'['.repeat(5000)}${']'.repeat(5000)}`;
			const [item] = await deliver(output, body);
			expect(item.raw).toBe(body);
			expect(item.parseError).toMatch(/nests deeper than 64 levels/);
		},
	);

	test('the deepest body delivered as an object (64 levels) is read back', async () => {
		const body = `${'{"a":'.repeat(63)}{"type":"voicemail"}${'}'.repeat(63)}`;
		for (const output of ['normalized', 'raw']) {
			const [item] = await deliver(output, body);
			const raw = output === 'raw' ? item : (item.raw as Record<string, unknown>);
			expect(JSON.stringify(raw)).toBe(body);
		}
	});

	test('a 7 MB form-like body: 200, delivered as text, read back', async () => {
		const body = 'a=1&'.repeat(1_750_000) + 'a=1';
		const [item] = await deliver('normalized', body, 'application/x-www-form-urlencoded');
		expect((item.raw as string).length).toBe(body.length);
		expect(item.parseError).toMatch(/more than the 1048576 the trigger reads/);
	});

	test('form keys named like Object members stay plain fields', async () => {
		const [item] = await deliver(
			'raw',
			'constructor=x&toString=1&event=ringing',
			'application/x-www-form-urlencoded',
		);
		expect(item).toMatchObject({ toString: '1', event: 'ringing' });
		// The trigger outputs `constructor` as a plain field (unit tests); n8n 2.41 drops that key
		// when it stores the execution. Whatever it keeps must be the string sent, never a function.
		if (Object.prototype.hasOwnProperty.call(item, 'constructor')) {
			expect(item.constructor).toBe('x');
		}
	});
});

describe('VoIPcloud node in a real n8n against a failing API', () => {
	let api: Awaited<ReturnType<typeof startVoipcloudApi>>;
	let credentials: Record<string, { id: string; name: string }>;

	beforeAll(async () => {
		api = await startVoipcloudApi({ history: { userCalls: 500 }, maxLimit: 100 });
		const credential = await context.api.createCredential(
			'VoIPcloud API hardening',
			'voipcloudApi',
			{
				apiKey: api.token,
				region: 'custom',
				customUrl: api.url,
				apiVersion: 'v2',
			},
		);
		credentials = { voipcloudApi: { id: credential.id, name: credential.name } };
	});
	afterAll(async () => await api?.close());

	test('Return All against a server that ignores offset ends with an error after 2 requests', async () => {
		api.state.ignoreOffset = true;
		const workflow = await publishActionWorkflow(context, {
			name: 'VoIPcloud: Return All, offset ignored',
			nodeType: 'voipcloud',
			parameters: { resource: 'call', operation: 'getAll', callList: 'user', returnAll: true },
			credentials,
		});
		const started = Date.now();
		const { status } = await runWebhookWorkflow(workflow.url);
		const ms = Date.now() - started;
		expect(status).toBeGreaterThanOrEqual(500);
		expect((await failureOf(workflow.id)).message).toBe(
			'VoIPcloud sent mostly calls already read for offset 100: stopped after 2 requests and 100 calls',
		);
		expect(api.requestsTo('get-user-calls')).toHaveLength(2);
		expect(ms).toBeLessThan(30_000);
		api.state.ignoreOffset = false;
	});

	test('Make Call answered by an HTML page is an error that says the call may have been placed', async () => {
		const workflow = await publishActionWorkflow(context, {
			name: 'VoIPcloud: Make Call, HTML answer',
			nodeType: 'voipcloud',
			parameters: {
				resource: 'call',
				operation: 'make',
				userNumber: '101',
				numberToCall: '+61298765432',
			},
			credentials,
		});
		api.failNext({ status: 200, body: '<html>login</html>', contentType: 'text/html' });
		const { status } = await runWebhookWorkflow(workflow.url);
		expect(status).toBeGreaterThanOrEqual(500);
		const error = await failureOf(workflow.id);
		expect(error.message).toBe(
			'VoIPcloud’s answer to call-to-number is not its API’s (HTTP 200, text/html)',
		);
		expect(error.description).toMatch(/The call may have been placed/);
		expect(api.calls).toHaveLength(1);
		const executions = await context.api.listExecutions(workflow.id);
		expect(JSON.stringify(executions)).not.toContain(api.token);
	});

	test('Get Many against a server that never answers fails at the Request Timeout', async () => {
		const workflow = await publishActionWorkflow(context, {
			name: 'VoIPcloud: Get Many, silent server',
			nodeType: 'voipcloud',
			parameters: {
				resource: 'call',
				operation: 'getAll',
				callList: 'user',
				returnAll: false,
				limit: 5,
				options: { requestTimeout: 2 },
			},
			credentials,
		});
		api.failNext({ hang: true });
		const started = Date.now();
		const { status } = await runWebhookWorkflow(workflow.url);
		const ms = Date.now() - started;
		expect(status).toBeGreaterThanOrEqual(500);
		expect((await failureOf(workflow.id)).message).toMatch(/: no answer within 2 s$/);
		expect(ms).toBeGreaterThanOrEqual(2_000);
		expect(ms).toBeLessThan(20_000);
	});
});

describe('3CX WebAPI Download Recording in a real n8n: the key goes nowhere else', () => {
	test('a recording URL on another server is refused; that server gets no request, the key stays home', async () => {
		const pbx = await startThreeCxWebApi();
		const thief = await startRecorder();
		try {
			const credential = await context.api.createCredential(
				'3CX WebAPI hardening',
				'threeCxWebApi',
				{
					baseUrl: pbx.url,
					apiKey: pbx.key,
					allowSelfSigned: false,
				},
			);
			const workflow = await publishActionWorkflow(context, {
				name: '3CX: download a recording from elsewhere',
				nodeType: 'threeCxWebApi',
				parameters: {
					resource: 'recording',
					operation: 'download',
					recordingUrl: `${thief.url}/steal/{apiKey}.mp3`,
					binaryPropertyName: 'data',
				},
				credentials: { threeCxWebApi: { id: credential.id, name: credential.name } },
			});
			const { status } = await runWebhookWorkflow(workflow.url);
			expect(status).toBeGreaterThanOrEqual(500);
			const error = await failureOf(workflow.id);
			expect(error.message).toBe('The Recording URL is not on the 3CX server of the credential');
			expect(thief.requests).toHaveLength(0);
			expect(pbx.requests).toHaveLength(0);
			const executions = await context.api.listExecutions(workflow.id);
			expect(JSON.stringify(executions)).not.toContain(pbx.key);
		} finally {
			await pbx.close();
			await thief.close();
		}
	});
});
