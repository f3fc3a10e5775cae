import type { IDataObject, INode } from 'n8n-workflow';

import { callHistoryQuery, pagingError } from '../../../nodes/Voipcloud/actions/call/getAll';
import { toIsoUtc } from '../../../nodes/shared/values';
import { startVoipcloudApi } from '../../fakes/voipcloudApi';
import { runActionNode } from '../../support/n8nEngine';

const node = { name: 'VoIPcloud' } as INode;

/** The error the query of these filters fails with. */
function refusal(itemIndex: number, filters: IDataObject) {
	try {
		callHistoryQuery(node, itemIndex, 'user', filters, {});
	} catch (error) {
		return error;
	}
	throw new Error('not refused');
}

describe('callHistoryQuery: the query of one Get Many', () => {
	test('newest first, and nothing else, without filters', () => {
		expect(callHistoryQuery(node, 0, 'user', {}, {})).toEqual({ sort_by: 'newest_first' });
		expect(callHistoryQuery(node, 0, 'user', { fromDate: '', toDate: '' }, {})).toEqual({
			sort_by: 'newest_first',
		});
		expect(callHistoryQuery(node, 0, 'user', {}, { sortOrder: '' })).toEqual({
			sort_by: 'newest_first',
		});
	});

	test('dates as written, from a text or a Date, without the time of day', () => {
		expect(
			callHistoryQuery(
				node,
				0,
				'user',
				{ fromDate: new Date('2026-11-01T23:30:00.000Z'), toDate: ' 2026-11-02 08:00 ' },
				{},
			),
		).toEqual({ sort_by: 'newest_first', from_date: '2026-11-01', to_date: '2026-11-02' });
	});

	test('From Date and To Date may be the same day, or only one of them given', () => {
		expect(
			callHistoryQuery(node, 0, 'user', { fromDate: '2026-11-01', toDate: '2026-11-01' }, {}),
		).toMatchObject({ from_date: '2026-11-01', to_date: '2026-11-01' });
		expect(callHistoryQuery(node, 0, 'user', { toDate: '2026-11-01', fromDate: null }, {})).toEqual(
			{ sort_by: 'newest_first', to_date: '2026-11-01' },
		);
	});

	test.each([
		['2026-11', 'From Date', '2026-11'],
		['2026-11-01x', 'From Date', '2026-11-01x'],
		['x2026-11-01', 'From Date', 'x2026-11-01'],
		['2026-13-45', 'From Date', '2026-13-45'],
	])('%j is not a date', (fromDate, label, text) => {
		expect(refusal(3, { fromDate })).toMatchObject({
			name: 'NodeOperationError',
			message: `The ${label} "${text}" is not a date [item 3]`,
			description: 'Use a date such as 2026-11-01, or pick one in the calendar.',
		});
	});

	test('a To Date that is not a date is named as such', () => {
		expect(() => callHistoryQuery(node, 0, 'user', { toDate: 'soon' }, {})).toThrow(
			'The To Date "soon" is not a date [item 0]',
		);
	});

	test('a From Date after the To Date is refused with the item', () => {
		expect(refusal(2, { fromDate: '2026-11-02', toDate: '2026-11-01' })).toMatchObject({
			message: 'The From Date (2026-11-02) is after the To Date (2026-11-01) [item 2]',
			context: { itemIndex: 2 },
		});
	});

	test('a From Date alone, and a call ID, as given', () => {
		expect(
			callHistoryQuery(node, 0, 'user', { fromDate: '2026-11-02', uniqueCallId: ' 17.5 ' }, {}),
		).toEqual({ sort_by: 'newest_first', from_date: '2026-11-02', unique_call_id: '17.5' });
	});

	test('a blank call ID is no filter', () => {
		expect(callHistoryQuery(node, 0, 'user', { uniqueCallId: '  ' }, {})).toEqual({
			sort_by: 'newest_first',
		});
	});

	test('names filter only the list they belong to', () => {
		const filters = { queueNames: 'Sales', ringGroupNames: ' Reception ,, Front desk ' };
		expect(callHistoryQuery(node, 0, 'ringGroup', filters, {})).toEqual({
			sort_by: 'newest_first',
			ringgroups_names: 'Reception,Front desk',
		});
		expect(callHistoryQuery(node, 0, 'queue', filters, {})).toEqual({
			sort_by: 'newest_first',
			queues_names: 'Sales',
		});
		expect(callHistoryQuery(node, 0, 'user', filters, {})).toEqual({ sort_by: 'newest_first' });
		expect(callHistoryQuery(node, 0, 'queue', {}, {})).toEqual({ sort_by: 'newest_first' });
		expect(callHistoryQuery(node, 0, 'queue', { queueNames: ' , ' }, {})).toEqual({
			sort_by: 'newest_first',
		});
	});
});

