// Starts a real n8n with this package installed the way a user installs it, and talks to it
// through its REST and public APIs. Shared by the e2e tests and `npm run dev`.
const { execFileSync, spawn } = require('node:child_process');
const { createWriteStream, existsSync, mkdirSync, readdirSync, writeFileSync } = require('node:fs');
const { dirname, join, resolve } = require('node:path');
const { createServer } = require('node:net');
const { request } = require('undici');

const { ensureRuntime } = require('../../scripts/n8n-runtime');

const ROOT = resolve(__dirname, '..', '..');
const OWNER = {
	email: 'owner@pbx.local',
	password: 'PbxOwner1234',
	firstName: 'PBX',
	lastName: 'Owner',
};

const wait = (ms) => new Promise((done) => setTimeout(done, ms));

function npm(args, cwd) {
	execFileSync('npm', args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Builds the package and packs it into a tarball, as `npm publish` would. */
function packPackage(destination) {
	mkdirSync(destination, { recursive: true });
	npm(['run', 'build', '--silent'], ROOT);
	npm(['pack', '--silent', '--pack-destination', destination], ROOT);
	const tarball = readdirSync(destination).find((name) => name.endsWith('.tgz'));
	return join(destination, tarball);
}

/** Installs the tarball into n8n's community-nodes folder (`<user folder>/.n8n/nodes`). */
function installPackage(userFolder, tarball) {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	if (!existsSync(join(nodesDir, 'package.json'))) {
		writeFileSync(
			join(nodesDir, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true }),
		);
	}
	// n8n provides n8n-workflow itself; --omit=peer keeps a second copy out.
	npm(
		[
			'install',
			tarball,
			'--omit=peer',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			'--loglevel=error',
		],
		nodesDir,
	);
}

/** A TCP port nobody listens on right now, on 127.0.0.1. */
function freePort() {
	return new Promise((resolvePort, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolvePort(port));
		});
	});
}

function n8nEnv({ userFolder, port, brokerPort, nodeBinDir, webhookUrl }) {
	// jest sets NODE_ENV=test, which makes n8n refuse to load nodes.
	const { NODE_ENV, JEST_WORKER_ID, ...inherited } = process.env;
	return {
		...inherited,
		NODE_ENV: 'production',
		// n8n starts its task runner with the `node` on PATH: make that Node 24 too.
		PATH: `${nodeBinDir}:${process.env.PATH}`,
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		// Its task broker too, so several n8n instances can run side by side.
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		WEBHOOK_URL: webhookUrl ?? `http://127.0.0.1:${port}/`,
		N8N_EDITOR_BASE_URL: `http://localhost:${port}/`,
		N8N_ENCRYPTION_KEY: process.env.N8N_ENCRYPTION_KEY || 'n8n-nodes-pbx-local-encryption-key',
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL || 'info',
		// The triggers read PBX times without an offset in the workflow's time zone, which is this
		// unless a workflow sets one: the scenarios' PBX times are written in UTC.
		GENERIC_TIMEZONE: 'UTC',
		// n8n pings its database every 2 s and, when a ping has waited 5 s behind queued queries
		// (a burst of webhooks on 2 cores), answers every request 503 "Database is not ready!"
		// until a ping gets through (README, "Queue mode"): a burst must not refuse events.
		DB_PING_TIMEOUT_MS: process.env.DB_PING_TIMEOUT_MS || '30000',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		N8N_RUNNERS_ENABLED: 'false',
	};
}

/**
 * Starts an n8n process on Node 24 and resolves once it answers `readinessUrl` (by default its
 * own /healthz/readiness). `command` is `start` (a main), `webhook` or `worker`, with `args`;
 * `env` is added to (and wins over) the environment every n8n gets here.
 */
