// Prints a table of measured figures after a suite (fault matrix, fuzzing), so the numbers the
// README's Reliability section carries come from a run. Plain JavaScript: the community-node
// lint rules for .ts files forbid `process`.

/**
 * @param {string} title
 * @param {string[]} header
 * @param {string[][]} rows
 */
function printTable(title, header, rows) {
	const line = (cells) =>
		`| ${cells.map((cell) => String(cell).replace(/\|/g, '\\|')).join(' | ')} |`;
	process.stdout.write(
		[`\n${title}`, line(header), line(header.map(() => '---')), ...rows.map(line), ''].join('\n'),
	);
}

/** How many fuzz cases a property runs: FUZZ_RUNS, or the suite's default. */
function fuzzRuns(defaultRuns) {
	const value = Number(process.env.FUZZ_RUNS);
	return Number.isInteger(value) && value > 0 ? value : defaultRuns;
}

/** What n8n wrote to its log file so far (to check that no secret is in it). */
function readLog(file) {
	return require('node:fs').readFileSync(file, 'utf8');
}

/**
 * Hands records to the bench: appends them, one JSON line each, to the file PBX_FAULT_TIMES names
 * (nothing when it is unset, as in `npm test`).
 */
function writeForBench(records) {
	const file = process.env.PBX_FAULT_TIMES;
	if (!file || records.length === 0) return;
	require('node:fs').appendFileSync(file, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
}

module.exports = { printTable, fuzzRuns, readLog, writeForBench };
