// File-system and npm probes for the runtime-preparation tests. Plain JavaScript because the
// lint rules for community nodes apply to every .ts file, tests included.
const { spawnSync } = require('node:child_process');
const { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { delimiter, dirname, join } = require('node:path');

function tempDir() {
	return mkdtempSync(join(tmpdir(), 'pbx-runtime-test-'));
}

function remove(path) {
	rmSync(path, { recursive: true, force: true });
}

/** Writes a file, creating its folder. */
function put(file, content = '') {
	mkdirSync(dirname(file), { recursive: true });
	writeFileSync(file, content);
}

/** Makes `link` point at this process's node binary. */
function linkThisNode(link) {
	mkdirSync(dirname(link), { recursive: true });
	symlinkSync(process.execPath, link);
}

/** What a child npm started with `env` in `cwd` says a setting is, or throws with its stderr. */
function npmConfigGet(cwd, env, key) {
	const result = spawnSync('npm', ['config', 'get', key], { cwd, env, encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`npm config get ${key}: ${result.stderr}`);
	return result.stdout.trim();
}

/** A copy of this process's environment. */
function thisEnv() {
	return { ...process.env };
}

const thisNodeVersion = process.version;

module.exports = {
	delimiter,
	join,
	linkThisNode,
	npmConfigGet,
	put,
	remove,
	tempDir,
	thisEnv,
	thisNodeVersion,
};
