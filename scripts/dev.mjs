#!/usr/bin/env node
// Starts a real n8n on http://localhost:5678 (SQLite, its default) with this package built,
// packed and installed as a user installs it, an owner login, and one published demo workflow
// per PBX trigger. First run prepares the cached n8n runtime (see scripts/n8n-runtime.js).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { ensureRuntime } = require('./n8n-runtime.js');
const { DEV_DIR, DEV_STATE_FILE, n8nExitReport } = require('./devState.js');
const n8n = require('../test/support/n8n.js');
const { triggerWorkflow } = require('../test/support/workflows.js');
const { createKompaasFake } = require('../test/fakes/kompaasApi.js');
const { startVoipcloudApi } = require('../test/fakes/voipcloudApi.js');
const { startThreeCxWebApi } = require('../test/fakes/threeCxWebApi.js');

const port = Number(process.env.N8N_PORT || 5678);
const voipcloudApiPort = Number(process.env.VOIPCLOUD_API_PORT || port + 2);
const kompaasApiPort = Number(process.env.KOMPAAS_API_PORT || port + 3);
const userFolder = join(DEV_DIR, 'user');
const logFile = join(DEV_DIR, 'n8n.log');

// The fake KOMPaaS API the demo KOMPaaS Trigger registers its webhooks with (127.0.0.1 only).
const kompaasFake = createKompaasFake({ token: 'kompaas-dev-token-0123456789' });
await kompaasFake.listen(kompaasApiPort);

/**
 * The demo trigger workflow of each PBX: what `npm run simulate` sends to. `credential` creates
 * its credential and returns the secret the PBX sends, unless the trigger makes its own, which
 * `secret` then reads once it is published.
 */
const TRIGGERS = {
	voipcloud: {
		nodeType: 'voipcloudTrigger',
		webhookPath: 'voipcloud',
		credential: async (api) => {
			const token = randomBytes(20).toString('hex');
			const created = await api.createCredential('voipcloud webhook (dev)', 'voipcloudWebhookApi', {
				secretToken: token,
			});
			return { credentials: { voipcloudWebhookApi: ref(created) }, token };
		},
	},
	'3cx': {
		nodeType: 'threeCxWebhookTrigger',
		webhookPath: '3cx',
		credential: async (api) => {
			const token = randomBytes(20).toString('hex');
			const created = await api.createCredential('3cx webhook (dev)', 'threeCxWebhookApi', {
				secret: token,
			});
			return { credentials: { threeCxWebhookApi: ref(created) }, token };
		},
		// The add-ons carry the secret in the URL: this is what goes into the ini file.
		setupUrl: (url, token) => `${url}?token=${token}`,
		scenario: 'queue-answered-second-agent',
	},
	kompaas: {
		nodeType: 'kompaasTrigger',
		webhookPath: 'kompaas',
		credential: async (api) => {
			const created = await api.createCredential('KOMPaaS API (dev, fake)', 'kompaasApi', {
				apiToken: kompaasFake.token,
				accountId: '',
				baseUrl: kompaasFake.baseUrl,
			});
			return { credentials: { kompaasApi: ref(created) }, apiUrl: kompaasFake.baseUrl };
		},
		// A demo made against a fake on another port has a stale credential: make a new one.
		current: (trigger) => trigger.apiUrl === kompaasFake.baseUrl,
		// Automatic setup: the fake holds the webhooks in memory, so publish again on every start.
		republish: true,
		secret: (url) =>
			kompaasFake.webhooks().find((webhook) => webhook.url === url)?.headers[
				'X-N8n-Webhook-Secret'
			],
	},
};

function ref(credential) {
	return { id: credential.id, name: credential.name };
}

mkdirSync(DEV_DIR, { recursive: true });
const previous = existsSync(DEV_STATE_FILE) ? JSON.parse(readFileSync(DEV_STATE_FILE, 'utf8')) : {};

try {
	ensureRuntime();
} catch (error) {
	// A RuntimeSetupError already says in one line what failed and what to do.
	console.error(`[dev] ${error.message}`);
	process.exit(1);
}
console.log('[dev] building and installing the package into n8n…');
n8n.installPackage(userFolder, n8n.packPackage(join(DEV_DIR, 'pack', String(Date.now()))));

console.log(`[dev] starting n8n (log: ${logFile})…`);
const { child, baseUrl } = await n8n.startN8n({ userFolder, port, logFile });
const voipcloudApi = await startVoipcloudApi({
	port: voipcloudApiPort,
	token: previous.voipcloudApi?.token ?? randomBytes(16).toString('hex'),
	history: { endAt: Date.now() },
});
const threeCxWebApi = await startThreeCxWebApi();
let stopping = false;
const stop = async (code = 0) => {
	stopping = true;
	await voipcloudApi.close();
	await threeCxWebApi.close();
	await kompaasFake.close();
	await n8n.stopN8n(child);
	if (code === 0) console.log('[dev] n8n stopped.');
	process.exit(code);
};
process.on('SIGINT', () => stop());
process.on('SIGTERM', () => stop());
// n8n runs in its own process group: a failed setup must not leave it running.
const fail = async (error) => {
	console.error('[dev] setup failed:', error);
	await stop(1);
};
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
child.once('exit', (code, signal) => {
	const report = n8nExitReport({ stopping, code, signal, logFile });
	if (!report) return;
	(report.error ? console.error : console.log)(report.line);
	process.exit(report.exitCode);
});

