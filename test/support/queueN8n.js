// n8n in queue mode, as n8n's docs deploy it: a main (`n8n start`: editor, APIs, publishing,
// which runs the triggers' webhookMethods), a webhook processor (`n8n webhook`: production
// webhook requests, which runs the triggers' webhook()) and a worker (`n8n worker`: every
// production execution), sharing PostgreSQL, Redis and one encryption key. Each process has its
// own user folder with this package installed, as every image of a deployment must. A load
// balancer in front sends /webhook/* to the webhook processor and the rest to the main, and the
// main serves no production webhook (N8N_DISABLE_PRODUCTION_MAIN_PROCESS).
const {
	appendFileSync,
	cpSync,
	existsSync,
	mkdirSync,
	readFileSync,
	readdirSync,
} = require('node:fs');
const { join } = require('node:path');

const { startLoadBalancer } = require('./loadBalancer');
const { N8nApi, freePort, installPackage, provisionOwner, startN8n, stopN8n } = require('./n8n');
const { createDatabase, startRedis } = require('./services');

const ROLES = ['main', 'webhook', 'worker'];
const wait = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * @param {{
 *   dir: string,
 *   tarball: string,
 *   postgres: { host: string, port: number, user: string },
 *   database: string,
 *   workerConcurrency?: number,
 *   env?: Record<string, string>,
 *   proxyHops?: number,
 * }} options
 */
