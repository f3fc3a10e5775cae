// The README's CRM example (examples/crm-call-log.json), imported into a real n8n as shipped,
// with a trigger for each PBX, fed every scenario of every PBX in every form the PBX sends:
// the data table must end with exactly one row per call, with the answered, outcome and agent
// of the call's final end, a follow-up row for exactly the inbound calls nobody answered (also
// where the PBX first sent an unanswered end and then an answered one, while the example waited
// for the call to settle), and the recording on the recorded ones. The triggers' events in those executions must tell each call's story too:
// this is the conformance matrix in a real n8n.
import { randomBytes, randomUUID } from 'crypto';
import { sleep } from 'n8n-workflow';

import { callEventSchema, type CallEvent } from '../../nodes/shared/callEventSchema';
import { createKompaasFake } from '../fakes/kompaasApi';
import {
	checkStory,
	expectedStory,
	loadConformance,
	stepsInForm,
	storyCases,
} from '../support/conformance';
import { e2eContext } from '../support/e2eState';
import { loadExample, report } from '../support/examples';
import { triggerItems, waitForWebhook } from '../support/n8n';
import { sendPbxEvent } from '../support/pbxSender';
import { loadScenario, renderScenario } from '../support/scenarios';

const context = e2eContext();
const conformance = loadConformance();

/** Each PBX's trigger in the example, the path of its webhook, and how its secret is set. */
const TRIGGERS = {
	voipcloud: { node: 'VoIPcloud Trigger', path: 'voipcloud' },
	kompaas: { node: 'KOMPaaS Trigger', path: 'kompaas' },
	'3cx': { node: '3CX Webhook Trigger', path: '3cx' },
} as const;
type PbxName = keyof typeof TRIGGERS;

interface Row {
	callId: string;
	pbx: string;
	direction: string;
	contact: string | null;
	agent: string | null;
	answered: boolean | null;
	outcome: string | null;
	talkSec: number | null;
	recorded: boolean | null;
	recording: string | null;
}

interface FollowUp {
	callId: string;
	pbx: string;
	number: string | null;
	reason: string;
	direction: string;
}

interface Played {
	pbx: PbxName;
	form: string;
	story: { name: string; beats: Array<{ event: string }> };
	callId: string;
	beats: ReturnType<typeof expectedStory>;
}

const kompaasApi = createKompaasFake();
const played: Played[] = [];
let workflowId: string;
let urls: Record<PbxName, string>;
let secrets: Record<PbxName, string>;
let rows: Row[];
let followUps: FollowUp[];
let executions: Array<Record<string, unknown>>;

/**
 * Set when this n8n has no public API for data tables (before 2.x's `/api/v1/data-tables`, e.g.
 * 2.0.0): the tables are then made and read through the editor's REST API, in the owner's project.
 */
let restProjectId: string | undefined;

/**
 * A fresh table: one of the same name that another suite left in this n8n (the transcription
 * example writes to `pbx_calls` too) is deleted first, so the table holds this test's calls only.
 */
async function createTable(name: string, columns: Array<{ name: string; type: string }>) {
	const existing = await context.api.call('GET', '/data-tables?limit=100').then(
		(page: { data: Array<{ id: string; name: string }> }) =>
			page.data.find((table) => table.name === name),
		() => undefined,
	);
	if (existing) await context.api.call('DELETE', `/data-tables/${existing.id}`);
	const created = (await context.api.call('POST', '/data-tables', { name, columns }).then(
		(table: { id: string }) => table,
		(error: { statusCode?: number }) => (error.statusCode === 404 ? null : Promise.reject(error)),
	)) as { id: string } | null;
	if (created !== null) return created;
	restProjectId ??= ((await context.api.rest('GET', '/projects/personal')) as { id: string }).id;
	return (await context.api.rest('POST', `/projects/${restProjectId}/data-tables`, {
		name,
		columns,
	})) as { id: string };
}

