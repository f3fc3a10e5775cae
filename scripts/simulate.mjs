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

const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: {
		url: { type: 'string' },
		token: { type: 'string' },
		delay: { type: 'string', default: '500' },
		form: { type: 'string' },
		list: { type: 'boolean', default: false },
	},
});

if (values.list || positionals.length < 2) {
	console.log(
		'Usage: npm run simulate -- <pbx> <scenario> [--url URL] [--token SECRET] [--delay MS] [--form json|query|text|creomate]\n',
	);
	for (const pbx of pbxNames) {
		console.log(`${pbx}:`);
		for (const name of listScenarios(pbx)) {
			console.log(`  ${name.padEnd(22)} ${loadScenario(pbx, name).description}`);
		}
	}
	process.exit(values.list ? 0 : 1);
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