async function startN8n({
	userFolder,
	port,
	logFile,
	stdio,
	command = 'start',
	args = [],
	env = {},
	webhookUrl,
	readinessUrl,
	timeoutMs = 180_000,
	onSpawn,
}) {
	const runtime = ensureRuntime();
	mkdirSync(userFolder, { recursive: true });
	const output = logFile ? createWriteStream(logFile, { flags: 'a' }) : null;
	const child = spawn(runtime.nodeBin, [runtime.n8nBin, command, ...args], {
		env: {
			...n8nEnv({
				userFolder,
				port,
				brokerPort: await freePort(),
				nodeBinDir: dirname(runtime.nodeBin),
				webhookUrl,
			}),
			...env,
		},
		cwd: userFolder,
		stdio: stdio || ['ignore', 'pipe', 'pipe'],
		// Its own process group, so stopping it also stops its task runner.
		detached: true,
	});
	if (output) {
		child.stdout.pipe(output);
		child.stderr.pipe(output);
	}
	onSpawn?.(child);
	const baseUrl = `http://127.0.0.1:${port}`;
	const ready = readinessUrl ?? `${baseUrl}/healthz/readiness`;
	const started = Date.now();
	while (Date.now() - started < timeoutMs) {
		if (child.exitCode !== null)
			throw new Error(`n8n ${command} exited with code ${child.exitCode}; see ${logFile}`);
		try {
			if (await answers200(ready)) {
				// A main's readiness can pass before its REST API is mounted: on n8n 2.0.0 for
				// ~10 s (POST /rest/owner/setup answers Express's HTML 404), so wait for /rest too.
				const restUp =
					command !== 'start' || readinessUrl || (await answers200(`${baseUrl}/rest/settings`));
				if (restUp) return { child, baseUrl, startupMs: Date.now() - started };
			}
		} catch {
			// not listening yet
		}
		await wait(500);
	}
	await stopN8n(child);
	throw new Error(
		`n8n ${command} did not answer on ${ready} within ${timeoutMs / 1000} s; see ${logFile}`,
	);
}

async function answers200(url) {
	const res = await request(url);
	await res.body.text();
	return res.statusCode === 200;
}

/**
 * Stops an n8n process and its process group: SIGTERM (n8n shuts down gracefully) and SIGKILL
 * after `graceMs`; `{ signal: 'SIGKILL' }` kills it at once, as a crash would.
 */
async function stopN8n(child, { signal = 'SIGTERM', graceMs = 15_000 } = {}) {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((done) => child.once('exit', done));
	const signalGroup = (name) => {
		try {
			process.kill(-child.pid, name);
		} catch {
			// already gone
		}
	};
	signalGroup(signal);
	let timer;
	await Promise.race([exited, new Promise((done) => (timer = setTimeout(done, graceMs)))]);
	clearTimeout(timer);
	signalGroup('SIGKILL');
	await exited;
}

