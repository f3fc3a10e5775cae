// Scale-out benchmark (issue 14, `npm run bench -- --scale-out`): n8n in queue mode (a main, one
// webhook processor, one and then two workers; PostgreSQL and Redis from Debian's packages on
// 127.0.0.1, test/support/queueN8n.js), our trigger published, scenario events sent at a fixed
// concurrency until the rate is steady. Executions finished per second are counted from n8n's
// execution records; per event, the time from sending it to its execution's end; per process
// group (main, webhook processor, each worker, Redis, PostgreSQL, this process: sender and load
// balancer), the CPU it used during the measured window.
const { readFileSync } = require('node:fs');
const { cpus, loadavg } = require('node:os');
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');

const { waitForWebhook, triggerItems } = require('./n8n');
const { sendPbxEvent } = require('./pbxSender');
const { groupCpuMs, treeCpuMs } = require('./processGroupCpu');
const { startQueueN8n, reapLeftovers } = require('./queueN8n');
const { listScenarios, loadScenario, renderScenario } = require('./scenarios');
const { startPostgres } = require('./services');
const { triggerWorkflow } = require('./workflows');

const wait = (ms) => new Promise((done) => setTimeout(done, ms));
const percentile = (sorted, p) =>
	sorted.length === 0
		? null
		: sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const round1 = (x) => (x === null || x === undefined ? null : Math.round(x * 10) / 10);
