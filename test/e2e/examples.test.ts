// The README's runnable examples (examples/*.json), imported into a real n8n as shipped: only the
// credentials are picked and the webhook ids made unique to this run, as a user's import does.
// Each one is then run the way its users run it, against the fakes on 127.0.0.1.
import { randomBytes, randomUUID } from 'crypto';
import { FormData, request } from 'undici';

import { startOpenAiChatFake } from '../fakes/openAiChat';
import { startThreeCxWebApi } from '../fakes/threeCxWebApi';
import { startVoipcloudApi } from '../fakes/voipcloudApi';
import { waitForWebhookPath } from '../support/actionWorkflows';
import { e2eContext } from '../support/e2eState';
import { loadExample, report } from '../support/examples';
import { waitForWebhook } from '../support/n8n';
import { sendPbxEvent } from '../support/pbxSender';

const context = e2eContext();

type Credentials = Record<string, { id: string; name: string }>;
interface ExampleNode {
	name: string;
	type: string;
	webhookId?: string;
	parameters: Record<string, unknown>;
	credentials?: Credentials;
}
interface Example {
	name: string;
	nodes: ExampleNode[];
	connections: object;
	settings: object;
}

let voipcloud: Awaited<ReturnType<typeof startVoipcloudApi>>;
let threeCx: Awaited<ReturnType<typeof startThreeCxWebApi>>;
let openAi: Awaited<ReturnType<typeof startOpenAiChatFake>>;
const credentials: Record<string, Credentials> = {};

async function credential(name: string, type: string, data: Record<string, unknown>) {
	const created = await context.api.createCredential(name, type, data);
	return { [type]: { id: created.id as string, name: created.name as string } };
}

/**
 * Imports examples/<file> as a user does, picking each node's credential by its type, and
 * publishes it. Returns the workflow and each webhook-started node's new webhook id.
 */
async function importExample(file: string, pick: Record<string, Credentials>) {
	const example = loadExample(file) as Example;
	const webhookIds: Record<string, string> = {};
	for (const node of example.nodes) {
		if (node.webhookId) node.webhookId = webhookIds[node.name] = randomUUID();
		if (pick[node.name]) node.credentials = pick[node.name];
	}
	const { name, nodes, connections, settings } = example;
	const created = await context.api.createWorkflow({ name, nodes, connections, settings });
	await context.api.activateWorkflow(created.id);
	await context.api.waitForPublication(created.id, ['published']);
	return { id: created.id as string, example, webhookIds };
}

