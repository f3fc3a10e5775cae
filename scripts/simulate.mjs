#!/usr/bin/env node
// Replays a realistic PBX call against a trigger URL, event by event, as the PBX sends it.
//   npm run simulate -- <pbx> <scenario> [--url <webhook-url>] [--token <secret>] [--delay <ms>]
//                                         [--form json|query|text|creomate]
//   (3cx: query = Creomate's GET scheme, creomate = Creomate's JSON scheme; kompaas: query = GET)
//   npm run simulate -- --list
// Without --url/--token it uses the trigger that `npm run dev` set up for that PBX.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const { listScenarios, loadScenario, renderScenario } = require('../test/support/scenarios.js');
const { pbxNames, sendScenario } = require('../test/support/pbxSender.js');
const { stepsInForm } = require('../test/support/conformance.js');
const { DEV_STATE_FILE } = require('./devState.js');

const USAGE =
	'Usage: npm run simulate -- <pbx> <scenario> [--url URL] [--token SECRET] [--delay MS] [--form json|query|text|creomate]\n' +
	'       npm run simulate -- --list      (every PBX and scenario)';

let parsed;
try {
	parsed = parseArgs({
		allowPositionals: true,
		options: {
			url: { type: 'string' },
			token: { type: 'string' },
			delay: { type: 'string', default: '500' },
			form: { type: 'string' },
			list: { type: 'boolean', default: false },
			help: { type: 'boolean', short: 'h', default: false },
		},
	});
} catch (error) {
	// An unknown or incomplete option: say which, and how to call it, without a stack trace.
	fail(`${error.message}\n\n${USAGE}`);
}
const { values, positionals } = parsed;

if (values.help) {
	console.log(USAGE);
	process.exit(0);
}
if (values.list || positionals.length < 2) {
	console.log(`${USAGE}\n`);
	console.log(scenarioList());
	process.exit(values.list ? 0 : 1);
}

/** Every PBX's scenarios, one line each, the descriptions in one column. */
function scenarioList() {
	const rows = pbxNames.map((pbx) => ({
		pbx,
		scenarios: listScenarios(pbx).map((name) => [name, loadScenario(pbx, name).description]),
	}));
	const width = Math.max(
		...rows.flatMap(({ scenarios }) => scenarios.map(([name]) => name.length)),
	);
	return rows
		.map(
			({ pbx, scenarios }) =>
				`${pbx}:\n${scenarios.map(([name, description]) => `  ${name.padEnd(width)}  ${description}`).join('\n')}`,
		)
		.join('\n');
}

const [pbx, name] = positionals;
if (!pbxNames.includes(pbx)) fail(`Unknown PBX "${pbx}". Known: ${pbxNames.join(', ')}`);
if (!listScenarios(pbx).includes(name)) {
	fail(`Unknown ${pbx} scenario "${name}". Known: ${listScenarios(pbx).join(', ')}`);
}

const dev = existsSync(DEV_STATE_FILE) ? JSON.parse(readFileSync(DEV_STATE_FILE, 'utf8')) : {};
const url = values.url ?? dev.triggers?.[pbx]?.url;
const token = values.token ?? dev.triggers?.[pbx]?.token;
if (!url) fail('No --url given and no trigger from `npm run dev` found');
if (!url.startsWith('http://127.0.0.1') && !url.startsWith('http://localhost')) {
	fail('The simulator only sends to this machine (http://127.0.0.1 or http://localhost)');
}

if (values.form && !['json', 'query', 'text', 'creomate'].includes(values.form)) {
	fail(`Unknown --form "${values.form}". Known: json, query, text, creomate`);
}
if (values.form === 'creomate' && pbx !== '3cx') fail('--form creomate is a 3CX add-on scheme');

const rendered = renderScenario(loadScenario(pbx, name));
const scenario = { ...rendered, steps: stepsInForm(pbx, values.form ?? 'json', rendered.steps) };
console.log(`${pbx} / ${name}: ${scenario.description}`);
console.log(`call ${scenario.callId} → ${url}`);
const answers = await sendScenario(scenario, {
	url,
	token,
	delayMs: Number(values.delay),
	onStep: (step, answer, index) => {
		const body = typeof step.body === 'string' ? { event: 'recording URL' } : step.body;
		const type = body.type ?? body.Event ?? body.event ?? body.eventType ?? '?';
		console.log(
			`  ${index + 1}. ${String(type).padEnd(28)} → HTTP ${answer.status} ${answer.text.slice(0, 80)}`,
		);
	},
});
process.exit(answers.every((answer) => answer.status < 300) ? 0 : 2);

function fail(message) {
	console.error(message);
	process.exit(1);
}
