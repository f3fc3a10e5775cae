// The importable workflows under examples/, read as a user imports them.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const EXAMPLES_DIR = join(__dirname, '..', '..', 'examples');

/** The workflow JSON of examples/<file>. */
function loadExample(file) {
	return JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8'));
}

/** A line for the test run's output (jest's console adds a stack to every console.log). */
function report(line) {
	process.stdout.write(`\n${line}\n`);
}

module.exports = { loadExample, report };
