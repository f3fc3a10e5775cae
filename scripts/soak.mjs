#!/usr/bin/env node
// Load accounting (issue 13): scenario events of the three PBXs at a fixed concurrency,
// interleaved with wrong-secret and unselected-event requests, against n8n in regular mode
// (SQLite, one process) and in queue mode (main + webhook processor + worker, PostgreSQL and
// Redis); then every execution is counted through n8n's public API. In queue mode one run
// kills the worker half-way and starts it again (then every process is restarted, which runs n8n's
// queue recovery), and one runs undisturbed.
//   npm run soak [-- --events 2000 --concurrency 50 --mode all|regular|queue --worker-restart kill|term|none
//                   --restart-events N --n8n-env KEY=VALUE]
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const n8n = require('../test/support/n8n.js');
const { startPostgres } = require('../test/support/services.js');
const { startQueueN8n } = require('../test/support/queueN8n.js');
const { failedRuns, runSoak } = require('../test/support/soak.js');

const { values } = parseArgs({
	options: {
		events: { type: 'string', default: '2000' },
		concurrency: { type: 'string', default: '50' },
		mode: { type: 'string', default: 'all' },
		'worker-restart': { type: 'string', default: 'kill' },
		// Scenario events of the run with the worker restart (default: --events).
		'restart-events': { type: 'string' },
		// Extra n8n settings for every process, e.g. --n8n-env DB_PING_TIMEOUT_MS=30000
		'n8n-env': { type: 'string', multiple: true, default: [] },
	},
});
const n8nEnv = Object.fromEntries(
	values['n8n-env'].map((pair) => [
		pair.slice(0, pair.indexOf('=')),
		pair.slice(pair.indexOf('=') + 1),
	]),
);
const defaultEvents = Number(values.events);
const concurrency = Number(values.concurrency);
const modes = values.mode === 'all' ? ['regular', 'queue'] : [values.mode];
const workerRestart = values['worker-restart'];
const restartEvents = Number(values['restart-events'] ?? defaultEvents);
if (!['kill', 'term', 'none'].includes(workerRestart))
	throw new Error('--worker-restart: kill, term or none');