const round2 = (x) => (x === null || x === undefined ? null : Math.round(x * 100) / 100);
const median = (list) => {
	const sorted = [...list].filter((x) => x !== null).sort((a, b) => a - b);
	if (sorted.length === 0) return null;
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Busy and total CPU time of the whole machine, in ms, from /proc/stat. */
function machineCpuMs() {
	const fields = readFileSync('/proc/stat', 'utf8')
		.split('\n')[0]
		.trim()
		.split(/\s+/)
		.slice(1)
		.map(Number);
	const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
	const idle = fields[3] + fields[4];
	return { busy: ((total - idle) * 1000) / 100, total: (total * 1000) / 100 };
}

/** Endless scenario events of `pbxs` in turn, each call rendered afresh, each body tagged. */
function* eventSource(pbxs) {
	let seq = 0;
	for (;;) {
		for (const pbx of pbxs) {
			for (const name of listScenarios(pbx)) {
				for (const step of renderScenario(loadScenario(pbx, name)).steps) {
					if (typeof step.body !== 'object' || step.body === null || Array.isArray(step.body))
						continue;
					seq++;
					yield { pbx, seq, step: { ...step, body: { ...step.body, benchSeq: seq } } };
				}
			}
		}
	}
}

/**
 * @param {{
 *   tarball: string, workDir: string, secret: string,
 *   specs: Record<string, { nodeType: string, credentialType: string, credentialData: Function, parameters: object }>,
 *   pbxs: string[], warmupSeconds: number, measureSeconds: number, concurrency: number,
 *   rounds: number, workerConcurrency: number, log: (message: string) => void,
 * }} options
 */
async function runScaleOut(options) {
	const { tarball, workDir, secret, specs, pbxs, log } = options;
	const postgres = await startPostgres(join(workDir, 'postgres'));
	let cluster;
	try {
		cluster = await startQueueN8n({
			dir: join(workDir, 'queue'),
			tarball,
			postgres,
			database: 'n8n_bench',
			workerConcurrency: options.workerConcurrency,
			// As README Queue mode step 6 says, for bursts.
			env: { DB_PING_TIMEOUT_MS: '30000' },
		});
		log(`queue mode up behind ${cluster.baseUrl}`);
		const targets = {};
		for (const pbx of pbxs) {
			const spec = specs[pbx];
			const credential = await cluster.api.createCredential(
				`scale-out ${pbx}`,
				spec.credentialType,
				spec.credentialData(secret),
			);
			const built = triggerWorkflow({
				name: `scale-out ${pbx}`,
				nodeType: spec.nodeType,
				webhookPath: pbx,
				parameters: { ...spec.parameters, events: ['*'] },
				credentials: { [spec.credentialType]: { id: credential.id, name: credential.name } },
			});
			// Only the executions' outcome matters here, as in a production deployment's default.
			const created = await cluster.api.createWorkflow(built.workflow);
			await cluster.api.activateWorkflow(created.id);
			const url = `${cluster.baseUrl}/webhook/${built.path}`;
			await waitForWebhook(url);
			targets[pbx] = { id: created.id, url, nodeName: built.nodeName };
		}
		// Each PBX on its own (its events only), in the same deployment.
		const byPbx = {};
		for (const pbx of pbxs) {
			const source = eventSource([pbx]);
			const own = { [pbx]: targets[pbx] };
			const phases = [];
			for (let round = 0; round < options.rounds; round++) {
				for (const workers of [1, 2]) {
					let extra = null;
					if (workers === 2) {
						extra = await cluster.addWorker();
						log(`second worker up (${Math.round(extra.startupMs / 1000)} s)`);
					}
					try {
						phases.push(
							await phase({ ...options, cluster, postgres, targets: own, source, workers, extra }),
						);
					} finally {
						if (extra) await cluster.stopWorker(extra.name);
					}
					const p = phases[phases.length - 1];
					log(
						`${pbx}, ${workers} worker(s): ${p.finishedPerSecond} exec/s finished (accepted ${p.acceptedPerSecond}/s), send → end p50 ${p.latencyP50ms} / p95 ${p.latencyP95ms} ms, load ${p.loadAverage[0]}`,
					);
				}
			}
			byPbx[pbx] = summarize(phases);
		}
		return {
			concurrency: options.concurrency,
			workerConcurrency: options.workerConcurrency,
			warmupSeconds: options.warmupSeconds,
			measureSeconds: options.measureSeconds,
			rounds: options.rounds,
			byPbx,
		};
	} finally {
		await cluster?.close();
		reapLeftovers(join(workDir, 'queue'));
		await postgres.stop();
	}
}

/** CPU so far of each process group of the deployment, and of the machine. */
function cpuSnapshot(cluster, postgres, extra) {
	const groups = {
		main: groupCpuMs(cluster.processes.main.pid),
		webhook: groupCpuMs(cluster.processes.webhook.pid),
		worker: groupCpuMs(cluster.processes.worker.pid),
		...(extra ? { 'worker-2': groupCpuMs(extra.child.pid) } : {}),
		redis: treeCpuMs(cluster.redis.pid),
		postgres: treeCpuMs(postgres.pid),
	};
	const own = process.cpuUsage();
	groups['sender + load balancer'] = (own.user + own.system) / 1000;
	return { at: Date.now(), groups, machine: machineCpuMs() };
}

async function phase({ cluster, postgres, targets, source, workers, extra, ...options }) {
	const { warmupSeconds, measureSeconds, concurrency } = options;
	const sent = [];
	const startedAt = Date.now();
	const windowFrom = startedAt + warmupSeconds * 1000;
	const windowTo = windowFrom + measureSeconds * 1000;
	let snapshots = [];
	const snap = () => snapshots.push(cpuSnapshot(cluster, postgres, extra));
	const timers = [
		setTimeout(snap, windowFrom - Date.now()),
		setTimeout(snap, windowTo - Date.now()),
	];
	let failures = 0;
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (Date.now() < windowTo) {
				const { pbx, seq, step } = source.next().value;
				const record = { pbx, seq, sentAt: Date.now() };
				const t0 = performance.now();
				try {
					const answer = await sendPbxEvent(pbx, targets[pbx].url, {
						body: step.body,
						token: options.secret,
						form: step.form,
						query: step.query,
					});
					record.status = answer.status;
				} catch (error) {
					record.status = 0;
					record.error = String(error);
				}
				record.answerMs = performance.now() - t0;
				record.answeredAt = Date.now();
				if (record.status !== 200) failures++;
				sent.push(record);
			}
		}),
	);
	timers.forEach(clearTimeout);
	if (snapshots.length < 2)
		snapshots = [
			snapshots[0] ?? cpuSnapshot(cluster, postgres, extra),
			cpuSnapshot(cluster, postgres, extra),
		];
	const loadAverage = loadavg().map(round1);
	// Wait until every accepted event's execution has finished (the queue drains).
	const accepted = sent.filter((r) => r.status === 200);
	const bySeq = new Map(accepted.map((r) => [r.seq, r]));
	const drainStarted = Date.now();
	const executions = new Map();
	while (Date.now() - drainStarted < 600_000) {
		for (const pbx of Object.keys(targets)) {
			const list = await cluster.api.listExecutions(targets[pbx].id, { includeData: false });
			for (const execution of list) {
				if (execution.stoppedAt && !executions.has(execution.id))
					executions.set(execution.id, { pbx, execution });
			}
		}
		const finishedSoFar = [...executions.values()].filter(
			({ execution }) => Date.parse(execution.startedAt) >= startedAt - 1000,
		).length;
		if (finishedSoFar >= accepted.length) break;
		await wait(2000);
	}
	// Which event each execution ran: the tag the trigger kept in `raw` (read once, after the phase).
	const finished = [];
	for (const pbx of Object.keys(targets)) {
		const list = await cluster.api.listExecutions(targets[pbx].id, { includeData: true });
		for (const execution of list) {
			const seq = triggerItems(execution, targets[pbx].nodeName)[0]?.raw?.benchSeq;
			const record = bySeq.get(seq);
			if (!record || !execution.stoppedAt) continue;
			finished.push({
				record,
				stoppedAt: Date.parse(execution.stoppedAt),
				status: execution.status,
			});
		}
	}
	const inWindow = (t) => t >= windowFrom && t < windowTo;
	const finishedInWindow = finished.filter((f) => inWindow(f.stoppedAt));
	const acceptedInWindow = accepted.filter((r) => inWindow(r.answeredAt));
	const latencies = finished
		.filter((f) => inWindow(f.record.sentAt))
		.map((f) => f.stoppedAt - f.record.sentAt)
		.sort((a, b) => a - b);
	const answers = accepted
		.filter((r) => inWindow(r.sentAt))
		.map((r) => r.answerMs)
		.sort((a, b) => a - b);
	// Steadiness: executions finished in each tenth of the window, per second.
	const buckets = Array.from({ length: 10 }, (_, i) => {
		const from = windowFrom + (i * measureSeconds * 1000) / 10;
		const to = from + (measureSeconds * 1000) / 10;
		return round1(
			finishedInWindow.filter((f) => f.stoppedAt >= from && f.stoppedAt < to).length /
				(measureSeconds / 10),
		);
	});
	const [first, last] = snapshots;
	const seconds = (last.at - first.at) / 1000;
	const cpu = {};
	let usedTotal = 0;
	for (const [group, ms] of Object.entries(last.groups)) {
		const used = ms - first.groups[group];
		usedTotal += used;
		cpu[group] = {
			cores: round2(used / seconds / 1000),
			msPerExecution: finishedInWindow.length ? round1(used / finishedInWindow.length) : null,
		};
	}
	cpu.total = {
		cores: round2(usedTotal / seconds / 1000),
		msPerExecution: finishedInWindow.length ? round1(usedTotal / finishedInWindow.length) : null,
	};
	const machineBusy = last.machine.busy - first.machine.busy;
	return {
		workers,
		sent: sent.length,
		accepted: accepted.length,
		notAccepted: failures,
		executionsFinished: finished.length,
		executionsNotSuccessful: finished.filter((f) => f.status !== 'success').length,
		finishedPerSecond: round1(finishedInWindow.length / measureSeconds),
		finishedPerSecondByTenth: buckets,
		acceptedPerSecond: round1(acceptedInWindow.length / measureSeconds),
		backlogAtWindowEnd:
			accepted.filter((r) => r.answeredAt < windowTo).length -
			finished.filter((f) => f.stoppedAt < windowTo && f.record.answeredAt < windowTo).length,
		latencyP50ms: Math.round(percentile(latencies, 50) ?? NaN),
		latencyP95ms: Math.round(percentile(latencies, 95) ?? NaN),
		answerP50ms: Math.round(percentile(answers, 50) ?? NaN),
		answerP95ms: Math.round(percentile(answers, 95) ?? NaN),
		cpu,
		machine: {
			cores: cpus().length,
			busyCores: round2(machineBusy / seconds / 1000),
			oursCores: round2(usedTotal / seconds / 1000),
			otherCores: round2((machineBusy - usedTotal) / seconds / 1000),
		},
		loadAverage,
	};
}