async function json(method, url, { body, headers = {} } = {}) {
	const res = await request(url, {
		method,
		headers: { 'content-type': 'application/json', ...headers },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.body.text();
	// An error may be Express's HTML page (a route this n8n version does not have).
	if (res.statusCode >= 400) {
		const error = new Error(`${method} ${url} → ${res.statusCode}: ${text.slice(0, 500)}`);
		error.statusCode = res.statusCode;
		throw error;
	}
	const data = text ? JSON.parse(text) : null;
	return { data, headers: res.headers };
}

/** Creates the owner on a fresh instance (or logs in on an existing one) and mints an API key. */
async function provisionOwner(baseUrl) {
	try {
		await json('POST', `${baseUrl}/rest/owner/setup`, { body: OWNER });
	} catch (error) {
		if (error.statusCode !== 400) throw error; // 400: the owner exists already
	}
	const login = await json('POST', `${baseUrl}/rest/login`, {
		body: { emailOrLdapLoginId: OWNER.email, password: OWNER.password },
	});
	const cookie = []
		.concat(login.headers['set-cookie'] || [])
		.map((c) => c.split(';')[0])
		.join('; ');
	const scopes = (await json('GET', `${baseUrl}/rest/api-keys/scopes`, { headers: { cookie } }))
		.data.data;
	const created = await json('POST', `${baseUrl}/rest/api-keys`, {
		headers: { cookie },
		body: { label: `pbx-${Date.now()}`, scopes, expiresAt: null },
	});
	rememberOwnerCookie(baseUrl, cookie);
	return { owner: OWNER, apiKey: created.data.data.rawApiKey, cookie };
}

const cookies = new Map();
/**
 * The owner's session cookie. n8n allows 5 logins per minute from one address, and the e2e test
 * files run in several processes at once: the login made when the owner was set up is shared
 * (the e2e state file carries it), each process logs in again only without it, and a login
 * refused with 429 is tried again once the minute has passed.
 * @returns {Promise<string>}
 */
function ownerCookie(baseUrl) {
	if (!cookies.has(baseUrl)) {
		const login = logInOwner(baseUrl);
		login.catch(() => cookies.delete(baseUrl));
		cookies.set(baseUrl, login);
	}
	return cookies.get(baseUrl);
}

function rememberOwnerCookie(baseUrl, cookie) {
	if (cookie) cookies.set(baseUrl, Promise.resolve(cookie));
}

async function logInOwner(baseUrl, attempts = 3) {
	for (let attempt = 1; ; attempt++) {
		try {
			const { headers } = await json('POST', `${baseUrl}/rest/login`, {
				body: { emailOrLdapLoginId: OWNER.email, password: OWNER.password },
			});
			return []
				.concat(headers['set-cookie'] || [])
				.map((c) => c.split(';')[0])
				.join('; ');
		} catch (error) {
			if (error.statusCode !== 429 || attempt >= attempts) throw error;
			await wait(30_000);
		}
	}
}

/** The public API (`/api/v1`) of one n8n instance. */
/** Whether a publication failed only by n8n 2.41's isolate race (see waitForPublication). */
function hitIsolateRace(status) {
	return (
		(status.status === 'partial' || status.status === 'failed') &&
		status.triggers.some((trigger) => /No bridge acquired/.test(trigger.errorMessage ?? ''))
	);
}

class N8nApi {
	constructor(baseUrl, apiKey) {
		this.baseUrl = baseUrl;
		this.apiKey = apiKey;
	}

	call(method, path, body) {
		return json(method, `${this.baseUrl}/api/v1${path}`, {
			body,
			headers: { 'x-n8n-api-key': this.apiKey },
		}).then((res) => res.data);
	}

	async createCredential(name, type, data) {
		try {
			return await this.call('POST', '/credentials', { name, type, data });
		} catch (error) {
			// n8n adds `allowedHttpRequestDomains` (default "all") and `allowedDomains` (shown for
			// "domains") to every credential with `authenticate`; 2.0.0's public API then requires
			// `allowedDomains` unless the choice is given (its schema's "if" holds for a missing
			// field). The editor always sends the choice; later versions accept it left out.
			if (error.statusCode !== 400 || !/allowedDomains/.test(error.message)) throw error;
			const withChoice = { allowedHttpRequestDomains: 'all', ...data };
			return this.call('POST', '/credentials', { name, type, data: withChoice });
		}
	}

	createWorkflow(workflow) {
		return this.call('POST', '/workflows', workflow);
	}

	activateWorkflow(id) {
		return this.call('POST', `/workflows/${id}/activate`);
	}

	deactivateWorkflow(id) {
		return this.call('POST', `/workflows/${id}/deactivate`);
	}

	/** Every execution of the workflow, newest first; `includeData: false` leaves the run data out. */
	async listExecutions(workflowId, { includeData = true } = {}) {
		const executions = [];
		let cursor;
		do {
			const query = new URLSearchParams({
				workflowId,
				includeData: String(includeData),
				limit: includeData ? '100' : '250',
			});
			if (cursor) query.set('cursor', cursor);
			const page = await this.call('GET', `/executions?${query}`);
			executions.push(...page.data);
			cursor = page.nextCursor;
		} while (cursor);
		return executions;
	}

	/** A session cookie of the owner, for the editor's REST API (/rest), which API keys cannot use. */
	ownerCookie() {
		return ownerCookie(this.baseUrl);
	}

	/** The editor's REST API (`/rest`) as the owner; the answer's `data`. */
	async rest(method, path, body) {
		const headers = { cookie: await this.ownerCookie() };
		const res = await json(method, `${this.baseUrl}/rest${path}`, { body, headers });
		return res.data.data;
	}

	/**
	 * What the editor shows about a publication: n8n 2.x publishes (and unpublishes) in the
	 * background, after the public API has answered.
	 * @returns {Promise<{ status: string, triggers: Array<{ nodeId: string, status: string, errorMessage: string | null }> }>}
	 */
	async publicationStatus(workflowId) {
		const { data } = await json(
			'GET',
			`${this.baseUrl}/rest/workflows/${workflowId}/publication-status`,
			{
				headers: { cookie: await this.ownerCookie() },
			},
		);
		return data.data;
	}

	/**
	 * Waits until publishing or unpublishing has settled in one of `statuses`; a failure throws.
	 * n8n 2.41's activator has a race: a poll tick of the same workflow that ends while another
	 * trigger is still activating releases the workflow's expression isolate, so that trigger's
	 * next request fails with "No bridge acquired for this context" (README, Compatibility). Like
	 * a person who sees it, the harness publishes such a workflow once more, and says so.
	 */
	async waitForPublication(workflowId, statuses = ['published'], { timeoutMs = 60_000 } = {}) {
		let started = Date.now();
		let last;
		let republished = false;
		while (Date.now() - started < timeoutMs) {
			try {
				last = await this.publicationStatus(workflowId);
			} catch (error) {
				// n8n before the background publication (2.0.x) has no such endpoint: there the
				// public API answers only once the workflow is (un)published.
				if (error.statusCode === 404) return { status: statuses[0], triggers: [] };
				throw error;
			}
			if (statuses.includes(last.status)) return last;
			if (!republished && statuses.includes('published') && hitIsolateRace(last)) {
				republished = true;
				console.warn(
					`[n8n] workflow ${workflowId}: a trigger failed to activate with n8n's "No bridge acquired" race; publishing it again`,
				);
				await this.deactivateWorkflow(workflowId);
				await this.waitForPublication(workflowId, ['not_published'], {
					timeoutMs,
				}).catch(() => undefined);
				await this.activateWorkflow(workflowId);
				started = Date.now();
				continue;
			}
			if (last.status === 'failed' && !statuses.includes('failed')) {
				const reasons = last.triggers.map((t) => t.errorMessage).filter(Boolean);
				throw new Error(`Publishing workflow ${workflowId} failed: ${reasons.join('; ')}`);
			}
			await wait(250);
		}
		throw new Error(
			`Workflow ${workflowId} did not reach ${statuses.join('/')} within ${timeoutMs} ms: ${JSON.stringify(last)}`,
		);
	}

	/** Waits until the workflow has `count` finished executions, then a little longer for strays. */
	async waitForExecutions(workflowId, count, { timeoutMs = 30_000, settleMs = 1_000 } = {}) {
		const started = Date.now();
		let executions = [];
		while (Date.now() - started < timeoutMs) {
			executions = (await this.listExecutions(workflowId)).filter((e) => e.finished || e.stoppedAt);
			if (executions.length >= count) break;
			await wait(250);
		}
		if (settleMs > 0) {
			await wait(settleMs);
			executions = await this.listExecutions(workflowId);
		}
		return executions.sort((a, b) => Number(a.id) - Number(b.id));
	}

	/**
	 * Proves that requests already answered started no execution, without waiting a fixed time:
	 * `sendMarker` sends one request that must start an execution whose data holds the text
	 * `marker` (of `markerWorkflowId`, the workflow itself unless given). Once that execution has
	 * finished, any execution an earlier request started is stored too: n8n stores an execution
	 * before it runs it, and the earlier requests had their answer before the marker was sent.
	 * Returns the workflow's executions other than the marker's.
	 */
	async executionsBesideMarker(
		workflowId,
		marker,
		sendMarker,
		{ markerWorkflowId = workflowId, timeoutMs = 30_000 } = {},
	) {
		await sendMarker();
		const started = Date.now();
		for (;;) {
			const ran = (await this.listExecutions(markerWorkflowId)).find(
				(execution) =>
					(execution.finished || execution.stoppedAt) &&
					JSON.stringify(execution.data ?? {}).includes(marker),
			);
			if (ran) {
				const executions = await this.listExecutions(workflowId);
				return executions.filter((execution) => execution.id !== ran.id);
			}
			if (Date.now() - started > timeoutMs) {
				throw new Error(`The marker request started no execution within ${timeoutMs} ms`);
			}
			await wait(250);
		}
	}
}

/**
 * Right after activation a production URL can answer 404 for a moment. Probes with an
 * unauthenticated POST, which our triggers refuse with 401 before any execution starts.
 */
async function waitForWebhook(url, { timeoutMs = 20_000 } = {}) {
	const started = Date.now();
	while (Date.now() - started < timeoutMs) {
		const res = await request(url, { method: 'POST', body: '' });
		await res.body.text();
		if (res.statusCode !== 404) return;
		await wait(200);
	}
	throw new Error(`${url} still answers 404 after ${timeoutMs} ms`);
}

/** The items a trigger node emitted in one execution. */
function triggerItems(execution, nodeName) {
	const runs = execution.data?.resultData?.runData?.[nodeName] ?? [];
	return runs.flatMap((run) => (run.data?.main?.[0] ?? []).map((item) => item.json));
}

module.exports = {
	N8nApi,
	freePort,
	OWNER,
	ownerCookie,
	ROOT,
	installPackage,
	packPackage,
	provisionOwner,
	rememberOwnerCookie,
	startN8n,
	stopN8n,
	triggerItems,
	waitForWebhook,
};
