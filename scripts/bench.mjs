#!/usr/bin/env node
// Benchmarks with targets (not timed tests):
//  1. in-process: the trigger pipeline's cost per event (intake, secret check, recognise, normalize);
//  2. real n8n: how fast a PBX gets its answer and how many executions per second n8n completes.
//   npm run bench [-- --quick]
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const n8n = require('../test/support/n8n.js');
const { loadScenario, renderScenario } = require('../test/support/scenarios.js');
const { sendPbxEvent } = require('../test/support/pbxSender.js');
const { publishTriggerWorkflow } = require('../test/support/workflows.js');

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const scale = values.quick ? 0.25 : 1;
const results = [];

function record(name, value, unit, target, ok) {
	results.push({ name, value: `${value} ${unit}`.trim(), target, ok });
}

function percentile(sorted, p) {
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

// ---- 1. in-process pipeline ------------------------------------------------------------------
const workDir = mkdtempSync(join(tmpdir(), 'n8n-nodes-pbx-bench-'));
const tarball = n8n.packPackage(join(workDir, 'pack')); // also builds dist/
const { VoipcloudTrigger } = require('../dist/nodes/Voipcloud/VoipcloudTrigger.node.js');
const trigger = new VoipcloudTrigger();
const token = randomBytes(20).toString('hex');
const steps = renderScenario(loadScenario('voipcloud', 'ring-group-answered')).steps.map(
	(s) => s.body,
);

function context(body, { output = 'normalized', secret = token } = {}) {
	const rawBody = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
	const response = { status: () => response, json: () => response, end: () => response };
	return {
		getHeaderData: () => ({ 'content-type': 'application/json', 'x-pbx-token': secret }),
		getRequestObject: () => ({ rawBody, body: undefined }),
		getResponseObject: () => response,
		getQueryData: () => ({}),
		getNodeParameter: (name, fallback) => (name === 'output' ? output : fallback),
		getCredentials: async () => ({ secretToken: token }),
	};
}

async function perEvent(name, body, events, options, targetUs) {
	const iterations = Math.round((20_000 * scale) / events);
	for (let i = 0; i < 200; i++) await trigger.webhook.call(context(body, options));
	const started = performance.now();
	for (let i = 0; i < iterations; i++) await trigger.webhook.call(context(body, options));
	const us = ((performance.now() - started) * 1000) / (iterations * events);
	record(`pipeline: ${name}`, us.toFixed(1), 'µs/event', `< ${targetUs} µs`, us < targetUs);
}

await perEvent('one JSON event, normalized', steps[3], 1, {}, 100);
await perEvent('one JSON event, raw', steps[3], 1, { output: 'raw' }, 100);
await perEvent(
	'batch of 50 events',
	Array.from({ length: 50 }, (_, i) => steps[i % steps.length]),
	50,
	{},
	100,
);
await perEvent(
	'malformed JSON, repaired',
	'{"type":"user_inbound","caller_id": 0298765432,}',
	1,
	{},
	100,
);
await perEvent('wrong secret (401)', steps[3], 1, { secret: 'wrong' }, 100);

// ---- 2. real n8n -----------------------------------------------------------------------------
// Measured against n8n's own Webhook node checking a header secret (Header Auth credential), which
// takes the same path through n8n as any community trigger: n8n acquires an expression isolate for
// every request to a trigger that is not its own Webhook node v2, and loads the credential.
const userFolder = join(workDir, 'user');
n8n.installPackage(userFolder, tarball);
const port = await n8n.freePort();
const { child, baseUrl } = await n8n.startN8n({
	userFolder,
	port,
	logFile: join(workDir, 'n8n.log'),
});
const cpuMs = () => {
	const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return (Number(fields[11]) + Number(fields[12])) * 10;
};
try {
	const { apiKey } = await n8n.provisionOwner(baseUrl);
	const api = new n8n.N8nApi(baseUrl, apiKey);
	const context = { api, baseUrl };
	const credential = await api.createCredential('bench', 'voipcloudWebhookApi', {
		secretToken: token,
	});
	const credentials = { voipcloudWebhookApi: { id: credential.id, name: credential.name } };
	const publish = (name, parameters) =>
		publishTriggerWorkflow(context, {
			name,
			nodeType: 'voipcloudTrigger',
			webhookPath: 'voipcloud',
			parameters,
			credentials,
		});
	const count = Math.round(200 * scale);
	const body = steps[3];

	/** Sends `count` requests, 4 at a time; then waits for `executions` runs of the workflow. */
	async function measure(url, { sendToken = token, status = 200, workflowId, executions = 0 }) {
		const latencies = [];
		let next = 0;
		const cpuBefore = cpuMs();
		const started = performance.now();
		await Promise.all(
			Array.from({ length: 4 }, async () => {
				while (next < count) {
					next++;
					const t0 = performance.now();
					const answer = await sendPbxEvent('voipcloud', url, { body, token: sendToken });
					if (answer.status !== status) throw new Error(`${url}: HTTP ${answer.status}`);
					latencies.push(performance.now() - t0);
				}
			}),
		);
		const runs = executions
			? (await api.waitForExecutions(workflowId, executions, { timeoutMs: 120_000, settleMs: 0 }))
					.length
			: 0;
		const seconds = (performance.now() - started) / 1000;
		latencies.sort((a, b) => a - b);
		return {
			p50: percentile(latencies, 50),
			p95: percentile(latencies, 95),
			perSecond: (executions ? runs : count) / seconds,
			cpu: (cpuMs() - cpuBefore) / count,
			runs,
		};
	}

	async function webhookNode(typeVersion, authenticated) {
		const path = `bench-webhook-v${typeVersion}-${randomBytes(4).toString('hex')}`;
		const auth = authenticated
			? await api.createCredential('bench header', 'httpHeaderAuth', {
					name: 'X-Pbx-Token',
					value: token,
				})
			: null;
		const workflow = await api.createWorkflow({
			name: `bench: n8n Webhook node v${typeVersion}`,
			nodes: [
				{
					id: randomBytes(8).toString('hex'),
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion,
					position: [0, 0],
					webhookId: randomBytes(16).toString('hex'),
					parameters: {
						httpMethod: 'POST',
						path,
						authentication: auth ? 'headerAuth' : 'none',
						options: {},
					},
					...(auth ? { credentials: { httpHeaderAuth: { id: auth.id, name: auth.name } } } : {}),
				},
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		});
		await api.activateWorkflow(workflow.id);
		await sleep(1000);
		return { id: workflow.id, url: `${baseUrl}/webhook/${path}` };
	}

	const fastPath = await webhookNode(2, false);
	const fast = await measure(fastPath.url, { workflowId: fastPath.id, executions: count });
	record(
		'info: n8n Webhook node v2, no auth (n8n-only fast path)',
		`${fast.cpu.toFixed(0)} ms CPU/event, ${fast.perSecond.toFixed(1)} exec/s`,
		'',
		'(information)',
		true,
	);

	const referenceNode = await webhookNode(1, true);
	const reference = await measure(referenceNode.url, {
		workflowId: referenceNode.id,
		executions: count,
	});
	record(
		'reference: n8n Webhook node v1 + Header Auth',
		`${reference.cpu.toFixed(0)} ms CPU/event, ${reference.perSecond.toFixed(1)} exec/s, answer p95 ${reference.p95.toFixed(0)} ms`,
		'',
		'(information)',
		true,
	);

	const all = await publish('bench: all events', { events: ['*'] });
	const ours = await measure(all.url, { workflowId: all.id, executions: count });
	record(
		'VoIPcloud Trigger: n8n CPU per event (request + execution)',
		ours.cpu.toFixed(0),
		'ms',
		'≤ reference × 1.15',
		ours.cpu <= reference.cpu * 1.15,
	);
	record(
		'VoIPcloud Trigger: answer to the PBX, p50 / p95 (4 concurrent)',
		`${ours.p50.toFixed(0)} / ${ours.p95.toFixed(0)}`,
		'ms',
		'p95 ≤ reference × 1.25 + 10 ms',
		ours.p95 <= reference.p95 * 1.25 + 10,
	);
	record(
		`VoIPcloud Trigger: executions completed (${ours.runs}/${count})`,
		ours.perSecond.toFixed(1),
		'exec/s',
		'none lost',
		ours.runs === count,
	);

	const rejected = await measure(all.url, { sendToken: 'wrong', status: 401 });
	record(
		'wrong secret: n8n CPU per request (401)',
		rejected.cpu.toFixed(0),
		'ms',
		'< an accepted event',
		rejected.cpu < ours.cpu,
	);
	const filtered = await publish('bench: voicemail only', { events: ['voicemail'] });
	const skipped = await measure(filtered.url, {});
	record(
		'unselected event: n8n CPU per request (200)',
		skipped.cpu.toFixed(0),
		'ms',
		'< an accepted event',
		skipped.cpu < ours.cpu,
	);
	const stray =
		(await api.listExecutions(all.id)).length -
		count +
		(await api.listExecutions(filtered.id)).length;
	record('executions started by rejected or unselected requests', stray, '', '0', stray === 0);
} finally {
	await n8n.stopN8n(child);
}

console.log('\n| benchmark | result | target | |\n| --- | --- | --- | --- |');
for (const r of results)
	console.log(`| ${r.name} | ${r.value} | ${r.target} | ${r.ok ? 'ok' : 'MISSED'} |`);
const missed = results.filter((r) => !r.ok).length;
console.log(`\n${results.length - missed} met, ${missed} missed`);
process.exit(missed === 0 ? 0 : 1);
