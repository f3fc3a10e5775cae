// The tests that pin the Events catalogues and option tables (stryker.static.config.mjs).
const base = require('./jest.config.js');
module.exports = {
	...base,
	testMatch: ['package/eventTables', 'shared/pbxFolders', 'kompaas/webhookSubscriptions'].map(
		(name) => `<rootDir>/test/unit/${name}.test.ts`,
	),
};
