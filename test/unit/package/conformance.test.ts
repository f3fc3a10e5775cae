// The conformance matrix, in-process: every story of every PBX, in every form the PBX sends, goes
// through the PBX's trigger exactly as its requests would arrive, and must tell the story.
import { randomBytes } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { registeredSecret } from '../../../nodes/Kompaas/webhookStore';
import { callEventSchema, type CallEvent } from '../../../nodes/shared/callEventSchema';
import { CALL_OUTCOMES } from '../../../nodes/shared/callEventTypes';
import {
	checkStory,
	expectedStory,
	loadConformance,
	readmeNow,
	regeneratedReadme,
	scenarioGaps,
	stepsInForm,
	storyCases,
} from '../../support/conformance';
import { buildPbxRequest } from '../../support/pbxSender';
import { loadScenario, renderScenario } from '../../support/scenarios';
import { callWebhook, type NodeTypeName } from '../../support/n8nEngine';

const SECRET = randomBytes(24).toString('hex');

/** Each PBX's trigger with its secret where the PBX puts it, so its requests are accepted. */
const TRIGGERS: Record<
	string,
	{
		type: NodeTypeName;
		path: string;
		credentials?: Record<string, IDataObject>;
		staticData?: IDataObject;
	}
> = {
	kompaas: {
		type: 'kompaasTrigger',
		path: 'kompaas',
		staticData: registeredSecret(SECRET) as IDataObject,
	},
	voipcloud: {
		type: 'voipcloudTrigger',
		path: 'voipcloud',
		credentials: { voipcloudWebhookApi: { secretToken: SECRET, componentSecretToken: '' } },
	},
	'3cx': {
		type: 'threeCxWebhookTrigger',
		path: '3cx',
		credentials: { threeCxWebhookApi: { secret: SECRET } },
	},
};

/** One request as the PBX sends it, handed to its trigger; the normalized events it emits. */
async function deliver(pbx: string, step: { body: unknown; form?: string; query?: IDataObject }) {
	const { type, path, credentials, staticData } = TRIGGERS[pbx];
	const url = `http://127.0.0.1:5678/webhook/conformance/${path}`;
	const request = buildPbxRequest(pbx, url, { ...step, token: SECRET });
	const target = new URL(request.url);
	// Node's HTTP server, and so n8n, gives header names in lower case.
	const headers = Object.fromEntries(
		Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]),
	);
	const { result, response } = await callWebhook({
		type,
		parameters: { events: ['*'] },
		credentials,
		staticData: staticData && { ...staticData },
		request: {
			method: request.method,
			body: request.body,
			contentType: headers['content-type'],
			headers,
			query: Object.fromEntries(target.searchParams),
		},
	});
	expect(response.statusCode).toBeUndefined();
	return (result.workflowData?.[0] ?? []).map((item) => callEventSchema.parse(item.json));
}

const conformance = loadConformance();
const cases = storyCases(conformance);
const playable = cases
	.filter((c) => c.supported)
	.flatMap((c) => conformance.pbxs[c.pbx].forms.map((form: string) => ({ ...c, form })));

describe('conformance matrix: every story of every PBX', () => {
	test.each(playable.map((c) => [c.story.name, c.pbx, c.form, c] as const))(
		'%s on %s (%s) tells the story',
		async (_story, pbx, form, { story }) => {
			const scenario = renderScenario(loadScenario(pbx, story.name));
			const emitted: CallEvent[] = [];
			for (const [index, step] of stepsInForm(pbx, form, scenario.steps).entries()) {
				const events = await deliver(pbx, step);
				const expects = Array.isArray(step.expect) ? step.expect : [step.expect ?? {}];
				expect({ step: index + 1, events: events.length }).toEqual({
					step: index + 1,
					events: expects.length,
				});
				events.forEach((event, at) => expect(event).toMatchObject(expects[at]));
				emitted.push(...events);
			}
			const beats = expectedStory(conformance, story, pbx, scenario.cast);
			expect(checkStory(emitted, beats, { callId: scenario.callId })).toEqual([]);
		},
	);

	test('every story a PBX can express has its scenario, and every scenario a story', () => {
		expect(scenarioGaps(conformance)).toEqual([]);
	});

	test('every story ends with a final call.ended with the result, in every PBX’s version', () => {
		for (const { story, pbx } of cases.filter((c) => c.supported)) {
			const ends = expectedStory(conformance, story, pbx).filter((b) => b.event === 'call.ended');
			const last = ends.at(-1)!.fields;
			expect({ story: story.name, pbx, ends: ends.length > 0 }).toEqual({
				story: story.name,
				pbx,
				ends: true,
			});
			expect(typeof last.answered).toBe('boolean');
			expect(CALL_OUTCOMES).toContain(last.outcome);
			// An outbound call nobody answered is never missed: missed is for callers to call back.
			if (story.direction === 'outbound') expect(last.outcome).not.toBe('missed');
			for (const earlier of ends.slice(0, -1)) expect(earlier.fields.final).toBe(false);
		}
	});

	test('a PBX that cannot express a story says why, once, under its lacks', () => {
		for (const { story, pbx, supported, reason } of cases) {
			if (!supported) expect({ story: story.name, pbx, reason }).toMatchObject({ reason: /\w/ });
		}
		const needed = new Set(
			conformance.stories.flatMap((story: { needs?: string; beats: Array<{ needs?: string }> }) => [
				story.needs,
				...story.beats.map((beat) => beat.needs),
			]),
		);
		for (const [pbx, profile] of Object.entries(conformance.pbxs) as Array<
			[string, { lacks: Record<string, string> }]
		>) {
			const unused = Object.keys(profile.lacks).filter((lack) => !needed.has(lack));
			expect({ pbx, unused }).toEqual({ pbx, unused: [] });
		}
	});
});

