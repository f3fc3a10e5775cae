import type { IDataObject } from 'n8n-workflow';

import { callEventSchema } from '../../../nodes/shared/callEventSchema';
import {
	pollsPer15Minutes,
	requestBudget,
	type HistoryCursor,
} from '../../../nodes/Voipcloud/historyPoll';
import { startVoipcloudApi } from '../../fakes/voipcloudApi';
import { callWebhook, runPoll } from '../../support/n8nEngine';
import { listScenarios, loadScenario, renderScenario } from '../../support/scenarios';
import { historyRowsOf } from '../../support/voipcloudHistoryRows';

type FakeApi = Awaited<ReturnType<typeof startVoipcloudApi>>;
type Endpoint = 'get-user-calls' | 'get-queue-calls' | 'get-ringgroup-calls';

let api: FakeApi;

beforeAll(async () => {
	api = await startVoipcloudApi({ history: { userCalls: 0, queueCalls: 0, ringGroupCalls: 0 } });
});
afterAll(async () => await api.close());
beforeEach(() => {
	api.reset();
	api.setRateLimit({ max: 100, windowMs: 15 * 60_000 });
	for (const rows of Object.values(api.state.history) as IDataObject[][]) rows.length = 0;
});

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** "YYYY-MM-DD HH:mm:ss" (UTC), as the history writes its date-times. */
function pbxTime(ms: number): string {
	return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

let serial = 0;
/** A finished call straight to user 101 that started `agoMs` ago. */
function userCall(agoMs: number, fields: IDataObject = {}): IDataObject {
	const startMs = Date.now() - agoMs;
	return {
		unique_call_id: `${Math.floor(startMs / 1000)}.t${serial++}`,
		type: 'user_inbound_completed',
		caller_id: '+61298765432',
		caller_name: 'Jane Citizen',
		dest_number: '+61280000100',
		user_name: 'Alice Agent',
		user_number: '101',
		call_start_at: pbxTime(startMs),
		connected_at: pbxTime(startMs + 5_000),
		call_duration: 65,
		conversation_duration: 60,
		...fields,
	};
}

function write(endpoint: Endpoint, ...rows: IDataObject[]) {
	api.addCalls(endpoint, rows);
}

const credentials = () => ({
	voipcloudApi: { apiKey: api.token, region: 'custom', customUrl: api.url, apiVersion: 'v2' },
});

/** A cursor as a poll `lastPollAgoMs` ago left it, for a trigger published `sinceAgoMs` ago. */
function cursorOf(sinceAgoMs: number, lastPollAgoMs: number | null, seen = {}): IDataObject {
	const now = Date.now();
	const cursor: HistoryCursor = {
		since: new Date(now - sinceAgoMs).toISOString(),
		lastPollAt: lastPollAgoMs === null ? null : new Date(now - lastPollAgoMs).toISOString(),
		seen,
	};
	return { historyCursor: cursor as unknown as IDataObject };
}

async function poll(
	options: {
		staticData?: IDataObject;
		mode?: 'manual' | 'trigger';
		parameters?: IDataObject;
	} = {},
) {
	return await runPoll({
		type: 'voipcloudCallHistoryTrigger',
		parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...options.parameters },
		credentials: credentials(),
		staticData: options.staticData,
		mode: options.mode,
	});
}

const callIds = (items: IDataObject[] | null) => (items ?? []).map((item) => item.callId);

/** The call.ended items the VoIPcloud Trigger gives for the scenario's webhooks, in order. */
async function webhookEndsOf(rendered: ReturnType<typeof renderScenario>) {
	const ends: IDataObject[] = [];
	for (const step of rendered.steps) {
		const { result } = await callWebhook({
			type: 'voipcloudTrigger',
			credentials: {
				voipcloudWebhookApi: { secretToken: 'history-test', componentSecretToken: '' },
			},
			request: { body: step.body, headers: { 'x-pbx-token': 'history-test' } },
		});
		for (const item of result.workflowData?.[0] ?? []) {
			if (item.json.event === 'call.ended') ends.push(item.json);
		}
	}
	return ends;
}

/** Scenarios whose call VoIPcloud's call lists hold (a call sent straight to voicemail is in none). */
const IN_HISTORY = listScenarios('voipcloud').filter(
	(name) => historyRowsOf(renderScenario(loadScenario('voipcloud', name))).length > 0,
);