async function tableRows<T>(tableId: string): Promise<T[]> {
	const found: T[] = [];
	if (restProjectId !== undefined) {
		for (let skip = 0; ; skip += 250) {
			const page = (await context.api.rest(
				'GET',
				`/projects/${restProjectId}/data-tables/${tableId}/rows?take=250&skip=${skip}`,
			)) as { count: number; data: T[] };
			found.push(...page.data);
			if (page.data.length === 0 || found.length >= page.count) return found;
		}
	}
	let cursor: string | undefined;
	do {
		const query = new URLSearchParams({ limit: '250' });
		if (cursor) query.set('cursor', cursor);
		const page = await context.api.call('GET', `/data-tables/${tableId}/rows?${query}`);
		found.push(...page.data);
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return found;
}

interface ExecutionSummary {
	id: string;
	finished?: boolean;
	stoppedAt?: string;
	waitTill?: string | null;
	status?: string;
}

/** The newest execution of the workflow, without its data (cheap to poll). */
async function newestExecution(): Promise<ExecutionSummary> {
	const page = await context.api.call('GET', `/executions?workflowId=${workflowId}&limit=1`);
	return page.data[0] ?? { id: '0' };
}

/** Whether an execution is waiting for the call to settle (the example's Wait node). */
const isWaiting = (execution: ExecutionSummary) =>
	execution.status === 'waiting' || Boolean(execution.waitTill);

/** The example's settle wait, shortened for the test to the least n8n keeps out of memory. */
const SETTLE_SECONDS = 65;

/** Waits until no execution of the workflow is waiting or running. */
async function allSettled(): Promise<void> {
	const started = Date.now();
	while (Date.now() - started < 300_000) {
		const page = await context.api.call('GET', `/executions?workflowId=${workflowId}&limit=250`);
		const open = (page.data as ExecutionSummary[]).filter(
			(execution) => isWaiting(execution) || !(execution.finished || execution.stoppedAt),
		);
		if (open.length === 0) return;
		await sleep(2000);
	}
	throw new Error('Executions still waiting after 300 s');
}

/**
 * Waits until the execution started after `afterId` has finished. A PBX sends the events of one
 * call seconds apart, so each one's execution is done before the next arrives.
 */
async function executionAfter(afterId: string): Promise<string> {
	const started = Date.now();
	while (Date.now() - started < 30_000) {
		const newest = await newestExecution();
		if (
			Number(newest.id) > Number(afterId) &&
			(newest.finished || newest.stoppedAt || isWaiting(newest))
		) {
			return newest.id;
		}
		await sleep(50);
	}
	throw new Error(`No execution finished after ${afterId} within 30 s`);
}

beforeAll(async () => {
	await kompaasApi.listen();
	const calls = await createTable('pbx_calls', [
		{ name: 'callId', type: 'string' },
		{ name: 'pbx', type: 'string' },
		{ name: 'direction', type: 'string' },
		{ name: 'contact', type: 'string' },
		{ name: 'agent', type: 'string' },
		{ name: 'answered', type: 'boolean' },
		{ name: 'outcome', type: 'string' },
		{ name: 'startedAt', type: 'string' },
		{ name: 'talkSec', type: 'number' },
		{ name: 'recorded', type: 'boolean' },
		{ name: 'recording', type: 'string' },
		{ name: 'lastEnd', type: 'string' },
	]);
	const followUpTable = await createTable('pbx_follow_ups', [
		{ name: 'callId', type: 'string' },
		{ name: 'pbx', type: 'string' },
		{ name: 'number', type: 'string' },
		{ name: 'reason', type: 'string' },
		{ name: 'direction', type: 'string' },
	]);

	const voipcloudSecret = randomBytes(24).toString('hex');
	const threeCxSecret = randomBytes(24).toString('hex');
	const credential = async (name: string, type: string, data: Record<string, unknown>) => {
		const created = await context.api.createCredential(name, type, data);
		return { [type]: { id: created.id, name: created.name } };
	};
	const credentials: Record<PbxName, Record<string, { id: string; name: string }>> = {
		voipcloud: await credential('CRM example: VoIPcloud', 'voipcloudWebhookApi', {
			secretToken: voipcloudSecret,
		}),
		kompaas: await credential('CRM example: KOMPaaS API (fake)', 'kompaasApi', {
			apiToken: kompaasApi.token,
			accountId: '',
			baseUrl: kompaasApi.baseUrl,
		}),
		'3cx': await credential('CRM example: 3CX', 'threeCxWebhookApi', { secret: threeCxSecret }),
	};

	// The example as a user imports it: only each trigger's credential is picked, the webhook
	// ids made unique to this run, and the settle wait shortened from 10 minutes.
	const example = loadExample('crm-call-log.json');
	const settle = example.nodes.find(
		(candidate: { name: string }) => candidate.name === 'Wait for the call to settle',
	);
	settle.parameters = { ...settle.parameters, amount: SETTLE_SECONDS, unit: 'seconds' };
	settle.webhookId = randomUUID();
	urls = {} as Record<PbxName, string>;
	for (const [pbx, { node, path }] of Object.entries(TRIGGERS) as Array<
		[PbxName, (typeof TRIGGERS)[PbxName]]
	>) {
		const trigger = example.nodes.find((candidate: { name: string }) => candidate.name === node);
		trigger.webhookId = randomUUID();
		trigger.credentials = credentials[pbx];
		urls[pbx] = `${context.baseUrl}/webhook/${trigger.webhookId}/${path}`;
	}
	const { name, nodes, connections, settings } = example;
	const created = await context.api.createWorkflow({ name, nodes, connections, settings });
	workflowId = created.id;
	await context.api.activateWorkflow(workflowId);
	await context.api.waitForPublication(workflowId, ['published']);
	for (const url of Object.values(urls)) await waitForWebhook(url);

	// The KOMPaaS Trigger registered its webhooks (Automatic setup) with a generated secret.
	const registered = kompaasApi.webhooks();
	expect(registered).toHaveLength(10);
	secrets = {
		voipcloud: voipcloudSecret,
		kompaas: registered[0].headers['X-N8n-Webhook-Secret'],
		'3cx': threeCxSecret,
	};

	let lastExecution = (await newestExecution()).id;
	let webhooks = 0;
	for (const { story, pbx, supported } of storyCases(conformance)) {
		if (!supported) continue;
		for (const form of conformance.pbxs[pbx].forms as string[]) {
			const scenario = renderScenario(loadScenario(pbx, story.name));
			for (const step of stepsInForm(pbx, form, scenario.steps)) {
				const answer = await sendPbxEvent(pbx, urls[pbx as PbxName], {
					...step,
					token: secrets[pbx as PbxName],
				});
				expect(answer.status).toBe(200);
				webhooks += 1;
				lastExecution = await executionAfter(lastExecution);
			}
			played.push({
				pbx: pbx as PbxName,
				form,
				story,
				callId: scenario.callId,
				beats: expectedStory(conformance, story, pbx, scenario.cast),
			});
		}
	}

	await allSettled();
	rows = await tableRows<Row>(calls.id);
	followUps = await tableRows<FollowUp>(followUpTable.id);
	executions = await context.api.listExecutions(workflowId);
	const perPbx = Object.keys(TRIGGERS).map((pbx) => {
		const calls = played.filter((call) => call.pbx === pbx);
		const callRows = rows.filter((row) => row.pbx === pbx).length;
		const followUpRows = followUps.filter((row) => row.pbx === pbx).length;
		return `${pbx} ${calls.length} calls → ${callRows} rows, ${followUpRows} follow-ups`;
	});
	report(
		`[crm example] ${webhooks} webhooks, ${executions.length} executions; ${perPbx.join('; ')}`,
	);
}, 900_000);

afterAll(async () => await kompaasApi.close());

/** The call's final end, as the story says it for that PBX. */
function endOf(call: Played): Record<string, unknown> {
	const ends = call.beats.filter((beat) => beat.event === 'call.ended');
	return ends[ends.length - 1].fields;
}

/** A caller nobody answered: the calls a follow-up is for (never an outbound call). */
function isMissedCaller(call: Played): boolean {
	const end = endOf(call);
	return end.direction === 'inbound' && end.outcome === 'missed';
}

describe('the CRM example in a real n8n, every scenario of every PBX', () => {
	test('every execution succeeded', () => {
		const failed = executions.filter((execution) => execution.status !== 'success');
		expect(failed.map((execution) => execution.id)).toEqual([]);
		expect(executions.length).toBeGreaterThan(played.length);
	});

	test('the calls table has exactly one row per call', () => {
		expect(rows.map((row) => row.callId).sort()).toEqual(played.map((call) => call.callId).sort());
	});

	test.each(['kompaas', 'voipcloud', '3cx'])(
		'%s: each row has the call’s answered, outcome, agent and contact',
		(pbx) => {
			const calls = played.filter((call) => call.pbx === pbx);
			expect(calls.length).toBeGreaterThan(0);
			for (const call of calls) {
				const row = rows.find((candidate) => candidate.callId === call.callId);
				const end = endOf(call);
				expect({ story: call.story.name, form: call.form, row }).toMatchObject({
					row: {
						pbx,
						direction: end.direction,
						answered: end.answered,
						outcome: end.outcome,
						agent: end['agent.extension'],
						...('contact.number' in end ? { contact: end['contact.number'] } : {}),
					},
				});
			}
		},
	);

	test('a follow-up row for exactly the inbound calls nobody answered, with the number to call back', () => {
		const unanswered = played.filter(isMissedCaller);
		// Outbound calls nobody answered are noAnswer, busy or failed: no follow-up.
		expect(played.some((call) => !isMissedCaller(call) && endOf(call).answered === false)).toBe(
			true,
		);
		expect(unanswered.length).toBeGreaterThan(0);
		expect(followUps.map((row) => row.callId).sort()).toEqual(
			unanswered.map((call) => call.callId).sort(),
		);
		for (const call of unanswered) {
			const followUp = followUps.find((row) => row.callId === call.callId);
			const end = endOf(call);
			expect(followUp).toMatchObject({ pbx: call.pbx, reason: end.outcome });
			if ('contact.number' in end) expect(followUp!.number).toBe(end['contact.number']);
		}
	});

	test('the recording reaches the call’s row on every PBX', () => {
		for (const call of played) {
			const recorded = call.beats.some((beat) => beat.event === 'recording.ready');
			const row = rows.find((candidate) => candidate.callId === call.callId);
			expect({
				story: call.story.name,
				pbx: call.pbx,
				form: call.form,
				recorded: row!.recorded,
			}).toEqual({
				story: call.story.name,
				pbx: call.pbx,
				form: call.form,
				recorded: recorded ? true : null,
			});
		}
	});

	test('the triggers’ events tell every call’s story; every end of a call has one eventId, only the last may be final', () => {
		const byCall = new Map<string, CallEvent[]>();
		const sorted = [...executions].sort((a, b) => Number(a.id) - Number(b.id));
		for (const execution of sorted) {
			for (const { node } of Object.values(TRIGGERS)) {
				for (const item of triggerItems(execution, node)) {
					const event = callEventSchema.parse(item);
					byCall.set(event.callId ?? '', [...(byCall.get(event.callId ?? '') ?? []), event]);
				}
			}
		}
		for (const call of played) {
			const problems = checkStory(byCall.get(call.callId) ?? [], call.beats, {
				callId: call.callId,
			});
			expect({ story: call.story.name, pbx: call.pbx, form: call.form, problems }).toEqual({
				story: call.story.name,
				pbx: call.pbx,
				form: call.form,
				problems: [],
			});
		}
	});
});
