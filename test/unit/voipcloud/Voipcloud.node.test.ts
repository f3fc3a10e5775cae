import type { IDataObject, IWorkflowSettings } from 'n8n-workflow';

import { VoipcloudApi } from '../../../credentials/VoipcloudApi.credentials';
import { callEventSchema } from '../../../nodes/shared/callEventSchema';
import { toIsoUtc } from '../../../nodes/shared/values';
import * as voipcloudTransport from '../../../nodes/Voipcloud/transport';
import { runActionNode, testCredential } from '../../support/n8nEngine';
import { startVoipcloudApi } from '../../fakes/voipcloudApi';
import { ACTION_OUTPUTS } from '../../../scripts/output-schemas';

type FakeApi = Awaited<ReturnType<typeof startVoipcloudApi>>;

const USER_CALLS = 12_345;
let api: FakeApi;

beforeAll(async () => {
	api = await startVoipcloudApi({ history: { userCalls: USER_CALLS } });
});
afterAll(async () => await api.close());
beforeEach(() => {
	api.reset();
	api.setRateLimit({ max: 100, windowMs: 15 * 60_000 });
});

function credentials(overrides: IDataObject = {}): IDataObject {
	return {
		apiKey: api.token,
		region: 'custom',
		customUrl: `${api.url}/`,
		apiVersion: 'v2',
		...overrides,
	};
}

async function run(
	parameters: IDataObject | IDataObject[],
	{
		creds = credentials(),
		continueOnFail = false,
		workflowSettings = {},
	}: { creds?: IDataObject; continueOnFail?: boolean; workflowSettings?: IWorkflowSettings } = {},
) {
	const { items, json, error } = await runActionNode({
		type: 'voipcloud',
		workflowSettings,
		parameters,
		credentials: { voipcloudApi: creds },
		settings: continueOnFail ? { onError: 'continueRegularOutput' } : {},
	});
	if (error) throw error;
	return { items, json };
}

async function failure(parameters: IDataObject | IDataObject[], creds = credentials()) {
	try {
		await run(parameters, { creds });
	} catch (error) {
		return error as IDataObject & { message: string; description?: string; httpCode?: string };
	}
	throw new Error('The node did not fail');
}

const getMany = (parameters: IDataObject = {}): IDataObject => ({
	resource: 'call',
	operation: 'getAll',
	callList: 'user',
	returnAll: false,
	limit: 50,
	filters: {},
	simplify: false,
	options: {},
	...parameters,
});

const makeCall = (parameters: IDataObject = {}): IDataObject => ({
	resource: 'call',
	operation: 'make',
	userNumber: '101',
	numberToCall: '+61298765432',
	options: {},
	...parameters,
});

describe('VoIPcloud API credential', () => {
	test('the key is sent in the `token` header', async () => {
		await run(getMany({ limit: 1 }));
		expect(api.requests[0].headers.token).toBe(api.token);
	});

	test.each([
		[{ region: 'https://au.voipcloud.online' }, 'https://au.voipcloud.online/api/integration/v2'],
		[{ region: 'https://uk.voipcloud.online' }, 'https://uk.voipcloud.online/api/integration/v2'],
		[
			{ region: 'custom', customUrl: ' https://pbx.example.com// ', apiVersion: 'v1' },
			'https://pbx.example.com/api/integration/v1',
		],
	])('%j → %s', (creds, base) => {
		expect(voipcloudTransport.api.baseUrl({ apiVersion: 'v2', ...creds })).toBe(base);
	});

	test('the API version is the path version', async () => {
		await run(getMany({ limit: 1 }), { creds: credentials({ apiVersion: 'v1' }) });
		expect(api.requests[0].path).toBe('/api/integration/v1/get-user-calls');
	});

	test('its test calls get-system-status with the key, and names both causes of a 401', async () => {
		expect(await testCredential('voipcloudApi', credentials())).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(api.requests.map((request) => [request.path, request.headers.token])).toEqual([
			['/api/integration/v2/get-system-status', api.token],
		]);
		const refused = await testCredential('voipcloudApi', credentials({ apiKey: 'wrong' }));
		expect(refused.status).toBe('Error');
		expect(refused.message).toMatch(/API key is wrong/);
		expect(refused.message).toMatch(/IP address is not on the API whitelist/);
		const { test } = new VoipcloudApi();
		expect(test.rules?.map((rule) => rule.properties.value)).toEqual([
			301, 302, 303, 307, 308, 401, 404, 429,
		]);
	});
});