describe('the same eventId and callId as the webhook trigger, on every VoIPcloud scenario', () => {
	test('every scenario but the voicemail-only call is in the call history', () => {
		expect(listScenarios('voipcloud').filter((name) => !IN_HISTORY.includes(name))).toEqual([
			'voicemail-only',
		]);
	});

	test.each(IN_HISTORY)('%s', async (name) => {
		const rendered = renderScenario(loadScenario('voipcloud', name), {
			startedAt: new Date(Date.now() - 10 * MINUTE),
		});
		const webhookEnds = await webhookEndsOf(rendered);
		// Where VoIPcloud sends two ends of one call, both carry the call's one eventId.
		expect(webhookEnds.length).toBeGreaterThan(0);
		expect(new Set(webhookEnds.map((end) => end.eventId)).size).toBe(1);
		for (const { endpoint, row } of historyRowsOf(rendered))
			write(endpoint as Endpoint, row as IDataObject);

		const { items } = await poll({ staticData: cursorOf(HOUR, 20 * MINUTE) });

		expect(items).toHaveLength(1);
		const [fromHistory] = items!.map((item) => callEventSchema.parse(item));
		const lastWebhookEnd = webhookEnds[webhookEnds.length - 1];
		expect(fromHistory.eventId).toBe(lastWebhookEnd.eventId);
		expect(fromHistory.callId).toBe(lastWebhookEnd.callId);
		expect(fromHistory.event).toBe('call.ended');
		expect(fromHistory.final).toBe(true);
		// The result of the webhooks' last end, so the upsert that collapses the two keeps it.
		expect([fromHistory.answered, fromHistory.outcome, fromHistory.direction]).toEqual([
			lastWebhookEnd.answered,
			lastWebhookEnd.outcome,
			lastWebhookEnd.direction,
		]);
	});
});

describe('first activation', () => {
	test('starts from now: calls that ended before publishing are not emitted', async () => {
		write('get-user-calls', userCall(30 * MINUTE), userCall(2 * MINUTE));
		const first = await poll();
		expect(first.items).toBeNull();
		const cursor = first.staticData.historyCursor as unknown as HistoryCursor;
		expect(Date.now() - Date.parse(cursor.since)).toBeLessThan(MINUTE);
		expect(cursor.lastPollAt).not.toBeNull();
	});

	test('Deliver Past Hours emits the calls of those hours once, oldest first', async () => {
		const old = userCall(5 * HOUR);
		const recent = userCall(90 * MINUTE);
		const newest = userCall(10 * MINUTE);
		write('get-user-calls', newest, old, recent);
		const parameters = { additionalOptions: { backfillHours: 2 } };
		const first = await poll({ parameters });
		expect(callIds(first.items)).toEqual([recent.unique_call_id, newest.unique_call_id]);
		const second = await poll({ parameters, staticData: first.staticData });
		expect(second.items).toBeNull();
	});

	test('an API that fails the first poll fails publishing', async () => {
		api.setWhitelisted(false);
		await expect(poll()).rejects.toThrow(/refused the API key/);
	});
});

describe('cursor and overlap', () => {
	test('each call is emitted at the first poll that sees it, and never again', async () => {
		const first = await poll({ staticData: cursorOf(10 * MINUTE, null) });
		expect(first.items).toBeNull();
		const call = userCall(5 * MINUTE);
		write('get-user-calls', call);
		const second = await poll({ staticData: first.staticData });
		expect(callIds(second.items)).toEqual([call.unique_call_id]);
		const third = await poll({ staticData: second.staticData });
		expect(third.items).toBeNull();
		const cursor = third.staticData.historyCursor as unknown as HistoryCursor;
		expect(Object.keys(cursor.seen)).toEqual([second.items![0].eventId]);
	});

	test('a call written late, after a poll that started after the call, is emitted at the next poll', async () => {
		// The previous poll ran 5 minutes ago; this call started 15 minutes ago but was written since.
		const late = userCall(15 * MINUTE);
		write('get-user-calls', late);
		const { items } = await poll({ staticData: cursorOf(HOUR, 5 * MINUTE) });
		expect(callIds(items)).toEqual([late.unique_call_id]);
	});

	test('a call written later than the Late Calls Window after its start is not emitted', async () => {
		const tooLate = userCall(40 * MINUTE);
		write('get-user-calls', tooLate);
		const { items } = await poll({
			staticData: cursorOf(2 * HOUR, 5 * MINUTE),
			parameters: { additionalOptions: { lateWindowMinutes: 30 } },
		});
		expect(items).toBeNull();
	});

	test('asks the day before the window in the PBX time zone, oldest first, for each source', async () => {
		await poll({
			staticData: cursorOf(HOUR, 5 * MINUTE),
			parameters: { additionalOptions: { timeZone: 'Australia/Sydney' } },
		});
		// The window starts at the later of the cursor (an hour ago) and the last poll less the Late
		// Calls Window (125 minutes ago).
		const windowDay = new Date(Date.now() - HOUR).toLocaleDateString('en-CA', {
			timeZone: 'Australia/Sydney',
		});
		const dayBefore = new Date(Date.parse(`${windowDay}T00:00:00Z`) - 86_400_000)
			.toISOString()
			.slice(0, 10);
		expect(api.requests.map((request) => [request.endpoint, request.query.from_date])).toEqual([
			['get-queue-calls', dayBefore],
			['get-ringgroup-calls', dayBefore],
			['get-user-calls', dayBefore],
		]);
		expect(api.requests.every((request) => request.query.sort_by === 'oldest_first')).toBe(true);
	});
});

