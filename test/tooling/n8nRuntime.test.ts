// The runtime preparation (scripts/n8n-runtime.js) must not depend on the caller's npm
// environment, must key its cache by the recipe, and must never take a half-built runtime.
import {
	RECIPE,
	RuntimeSetupError,
	childNpmEnv,
	isMarkedReady,
	loadProblem,
	rebuildEnv,
	recipeKey,
	runtimePaths,
} from '../../scripts/n8n-runtime';
import {
	delimiter,
	join,
	linkThisNode,
	npmConfigGet,
	put,
	remove,
	tempDir,
	thisEnv,
	thisNodeVersion,
} from '../support/runtimeProbe';

type Recipe = typeof RECIPE;

let work: string;
beforeEach(() => {
	work = tempDir();
});
afterEach(() => remove(work));

/** What `npm run …` hands its children in this project, plus a user config that disagrees. */
function hostileCallerEnv(): NodeJS.ProcessEnv {
	return {
		...thisEnv(),
		npm_config_ignore_scripts: 'true',
		npm_config_nodedir: '/usr',
		npm_config_local_prefix: '/somewhere/else',
		npm_config_global: 'true',
		npm_config_dry_run: 'true',
		npm_lifecycle_event: 'test',
		INIT_CWD: '/somewhere/else',
		PATH: ['/project/node_modules/.bin', '/npm/lib/node-gyp-bin', thisEnv().PATH].join(delimiter),
	};
}

const npmConfig = npmConfigGet;

describe('a child npm gets exactly the recipe configuration', () => {
	function runtimeDirWithHostileNpmrc() {
		const dir = join(work, 'runtime');
		put(join(dir, 'package.json'), '{"name":"x","private":true}');
		// A project .npmrc that says the opposite of the recipe, as this repository's does.
		put(join(dir, '.npmrc'), 'ignore-scripts=true\nnodedir=/usr\n');
		return dir;
	}

	test('the native rebuild runs scripts, against the runtime Node headers, from source', () => {
		const dir = runtimeDirWithHostileNpmrc();
		const paths = { ...runtimePaths(), nodeDir: join(work, 'node24') };
		const env = rebuildEnv(paths, hostileCallerEnv());
		expect(npmConfig(dir, env, 'ignore-scripts')).toBe('false');
		expect(npmConfig(dir, env, 'nodedir')).toBe(join(work, 'node24'));
		expect(npmConfig(dir, env, 'build-from-source')).toBe('true');
		expect(npmConfig(dir, env, 'global')).toBe('false');
		expect(npmConfig(dir, env, 'dry-run')).toBe('false');
		expect(env.PATH!.split(delimiter)[0]).toBe(join(work, 'node24', 'bin'));
	});

	test('the install keeps scripts off even when the caller turned them on', () => {
		const dir = runtimeDirWithHostileNpmrc();
		const env = childNpmEnv(
			{ ignore_scripts: 'true' },
			{ env: { ...thisEnv(), npm_config_ignore_scripts: 'false' } },
		);
		expect(npmConfig(dir, env, 'ignore-scripts')).toBe('true');
	});

	test("npm run's own variables and PATH entries do not reach the child", () => {
		const env = childNpmEnv({}, { env: hostileCallerEnv() });
		expect(env.npm_config_local_prefix).toBeUndefined();
		expect(env.npm_lifecycle_event).toBeUndefined();
		expect(env.INIT_CWD).toBeUndefined();
		expect(env.PATH).not.toMatch(/node_modules[\\/]\.bin|node-gyp-bin/);
	});

	test('settings that say how to reach the registry are kept', () => {
		const env = childNpmEnv(
			{},
			{
				env: {
					npm_config_registry: 'http://127.0.0.1:4873/',
					npm_config_cafile: '/etc/ca.pem',
					'npm_config_@corp:registry': 'http://127.0.0.1:4874/',
				},
			},
		);
		expect(env.npm_config_registry).toBe('http://127.0.0.1:4873/');
		expect(env.npm_config_cafile).toBe('/etc/ca.pem');
		expect(env['npm_config_@corp:registry']).toBe('http://127.0.0.1:4874/');
	});
});