const { owner, apiKey } = await n8n.provisionOwner(baseUrl);
const api = new n8n.N8nApi(baseUrl, apiKey);
const state = { baseUrl, triggers: {} };
for (const [pbx, spec] of Object.entries(TRIGGERS)) {
	const existing = previous.triggers?.[pbx];
	const usable = existing && (spec.current?.(existing) ?? true);
	state.triggers[pbx] = usable
		? spec.republish
			? await republish(spec, existing)
			: existing
		: await createDemoTrigger(pbx, spec);
}
state.voipcloudApi =
	previous.voipcloudApi?.url === voipcloudApi.url
		? previous.voipcloudApi
		: await createVoipcloudApiDemo(voipcloudApi);
state.threeCxWebApiCredential = await replaceFakeWebApiCredential(previous.threeCxWebApiCredential);
writeFileSync(DEV_STATE_FILE, JSON.stringify(state, null, 2));

console.log(`
n8n is running at http://localhost:${port}
  login: ${owner.email} / ${owner.password}

fake KOMPaaS API: ${kompaasFake.baseUrl}
  token: ${kompaasFake.token} (a KOMPaaS API credential with this Base URL and token works)
`);
for (const [pbx, trigger] of Object.entries(state.triggers)) {
	const spec = TRIGGERS[pbx];
	console.log(`${pbx} trigger (workflow "${trigger.workflowName}")
  URL:    ${spec.setupUrl ? spec.setupUrl(trigger.url, trigger.token) : trigger.url}
  secret: ${trigger.token}
  try:    npm run simulate -- ${pbx} ${spec.scenario ?? 'inbound-answered'}
`);
}
const history = voipcloudApi.state.history;
console.log(`VoIPcloud API (fake) at ${voipcloudApi.url}
  ${history['get-user-calls'].length} user, ${history['get-queue-calls'].length} queue and ${history['get-ringgroup-calls'].length} ring group calls over the last 30 days; users 101-104; 100 requests per 15 minutes
  credential "${state.voipcloudApi.credentialName}": Region = Custom URL, Custom URL = ${voipcloudApi.url}, API key = ${voipcloudApi.token}
  try:    open workflow "${state.voipcloudApi.workflowName}" and press "Execute workflow"
  calls:  curl ${voipcloudApi.url}/__fake/calls   (what Make Call asked for)
  401:    curl -X POST '${voipcloudApi.url}/__fake/whitelist?listed=false'   (n8n's IP leaves the whitelist; listed=true to undo)
`);
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
	const { credentials, token, ...extra } = await spec.credential(api);
	const workflowName = `${pbx}: call events (dev)`;
	const built = triggerWorkflow({
		name: workflowName,
		nodeType: spec.nodeType,
		webhookPath: spec.webhookPath,
		parameters: { events: ['*'], output: 'normalized' },
		credentials,
	});
	const created = await api.createWorkflow(built.workflow);
	await api.activateWorkflow(created.id);
	const url = `http://localhost:${port}/webhook/${built.path}`;
	await api.waitForPublication(created.id);
	await n8n.waitForWebhook(url);
	return {
		workflowId: created.id,
		workflowName,
		url,
		token: token ?? readSecret(spec, built.path),
		...extra,
	};
}

async function republish(spec, trigger) {
	await api.deactivateWorkflow(trigger.workflowId);
	await api.waitForPublication(trigger.workflowId, ['not_published']);
	await api.activateWorkflow(trigger.workflowId);
	await api.waitForPublication(trigger.workflowId);
	const path = new URL(trigger.url).pathname.replace(/^\/webhook\//, '');
	return { ...trigger, token: readSecret(spec, path) };
}

/** The secret a self-registering trigger gave the PBX, as the PBX stores it. */
function readSecret(spec, path) {
	const secret = spec.secret(`http://127.0.0.1:${port}/webhook/${path}`);
	if (!secret) throw new Error(`The ${spec.nodeType} registered no webhook for ${path}`);
	return secret;
}

/** A "VoIPcloud API (fake)" credential pointing at the fake, and a workflow using every operation. */
async function createVoipcloudApiDemo(fake) {
	const credentialName = 'VoIPcloud API (fake)';
	const credential = await api.createCredential(credentialName, 'voipcloudApi', {
		apiKey: fake.token,
		region: 'custom',
		customUrl: fake.url,
		apiVersion: 'v2',
	});
	const voipcloud = (name, y, parameters) => ({
		id: randomUUID(),
		name,
		type: 'n8n-nodes-pbx.voipcloud',
		typeVersion: 1,
		position: [300, y],
		parameters,
		credentials: { voipcloudApi: { id: credential.id, name: credential.name } },
	});
	const trigger = {
		id: randomUUID(),
		name: 'When clicking Execute workflow',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 200],
		parameters: {},
	};
	const actions = [
		voipcloud('Get Many Queue Calls', 0, {
			resource: 'call',
			operation: 'getAll',
			callList: 'queue',
			returnAll: true,
			simplify: true,
		}),
		voipcloud('Get Status', 200, { resource: 'system', operation: 'getStatus' }),
		voipcloud('Make Call', 400, {
			resource: 'call',
			operation: 'make',
			userNumber: '101',
			numberToCall: '+61298765432',
		}),
	];
	const workflowName = 'voipcloud: API demo (dev)';
	const created = await api.createWorkflow({
		name: workflowName,
		nodes: [trigger, ...actions],
		connections: {
			[trigger.name]: {
				main: [actions.map((node) => ({ node: node.name, type: 'main', index: 0 }))],
			},
		},
		settings: { executionOrder: 'v1' },
	});
	return {
		url: fake.url,
		token: fake.token,
		credentialId: credential.id,
		credentialName,
		workflowId: created.id,
		workflowName,
	};
}
