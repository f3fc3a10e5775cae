// Starts n8n in queue mode for the queue-mode suite: PostgreSQL and Redis from Debian's packages,
// a main, a webhook processor and a worker, each with the packed package installed as a user
// installs it, behind a load balancer (test/support/queueN8n.js).
const { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const { packPackage } = require('../support/n8n');
const { startQueueN8n } = require('../support/queueN8n');
const { startPostgres } = require('../support/services');

/** The tarball the regular e2e setup packed in this run, if it ran first. */
function packedAlready() {
	const file = process.env.PBX_E2E_STATE;
	if (!file || !existsSync(file)) return null;
	const packDir = join(JSON.parse(readFileSync(file, 'utf8')).workDir, 'pack');
	const tarball = existsSync(packDir) && readdirSync(packDir).find((name) => name.endsWith('.tgz'));
	return tarball ? join(packDir, tarball) : null;
}

module.exports = async function globalSetup() {
	const started = Date.now();
	const workDir = mkdtempSync(join(tmpdir(), 'n8n-nodes-pbx-queue-'));
	const tarball = packedAlready() ?? packPackage(join(workDir, 'pack'));
	const postgres = await startPostgres(workDir);
	let cluster;
	try {
		cluster = await startQueueN8n({
			dir: join(workDir, 'suite'),
			tarball,
			postgres,
			database: 'n8n_suite',
		});
	} catch (error) {
		await postgres.stop();
		throw error;
	}
	globalThis.__PBX_QUEUE__ = { cluster, postgres, workDir };

	const state = {
		baseUrl: cluster.baseUrl,
		apiKey: cluster.apiKey,
		mainUrl: cluster.mainUrl,
		webhookProcessorUrl: cluster.webhookProcessorUrl,
		logs: cluster.logs,
		workDir,
		tarball,
		postgres: { host: postgres.host, port: postgres.port, user: postgres.user },
		startupMs: cluster.startupMs,
	};
	const stateFile = join(workDir, 'state.json');
	writeFileSync(stateFile, JSON.stringify(state, null, 2));
	process.env.PBX_QUEUE_STATE = stateFile;
	const seconds = (ms) => Math.round(ms / 1000);
	process.stdout.write(
		`\n[queue] n8n in queue mode behind ${cluster.baseUrl} (main ${seconds(cluster.startupMs.main)} s, webhook processor ${seconds(cluster.startupMs.webhook)} s, worker ${seconds(cluster.startupMs.worker)} s; setup ${seconds(Date.now() - started)} s), logs in ${workDir}\n`,
	);
};