describe('checkStory finds a story that is not told', () => {
	const story = conformance.stories.find((s: { name: string }) => s.name === 'queue-abandoned');
	const beats = expectedStory(conformance, story, 'kompaas');

	async function kompaasEvents() {
		const scenario = renderScenario(loadScenario('kompaas', 'queue-abandoned'));
		const events: CallEvent[] = [];
		for (const step of scenario.steps) events.push(...(await deliver('kompaas', step)));
		return { scenario, events };
	}

	test('a second call.ended after a final one', async () => {
		const { scenario, events } = await kompaasEvents();
		const doubled = [...events, { ...events[events.length - 1] }];
		expect(checkStory(doubled, beats, { callId: scenario.callId })).toContain(
			'call.ended 1 of 2 says final true',
		);
	});

	test('two ends of one call with different ids, or none at all', async () => {
		const { scenario, events } = await kompaasEvents();
		const last = events[events.length - 1];
		const twoIds = [...events, { ...last, eventId: 'another-id' }].map((event, index) =>
			index === events.length - 1 ? { ...event, final: false } : event,
		);
		expect(checkStory(twoIds, beats, { callId: scenario.callId })).toContain(
			'2 call.ended events with different eventIds, expected one',
		);
		const none = events.filter((event) => event.event !== 'call.ended');
		expect(checkStory(none, beats, { callId: scenario.callId })).toContain(
			'no call.ended event, expected at least 1',
		);
	});

	test('a second call.started', async () => {
		const { scenario, events } = await kompaasEvents();
		const doubled = [events[0], ...events];
		expect(checkStory(doubled, beats, { callId: scenario.callId })).toContain(
			'2 call.started events, expected at most 1',
		);
	});

	test('an agent attempt reported as the end of the call', async () => {
		const { scenario, events } = await kompaasEvents();
		const wrong = events.map((event) =>
			event.event === 'leg.ended' ? { ...event, event: 'call.ended' as const } : event,
		);
		expect(checkStory(wrong, beats, { callId: scenario.callId }).join('\n')).toMatch(
			/call\.ended 1 of 3 says final [\s\S]*beat 4: call\.ended, expected leg\.ended/,
		);
	});

	test('a different outcome spelling, an event on another call, a field of another meaning', async () => {
		const { scenario, events } = await kompaasEvents();
		const last = events.length - 1;
		const wrong = events.map((event, index) =>
			index === last
				? { ...event, outcome: 'abandoned', agent: { extension: '102', name: null } }
				: index === 1
					? { ...event, callId: 'another-call' }
					: event,
		);
		expect(checkStory(wrong as CallEvent[], beats, { callId: scenario.callId })).toEqual([
			'event 2 (queue.entered) has callId "another-call"',
			'beat 8 (call.ended): outcome is "abandoned", expected "missed"',
			'beat 8 (call.ended): agent.extension is "102", expected null',
		]);
	});
});

describe('the README’s conformance matrix', () => {
	test('is the one npm run conformance generates from test/scenarios/stories.json', () => {
		// Stale? Run `npm run conformance`.
		expect(readmeNow()).toBe(regeneratedReadme(conformance));
	});
});
