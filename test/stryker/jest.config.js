// The unit tests that exercise the mutated files (stryker.config.json), as one jest project:
// Stryker's jest runner takes one project. Only the tests of the mutated files themselves: the
// trigger and conformance tests load n8n-core, which costs seconds for every mutant. ts-jest only transpiles here (no type check per
// mutant: Stryker marks mutated files @ts-nocheck anyway), which keeps each run short.
const { join } = require('node:path');

const unit = require('../../jest.config.js').projects.find((p) => p.displayName === 'unit');

module.exports = {
	...unit,
	rootDir: join(__dirname, '..', '..'),
	testMatch: [
		'shared/callEvent',
		'shared/values',
		'shared/values.prototype',
		'shared/intake',
		'shared/secret',
		'shared/secret.cache',
		'shared/tolerantJson',
		'shared/pbxFolders',
		'package/eventTables',
		'kompaas/events',
		'kompaas/payload',
		'threecx/events',
		'threecx/payload',
		'voipcloud/events',
		'voipcloud/history',
	].map((name) => `<rootDir>/test/unit/${name}.test.ts`),
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json', isolatedModules: true }],
	},
};
