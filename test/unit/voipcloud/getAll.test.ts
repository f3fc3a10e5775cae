import type { IDataObject, INode } from 'n8n-workflow';

import { callHistoryQuery, pagingError } from '../../../nodes/Voipcloud/actions/call/getAll';

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
