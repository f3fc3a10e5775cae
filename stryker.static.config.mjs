// The static mutants of the Events catalogues and option tables (evaluated when a module loads, so
// each runs against every test): measured against the tests that pin those tables only, which is
// quick and gives a lower bound. npm run mutation:static (CONTRIBUTING.md, Development).
import base from './stryker.config.mjs';
export default {
	...base,
	jest: { projectType: 'custom', configFile: 'test/stryker/static.jest.config.js' },
	ignoreStatic: false,
	incremental: false,
	jsonReporter: { fileName: 'reports/mutation/static.json' },
	htmlReporter: { fileName: 'reports/mutation/static.html' },
};
