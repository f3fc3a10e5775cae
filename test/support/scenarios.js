// Call scenarios as data (test/scenarios/<pbx>/<name>.json), shared by the simulator, the
// tests and the benchmarks. Strings may hold placeholders filled at send time, so every run
// is a new call: {{callId}}, {{t+N}} (ISO time N seconds after the call started, UTC), and
// {{t+N|format}} for PBXs that send other time formats: `utc` ("YYYY-MM-DD HH:MM:SS.ffffff",
// UTC without a zone), `s` / `ms` / `us` (epoch seconds / milliseconds / microseconds, numbers),
// `iso` (with milliseconds, as normalized events carry it; for `expect`, filled like `body`).
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { randomBytes } = require('node:crypto');

const SCENARIO_DIR = join(__dirname, '..', 'scenarios');

function listScenarios(pbx) {
	return readdirSync(join(SCENARIO_DIR, pbx))
		.filter((file) => file.endsWith('.json'))
		.map((file) => file.replace(/\.json$/, ''))
		.sort();
}

/** @returns {Scenario} */
function loadScenario(pbx, name) {
	const file = join(SCENARIO_DIR, pbx, `${name}.json`);
	return { pbx, name, ...JSON.parse(readFileSync(file, 'utf8')) };
}

/** A fresh call id in the shape each PBX uses; VoIPcloud's `<epoch>.<n>` unless listed. */
const CALL_ID_FORMATS = {
	// 3CX add-ons: YYMMDDhhmmss_N (the call's start time); legs add -0, -1, … in the data.
	'3cx': () =>
		`${new Date().toISOString().replace(/\D/g, '').slice(2, 14)}_${randomBytes(3).readUIntBE(0, 3)}`,
};

function newCallId(pbx) {
	const format = CALL_ID_FORMATS[pbx];
	return format ? format() : `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`;
}

/**
 * @typedef {{ body: any, expect?: Record<string, any>, form?: 'json' | 'query' | 'text', query?: Record<string, string> }} ScenarioStep
 * @typedef {{ pbx: string, name: string, description: string, steps: ScenarioStep[], cast?: Record<string, unknown> }} Scenario
 */

/**
 * The scenario with its placeholders filled in, ready to send.
 * @param {Scenario} scenario
 * @param {{ callId?: string, startedAt?: Date }} [options]
 * @returns {Scenario & { callId: string }}
 */
function renderScenario(
	scenario,
	{ callId = newCallId(scenario.pbx), startedAt = new Date() } = {},
) {
	const startMs = Math.floor(startedAt.getTime() / 1000) * 1000;
	const fill = (value) => {
		if (typeof value === 'string') {
			const whole = /^\{\{t\+(\d+)(?:\|(iso|utc|s|ms|us))?\}\}$/.exec(value);
			if (whole) return formatTime(startMs + Number(whole[1]) * 1000, whole[2]);
			return value.replace(/\{\{callId\}\}/g, callId);
		}
		if (Array.isArray(value)) return value.map(fill);
		if (value && typeof value === 'object') {
			return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, fill(inner)]));
		}
		return value;
	};
	return {
		...scenario,
		callId,
		steps: scenario.steps.map((step) => ({
			...step,
			body: fill(step.body),
			...(step.expect === undefined ? {} : { expect: fill(step.expect) }),
			...(step.query === undefined ? {} : { query: fill(step.query) }),
		})),
	};
}

function formatTime(ms, format) {
	const iso = new Date(ms).toISOString();
	switch (format) {
		case 'iso':
			return iso;
		case 'utc':
			return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${iso.slice(20, 23)}000`;
		case 's':
			return Math.floor(ms / 1000);
		case 'ms':
			return ms;
		case 'us':
			return ms * 1000;
		default:
			return iso.replace('.000Z', 'Z');
	}
}

module.exports = { listScenarios, loadScenario, renderScenario, SCENARIO_DIR };