describe('times in the PBX time zone', () => {
	test('a call the history writes in Sydney time starts at its real instant', async () => {
		const startMs = Math.floor((Date.now() - 10 * MINUTE) / 1000) * 1000;
		// The history writes local time without an offset.
		const sydney = (ms: number) =>
			new Date(ms).toLocaleString('sv-SE', { timeZone: 'Australia/Sydney' });
		write(
			'get-user-calls',
			userCall(10 * MINUTE, {
				call_start_at: sydney(startMs),
				connected_at: sydney(startMs + 5_000),
			}),
		);
		const { items } = await poll({
			staticData: cursorOf(HOUR, 20 * MINUTE),
			parameters: { additionalOptions: { timeZone: 'Australia/Sydney' } },
		});
		expect(items).toHaveLength(1);
		const [call] = items!.map((item) => callEventSchema.parse(item));
		expect(Date.parse(call.startedAt as string)).toBe(startMs);
	});
});

describe('boundary duplicates and the whole-call view', () => {
	test('calls already emitted at the window boundary are not emitted again; new ones are', async () => {
		const seenCall = userCall(3 * MINUTE);
		const first = await poll({ staticData: cursorOf(HOUR, 10 * MINUTE) });
		expect(first.items).toBeNull();
		write('get-user-calls', seenCall);
		const second = await poll({ staticData: first.staticData });
		expect(callIds(second.items)).toEqual([seenCall.unique_call_id]);
		// Same start second, written after the poll: the same boundary, a different call.
		const sameSecond: IDataObject = {
			...userCall(3 * MINUTE),
			call_start_at: seenCall.call_start_at,
		};
		write('get-user-calls', sameSecond);
		const third = await poll({ staticData: second.staticData });
		expect(callIds(third.items)).toEqual([sameSecond.unique_call_id]);
	});

	test('a queue call seen as the queue summary and as a user leg is emitted once, as the summary', async () => {
		const leg = userCall(5 * MINUTE, { queue_name: 'Sales', ring_group_name: '' });
		const summary: IDataObject = { ...leg, status: 'answered' };
		delete summary.type;
		write('get-user-calls', leg);
		write('get-queue-calls', summary);
		const { items } = await poll({ staticData: cursorOf(HOUR, 10 * MINUTE) });
		expect(items).toHaveLength(1);
		expect(items![0]).toMatchObject({
			event: 'call.ended',
			callId: leg.unique_call_id,
			queue: { name: 'Sales' },
		});
		expect(items![0].raw).toEqual(summary);
	});

	test('a call that ended less than Wait After Call End ago is left for a later poll', async () => {
		// Started 70 s ago, lasted 65 s: it ended 5 s ago, its webhook may be running now.
		const justEnded = userCall(70_000);
		write('get-user-calls', justEnded);
		const now = await poll({ staticData: cursorOf(HOUR, 10 * MINUTE) });
		expect(now.items).toBeNull();
		const later = await poll({
			staticData: now.staticData,
			parameters: { additionalOptions: { settleSeconds: 0 } },
		});
		expect(callIds(later.items)).toEqual([justEnded.unique_call_id]);
	});

	test('a later end of a call already emitted (a ring group that failed over to a queue) is emitted again, with the same eventId', async () => {
		const ringGroup: IDataObject = {
			...userCall(10 * MINUTE, { ring_group_name: 'Support', status: 'timedout' }),
			connected_at: null,
			call_duration: 30,
			conversation_duration: 0,
		};
		delete ringGroup.type;
		write('get-ringgroup-calls', ringGroup);
		const first = await poll({ staticData: cursorOf(HOUR, 20 * MINUTE) });
		expect(first.items).toMatchObject([{ answered: false, final: true }]);
		const queue: IDataObject = { ...ringGroup, status: 'answered', call_duration: 120 };
		delete queue.ring_group_name;
		queue.queue_name = 'Sales';
		queue.connected_at = ringGroup.call_start_at;
		queue.conversation_duration = 60;
		write('get-queue-calls', queue);
		const second = await poll({ staticData: first.staticData });
		expect(second.items).toMatchObject([{ eventId: first.items![0].eventId, answered: true }]);
		const third = await poll({ staticData: second.staticData });
		expect(third.items).toBeNull();
	});

	test('a user leg alone is not a call', async () => {
		write('get-user-calls', userCall(5 * MINUTE, { queue_name: 'Sales' }));
		const { items } = await poll({ staticData: cursorOf(HOUR, 10 * MINUTE) });
		expect(items).toBeNull();
	});

	test('Output Raw gives the history rows as VoIPcloud sent them', async () => {
		const call = userCall(5 * MINUTE);
		write('get-user-calls', call);
		const { items } = await poll({
			staticData: cursorOf(HOUR, 10 * MINUTE),
			parameters: { output: 'raw' },
		});
		expect(items).toEqual([call]);
	});
});

