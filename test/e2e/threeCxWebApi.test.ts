import { randomBytes } from 'crypto';

import { startThreeCxWebApi, type FakeThreeCxWebApi } from '../fakes/threeCxWebApi';
import { e2eContext } from '../support/e2eState';
import { request } from 'undici';

import { OWNER } from '../support/n8n';
import { sendPbxEvent } from '../support/pbxSender';
import { publishTriggerWorkflow } from '../support/workflows';

const SECRET = randomBytes(24).toString('hex');
const context = e2eContext();
const ACTION = '3CX WebAPI';

let fake: FakeThreeCxWebApi;
let tlsFake: FakeThreeCxWebApi;
let webhookCredential: { id: string; name: string };

interface Flow {
	id: string;
	url: string;
}

/** A published workflow: 3CX Webhook Trigger → 3CX WebAPI with `actionParameters`. */
async function publishFlow(
	name: string,
	api: { id: string; name: string },
	actionParameters: Record<string, unknown>,
	events: string[],
): Promise<Flow> {
	return await publishTriggerWorkflow(context, {
		name,
		nodeType: 'threeCxWebhookTrigger',
		webhookPath: '3cx',
		parameters: { events },
		credentials: { threeCxWebhookApi: webhookCredential },
		after: [
			{
				name: ACTION,
				type: 'n8n-nodes-pbx.threeCxWebApi',
				parameters: actionParameters,
				credentials: { threeCxWebApi: api },
			},
		],
	});
}

async function apiCredential(name: string, baseUrl: string, key: string, allowSelfSigned = false) {
	const created = await context.api.createCredential(name, 'threeCxWebApi', {
		baseUrl,
		apiKey: key,
		allowSelfSigned,
	});
	return { id: created.id as string, name: created.name as string };
}

/** The finished execution's status, the action node's first output item, and its error. */
async function lastRun(flow: Flow) {
	const [run] = await context.api.waitForExecutions(flow.id, 1, { settleMs: 300 });
	const output = run.data?.resultData?.runData?.[ACTION]?.[0]?.data?.main?.[0]?.[0];
	return { status: run.status as string, output, error: run.data?.resultData?.error };
}

function recordingEvent(url: string) {
	return {
		Event: 'recording',
		FileUrls: [url],
		Callerid: '05552221133',
		User: '117',
		Id: '250917195359_47-1',
	};
}

beforeAll(async () => {
	fake = await startThreeCxWebApi();
	tlsFake = await startThreeCxWebApi({ tls: true });
	const created = await context.api.createCredential('3CX e2e webhook', 'threeCxWebhookApi', {
		secret: SECRET,
	});
	webhookCredential = { id: created.id, name: created.name };
});

afterAll(async () => {
	await fake?.close();
	await tlsFake?.close();
});

