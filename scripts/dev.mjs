#!/usr/bin/env node
// Starts a real n8n on http://localhost:5678 (SQLite, its default) with this package built,
// packed and installed as a user installs it, an owner login, and one published demo workflow
// per PBX trigger. First run prepares the cached n8n runtime (see scripts/n8n-runtime.js).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { ensureRuntime } = require('./n8n-runtime.js');
const { DEV_DIR, DEV_STATE_FILE } = require('./devState.js');
const n8n = require('../test/support/n8n.js');
const { triggerWorkflow } = require('../test/support/workflows.js');
const { startThreeCxWebApi } = require('../test/fakes/threeCxWebApi.js');

const port = Number(process.env.N8N_PORT || 5678);
const userFolder = join(DEV_DIR, 'user');
const logFile = join(DEV_DIR, 'n8n.log');

/** The demo trigger workflow of each PBX: what `npm run simulate` sends to. */
const TRIGGERS = {
	voipcloud: {
		nodeType: 'voipcloudTrigger',
		webhookPath: 'voipcloud',
		credentialType: 'voipcloudWebhookApi',
		credentialData: (token) => ({ secretToken: token }),
	},
	'3cx': {
		nodeType: 'threeCxWebhookTrigger',
		webhookPath: '3cx',
		credentialType: 'threeCxWebhookApi',
		credentialData: (token) => ({ secret: token }),
		// The add-ons carry the secret in the URL: this is what goes into the ini file.
		setupUrl: (url, token) => `${url}?token=${token}`,
		scenario: 'inbound-queue-answered',
	},
};

mkdirSync(DEV_DIR, { recursive: true });
const previous = existsSync(DEV_STATE_FILE) ? JSON.parse(readFileSync(DEV_STATE_FILE, 'utf8')) : {};

ensureRuntime();
console.log('[dev] building and installing the package into n8n…');
n8n.installPackage(userFolder, n8n.packPackage(join(DEV_DIR, 'pack', String(Date.now()))));

console.log(`[dev] starting n8n (log: ${logFile})…`);
const { child, baseUrl } = await n8n.startN8n({ userFolder, port, logFile });
const threeCxWebApi = await startThreeCxWebApi();
const stop = async () => {
	await threeCxWebApi.close();
	await n8n.stopN8n(child);
	process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.once('exit', (code) => {
	console.error(`[dev] n8n exited (${code}); see ${logFile}`);
	process.exit(1);
});

const { owner, apiKey } = await n8n.provisionOwner(baseUrl);
const api = new n8n.N8nApi(baseUrl, apiKey);
const state = { baseUrl, triggers: {} };
for (const [pbx, spec] of Object.entries(TRIGGERS)) {
	state.triggers[pbx] = previous.triggers?.[pbx] ?? (await createDemoTrigger(pbx, spec));
}
state.threeCxWebApiCredential = await replaceFakeWebApiCredential(previous.threeCxWebApiCredential);
writeFileSync(DEV_STATE_FILE, JSON.stringify(state, null, 2));

console.log(`
n8n is running at http://localhost:${port}
  login: ${owner.email} / ${owner.password}
`);
for (const [pbx, trigger] of Object.entries(state.triggers)) {
	const spec = TRIGGERS[pbx];
	console.log(`${pbx} trigger (workflow "${trigger.workflowName}")
  URL:    ${spec.setupUrl ? spec.setupUrl(trigger.url, trigger.token) : trigger.url}
  secret: ${trigger.token}
  try:    npm run simulate -- ${pbx} ${spec.scenario ?? 'inbound-answered'}
`);
}
console.log(`Fake 3CX WebAPI (makecall, recordings) at ${threeCxWebApi.url}, access key ${threeCxWebApi.key}
  credential "${state.threeCxWebApiCredential.name}" points at it (try the 3CX WebAPI node)
`);
console.log('Press Ctrl+C to stop.');

/** The fake listens on a new port each run: its credential is replaced to match. */
async function replaceFakeWebApiCredential(previousCredential) {
	if (previousCredential) {
		await api.call('DELETE', `/credentials/${previousCredential.id}`).catch(() => undefined);
	}
	const created = await api.createCredential('3CX WebAPI (dev fake)', 'threeCxWebApi', {
		baseUrl: threeCxWebApi.url,
		apiKey: threeCxWebApi.key,
		allowSelfSigned: false,
	});
	return { id: created.id, name: created.name };
}

async function createDemoTrigger(pbx, spec) {
	const token = randomBytes(20).toString('hex');
	const credential = await api.createCredential(
		`${pbx} webhook (dev)`,
		spec.credentialType,
		spec.credentialData(token),
	);
	const workflowName = `${pbx}: call events (dev)`;
	const built = triggerWorkflow({
		name: workflowName,
		nodeType: spec.nodeType,
		webhookPath: spec.webhookPath,
		parameters: { events: ['*'], output: 'normalized' },
		credentials: { [spec.credentialType]: { id: credential.id, name: credential.name } },
	});
	const created = await api.createWorkflow(built.workflow);
	await api.activateWorkflow(created.id);
	const url = `http://localhost:${port}/webhook/${built.path}`;
	await n8n.waitForWebhook(url);
	return { workflowId: created.id, workflowName, url, token };
}
