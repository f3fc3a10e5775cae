// Runs one of the project's scripts the way a user types it, for the tests of what it prints.
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..');

/** @returns {{ status: number | null, stdout: string, stderr: string }} */
function runScript(script, args) {
	const { status, stdout, stderr } = spawnSync(process.execPath, [join(ROOT, script), ...args], {
		cwd: ROOT,
		encoding: 'utf8',
		timeout: 60_000,
	});
	return { status, stdout, stderr };
}

module.exports = { runScript };