async function startQueueN8n({
	dir,
	tarball,
	postgres,
	database,
	workerConcurrency = 10,
	env = {},
	proxyHops = 1,
}) {
	mkdirSync(dir, { recursive: true });
	// Its own Redis: queues and pub/sub channels of two deployments never meet.
	const redis = await startRedis(dir);
	// Every process it starts, for reapLeftovers when a test gave up before close().
	const pidFile = join(dir, 'pids');
	const remember = (kind, pid) => appendFileSync(pidFile, `${kind} ${pid}\n`);
	remember('redis-server', redis.pid);
	createDatabase(postgres, database);

	const folders = Object.fromEntries(ROLES.map((role) => [role, join(dir, role)]));
	installPackage(folders.main, tarball);
	for (const role of ['webhook', 'worker']) {
		cpSync(join(folders.main, '.n8n', 'nodes'), join(folders[role], '.n8n', 'nodes'), {
			recursive: true,
		});
	}
	const ports = { main: await freePort(), webhook: await freePort(), worker: await freePort() };
	const lb = await startLoadBalancer({
		main: `http://127.0.0.1:${ports.main}`,
		webhooks: [`http://127.0.0.1:${ports.webhook}`],
	});
	const logs = Object.fromEntries(ROLES.map((role) => [role, join(dir, `${role}.log`)]));

	const shared = {
		EXECUTIONS_MODE: 'queue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		// n8n's default of 2 connections cannot take a burst of 50 webhooks (README, Queue mode step 6).
		DB_POSTGRESDB_POOL_SIZE: '10',
		// Behind the load balancer: the client's address is the last X-Forwarded-For entry.
		N8N_PROXY_HOPS: String(proxyHops),
		...env,
	};
	// Minutes, not seconds, on a busy machine: the main runs every database migration on its first start.
	const timeoutMs = 600_000;
	/** A worker (`name`: its folder, log and role), its health check on `port`. */
	const launchWorker = (name, port) =>
		startN8n({
			command: 'worker',
			args: [`--concurrency=${workerConcurrency}`],
			userFolder: join(dir, name),
			port,
			logFile: join(dir, `${name}.log`),
			webhookUrl: `${lb.url}/`,
			readinessUrl: `http://127.0.0.1:${port}/healthz/readiness`,
			onSpawn: (child) => remember('n8n', child.pid),
			timeoutMs,
			env: {
				...shared,
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(port),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			},
		});
	const launch = {
		main: () =>
			startN8n({
				userFolder: folders.main,
				port: ports.main,
				logFile: logs.main,
				webhookUrl: `${lb.url}/`,
				onSpawn: (child) => remember('n8n', child.pid),
				timeoutMs,
				env: { ...shared, N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' },
			}),
		webhook: () =>
			startN8n({
				command: 'webhook',
				userFolder: folders.webhook,
				port: ports.webhook,
				logFile: logs.webhook,
				webhookUrl: `${lb.url}/`,
				onSpawn: (child) => remember('n8n', child.pid),
				timeoutMs,
				env: shared,
			}),
		worker: () => launchWorker('worker', ports.worker),
	};

	/** @type {Record<string, import('node:child_process').ChildProcess | null>} */
	const processes = { main: null, webhook: null, worker: null };
	const startupMs = {};
	async function start(role) {
		const running = await launch[role]();
		processes[role] = running.child;
		startupMs[role] = running.startupMs;
		return running.startupMs;
	}

	/** Workers started besides the first one (addWorker), by name. */
	const extraWorkers = new Map();
	const stopEverything = async () => {
		for (const child of extraWorkers.values()) await stopN8n(child);
		for (const role of ['worker', 'webhook', 'main']) await stopN8n(processes[role]);
		await lb.close();
		await redis.stop();
	};
	try {
		// The main first: it creates the schema the others need.
		await start('main');
		await Promise.all([start('webhook'), start('worker')]);
	} catch (error) {
		await stopEverything();
		throw error;
	}
	const { apiKey } = await provisionOwner(lb.url);

	return {
		/** Where users and PBXs reach n8n: the load balancer. */
		baseUrl: lb.url,
		mainUrl: `http://127.0.0.1:${ports.main}`,
		webhookProcessorUrl: `http://127.0.0.1:${ports.webhook}`,
		api: new N8nApi(lb.url, apiKey),
		apiKey,
		lb,
		logs,
		processes,
		startupMs,
		redis,
		start,
		/**
		 * Stops one process: SIGTERM lets n8n shut down gracefully (a worker first finishes what
		 * it runs, for up to N8N_GRACEFUL_SHUTDOWN_TIMEOUT); SIGKILL is a crash.
		 */
		async stop(role, options) {
			await stopN8n(processes[role], options);
		},
		/** Stops every n8n process, then starts them again in order; resolves with the total time. */
		async restartAll() {
			const started = Date.now();
			for (const role of ['worker', 'webhook', 'main']) await stopN8n(processes[role]);
			await start('main');
			await Promise.all([start('webhook'), start('worker')]);
			return Date.now() - started;
		},
		/** Starts one more worker (scale-out); resolves with its name and process. */
		async addWorker() {
			const name = `worker-${extraWorkers.size + 2}`;
			cpSync(join(folders.main, '.n8n', 'nodes'), join(dir, name, '.n8n', 'nodes'), {
				recursive: true,
			});
			const running = await launchWorker(name, await freePort());
			extraWorkers.set(name, running.child);
			return { name, child: running.child, startupMs: running.startupMs };
		},
		/** Stops a worker addWorker started (SIGTERM: it finishes what it runs first). */
		async stopWorker(name) {
			await stopN8n(extraWorkers.get(name));
			extraWorkers.delete(name);
		},
		workerRan: (executionId, options) => workerRan(logs.worker, executionId, options),
		/** Stops the n8n processes, the load balancer and Redis (not the shared PostgreSQL). */
		close: stopEverything,
	};
}

/** Whether the worker's log (`logFile`) says it ran the execution. */
async function workerRan(logFile, executionId, { timeoutMs = 10_000 } = {}) {
	const line = new RegExp(`Worker started execution ${executionId} \\(job`);
	const started = Date.now();
	do {
		if (line.test(readFileSync(logFile, 'utf8'))) return true;
		await wait(200);
	} while (Date.now() - started < timeoutMs);
	return false;
}

/**
 * Kills what a deployment under `root` (any depth up to 2) started and did not stop: a test that
 * timed out while starting one never got to close() it. Checks each process is still n8n or
 * redis-server before killing it (n8n with its process group).
 */
function reapLeftovers(root) {
	const pidFiles = [];
	const walk = (dir, depth) => {
		if (!existsSync(dir) || depth > 2) return;
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			if (entry.isDirectory()) walk(join(dir, entry.name), depth + 1);
			else if (entry.name === 'pids') pidFiles.push(join(dir, entry.name));
		}
	};
	walk(root, 0);
	for (const file of pidFiles) {
		for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
			const [kind, pid] = line.split(' ');
			let cmdline = '';
			try {
				cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
			} catch {
				continue; // gone
			}
			if (!cmdline.includes(kind)) continue;
			try {
				process.kill(kind === 'n8n' ? -Number(pid) : Number(pid), 'SIGKILL');
			} catch {
				// gone meanwhile
			}
		}
	}
}

/** A queue-mode deployment started by startQueueN8n. */
/** @typedef {Awaited<ReturnType<typeof startQueueN8n>>} QueueN8n */

module.exports = { reapLeftovers, startQueueN8n, workerRan };
