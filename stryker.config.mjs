// Mutation testing (npm run mutation; README, Development). Not in CI: it takes minutes.
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The sandboxes (copies of the package with mutated, @ts-nocheck files) live outside the clone,
// so that lint and jest never read them; one folder per clone, so clones do not share one.
const clone = createHash('sha256')
	.update(import.meta.dirname)
	.digest('hex')
	.slice(0, 12);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
	packageManager: 'npm',
	testRunner: 'jest',
	jest: { projectType: 'custom', configFile: 'test/stryker/jest.config.js' },
	// Each mutant runs only the tests that cover it.
	coverageAnalysis: 'perTest',
	mutate: ['nodes/**/*.ts', 'credentials/**/*.ts'],
	// A static mutant (in a node description, a credential form, an event catalogue: code run
	// once, when its module loads) cannot be covered per test, so each would rerun every test file.
	// They are left out here; npm run mutation:static measures the catalogues' against the tests
	// that pin them, and the editor texts are held by n8n-node lint and the browser test.
	ignoreStatic: true,
	// docs/ stays: the event-table test reads each PBX's page.
	ignorePatterns: ['dist', 'bench', 'examples', 'reports', 'test/e2e', 'test/queue'],
	// A second run tests only the mutants whose code or tests changed.
	incremental: true,
	incrementalFile: 'reports/mutation/stryker-incremental.json',
	tempDirName: join(tmpdir(), `n8n-nodes-pbx-stryker-${clone}`),
	concurrency: 2,
	// Past the tests' own time: a jest run's start-up is not in it and takes seconds on a busy
	// machine, so less reports mutants as timed out that are not (and restarts the worker).
	timeoutMS: 10000,
	reporters: ['clear-text', 'progress', 'html', 'json'],
	htmlReporter: { fileName: 'reports/mutation/mutation.html' },
	jsonReporter: { fileName: 'reports/mutation/mutation.json' },
	thresholds: { high: 90, low: 85, break: null },
};