const workDir = mkdtempSync(join(tmpdir(), 'n8n-nodes-pbx-soak-'));
const log = (message) => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${message}`);
const runs = [];

function check(figures) {
	const problems = [];
	if (figures.fiveXX > 0) problems.push(`${figures.fiveXX} × 5xx`);
	if (figures.networkErrors > 0) problems.push(`${figures.networkErrors} requests unanswered`);
	if (figures.accepted !== figures.sentEvents) problems.push('not every event accepted');
	if (figures.refused !== figures.refusedSent) problems.push('not every wrong secret refused');
	if (figures.unselected !== figures.unselectedSent)
		problems.push('not every unselected event skipped');
	if (figures.executions !== figures.accepted) problems.push('executions ≠ accepted');
	if (figures.eventsRan !== figures.accepted) problems.push('events run ≠ accepted');
	if (figures.lost > 0) problems.push(`${figures.lost} lost`);
	if (figures.duplicateEventIds > 0 || figures.duplicatedCalls > 0) problems.push('duplicates');
	if (figures.strays > 0)
		problems.push(`${figures.strays} executions from refused/unselected requests`);
	if (figures.distinctEventIds !== figures.accepted) problems.push('eventIds ≠ accepted');
	return problems;
}

async function soak(name, target, { events = defaultEvents, ...options } = {}) {
	log(
		`${name}: ${events} scenario events at concurrency ${concurrency} (load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)`,
	);
	const figures = await runSoak(target, {
		events,
		concurrency,
		label: name,
		onProgress: (message) => log(`${name}: ${message}`),
		...options,
	});
	const problems = check(figures);
	runs.push({ name, figures, problems, loadAverage: loadavg()[0] });
	log(`${name}: ${problems.length === 0 ? 'all accounted for' : problems.join(', ')}`);
	console.log(JSON.stringify(figures, null, 2));
	return figures;
}

const tarball = n8n.packPackage(join(workDir, 'pack'));

if (modes.includes('regular')) {
	const userFolder = join(workDir, 'regular', 'user');
	n8n.installPackage(userFolder, tarball);
	const running = await n8n.startN8n({
		userFolder,
		port: await n8n.freePort(),
		logFile: join(workDir, 'regular', 'n8n.log'),
		env: n8nEnv,
	});
	try {
		const { apiKey } = await n8n.provisionOwner(running.baseUrl);
		await soak('regular mode (SQLite)', {
			baseUrl: running.baseUrl,
			api: new n8n.N8nApi(running.baseUrl, apiKey),
		});
	} finally {
		await n8n.stopN8n(running.child);
	}
}

if (modes.includes('queue')) {
	const postgres = await startPostgres(join(workDir, 'queue'));
	let cluster;
	try {
		cluster = await startQueueN8n({
			dir: join(workDir, 'queue', 'n8n'),
			tarball,
			postgres,
			database: 'n8n_soak',
			env: n8nEnv,
		});
		log(
			`queue mode up in ${JSON.stringify(cluster.startupMs)} ms, load balancer ${cluster.baseUrl}`,
		);
		// The run with the worker restart first: its figures are the ones a short session most needs.
		if (workerRestart !== 'none') {
			const signal = workerRestart === 'kill' ? 'SIGKILL' : 'SIGTERM';
			const name = `queue mode, worker ${signal === 'SIGKILL' ? 'killed' : 'stopped'} and restarted half-way`;
			const figures = await soak(name, cluster, {
				events: restartEvents,
				idleMs: 100_000,
				during: async () => {
					const t0 = Date.now();
					log(`${name}: ${signal} to the worker`);
					await cluster.stop('worker', { signal, graceMs: 60_000 });
					const stoppedMs = Date.now() - t0;
					await sleep(5_000);
					const startMs = await cluster.start('worker');
					log(`${name}: worker back after ${Math.round((Date.now() - t0) / 1000)} s`);
					return { signal, stoppedMs, downMs: Date.now() - t0, startMs };
				},
			});
			// n8n's queue recovery runs when the main starts (and every 3 h): it marks executions
			// whose job is gone from the queue as crashed.
			const runningBefore = figures.executionsByStatus;
			await cluster.restartAll();
			const after = {};
			for (const id of Object.values(figures.workflows)) {
				for (const execution of await cluster.api.listExecutions(id, { includeData: false })) {
					after[execution.status] = (after[execution.status] ?? 0) + 1;
				}
			}
			log(
				`${name}: statuses before ${JSON.stringify(runningBefore)}, after restarting every process ${JSON.stringify(after)}`,
			);
			runs[runs.length - 1].afterRestart = after;
		}
		await soak('queue mode', cluster);
	} finally {
		await cluster?.close();
		await postgres.stop();
	}
}

console.log(
	'\n| run | sent | accepted | executions | refused (401) | unselected (200, no run) | duplicates | lost | 5xx | p50 / p95 answer | exec/s |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const { name, figures: f } of runs) {
	console.log(
		`| ${name} | ${f.sent} | ${f.accepted} | ${f.executions} (${Object.entries(f.executionsByStatus)
			.map(([status, n]) => `${n} ${status}`)
			.join(
				', ',
			)}) | ${f.refused} | ${f.unselected} | ${f.duplicateEventIds} | ${f.lost} | ${f.fiveXX} | ${f.latencyMs.p50} / ${f.latencyMs.p95} ms | ${f.executionsPerSecond} |`,
	);
}
writeFileSync(join(workDir, 'soak.json'), JSON.stringify(runs, null, 2));
log(`figures in ${join(workDir, 'soak.json')}`);
const failed = failedRuns(runs);
for (const run of failed) {
	log(`FAILED ${run.name}: ${run.problems.join(', ')}`);
	if (run.figures.lost > 0) {
		log(
			`${run.figures.lost} events lost: see them in n8n's executions (status error or crashed), and replay each with Retry (its trigger data is kept); docs/queue-mode.md.`,
		);
	}
}
process.exit(failed.length === 0 ? 0 : 1);
