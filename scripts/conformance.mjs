#!/usr/bin/env node
// Rewrites the conformance matrix in docs/conformance.md from test/scenarios/stories.json (the same data the
// conformance tests play), so the page cannot drift from what is tested.
//   npm run conformance            rewrite docs/conformance.md
//   npm run conformance -- --check exit 1 when docs/conformance.md is not what it would write
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { README, regeneratedReadme } = require('../test/support/conformance.js');

const current = readFileSync(README, 'utf8');
const wanted = regeneratedReadme();
if (process.argv.includes('--check')) {
	if (current !== wanted) {
		console.error(
			'docs/conformance.md: the conformance matrix is stale; run `npm run conformance`',
		);
		process.exit(1);
	}
	console.log('docs/conformance.md: the conformance matrix is up to date');
} else if (current !== wanted) {
	writeFileSync(README, wanted);
	console.log('docs/conformance.md: conformance matrix rewritten');
} else {
	console.log('docs/conformance.md: the conformance matrix was already up to date');
}
