// Starts one real n8n for the whole e2e run, with this package packed and installed into its
// community-nodes folder exactly as a user would install it.
const { mkdtempSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const {
	freePort,
	installPackage,
	packPackage,
	provisionOwner,
	startN8n,
} = require('../support/n8n');

module.exports = async function globalSetup() {
	// PBX_E2E_STATE names the state file of an n8n that is already running (started the same
	// way, e.g. by a previous run): the tests use it as it is, to iterate on one test quickly.
	if (process.env.PBX_E2E_STATE) return;
	const started = Date.now();
	const workDir = mkdtempSync(join(tmpdir(), 'n8n-nodes-pbx-e2e-'));
	const userFolder = join(workDir, 'user');
	const logFile = join(workDir, 'n8n.log');

	const tarball = packPackage(join(workDir, 'pack'));
	installPackage(userFolder, tarball);
	const port = await freePort();
	const { child, baseUrl, startupMs } = await startN8n({ userFolder, port, logFile });
	globalThis.__PBX_N8N__ = child;
	const { apiKey, cookie: ownerCookie } = await provisionOwner(baseUrl);

	const state = { baseUrl, apiKey, ownerCookie, workDir, logFile, startupMs };
	const stateFile = join(workDir, 'state.json');
	writeFileSync(stateFile, JSON.stringify(state, null, 2));
	process.env.PBX_E2E_STATE = stateFile;
	process.stdout.write(
		`\n[e2e] n8n ready at ${baseUrl} (start ${Math.round(startupMs / 1000)} s, setup ${Math.round((Date.now() - started) / 1000)} s), log ${logFile}\n`,
	);
};