/** n8n's own credential test (the editor's "Retry" button), through its REST API. */
async function testCredential(id: string, data: Record<string, unknown>) {
	const login = await request(`${context.baseUrl}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
	});
	await login.body.text();
	const cookie = String(login.headers['set-cookie']).split(';')[0];
	const answer = await request(`${context.baseUrl}/rest/credentials/test`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie, 'browser-id': 'e2e' },
		body: JSON.stringify({ credentials: { id, name: 'test', type: 'threeCxWebApi', data } }),
	});
	const text = await answer.body.text();
	expect({ status: answer.statusCode, text }).toMatchObject({ status: 200 });
	return (JSON.parse(text) as { data: { status: string; message: string } }).data;
}

describe('3CX Web API credential test in a real n8n', () => {
	test('succeeds with the right access key and fails with a wrong one', async () => {
		const data = { baseUrl: `${fake.url}/`, apiKey: fake.key, allowSelfSigned: false };
		const { id } = await apiCredential('3CX WebAPI (credential test)', fake.url, fake.key);
		expect(await testCredential(id, data)).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		// A wrong key says what was refused and where the right one is, not just "Unauthorized".
		const wrongKey = await testCredential(id, { ...data, apiKey: 'wrong' });
		expect(wrongKey.status).toBe('Error');
		expect(wrongKey.message).toMatch(/refused this Access Key.*TCXWebAPI\.ini.*after \/webapi\//);
		expect(await testCredential(id, { ...data, baseUrl: `${fake.url}/elsewhere` })).toEqual({
			status: 'Error',
			message: expect.stringMatching(/^No 3CX WebAPI answers at this Base URL/),
		});
		expect(fake.requests.filter((r) => r.path === `/webapi/${fake.key}/`)).toHaveLength(1);
	});
});

describe('3CX WebAPI: Call → Make in a real n8n', () => {
	test('a missed call triggers one callback through makecall, exactly once', async () => {
		const api = await apiCredential('3CX WebAPI (fake)', fake.url, fake.key);
		const flow = await publishFlow(
			'3CX: call back missed callers',
			api,
			{
				resource: 'call',
				operation: 'make',
				extension: '117',
				number: '={{ $json.from.number }}',
				additionalFields: { timeout: 2000 },
			},
			['endedIncoming'],
		);
		const missed = {
			Event: 'incoming',
			Callerid: '05552221133',
			User: '820',
			Finishtype: 'Missed',
			Transfer: 'False',
			Did: '',
			Duration: '',
			Id: '230307115339_12-0',
		};
		const answer = await sendPbxEvent('3cx', flow.url, { body: missed, token: SECRET });
		expect(answer.status).toBe(200);

		const { status, output, error } = await lastRun(flow);
		expect({ status, error }).toEqual({ status: 'success', error: undefined });
		expect(fake.calls).toEqual([
			{
				first: '117',
				second: '05552221133',
				contact: null,
				timeout: '2000',
				chid: output.json.chid,
			},
		]);
		expect(output.json).toEqual({
			chid: fake.calls[0].chid,
			extension: '117',
			number: '05552221133',
		});
		expect(fake.requests.filter((request) => request.path.endsWith('/makecall'))).toHaveLength(1);
	});
});

describe('3CX WebAPI: Recording → Download in a real n8n', () => {
	test.each([
		['230307140234_35-1-1.mp3', 'audio/mpeg'],
		['230307140234_35-2-1.wav', 'audio/wav'],
	])(
		'the recording of a Recording Ready event (%s) becomes binary data of type %s',
		async (file, mimeType) => {
			const api = await apiCredential(`3CX WebAPI (fake) ${file}`, fake.url, fake.key);
			const flow = await publishFlow(
				`3CX: download ${file}`,
				api,
				{ resource: 'recording', operation: 'download' },
				['recordingReady'],
			);
			const url = `${fake.url}/webapi/recording/${file}`;
			await sendPbxEvent('3cx', flow.url, { body: recordingEvent(url), token: SECRET });

			const { status, output } = await lastRun(flow);
			expect(status).toBe('success');
			expect(output.json).toMatchObject({ url, fileName: file, mimeType });
			expect(output.binary.data).toMatchObject({ fileName: file, mimeType });
		},
	);

	test('a self-signed certificate is refused unless the credential allows it', async () => {
		const file = '230307140234_35-1-1.mp3';
		const url = `${tlsFake.url}/webapi/recording/${file}`;
		const strict = await publishFlow(
			'3CX: TLS strict',
			await apiCredential('3CX WebAPI (TLS, strict)', tlsFake.url, tlsFake.key),
			{ resource: 'recording', operation: 'download' },
			['recordingReady'],
		);
		await sendPbxEvent('3cx', strict.url, { body: recordingEvent(url), token: SECRET });
		const refused = await lastRun(strict);
		expect(refused.status).toBe('error');
		expect(refused.error.message).toMatch(/^The 3CX WebAPI could not be reached: .*certificate/i);
		expect(refused.error.description).toMatch(/certificate/i);
		expect(tlsFake.requests).toHaveLength(0);

		const lenient = await publishFlow(
			'3CX: TLS self-signed allowed',
			await apiCredential('3CX WebAPI (TLS, self-signed)', tlsFake.url, tlsFake.key, true),
			{ resource: 'recording', operation: 'download' },
			['recordingReady'],
		);
		await sendPbxEvent('3cx', lenient.url, { body: recordingEvent(url), token: SECRET });
		const allowed = await lastRun(lenient);
		expect(allowed.status).toBe('success');
		expect(allowed.output.binary.data).toMatchObject({ mimeType: 'audio/mpeg' });
		expect(tlsFake.requests).toHaveLength(1);
	});
});