describe('Call → Get Many', () => {
	test('a limit is one request for exactly that many rows, newest first', async () => {
		const { json } = await run(getMany({ limit: 50 }));
		expect(api.requests).toHaveLength(1);
		expect(api.requests[0]).toMatchObject({
			method: 'GET',
			path: '/api/integration/v2/get-user-calls',
			query: { sort_by: 'newest_first', offset: '0', limit: '50' },
		});
		expect(json).toEqual(api.state.history['get-user-calls'].slice(0, 50));
	});

	test('Return All gets every row exactly once in ceil(N / 10000) requests', async () => {
		const { json } = await run(getMany({ returnAll: true }));
		const calls = api.requestsTo('get-user-calls');
		expect(calls.map((r: { query: IDataObject }) => r.query)).toEqual([
			{ sort_by: 'newest_first', offset: '0', limit: '10000' },
			{ sort_by: 'newest_first', offset: '10000', limit: '10000' },
		]);
		const ids = json.map((row) => row.unique_call_id);
		expect(ids).toHaveLength(USER_CALLS);
		expect(new Set(ids).size).toBe(USER_CALLS);
		expect(json).toEqual(api.state.history['get-user-calls']);
	});

	test('filters and options become the documented query parameters', async () => {
		await run(
			getMany({
				callList: 'queue',
				filters: {
					fromDate: '2026-11-01T00:00:00',
					toDate: '2026-11-15T23:59:00',
					queueNames: ' Sales , Support,',
					uniqueCallId: ' 1763600100.7 ',
					ringGroupNames: 'not for queues',
				},
				options: { sortOrder: 'oldest_first' },
			}),
		);
		expect(api.requests[0].path).toBe('/api/integration/v2/get-queue-calls');
		expect(api.requests[0].query).toEqual({
			sort_by: 'oldest_first',
			from_date: '2026-11-01',
			to_date: '2026-11-15',
			unique_call_id: '1763600100.7',
			queues_names: 'Sales,Support',
			offset: '0',
			limit: '50',
		});
	});

	test('ring group calls are filtered by ring group names', async () => {
		const { json } = await run(
			getMany({ callList: 'ringGroup', returnAll: true, filters: { ringGroupNames: 'Reception' } }),
		);
		expect(api.requests[0].path).toBe('/api/integration/v2/get-ringgroup-calls');
		expect(api.requests[0].query.ringgroups_names).toBe('Reception');
		expect(json.length).toBeGreaterThan(0);
		expect(new Set(json.map((row) => row.ring_group_name))).toEqual(new Set(['Reception']));
	});

	test('the date range limits the rows', async () => {
		const { json } = await run(
			getMany({ returnAll: true, filters: { fromDate: '2026-11-10', toDate: '2026-11-10' } }),
		);
		expect(json.length).toBeGreaterThan(0);
		expect(json.every((row) => String(row.call_start_at).startsWith('2026-11-10'))).toBe(true);
	});

	test('the user filter keeps the rows of those users and reads on for the limit', async () => {
		const { json } = await run(getMany({ limit: 30, filters: { users: '102, carol chen' } }));
		expect(json).toHaveLength(30);
		expect(new Set(json.map((row) => row.user_number))).toEqual(new Set(['102', '103']));
		expect(api.requests[0].query.limit).toBe('10000');
	});

	test('Simplify gives call events with the same fields for every list', async () => {
		// One node reads one list: the user and queue lists are two runs.
		const json = [
			...(await run(getMany({ simplify: true, limit: 5 }))).json,
			...(await run(getMany({ simplify: true, limit: 5, callList: 'queue' }))).json,
		];
		expect(json).toHaveLength(10);
		for (const item of json) {
			const event = callEventSchema.parse(item);
			const row = event.raw as Record<string, unknown>;
			// A user row of a call through a queue or ring group is the user's part of it.
			const leg = row.type !== undefined && Boolean(row.queue_name || row.ring_group_name);
			expect(event.event).toBe(leg ? 'leg.ended' : 'call.ended');
			expect(event.contact.number).toMatch(/^\+61/);
		}
	});

	test('Simplify reads times in the workflow’s time zone unless the option names one', async () => {
		const [row] = (await run(getMany({ limit: 1 }))).json;
		const startedAt = async (options: IDataObject, timezone: string) =>
			(
				await run(getMany({ simplify: true, limit: 1, options }), {
					workflowSettings: { timezone },
				})
			).json[0].startedAt;
		const wallClock = String(row.call_start_at);
		const sydney = await startedAt({}, 'Australia/Sydney');
		expect(sydney).toBe(toIsoUtc(wallClock, 'Australia/Sydney'));
		expect(sydney).not.toBe(toIsoUtc(wallClock, 'UTC'));
		expect(await startedAt({ timeZone: 'UTC' }, 'Australia/Sydney')).toBe(
			toIsoUtc(wallClock, 'UTC'),
		);
	});

	test('Simplify with a Country reads national numbers into e164', async () => {
		const row = {
			unique_call_id: '1763600000.42',
			type: 'user_inbound_completed',
			caller_id: '0298765432',
			user_number: '101',
			call_start_at: '2026-11-20 10:00:00',
			call_duration: 60,
		};
		const page = { status: 200, body: { code: 200, data: [row] } };
		api.failNext(page, page);
		const simplified = async (options: IDataObject) =>
			(await run(getMany({ simplify: true, limit: 1, options }))).json[0];
		expect(await simplified({ country: 'AU' })).toMatchObject({
			contact: { number: '0298765432', e164: '+61298765432' },
		});
		expect(await simplified({})).toMatchObject({ contact: { number: '0298765432', e164: null } });
	});

	test('a 429 in the middle of Return All is waited out (Retry-After) and every row comes once', async () => {
		api.failNext(null, {
			status: 429,
			headers: { 'retry-after': '1' },
			body: { code: 429, message: 'Too Many Requests' },
		});
		const started = Date.now();
		const { json } = await run(getMany({ returnAll: true }));
		expect(api.requestsTo('get-user-calls').map((r: { status: number }) => r.status)).toEqual([
			200, 429, 200,
		]);
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
		expect(new Set(json.map((row) => row.unique_call_id)).size).toBe(USER_CALLS);
		expect(json).toHaveLength(USER_CALLS);
	});

	test('a Retry-After longer than the 15-minute window is not waited: the node says when', async () => {
		api.setRateLimit({ max: 0, windowMs: 20 * 60_000 });
		const error = await failure(getMany());
		expect(api.requests).toHaveLength(1);
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe('VoIPcloud’s rate limit is reached (429: Too Many Requests)');
		expect(error.description).toMatch(/try again in 1200 s/);
	});

	test('a server that serves fewer rows than asked still gives every row', async () => {
		const capped = await startVoipcloudApi({ history: { userCalls: 250 }, maxLimit: 100 });
		try {
			const { json } = await run(getMany({ returnAll: true }), {
				creds: credentials({ customUrl: capped.url, apiKey: capped.token }),
			});
			expect(json).toEqual(capped.state.history['get-user-calls']);
			expect(capped.requests.map((r: { query: IDataObject }) => r.query.offset)).toEqual([
				'0',
				'100',
				'200',
			]);
		} finally {
			await capped.close();
		}
	});

	test.each([
		[{ filters: { fromDate: 'yesterday' } }, /The From Date "yesterday" is not a date \[item 0\]/],
		[
			{ filters: { fromDate: '2026-11-02', toDate: '2026-11-01' } },
			/From Date \(2026-11-02\) is after the To Date \(2026-11-01\)/,
		],
		[{ simplify: true, options: { timeZone: 'Mars/Olympus' } }, /time zone "Mars\/Olympus"/],
	])('%j is refused before any request', async (parameters, message) => {
		const error = await failure(getMany(parameters));
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toMatch(message);
		expect(api.requests).toHaveLength(0);
	});

	test('an answer that is not the API’s is reported, not returned as nothing', async () => {
		api.failNext({ status: 200, body: '<html>portal login</html>' });
		const error = await failure(getMany());
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe(
			'VoIPcloud’s answer to get-user-calls is not its API’s (HTTP 200, text/plain)',
		);
	});

	test('a JSON answer without a list of calls is reported, not returned as nothing', async () => {
		api.failNext({ status: 200, body: { code: 200, data: { calls: 'none' } } });
		const error = await failure(getMany());
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe('VoIPcloud answered without a list of calls');
	});
});

