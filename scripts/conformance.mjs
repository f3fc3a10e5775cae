#!/usr/bin/env node
// Rewrites the generated tables of the documentation: the conformance matrix in docs/conformance.md
// from test/scenarios/stories.json (the same data the conformance tests play), and each PBX's event
// table in docs/<pbx>.md from its trigger's event catalogue (nodes/<Pbx>/events.ts), so no page can
// drift from what is tested and offered.
//   npm run conformance            rewrite the pages
//   npm run conformance -- --check exit 1 when a page is not what it would write
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { README, regeneratedReadme } = require('../test/support/conformance.js');
const { EVENT_TABLE_PAGES, regeneratedPage, ROOT } = require('../test/support/eventTables.js');

const pages = [
	{
		path: README,
		name: 'docs/conformance.md',
		what: 'the conformance matrix',
		wanted: regeneratedReadme,
	},
	...EVENT_TABLE_PAGES.map((spec) => ({
		path: join(ROOT, spec.page),
		name: spec.page,
		what: 'the event table',
		wanted: () => regeneratedPage(spec),
	})),
];

let stale = false;
for (const { path, name, what, wanted } of pages) {
	const current = readFileSync(path, 'utf8');
	const page = wanted();
	if (process.argv.includes('--check')) {
		if (current !== page) {
			console.error(`${name}: ${what} is stale; run \`npm run conformance\``);
			stale = true;
		} else console.log(`${name}: ${what} is up to date`);
	} else if (current !== page) {
		writeFileSync(path, page);
		console.log(`${name}: ${what} rewritten`);
	} else console.log(`${name}: ${what} was already up to date`);
}
if (stale) process.exit(1);