async function post(url: string, body: unknown) {
	const res = await request(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	const text = await res.body.text();
	return { status: res.statusCode, body: text ? JSON.parse(text) : null };
}

/** The only execution of the workflow, finished, with the output items of each node. */
async function onlyRun(workflowId: string) {
	const executions = await context.api.waitForExecutions(workflowId, 1, { settleMs: 500 });
	expect(executions).toHaveLength(1);
	const [run] = executions;
	const output = (node: string) =>
		(run.data?.resultData?.runData?.[node]?.[0]?.data?.main?.[0] ?? []) as Array<{
			json: Record<string, unknown>;
			binary?: Record<string, { mimeType: string; fileName: string; fileSize?: string }>;
		}>;
	return { status: run.status as string, error: run.data?.resultData?.error, run, output };
}

beforeAll(async () => {
	voipcloud = await startVoipcloudApi({ history: { userCalls: 3 } });
	threeCx = await startThreeCxWebApi();
	openAi = await startOpenAiChatFake();
	credentials.voipcloud = await credential('Examples: VoIPcloud API (fake)', 'voipcloudApi', {
		apiKey: voipcloud.token,
		region: 'custom',
		customUrl: voipcloud.url,
		apiVersion: 'v2',
	});
	credentials.threeCx = await credential('Examples: 3CX WebAPI (fake)', 'threeCxWebApi', {
		baseUrl: threeCx.url,
		apiKey: threeCx.key,
		allowSelfSigned: false,
	});
	credentials.openAi = await credential('Examples: OpenAI-compatible (fake)', 'openAiApi', {
		apiKey: `sk-fake-${randomBytes(8).toString('hex')}`,
		url: openAi.url,
		// No custom header; said outright, since n8n 2.0.0's public API otherwise asks for one.
		header: false,
	});
});

afterAll(async () => {
	await voipcloud?.close();
	await threeCx?.close();
	await openAi?.close();
});

beforeEach(() => voipcloud.reset());

test('click-to-call-form.json: a form submission makes VoIPcloud call the visitor back', async () => {
	const { id, webhookIds } = await importExample('click-to-call-form.json', {
		'Call the visitor': credentials.voipcloud,
	});
	const formUrl = `${context.baseUrl}/form/${webhookIds['Call-me-back form']}`;
	await waitForWebhookPath(formUrl);
	// The page a visitor opens, then its submission as the browser sends it.
	const page = await request(formUrl);
	expect(page.statusCode).toBe(200);
	expect(await page.body.text()).toContain('Call me back');
	const form = new FormData();
	form.append('field-0', 'Jane Doe');
	form.append('field-1', '+61 2 9876 5432');
	const submitted = await request(formUrl, { method: 'POST', body: form });
	await submitted.body.text();
	expect(submitted.statusCode).toBe(200);

	const { status, error, output } = await onlyRun(id);
	expect(error).toBeUndefined();
	expect(status).toBe('success');
	expect(voipcloud.calls).toEqual([
		expect.objectContaining({ userNumber: '101', numberToCall: '+61298765432', placed: true }),
	]);
	expect(output('Call the visitor')[0].json).toMatchObject({ success: true, userNumber: '101' });
	report(`[examples] click-to-call-form: VoIPcloud called ${voipcloud.calls[0].numberToCall}`);
});

test('click-to-call-row.json: a row posted by a Call button makes 3CX ring the agent, then dial', async () => {
	const { id, webhookIds } = await importExample('click-to-call-row.json', {
		'Ring the agent, then dial': credentials.threeCx,
	});
	const url = `${context.baseUrl}/webhook/click-to-call`;
	expect(webhookIds['Call button of a row']).toBeDefined();
	await waitForWebhookPath(url);
	const answer = await post(url, { name: 'Jane Doe', phone: '+61298765432', extension: '117' });
	expect(answer.status).toBe(200);
	expect(answer.body).toEqual({
		chid: expect.any(String),
		extension: '117',
		number: '+61298765432',
	});
	expect(threeCx.calls).toEqual([
		expect.objectContaining({ first: '117', second: '+61298765432', chid: answer.body.chid }),
	]);
	expect((await onlyRun(id)).status).toBe('success');
	report(`[examples] click-to-call-row: 3CX makecall → chid ${answer.body.chid}`);
});

test('ai-agent-make-call.json: the agent places the call with the Make a call tool', async () => {
	const { id } = await importExample('ai-agent-make-call.json', {
		'OpenAI Chat Model': credentials.openAi,
		'Make a call': credentials.voipcloud,
	});
	const url = `${context.baseUrl}/webhook/call-assistant`;
	await waitForWebhookPath(url);
	const answer = await post(url, { message: 'Please call Jane Doe on +61 2 9876 5432' });
	expect(answer.status).toBe(200);

	// The model was offered the tool, asked for it, and the tool placed exactly one call.
	const chats = openAi.requests.filter((r: { path: string }) =>
		r.path.endsWith('/chat/completions'),
	);
	expect(chats.length).toBeGreaterThanOrEqual(2);
	const offered = chats[0].body.tools.map((t: { function: { name: string } }) => t.function.name);
	expect(offered).toEqual(['Make_a_call']);
	expect(chats[0].headers.authorization).toMatch(/^Bearer sk-fake-/);
	expect(voipcloud.calls).toEqual([
		expect.objectContaining({ userNumber: '101', numberToCall: '+61298765432', placed: true }),
	]);
	expect(answer.body.output).toMatch(/^Done: the call is placed/);
	const { status, error } = await onlyRun(id);
	expect(error).toBeUndefined();
	expect(status).toBe('success');
	report(
		`[examples] ai-agent-make-call: ${chats.length} model requests, tool ${offered[0]}, VoIPcloud called ${voipcloud.calls[0].numberToCall}`,
	);
});

test('recording-download.json: a 3CX recording arrives and is downloaded as binary', async () => {
	const secret = randomBytes(24).toString('hex');
	const webhook = await credential('Examples: 3CX webhook', 'threeCxWebhookApi', { secret });
	const { id, webhookIds } = await importExample('recording-download.json', {
		'3CX Webhook Trigger': webhook,
		'Download the recording': credentials.threeCx,
	});
	const url = `${context.baseUrl}/webhook/${webhookIds['3CX Webhook Trigger']}/3cx`;
	await waitForWebhook(url);
	const recording = `${threeCx.url}/webapi/recording/250917195359_47-1-1.mp3`;
	const answer = await sendPbxEvent('3cx', url, {
		body: {
			Event: 'recording',
			FileUrls: [recording],
			Callerid: '05552221133',
			User: '117',
			Id: '250917195359_47-1',
		},
		token: secret,
	});
	expect(answer.status).toBe(200);

	const { status, error, output } = await onlyRun(id);
	expect(error).toBeUndefined();
	expect(status).toBe('success');
	expect(output('3CX Webhook Trigger')[0].json).toMatchObject({
		event: 'recording.ready',
		recording: { url: recording, fileName: '250917195359_47-1-1.mp3' },
	});
	const [downloaded] = output('Download the recording');
	expect(downloaded.json).toMatchObject({ url: recording, mimeType: 'audio/mpeg' });
	expect(downloaded.binary?.data).toMatchObject({
		mimeType: 'audio/mpeg',
		fileName: '250917195359_47-1-1.mp3',
	});
	// The recording link came from the payload: it is fetched without the access key.
	const fetched = threeCx.requests.filter((r: { path: string }) => r.path.includes('/recording/'));
	expect(fetched).toHaveLength(1);
	expect(JSON.stringify(fetched[0])).not.toContain(threeCx.key);
	report(`[examples] recording-download: ${downloaded.json.fileSize} bytes of audio/mpeg`);
});

/** The data table named `name`, made with `columns` if there is none, given any column it lacks. */
async function dataTable(name: string, columns: Array<[string, string]>) {
	const page = await context.api.call('GET', '/data-tables?limit=100');
	let table = (page.data as Array<{ id: string; name: string }>).find((t) => t.name === name);
	table ??= await context.api.call('POST', '/data-tables', {
		name,
		columns: columns.map(([column, type]) => ({ name: column, type })),
	});
	const known = (await context.api.call('GET', `/data-tables/${table!.id}/columns`)) as Array<{
		name: string;
	}>;
	for (const [column, type] of columns) {
		if (!known.some((k) => k.name === column)) {
			await context.api.call('POST', `/data-tables/${table!.id}/columns`, { name: column, type });
		}
	}
	return table!.id;
}

test('recording-transcript.json: a 3CX recording is transcribed onto the call’s row', async () => {
	const tableId = await dataTable('pbx_calls', [
		['callId', 'string'],
		['pbx', 'string'],
		['outcome', 'string'],
		['transcript', 'string'],
	]);
	const callId = `${Date.now()}_${randomBytes(2).readUInt16BE()}`;
	// The row the CRM example wrote when the call ended; the transcript arrives after it.
	await context.api.call('POST', `/data-tables/${tableId}/rows`, {
		data: [{ callId, pbx: '3cx', outcome: 'answered' }],
	});
	const secret = randomBytes(24).toString('hex');
	const webhook = await credential('Examples: 3CX webhook (transcript)', 'threeCxWebhookApi', {
		secret,
	});
	const { id, webhookIds } = await importExample('recording-transcript.json', {
		'3CX Webhook Trigger': webhook,
		'Download the recording': credentials.threeCx,
		'Transcribe the recording': credentials.openAi,
	});
	const url = `${context.baseUrl}/webhook/${webhookIds['3CX Webhook Trigger']}/3cx`;
	await waitForWebhook(url);
	// The last step of test/scenarios/3cx/recorded-call.json, its link on the fake 3CX WebAPI.
	const fileName = `${callId}-1-1.mp3`;
	const recording = `${threeCx.url}/webapi/recording/${fileName}`;
	const answer = await sendPbxEvent('3cx', url, {
		body: {
			Event: 'recording',
			FileUrls: [recording],
			Callerid: '05552221133',
			User: '101',
			Id: `${callId}-1`,
		},
		token: secret,
	});
	expect(answer.status).toBe(200);

	const { status, error, output } = await onlyRun(id);
	expect(error).toBeUndefined();
	expect(status).toBe('success');
	expect(output('3CX Webhook Trigger')[0].json).toMatchObject({ event: 'recording.ready', callId });

	// The transcription server received exactly the bytes the 3CX WebAPI served.
	const served = await request(recording);
	const audio = Buffer.from(await served.body.arrayBuffer());
	expect(openAi.transcriptions).toHaveLength(1);
	const [upload] = openAi.transcriptions;
	expect(upload).toMatchObject({ model: 'whisper-1', fileName, mimeType: 'audio/mpeg' });
	expect(upload.bytes.length).toBe(audio.length);
	expect(upload.bytes.equals(audio)).toBe(true);
	expect(upload.authorization).toMatch(/^Bearer sk-fake-/);
	expect(output('Transcribe the recording')[0].json).toEqual({ text: openAi.transcript });

	// The call's row, and only it, now carries the transcript; its other columns are kept.
	const rows = (await context.api.call('GET', `/data-tables/${tableId}/rows?limit=250`))
		.data as Array<Record<string, unknown>>;
	const callRows = rows.filter((row) => row.callId === callId);
	expect(callRows).toEqual([
		expect.objectContaining({
			callId,
			pbx: '3cx',
			outcome: 'answered',
			transcript: openAi.transcript,
		}),
	]);
	report(
		`[examples] recording-transcript: ${upload.bytes.length} bytes transcribed, ${openAi.transcript.length} characters on row ${callId}`,
	);
});

test('webhook-pbx-call-event.json: n8n’s Webhook node → PBX Call Event, a wrong token refused', async () => {
	const secretToken = randomBytes(20).toString('hex');
	const webhook = await credential('Examples: VoIPcloud webhook (node)', 'voipcloudWebhookApi', {
		secretToken,
	});
	const { id } = await importExample('webhook-pbx-call-event.json', { 'PBX Call Event': webhook });
	const url = `${context.baseUrl}/webhook/pbx-calls`;
	await waitForWebhookPath(url);
	const body = {
		event_name: 'call_start',
		call_uuid: `${Date.now()}.${randomBytes(3).toString('hex')}`,
		caller_id_number: '0555222113',
		direction: 'inbound',
	};
	expect((await sendPbxEvent('voipcloud', url, { body, token: secretToken })).status).toBe(200);
	const { status, error, output, run } = await onlyRun(id);
	expect(error).toBeUndefined();
	expect(status).toBe('success');
	expect(output('PBX Call Event')[0].json).toMatchObject({ pbx: 'voipcloud', raw: body });
	expect(output('Call events')).toHaveLength(1);
	expect(output('Refused requests')).toEqual([]);

	expect((await sendPbxEvent('voipcloud', url, { body, token: 'wrong' })).status).toBe(200);
	const executions = await context.api.waitForExecutions(id, 2, { settleMs: 500 });
	const refused = executions.find((execution: { id: string }) => execution.id !== run.id);
	const refusedOutput = refused?.data?.resultData?.runData?.['PBX Call Event']?.[0]?.data?.main;
	expect(refusedOutput?.[0] ?? []).toEqual([]);
	expect(JSON.stringify(refused?.data)).not.toContain(secretToken);
	expect(refusedOutput?.[1]?.[0]?.json).toEqual({
		refused: true,
		reason: 'Invalid X-Pbx-Token',
		pbx: 'voipcloud',
	});
	report('[examples] webhook-pbx-call-event: one event normalized, one wrong token refused');
});

test('replay-raw-events.json: stored events re-normalized from their raw payload', async () => {
	const { id } = await importExample('replay-raw-events.json', {});
	const url = `${context.baseUrl}/webhook/replay-pbx-events`;
	await waitForWebhookPath(url);
	const stored = [
		{
			event: 'call.ringing',
			raw: {
				Event: 'ringing',
				Callerid: '05552221133',
				User: '101',
				Usertype: 'ext',
				Id: '250917195359_47-0',
			},
		},
	];
	const answer = await post(url, [stored[0]]);
	expect(answer.status).toBe(200);
	const { status, error, output } = await onlyRun(id);
	expect(error).toBeUndefined();
	expect(status).toBe('success');
	expect(output('PBX Call Event').map((item) => item.json)).toEqual([
		expect.objectContaining({ pbx: '3cx', event: 'call.ringing', raw: stored[0].raw }),
	]);
	report('[examples] replay-raw-events: a stored 3CX event re-normalized');
});
