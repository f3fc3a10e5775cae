/**
 * Unit tests (test/unit/<area>/, mirroring nodes/ and credentials/) and tooling tests (test/tooling/:
 * runtime preparation, soak plan, benchmark, dev tools) run in-process; e2e tests drive a real n8n in regular mode (SQLite, one process; see
 * test/e2e/globalSetup.js); queue tests drive n8n in queue mode (main, webhook processor and
 * worker with PostgreSQL and Redis; see test/queue/globalSetup.js).
 */
const tsJest = ['ts-jest', { tsconfig: 'test/tsconfig.json' }];

module.exports = {
	testTimeout: 180000,
	modulePathIgnorePatterns: ['<rootDir>/dist', '<rootDir>/.stryker-tmp'],
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJest },
			setupFiles: ['<rootDir>/test/support/n8nEngineSetup.js'],
		},
		{
			displayName: 'tooling',
			testEnvironment: 'node',
			testMatch: ['<rootDir>/test/tooling/**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJest },
			setupFiles: ['<rootDir>/test/support/n8nEngineSetup.js'],
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJest },
			globalSetup: '<rootDir>/test/e2e/globalSetup.js',
			globalTeardown: '<rootDir>/test/e2e/globalTeardown.js',
			maxWorkers: 1,
		},
		{
			displayName: 'queue',
			testEnvironment: 'node',
			testMatch: ['<rootDir>/test/queue/**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJest },
			globalSetup: '<rootDir>/test/queue/globalSetup.js',
			globalTeardown: '<rootDir>/test/queue/globalTeardown.js',
			maxWorkers: 1,
		},
	],
};
