// The conformance matrix (test/scenarios/stories.json): which story each PBX can express, the
// story it must give (its beats, with the PBX's cast and blanks applied), how its scenario is sent
// in each of its forms, and the check of the events a trigger emitted against the story. Shared
// by the unit tests (triggers in-process), the e2e tests (a real n8n) and the README generator.
const { execFileSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const { SCENARIO_DIR, listScenarios } = require('./scenarios');
const { creomateJsonSteps } = require('./threeCxForms');

const STORIES_FILE = join(SCENARIO_DIR, 'stories.json');
/** Events whose direction a beat does not check unless it says so: they may not know it. */
const DIRECTIONLESS = new Set(['recording.ready', 'speech.replica']);

/** @returns {{ pbxs: Record<string, any>, stories: any[] }} */
function loadConformance() {
	return JSON.parse(readFileSync(STORIES_FILE, 'utf8'));
}

/** Whether `pbx` can express the whole story, and if not, why (its `lacks` entry). */
function support(conformance, story, pbx) {
	const lacks = conformance.pbxs[pbx].lacks;
	const reason = story.needs === undefined ? undefined : lacks[story.needs];
	return reason === undefined ? { supported: true } : { supported: false, reason };
}

/** Every story × PBX, with whether the PBX expresses it. */
function storyCases(conformance = loadConformance()) {
	return conformance.stories.flatMap((story) =>
		Object.keys(conformance.pbxs).map((pbx) => ({
			story,
			pbx,
			...support(conformance, story, pbx),
		})),
	);
}

/**
 * The beats `pbx` must give for the story: those whose need it does not lack, with "$name"
 * values from its cast, fields it cannot fill (its `blank`) expected null, and the story's
 * direction on every beat that checks one.
 * @returns {Array<{ event: string, fields: Record<string, unknown> }>}
 */
function expectedStory(conformance, story, pbx, cast = {}) {
	const profile = conformance.pbxs[pbx];
	const roles = { ...profile.cast, ...cast };
	return story.beats
		.filter((beat) => beat.needs === undefined || profile.lacks[beat.needs] === undefined)
		.map(({ event, needs, ...given }) => {
			const fields = {};
			if (!DIRECTIONLESS.has(event)) fields.direction = story.direction;
			for (const [path, value] of Object.entries(given)) {
				const blank =
					profile.blank[path] !== undefined || profile.blank[`${path}@${event}`] !== undefined;
				fields[path] = blank ? null : resolve(value, roles, story.name);
			}
			return { event, fields };
		});
}

function resolve(value, roles, storyName) {
	if (typeof value !== 'string' || !value.startsWith('$')) return value;
	const name = value.slice(1);
	if (!(name in roles)) throw new Error(`Story ${storyName}: no cast for "${name}"`);
	return roles[name];
}

/**
 * The steps of a rendered scenario as one of the PBX's forms sends them, each with the form
 * the sender should use.
 */
function stepsInForm(pbx, form, steps) {
	if (pbx === '3cx' && form === 'creomate') {
		return creomateJsonSteps(steps).map((step) => ({ form: 'json', ...step }));
	}
	if (pbx === '3cx' && form === 'query') {
		return steps.flatMap(oneRecordingPerRequest).map((step) => ({ form, ...step }));
	}
	return steps.map((step) => ({ form, ...step }));
}

/** Creomate's GET scheme POSTs each recording's URL alone: a K2M event with two files is two. */
function oneRecordingPerRequest(step) {
	const files = step.body?.Event === 'recording' ? step.body.FileUrls : undefined;
	if (!Array.isArray(files) || files.length < 2) return [step];
	const expects = Array.isArray(step.expect) ? step.expect : files.map(() => step.expect);
	return files.map((url, index) => ({
		...step,
		body: { ...step.body, FileUrls: [url] },
		...(expects[index] === undefined ? {} : { expect: expects[index] }),
	}));
}

function valueAt(event, path) {
	return path.split('.').reduce((value, key) => (value == null ? undefined : value[key]), event);
}

function show(value) {
	return value === undefined ? 'missing' : JSON.stringify(value);
}

/**
 * What is wrong with the events a PBX emitted for one call, compared with the story: an empty
 * list when they tell it. The call's events (everything but recordings) must be the story's
 * beats in order, one for one; recordings may come at any point after their leg, so they are
 * matched in any order. Every event must carry the call's id, and at most one be `call.started`.
 * At least one is `call.ended`; where the PBX sends more than one end for the call, they share
 * one `eventId` and every end but the last says it is not `final`, so a workflow that settles on
 * the last end has the call's result.
 */
function checkStory(events, beats, { callId }) {
	const problems = [];
	events.forEach((event, index) => {
		if (event.callId !== callId) {
			problems.push(`event ${index + 1} (${event.event}) has callId ${show(event.callId)}`);
		}
	});
	const ends = events.filter((event) => event.event === 'call.ended');
	if (ends.length === 0) problems.push('no call.ended event, expected at least 1');
	if (new Set(ends.map((end) => end.eventId)).size > 1) {
		problems.push(`${ends.length} call.ended events with different eventIds, expected one`);
	}
	ends.slice(0, -1).forEach((end, index) => {
		if (end.final !== false) {
			problems.push(`call.ended ${index + 1} of ${ends.length} says final ${show(end.final)}`);
		}
	});
	const starts = events.filter((event) => event.event === 'call.started').length;
	if (starts > 1) problems.push(`${starts} call.started events, expected at most 1`);

	const isRecording = (item) => item.event === 'recording.ready';
	const lifecycle = events.filter((event) => !isRecording(event));
	const expected = beats.filter((beat) => !isRecording(beat));
	if (lifecycle.length !== expected.length) {
		problems.push(
			`events ${lifecycle.map((e) => e.event).join(', ')}; expected ${expected.map((b) => b.event).join(', ')}`,
		);
	} else {
		expected.forEach((beat, index) => {
			problems.push(...mismatches(lifecycle[index], beat, `beat ${index + 1}`));
		});
	}

	const recordings = events.filter(isRecording);
	const recordingBeats = beats.filter(isRecording);
	if (recordings.length !== recordingBeats.length) {
		problems.push(`${recordings.length} recording.ready, expected ${recordingBeats.length}`);
	} else {
		const unused = [...recordings];
		recordingBeats.forEach((beat, index) => {
			const found = unused.findIndex((event) => mismatches(event, beat, '').length === 0);
			if (found === -1) problems.push(`no recording.ready matches recording beat ${index + 1}`);
			else unused.splice(found, 1);
		});
	}
	return problems;
}

function mismatches(event, beat, label) {
	if (event.event !== beat.event) return [`${label}: ${event.event}, expected ${beat.event}`];
	return Object.entries(beat.fields)
		.filter(([path, value]) => JSON.stringify(valueAt(event, path)) !== JSON.stringify(value))
		.map(
			([path, value]) =>
				`${label} (${beat.event}): ${path} is ${show(valueAt(event, path))}, expected ${show(value)}`,
		);
}

/** Scenario files that belong to no story, and stories a PBX expresses without a scenario. */
function scenarioGaps(conformance = loadConformance()) {
	const gaps = [];
	for (const pbx of Object.keys(conformance.pbxs)) {
		const files = new Set(listScenarios(pbx));
		for (const { story, supported } of storyCases(conformance).filter((c) => c.pbx === pbx)) {
			if (supported && !files.has(story.name)) gaps.push(`${pbx}: no scenario for ${story.name}`);
			if (!supported && files.has(story.name))
				gaps.push(`${pbx}: ${story.name} has a scenario but ${pbx} lacks "${story.needs}"`);
			files.delete(story.name);
		}
		for (const name of files) gaps.push(`${pbx}: scenario ${name} belongs to no story`);
	}
	return gaps;
}

const MATRIX_START = '<!-- conformance matrix: generated by `npm run conformance`, do not edit -->';
const MATRIX_END = '<!-- end of conformance matrix -->';

/** The README's matrix: scenario × PBX, the story each PBX gives, and why a PBX cannot. */
function readmeMatrix(conformance = loadConformance()) {
	const pbxs = Object.keys(conformance.pbxs);
	const titles = pbxs.map((pbx) => conformance.pbxs[pbx].title);
	const notes = [];
	const note = (text) => {
		const existing = notes.indexOf(text);
		if (existing !== -1) return existing + 1;
		notes.push(text);
		return notes.length;
	};
	const lines = [
		MATRIX_START,
		'',
		`| Scenario | ${titles.join(' | ')} |`,
		`| --- | ${pbxs.map(() => '---').join(' | ')} |`,
	];
	for (const story of conformance.stories) {
		const cells = pbxs.map((pbx) => {
			const { supported, reason } = support(conformance, story, pbx);
			if (!supported) return `— [^${note(reason)}]`;
			const beats = expectedStory(conformance, story, pbx);
			const end = beats.filter((beat) => beat.event === 'call.ended').at(-1).fields;
			const forms = conformance.pbxs[pbx].forms.length;
			return `✓ ${beats.length} events, ${end.outcome}${forms > 1 ? ` (${forms} forms)` : ''}`;
		});
		lines.push(`| ${story.title} | ${cells.join(' | ')} |`);
	}
	lines.push(
		'',
		'The story each scenario must give (events in order; _PBX_: not sent by that PBX):',
		'',
	);
	for (const story of conformance.stories) {
		lines.push(`- **${story.title}** (\`${story.name}\`, ${story.direction}):`);
		const beats = story.beats.map((beat) => {
			const missing = pbxs
				.filter((pbx) => beat.needs !== undefined && conformance.pbxs[pbx].lacks[beat.needs])
				.map((pbx) => conformance.pbxs[pbx].title);
			const keys = Object.entries(beat)
				.filter(([key]) =>
					['answered', 'outcome', 'final', 'agent.extension', 'transfer'].includes(key),
				)
				.map(([key, value]) => `${key.replace('.extension', '')} ${value ?? 'none'}`);
			const detail = keys.length > 0 ? ` (${keys.join(', ')})` : '';
			return `\`${beat.event}\`${detail}${missing.length > 0 ? ` _not ${missing.join(', ')}_` : ''}`;
		});
		lines.push(`  ${beats.join(' → ')}`);
	}
	lines.push('', 'What each PBX cannot say (the field is null there):', '');
	for (const pbx of pbxs) {
		const blanks = Object.entries(conformance.pbxs[pbx].blank);
		if (blanks.length === 0) continue;
		const list = blanks.map(([field, why]) => `\`${field.replace('@', '` on `')}\`: ${why}`);
		lines.push(`- ${conformance.pbxs[pbx].title}: ${list.join(' ')}`);
	}
	lines.push('');
	notes.forEach((text, index) => lines.push(`[^${index + 1}]: ${text}`));
	lines.push('', MATRIX_END);
	return lines.join('\n');
}

/** The README with its matrix block replaced by `matrix`. */
function withMatrix(readme, matrix) {
	const start = readme.indexOf(MATRIX_START);
	const end = readme.indexOf(MATRIX_END);
	if (start === -1 || end === -1)
		throw new Error('docs/conformance.md has no conformance matrix markers');
	return readme.slice(0, start) + matrix + readme.slice(end + MATRIX_END.length);
}

const README = join(__dirname, '..', '..', 'docs', 'conformance.md');

/**
 * The README as it should be: its matrix block regenerated, formatted by the project's prettier
 * (run as a process: prettier 3 cannot load inside jest's module system).
 */
function regeneratedReadme(conformance = loadConformance()) {
	const readme = readFileSync(README, 'utf8');
	const prettier = require.resolve('prettier/bin/prettier.cjs');
	return execFileSync(process.execPath, [prettier, '--stdin-filepath', README], {
		input: withMatrix(readme, readmeMatrix(conformance)),
		encoding: 'utf8',
	});
}

/** The README as it is now. */
function readmeNow() {
	return readFileSync(README, 'utf8');
}

module.exports = {
	README,
	readmeNow,
	STORIES_FILE,
	regeneratedReadme,
	checkStory,
	expectedStory,
	loadConformance,
	readmeMatrix,
	scenarioGaps,
	stepsInForm,
	storyCases,
	withMatrix,
};