describe('manual mode and errors', () => {
	test('Fetch Test Event returns recent calls and leaves the cursor where it was', async () => {
		const calls = [userCall(3 * HOUR), userCall(20 * MINUTE)];
		write('get-user-calls', ...calls);
		const staticData = cursorOf(HOUR, MINUTE, {});
		const before = JSON.stringify(staticData);
		const { items } = await poll({ staticData, mode: 'manual' });
		expect(callIds(items)).toEqual(calls.map((call) => call.unique_call_id));
		expect(JSON.stringify(staticData)).toBe(before);
	});

	test('in manual mode an API error is thrown as it is, with its status', async () => {
		api.setWhitelisted(false);
		const error = await poll({ staticData: cursorOf(HOUR, MINUTE), mode: 'manual' }).then(
			() => null,
			(thrown: unknown) => thrown as Error & { httpCode?: string },
		);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toMatch(/refused the API key/);
		expect(error?.httpCode).toBe('401');
	});

	test('in production an API error is logged, and the next poll delivers from the same cursor', async () => {
		const call = userCall(4 * MINUTE);
		write('get-user-calls', call);
		const staticData = cursorOf(HOUR, 5 * MINUTE);
		const before = JSON.stringify(staticData);
		api.setWhitelisted(false);
		const failed = await poll({ staticData });
		expect(failed.items).toBeNull();
		expect(JSON.stringify(staticData)).toBe(before);
		expect(
			failed.logs.some((entry) => entry.level === 'error' && /tries again/.test(entry.message)),
		).toBe(true);
		api.setWhitelisted(true);
		const next = await poll({ staticData });
		expect(callIds(next.items)).toEqual([call.unique_call_id]);
	});
});

describe('request budget', () => {
	test.each([
		[[{ mode: 'everyMinute' }], 15],
		[[{ mode: 'everyX', unit: 'minutes', value: 5 }], 3],
		[[{ mode: 'everyX', unit: 'minutes', value: 7 }], 3],
		[[{ mode: 'everyHour', minute: 5 }], 1],
		[[{ mode: 'custom', cronExpression: '0 */2 * * * *' }], 8],
		[[{ mode: 'custom', cronExpression: '0,30 * * * *' }], 1],
		[[{ mode: 'everyMinute' }, { mode: 'everyHour', minute: 0 }], 16],
	])('%j polls at most %i times in 15 minutes', (pollTimes, polls) => {
		expect(pollsPer15Minutes(pollTimes)).toBe(polls);
	});

	test('every minute with three sources needs 45 requests: within the default budget of 50', () => {
		expect(requestBudget([{ mode: 'everyMinute' }], ['queue', 'ringGroup', 'user'], 50)).toEqual({
			requestsPerPoll: 3,
			polls: 15,
			requests: 45,
			refusal: null,
		});
	});

	test('a configuration over the budget is refused with what to change, before any request', async () => {
		const refused = poll({ parameters: { additionalOptions: { requestBudget: 30 } } });
		await expect(refused).rejects.toMatchObject({
			message: expect.stringContaining('45 requests per 15 minutes'),
			description: expect.stringMatching(
				/poll at most every 2 minutes.*choose fewer Sources.*raise the Request Budget/,
			),
		});
		expect(api.requests).toHaveLength(0);
	});

	test('a single source at the full budget and every minute fits; a sub-minute cron does not', () => {
		expect(requestBudget([{ mode: 'everyMinute' }], ['user'], 100).refusal).toBeNull();
		expect(
			requestBudget([{ mode: 'custom', cronExpression: '*/10 * * * * *' }], ['user'], 100).refusal,
		).toMatch(/900 VoIPcloud API requests/);
	});
});

