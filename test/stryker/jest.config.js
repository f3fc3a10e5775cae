// The unit tests, as one jest project for Stryker (stryker.config.mjs): its jest runner takes one
// project, and runs for each mutant only the tests that cover it. ts-jest only transpiles here (no
// type check per mutant: Stryker marks mutated files @ts-nocheck anyway), which keeps each run short.
const { join } = require('node:path');

const unit = require('../../jest.config.js').projects.find((p) => p.displayName === 'unit');

module.exports = {
	...unit,
	rootDir: join(__dirname, '..', '..'),
	// Every unit test but three slow ones (fault matrix 95 s, fuzzing 52 s, a 30 s timeout) that
	// only repeat, with waits, what other tests cover, and the release test (npm pack).
	// MUTATION_TESTS=kompaas/Kompaas.node,package/editorContract narrows the list to those files of
	// test/unit/ (globs allowed): how CONTRIBUTING's per-file figures were measured.
	testMatch: process.env.MUTATION_TESTS
		? process.env.MUTATION_TESTS.split(',').map((test) => `<rootDir>/test/unit/${test}.test.ts`)
		: ['<rootDir>/test/unit/**/*.test.ts'],
	testPathIgnorePatterns: [
		'/node_modules/',
		'/test/unit/shared/http\\.faultMatrix\\.test\\.ts$',
		'/test/unit/shared/trigger\\.fuzz\\.test\\.ts$',
		'/test/unit/kompaas/webhookLifecycle\\.timeout\\.test\\.ts$',
		'/test/unit/package/release\\.test\\.ts$',
	],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json', isolatedModules: true }],
	},
};