function summarize(phases) {
	const byWorkers = {};
	for (const workers of [1, 2]) {
		const list = phases.filter((p) => p.workers === workers);
		const groups = Object.keys(list[0].cpu);
		byWorkers[workers] = {
			finishedPerSecond: round1(median(list.map((p) => p.finishedPerSecond))),
			acceptedPerSecond: round1(median(list.map((p) => p.acceptedPerSecond))),
			latencyP50ms: Math.round(median(list.map((p) => p.latencyP50ms))),
			latencyP95ms: Math.round(median(list.map((p) => p.latencyP95ms))),
			answerP50ms: Math.round(median(list.map((p) => p.answerP50ms))),
			answerP95ms: Math.round(median(list.map((p) => p.answerP95ms))),
			cpuCores: Object.fromEntries(
				groups.map((g) => [g, round2(median(list.map((p) => p.cpu[g].cores)))]),
			),
			cpuMsPerExecution: Object.fromEntries(
				groups.map((g) => [g, round1(median(list.map((p) => p.cpu[g].msPerExecution)))]),
			),
			machineBusyCores: round2(median(list.map((p) => p.machine.busyCores))),
			otherCores: round2(median(list.map((p) => p.machine.otherCores))),
		};
	}
	return { byWorkers, phases };
}

module.exports = { runScaleOut };