describe('the cache is keyed by the recipe', () => {
	const variants: Array<[string, Recipe]> = [
		['n8n version', { ...RECIPE, n8n: '2.41.2' }],
		['Node version', { ...RECIPE, node: '24.22.0' }],
		['overrides', { ...RECIPE, overrides: { linkedom: '0.18.13' } }],
		['rebuilt modules', { ...RECIPE, rebuild: ['sqlite3'] }],
		['steps', { ...RECIPE, steps: RECIPE.steps + 1 }],
	];

	test.each(variants)('a changed %s gives another runtime folder', (_what, recipe) => {
		expect(recipeKey(recipe)).not.toBe(recipeKey(RECIPE));
		expect(runtimePaths(recipe).dir).not.toBe(runtimePaths(RECIPE).dir);
	});

	test('the same recipe gives the same folder, under PBX_N8N_RUNTIME when set', () => {
		expect(recipeKey({ ...RECIPE })).toBe(recipeKey(RECIPE));
		const paths = runtimePaths(RECIPE, { PBX_N8N_RUNTIME: work });
		expect(paths.dir).toBe(join(work, recipeKey(RECIPE)));
	});
});

describe('only a finished runtime of this recipe is ready', () => {
	function fakeRuntime(marker?: object) {
		const paths = runtimePaths(RECIPE, { PBX_N8N_RUNTIME: work });
		put(paths.nodeBin);
		put(paths.n8nBin);
		if (marker) put(paths.readyMarker, JSON.stringify(marker));
		return paths;
	}

	test('a runtime without its marker (a build that stopped half way) is not ready', () => {
		expect(isMarkedReady(fakeRuntime())).toBe(false);
	});

	test('a marker written by another recipe is not taken', () => {
		const paths = fakeRuntime({ key: recipeKey(RECIPE), recipe: { ...RECIPE, n8n: '2.40.0' } });
		expect(isMarkedReady(paths)).toBe(false);
	});

	test('a marker of this recipe with the binaries in place is ready', () => {
		const paths = fakeRuntime({ key: recipeKey(RECIPE), recipe: RECIPE });
		expect(isMarkedReady(paths)).toBe(true);
		remove(paths.n8nBin);
		expect(isMarkedReady(paths)).toBe(false);
	});
});

describe('the load check says in one line what does not load', () => {
	function runtimeWithThisNode() {
		const paths = runtimePaths(RECIPE, { PBX_N8N_RUNTIME: work });
		linkThisNode(paths.nodeBin);
		return paths;
	}

	test('a runtime whose node is another version', () => {
		const problem = loadProblem(runtimeWithThisNode(), RECIPE);
		expect(problem).toBe(
			`the runtime's node is ${thisNodeVersion}, the recipe says v${RECIPE.node}`,
		);
	});

	test('native modules that are not built', () => {
		const recipe = { ...RECIPE, node: thisNodeVersion.slice(1) };
		const problem = loadProblem(runtimeWithThisNode(), recipe);
		expect(problem).toMatch(
			new RegExp(
				`^sqlite3 does not load under Node ${recipe.node} \\(Cannot find module 'sqlite3'`,
			),
		);
		expect(problem).toMatch(/; isolated-vm does not load under Node/);
		expect(problem).not.toContain('\n');
	});

	test('a missing node binary', () => {
		const paths = runtimePaths(RECIPE, { PBX_N8N_RUNTIME: work });
		expect(loadProblem(paths, RECIPE)).toBe(`Node ${RECIPE.node} is missing (${paths.nodeBin})`);
	});

	test('a setup error prints as its one line, not a stack trace', () => {
		const error = new RuntimeSetupError('2/3 build failed; do this');
		expect(error.stack).toBe('RuntimeSetupError: 2/3 build failed; do this');
	});
});
