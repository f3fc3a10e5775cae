// A second, private n8n for e2e tests that must stop and restart n8n (the shared one from
// globalSetup must stay up for the other test files). It uses the package tarball globalSetup
// packed, its own user folder (kept across restarts) and a free port.
const { mkdtempSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

const { N8nApi, freePort, installPackage, provisionOwner, startN8n, stopN8n } = require('./n8n');

/**
 * @param {{ workDir: string }} e2eState the state globalSetup wrote
 * @returns {Promise<{ baseUrl: string, api: N8nApi, logFile: string, startupMs: number, restart: () => Promise<number>, stop: () => Promise<void>, start: () => Promise<number> }>}
 */
async function startDedicatedN8n(e2eState) {
	const packDir = join(e2eState.workDir, 'pack');
	const tarball = readdirSync(packDir).find((name) => name.endsWith('.tgz'));
	const dir = mkdtempSync(join(e2eState.workDir, 'dedicated-'));
	const userFolder = join(dir, 'user');
	const logFile = join(dir, 'n8n.log');
	installPackage(userFolder, join(packDir, tarball));
	const port = await freePort();

	let running = await startN8n({ userFolder, port, logFile });
	const { apiKey } = await provisionOwner(running.baseUrl);
	return {
		baseUrl: running.baseUrl,
		api: new N8nApi(running.baseUrl, apiKey),
		logFile,
		startupMs: running.startupMs,
		/** Stops n8n and starts it again on the same user folder and port; resolves with the start time. */
		async restart() {
			await stopN8n(running.child);
			running = await startN8n({ userFolder, port, logFile });
			return running.startupMs;
		},
		async stop() {
			await stopN8n(running.child);
		},
		/** Starts n8n again after stop(), on the same user folder and port; resolves with the start time. */
		async start() {
			running = await startN8n({ userFolder, port, logFile });
			return running.startupMs;
		},
	};
}

module.exports = { startDedicatedN8n };
