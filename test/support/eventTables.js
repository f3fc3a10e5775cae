// The per-PBX event tables in docs/<pbx>.md, generated from each trigger's event catalogue
// (nodes/<Pbx>/events.ts), so a page cannot drift from the Events list the node offers. Used by
// `npm run conformance` (plain node: the catalogues are TypeScript, compiled here on the fly) and by
// test/unit/package/eventTables.test.ts (under ts-jest).
const { execFileSync } = require('child_process');
const { readFileSync } = require('fs');
const { join } = require('path');

const ROOT = join(__dirname, '..', '..');

/** Each PBX's page and its catalogue module (which exports it as `eventCatalogue`). */
const PAGES = [
	{ page: 'docs/voipcloud.md', module: 'nodes/Voipcloud/events' },
	{ page: 'docs/3cx.md', module: 'nodes/ThreeCx/events' },
	{ page: 'docs/kompaas.md', module: 'nodes/Kompaas/events' },
];

const START = (module) =>
	`<!-- event table: generated from ${module}.ts by \`npm run conformance\`, do not edit -->`;
const END = '<!-- end of event table -->';

/** Lets plain node require the TypeScript catalogues (jest compiles them itself). */
function allowTypeScript() {
	if (typeof require.extensions !== 'object' || require.extensions['.ts']) return;
	const ts = require('typescript');
	require.extensions['.ts'] = (module, filename) => {
		const source = readFileSync(filename, 'utf8');
		const { outputText } = ts.transpileModule(source, {
			compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2021 },
			fileName: filename,
		});
		module._compile(outputText, filename);
	};
}

const cell = (text) => String(text).replace(/\|/g, '\\|');

/** One PBX's table: every event of its Events list, in the list's order. */
function eventTable({ module }) {
	allowTypeScript();
	const events = [...require(join(ROOT, module)).eventCatalogue.events].sort((a, b) =>
		a.name.localeCompare(b.name),
	);
	const rows = events.map((e) =>
		[
			e.name,
			e.description,
			e.vendorNames.length
				? e.vendorNames.map((n) => `\`${n}\``).join(', ')
				: '(see the description)',
			`\`${e.event}\``,
			e.direction,
			`\`${e.selector}\``,
		]
			.map(cell)
			.join(' | '),
	);
	return [
		START(module),
		'',
		'| Event in the node | What it is | The PBX sends | Normalized `event` | `direction` | Saved value |',
		'| --- | --- | --- | --- | --- | --- |',
		...rows.map((row) => `| ${row} |`),
		'',
		END,
	].join('\n');
}

/** The page with its event table regenerated, formatted by the project's prettier. */
function regeneratedPage(spec) {
	const path = join(ROOT, spec.page);
	const page = readFileSync(path, 'utf8');
	const start = page.indexOf(START(spec.module));
	const end = page.indexOf(END);
	if (start === -1 || end === -1) throw new Error(`${spec.page} has no event table markers`);
	const input = page.slice(0, start) + eventTable(spec) + page.slice(end + END.length);
	const prettier = require.resolve('prettier/bin/prettier.cjs');
	return execFileSync(process.execPath, [prettier, '--stdin-filepath', path], {
		input,
		encoding: 'utf8',
	});
}

/** The page as it is now. */
function pageNow(spec) {
	return readFileSync(join(ROOT, spec.page), 'utf8');
}

module.exports = { EVENT_TABLE_PAGES: PAGES, eventTable, pageNow, regeneratedPage, ROOT };
