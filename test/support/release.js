// What test/unit/package/release.test.ts checks about publishing: the workflows' text, package.json, and
// what `npm publish` does in this directory (a dry run: nothing leaves the machine).
const { spawnSync } = require('child_process');
const { readFileSync } = require('fs');
const { join } = require('path');

const ROOT = join(__dirname, '..', '..');

function projectFile(path) {
	return readFileSync(join(ROOT, path), 'utf8');
}

/**
 * `npm publish --dry-run` here, with the given environment on top of this one (npm's own
 * variables dropped, as a shell would have none); its exit status and output.
 */
function dryRunPublish(env) {
	const clean = Object.fromEntries(
		Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) && name !== 'RELEASE_MODE'),
	);
	const result = spawnSync('npm', ['publish', '--dry-run', '--loglevel=error'], {
		cwd: ROOT,
		env: { ...clean, ...env },
		encoding: 'utf8',
		timeout: 60_000,
	});
	return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

module.exports = { dryRunPublish, projectFile };