describe('Call → Make', () => {
	test('places exactly one call, sent as a multipart form by default', async () => {
		const { json } = await run(makeCall({ numberToCall: '+61 2 9876-5432' }));
		expect(api.calls).toEqual([
			expect.objectContaining({
				version: 'v2',
				encoding: 'multipart',
				userNumber: '101',
				numberToCall: '+61298765432',
				callerId: null,
				placed: true,
			}),
		]);
		expect(api.requests).toHaveLength(1);
		expect(api.requests[0].method).toBe('POST');
		expect(json).toEqual([
			{
				success: true,
				userNumber: '101',
				numberToCall: '+61298765432',
				callerId: null,
				response: { code: 200, message: { status: 'success' } },
			},
		]);
		// The editor's schema preview (scripts/output-schemas.js) names exactly these fields.
		expect(Object.keys(json[0])).toEqual(Object.keys(ACTION_OUTPUTS.voipcloud['call/make']));
	});

	test('JSON encoding and a caller ID', async () => {
		await run(makeCall({ options: { encoding: 'json', callerId: '+61 2 8000 0100' } }));
		expect(api.calls).toEqual([
			expect.objectContaining({
				encoding: 'json',
				userNumber: '101',
				numberToCall: '+61298765432',
				callerId: '+61280000100',
				placed: true,
			}),
		]);
		expect(JSON.parse(api.requests[0].body)).toEqual({
			user_number: '101',
			number_to_call: '+61298765432',
			caller_id: '+61280000100',
		});
	});

	test.each([
		['0298765432', /The number to call "0298765432" is not in E\.164 format \[item 1\]/],
		['+0298765432', /not in E\.164 format/],
		['+61 2 9876 5432 1234 5', /not in E\.164 format/],
		['', /not in E\.164 format/],
	])('the number %j is refused, naming the item, and nothing is sent', async (number, message) => {
		const error = await failure([makeCall(), makeCall({ numberToCall: number })]);
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toMatch(message);
		expect(error.description).toMatch(/\+61298765432/);
		expect(api.calls).toHaveLength(1);
		expect(api.calls[0].numberToCall).toBe('+61298765432');
	});

	test('an extension that is not a number is refused before sending', async () => {
		const error = await failure(makeCall({ userNumber: 'alice' }));
		expect(error.message).toMatch(
			/The user extension "alice" is not an extension number \[item 0\]/,
		);
		expect(api.requests).toHaveLength(0);
	});

	test('a 429 is never retried: one request, and the error says the call was not placed', async () => {
		api.setRateLimit({ max: 0, windowMs: 60_000 });
		const error = await failure(makeCall());
		expect(api.requests).toHaveLength(1);
		expect(api.calls.filter((call: { placed: boolean }) => call.placed)).toHaveLength(0);
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toMatch(/rate limit/);
		expect(error.description).toMatch(/The call was not placed/);
		expect(error.description).toMatch(/never retried automatically/);
		expect(error.description).toMatch(/in 60 s/);
	});

	test('an answer that is a list is returned under data', async () => {
		api.failNext({ status: 200, body: [{ status: 'queued' }] });
		const { json } = await run(makeCall());
		expect(json[0].response).toEqual({ data: [{ status: 'queued' }] });
	});

	test('with Retry On Fail on, nothing is sent', async () => {
		const { error } = await runActionNode({
			type: 'voipcloud',
			parameters: makeCall(),
			credentials: { voipcloudApi: credentials() },
			settings: { retryOnFail: true, waitBetweenTries: 0 },
		});
		expect(error?.message).toBe('Make Call does not run with “Retry On Fail” on: nothing was sent');
		expect(api.requests).toHaveLength(0);
	});

	test('the vendor’s refusal is passed on', async () => {
		const error = await failure(makeCall({ userNumber: '999' }));
		expect(error.message).toBe(
			'VoIPcloud refused the request (422: user_number is not a user of this PBX)',
		);
		expect(error.description).toMatch(/The call was not placed/);
	});
});

