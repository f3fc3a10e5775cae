// Code of n8n's CLI package (which n8n-core does not export), run in the n8n runtime the e2e tests
// use: its own Node 24 and modules, so the answer is n8n's, not a copy's.
const { spawnSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const { ensureRuntime } = require('../../scripts/n8n-runtime');

/**
 * n8n's CredentialsHelper.authenticate for each case ({ authenticate, credentials, request }):
 * the request options it returns, in order.
 */
function n8nAuthenticate(cases) {
	const runtime = ensureRuntime();
	const script = readFileSync(join(__dirname, 'n8nCliAuthenticate.js'), 'utf8');
	const run = spawnSync(runtime.nodeBin, ['-e', script], {
		cwd: runtime.dir,
		input: JSON.stringify(cases),
		encoding: 'utf8',
		timeout: 120_000,
	});
	if (run.status !== 0) {
		throw new Error(`n8n's CredentialsHelper did not run: ${run.stderr || run.error}`);
	}
	return JSON.parse(run.stdout);
}

module.exports = { n8nAuthenticate };