describe('pagingError: pages that do not add up to a list', () => {
	test('more pages than allowed: narrow the dates or set a limit', () => {
		const error = pagingError(node, 1, {
			reason: 'tooManyPages',
			offset: 500_000,
			rowsRead: 500_000,
			pages: 50,
		});
		expect(error).toMatchObject({
			name: 'NodeApiError',
			message:
				'The call history has more than 50 pages (VoIPcloud allows 100 requests per 15 minutes): stopped after 50 requests and 500000 calls',
			description:
				'Narrow the dates with From Date and To Date, or turn off Return All and set a Limit.',
			context: { itemIndex: 1 },
			failure: { cause: 'configuration-invalid' },
		});
	});

	test('a server that does not page by offset', () => {
		const error = pagingError(node, 0, {
			reason: 'repeated',
			offset: 10_000,
			rowsRead: 10_000,
			pages: 2,
		});
		expect(error.message).toBe(
			'VoIPcloud sent mostly calls already read for offset 10000: stopped after 2 requests and 10000 calls',
		);
		expect(error.description).toBe(
			'The API does not page by offset as expected, so Return All cannot read every call. Narrow the dates with From Date and To Date so that one page holds them, or turn off Return All.',
		);
	});
});

describe('execute: one Get Many through n8n', () => {
	type FakeApi = Awaited<ReturnType<typeof startVoipcloudApi>>;
	let api: FakeApi;
	beforeAll(async () => {
		api = await startVoipcloudApi({ history: { userCalls: 250 }, maxLimit: 100 });
	});
	afterAll(async () => await api.close());
	beforeEach(() => api.reset());

	async function getMany(parameters: IDataObject, timezone = 'UTC') {
		return await runActionNode({
			type: 'voipcloud',
			parameters: {
				resource: 'call',
				operation: 'getAll',
				callList: 'user',
				returnAll: false,
				limit: 1,
				filters: {},
				simplify: true,
				options: {},
				...parameters,
			},
			credentials: {
				voipcloudApi: { apiKey: api.token, region: 'custom', customUrl: api.url, apiVersion: 'v2' },
			},
			workflowSettings: { timezone },
		});
	}

	test('the Time Zone option is read without surrounding spaces; a blank one is the workflow’s', async () => {
		const [row] = (await getMany({ simplify: false })).json;
		const wallClock = String(row.call_start_at);
		const spaced = await getMany({ options: { timeZone: ' Australia/Sydney ' } });
		expect(spaced.error).toBeUndefined();
		expect(spaced.json[0].startedAt).toBe(toIsoUtc(wallClock, 'Australia/Sydney'));
		const blank = await getMany({ options: { timeZone: '  ' } }, 'Europe/Vienna');
		expect(blank.error).toBeUndefined();
		expect(blank.json[0].startedAt).toBe(toIsoUtc(wallClock, 'Europe/Vienna'));
	});

	test('an unknown time zone is refused for its item, with what to write, before any request', async () => {
		const { error } = await getMany({ options: { timeZone: 'Mars/Olympus' } });
		expect(error).toMatchObject({
			name: 'NodeOperationError',
			message: 'The time zone "Mars/Olympus" is not known [item 0]',
			description: 'Use an IANA time zone name such as Australia/Sydney or Europe/London.',
			context: { itemIndex: 0 },
		});
		expect(api.requests).toHaveLength(0);
	});

	test('Return All from a server that does not page by offset stops with what to change', async () => {
		api.state.ignoreOffset = true;
		const { error, json } = await getMany({ returnAll: true });
		expect(json).toEqual([]);
		expect(error).toMatchObject({
			name: 'NodeApiError',
			message:
				'VoIPcloud sent mostly calls already read for offset 100: stopped after 2 requests and 100 calls',
			context: { itemIndex: 0 },
		});
		expect(error?.description).toMatch(/^The API does not page by offset as expected/);
		expect(api.requests.map((request: { query: IDataObject }) => request.query.offset)).toEqual([
			'0',
			'100',
		]);
	});
});