describe('System → Get Status', () => {
	test('returns the status data', async () => {
		const { json } = await run({ resource: 'system', operation: 'getStatus' });
		expect(api.requests[0].path).toBe('/api/integration/v2/get-system-status');
		expect(json).toEqual([expect.objectContaining({ status: 'online' })]);
	});

	test.each([
		[
			[{ status: 'online' }, { status: 'busy' }],
			[{ status: 'online' }, { status: 'busy' }],
		],
		[{ code: 200, data: [{ node: 'a' }, { node: 'b' }] }, [{ node: 'a' }, { node: 'b' }]],
		[{ code: 200, status: 'online' }, [{ code: 200, status: 'online' }]],
		[{ code: 200, data: 'online' }, [{ code: 200, data: 'online' }]],
		[{ code: 200, data: null }, [{ code: 200, data: null }]],
	])('an answer %j gives the items %j', async (body, items) => {
		api.failNext({ status: 200, body });
		const { json } = await run({ resource: 'system', operation: 'getStatus' });
		expect(json).toEqual(items);
	});
});

describe('errors', () => {
	test('a 401 (IP not whitelisted) names the key and the whitelist, with the item', async () => {
		api.setWhitelisted(false);
		const error = await failure([getMany(), getMany()]);
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe(
			'VoIPcloud refused the API key or this server’s IP address (401: Not authorised)',
		);
		expect(error.description).toMatch(/API whitelist/);
		expect(error.httpCode).toBe('401');
		expect((error.context as IDataObject).itemIndex).toBe(0);
		expect(api.requests).toHaveLength(1);
	});

	test('a wrong key gets the same hint', async () => {
		const error = await failure(getMany(), credentials({ apiKey: 'wrong' }));
		expect(error.description).toMatch(/Check the API key/);
	});

	test('Continue On Fail gives an error item per failing item', async () => {
		const { items } = await run([makeCall(), makeCall({ numberToCall: '123' })], {
			continueOnFail: true,
		});
		expect(items).toHaveLength(2);
		expect(items[0].json.success).toBe(true);
		expect(items[1]).toEqual({
			json: { error: expect.stringMatching(/E\.164 format \[item 1\]/) },
			pairedItem: { item: 1 },
		});
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	test('an unreachable address says where it tried', async () => {
		const error = await failure(getMany(), credentials({ customUrl: 'http://127.0.0.1:9' }));
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe(
			'VoIPcloud did not answer at http://127.0.0.1:9/api/integration/v2/get-user-calls: the connection was refused',
		);
	});
});