describe('settings', () => {
	test('no source selected is refused before any request', async () => {
		const refused = poll({ parameters: { sources: [] } });
		await expect(refused).rejects.toMatchObject({
			message: 'No source is selected',
			description: 'Choose at least one of User Calls, Queue Calls, Ring Group Calls.',
		});
		expect(api.requests).toHaveLength(0);
	});

	test('an unknown time zone is refused before any request', async () => {
		await expect(
			poll({ parameters: { additionalOptions: { timeZone: 'Mars/Olympus' } } }),
		).rejects.toMatchObject({
			message: 'The time zone "Mars/Olympus" is not known',
			description: 'Use an IANA time zone name such as Australia/Sydney or Europe/London.',
		});
		expect(api.requests).toHaveLength(0);
	});

	test('the chosen sources are read in source order, one request each, and logged', async () => {
		const call = userCall(5 * MINUTE);
		write('get-user-calls', call);
		const { logs } = await poll({
			staticData: cursorOf(HOUR, 10 * MINUTE),
			parameters: { sources: ['user', 'queue'] },
		});
		expect(api.requests.map((request) => request.endpoint)).toEqual([
			'get-queue-calls',
			'get-user-calls',
		]);
		expect(logs).toContainEqual(
			expect.objectContaining({
				level: 'debug',
				message: expect.stringMatching(/: 1 new calls of 1 read with 2 requests$/),
			}),
		);
	});

	test('Include Raw off leaves the history row out; on by default', async () => {
		const call = userCall(5 * MINUTE);
		write('get-user-calls', call);
		const staticData = cursorOf(HOUR, 10 * MINUTE);
		const without = await poll({
			staticData: JSON.parse(JSON.stringify(staticData)),
			parameters: { additionalOptions: { includeRaw: false } },
		});
		expect(without.items).toHaveLength(1);
		expect(without.items![0]).not.toHaveProperty('raw');
		const withRaw = await poll({ staticData });
		expect(withRaw.items![0].raw).toEqual(call);
	});

	test('Fetch Test Event shows a call that ended a moment ago', async () => {
		const justEnded = userCall(70_000);
		write('get-user-calls', justEnded);
		const { items } = await poll({ mode: 'manual' });
		expect(callIds(items)).toEqual([justEnded.unique_call_id]);
	});

	test('Fetch Test Event shows the 10 most recent calls of the last 24 hours', async () => {
		const calls = Array.from({ length: 12 }, (_, index) => userCall((12 - index) * HOUR));
		write('get-user-calls', userCall(25 * HOUR), ...calls);
		const { items } = await poll({ mode: 'manual' });
		expect(callIds(items)).toEqual(calls.slice(-10).map((call) => call.unique_call_id));
	});
});

test('a source that does not page by offset fails the poll, naming the source', async () => {
	const stuck = await startVoipcloudApi({
		history: { userCalls: 0, queueCalls: 0, ringGroupCalls: 0 },
		maxLimit: 100,
		ignoreOffset: true,
	});
	try {
		stuck.addCalls(
			'get-user-calls',
			Array.from({ length: 150 }, (_, index) => userCall((index + 2) * MINUTE)),
		);
		const failed = runPoll({
			type: 'voipcloudCallHistoryTrigger',
			parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, sources: ['user'] },
			credentials: {
				voipcloudApi: {
					apiKey: stuck.token,
					region: 'custom',
					customUrl: stuck.url,
					apiVersion: 'v2',
				},
			},
			mode: 'manual',
		});
		await expect(failed).rejects.toMatchObject({
			message: 'VoIPcloud’s User Calls did not page as expected (repeated at offset 100)',
			description: 'Lower the Late Calls Window so that fewer calls are read per poll.',
		});
	} finally {
		await stuck.close();
	}
});
