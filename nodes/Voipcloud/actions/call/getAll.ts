import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeProperties,
	type JsonObject,
} from 'n8n-workflow';

import { timeoutFromOption, requestTimeoutOption } from '../../../shared/operationOptions';
import { countryOption, timeZoneOption } from '../../../shared/triggerProperties';
import { isCountry } from '../../../shared/e164';
import { isValidTimeZone } from '../../../shared/values';
import { readPages, type PagingProblem } from '../../../shared/paging';
import { returnAllFields, wantedCount } from '../../../shared/returnAll';
import {
	CALL_LISTS,
	callHistoryPage,
	MAX_PAGES,
	PAGE_SIZE,
	rowOfUsers,
	simplifyCallRow,
	type CallList,
} from '../../history';
import { apiRequest } from '../../transport';

const displayOptions = { show: { resource: ['call'], operation: ['getAll'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Call List',
		name: 'callList',
		type: 'options',
		default: 'user',
		noDataExpression: true,
		displayOptions,
		options: [
			{
				name: 'Queue Calls',
				value: 'queue',
				description: 'Calls delivered through a queue, answered or not',
			},
			{
				name: 'Ring Group Calls',
				value: 'ringGroup',
				description: 'Calls delivered through a ring group, answered or not',
			},
			{
				name: 'User Calls',
				value: 'user',
				description: 'Calls to and from users, inbound and outbound',
			},
		],
	},
	...returnAllFields('call'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions,
		options: [
			{
				displayName: 'Call ID',
				name: 'uniqueCallId',
				type: 'string',
				default: '',
				description: 'VoIPcloud’s unique call ID, as in the trigger’s callId',
			},
			{
				displayName: 'From Date',
				name: 'fromDate',
				type: 'dateTime',
				default: '',
				description:
					'First day of calls to return. VoIPcloud filters by day, so the time of day you pick is ignored.',
			},
			{
				displayName: 'Queue Names',
				name: 'queueNames',
				type: 'string',
				default: '',
				placeholder: 'e.g. Sales, Support',
				description: 'Comma-separated queue names',
				displayOptions: { show: { '/callList': ['queue'] } },
			},
			{
				displayName: 'Ring Group Names',
				name: 'ringGroupNames',
				type: 'string',
				default: '',
				placeholder: 'e.g. Reception',
				description: 'Comma-separated ring group names',
				displayOptions: { show: { '/callList': ['ringGroup'] } },
			},
			{
				displayName: 'To Date',
				name: 'toDate',
				type: 'dateTime',
				default: '',
				description:
					'Last day of calls to return. VoIPcloud filters by day, so the time of day you pick is ignored.',
			},
			{
				displayName: 'Users',
				name: 'users',
				type: 'string',
				default: '',
				placeholder: 'e.g. 101, 102',
				description:
					'Comma-separated user extensions or names. The node filters on its side (the API’s user filter is undocumented), so it reads every page of the date range.',
			},
		],
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		displayOptions,
		description:
			'Whether to return each call in the call event shape of the triggers, the same for user, queue and ring group calls, instead of VoIPcloud’s own row',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions,
		options: [
			{
				displayName: 'Sort Order',
				name: 'sortOrder',
				type: 'options',
				default: 'newest_first',
				options: [
					{ name: 'Newest First', value: 'newest_first' },
					{ name: 'Oldest First', value: 'oldest_first' },
				],
			},
			{ ...countryOption, displayOptions: { show: { '/simplify': [true] } } },
			{ ...timeZoneOption, displayOptions: { show: { '/simplify': [true] } } },
			requestTimeoutOption(
				'How long n8n waits for one page before the node fails. Pages of many calls can take longer.',
			),
		],
	},
];

/** The query of one Get Many, without `offset` and `limit`. */
export function callHistoryQuery(
	node: INode,
	itemIndex: number,
	list: CallList,
	filters: IDataObject,
	options: IDataObject,
): IDataObject {
	const qs: IDataObject = { sort_by: options.sortOrder || 'newest_first' };
	const from = apiDate(node, itemIndex, 'From Date', filters.fromDate);
	const to = apiDate(node, itemIndex, 'To Date', filters.toDate);
	if (from !== null && to !== null && from > to) {
		throw new NodeOperationError(
			node,
			`The From Date (${from}) is after the To Date (${to}) [item ${itemIndex}]`,
			{ itemIndex },
		);
	}
	if (from !== null) qs.from_date = from;
	if (to !== null) qs.to_date = to;
	const callId = String(filters.uniqueCallId ?? '').trim();
	if (callId !== '') qs.unique_call_id = callId;
	const { namesParameter } = CALL_LISTS[list];
	const names = splitList(list === 'queue' ? filters.queueNames : filters.ringGroupNames);
	if (namesParameter && names.length > 0) qs[namesParameter] = names.join(',');
	return qs;
}

/** `YYYY-MM-DD` from a date parameter (as written, no time zone shift); null when empty. */
function apiDate(node: INode, itemIndex: number, label: string, value: unknown): string | null {
	if (value === undefined || value === null || value === '') return null;
	const text = value instanceof Date ? value.toISOString() : String(value).trim();
	const day = /^(\d{4}-\d{2}-\d{2})(?:$|[T\s])/.exec(text)?.[1];
	if (!day || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) {
		throw new NodeOperationError(node, `The ${label} "${text}" is not a date [item ${itemIndex}]`, {
			itemIndex,
			description: 'Use a date such as 2026-11-01, or pick one in the calendar.',
		});
	}
	return day;
}

function splitList(value: unknown): string[] {
	return String(value ?? '')
		.split(',')
		.map((name) => name.trim())
		.filter((name) => name !== '');
}

/** Pages that do not add up to a list: the node stops rather than read forever or lose rows. */
export function pagingError(node: INode, itemIndex: number, problem: PagingProblem): NodeApiError {
	const said = {
		repeated: `VoIPcloud sent mostly calls already read for offset ${problem.offset}`,
		tooManyPages: `The call history has more than ${problem.pages} pages (VoIPcloud allows 100 requests per 15 minutes)`,
	}[problem.reason];
	return new NodeApiError(node, { reason: problem.reason } as JsonObject, {
		itemIndex,
		message: `${said}: stopped after ${problem.pages} requests and ${problem.rowsRead} calls`,
		description:
			problem.reason === 'tooManyPages'
				? 'Narrow the dates with From Date and To Date, or turn off Return All and set a Limit.'
				: 'The API does not page by offset as expected, so Return All cannot read every call. Narrow the dates with From Date and To Date so that one page holds them, or turn off Return All.',
		failure: { cause: 'configuration-invalid' },
	});
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const list = this.getNodeParameter('callList', itemIndex) as CallList;
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const node = this.getNode();
	const qs = callHistoryQuery(node, itemIndex, list, filters, options);
	const timeZone = String(options.timeZone ?? '').trim() || this.getTimezone();
	if (!isValidTimeZone(timeZone)) {
		throw new NodeOperationError(
			node,
			`The time zone "${timeZone}" is not known [item ${itemIndex}]`,
			{
				itemIndex,
				description: 'Use an IANA time zone name such as Australia/Sydney or Europe/London.',
			},
		);
	}
	const users = splitList(filters.users);

	const rows = await readPages(
		async (offset, limit) => {
			const body = await apiRequest.call(this, itemIndex, {
				method: 'GET',
				path: CALL_LISTS[list].path,
				qs: { ...qs, offset, limit },
				timeoutMs: timeoutFromOption(options.requestTimeout),
			});
			return callHistoryPage(node, body, itemIndex);
		},
		{
			wanted: wantedCount(this, itemIndex),
			keep: users.length > 0 ? (row) => rowOfUsers(row, users) : undefined,
			pageSize: PAGE_SIZE,
			maxPages: MAX_PAGES,
			fail: (problem) => pagingError(node, itemIndex, problem),
		},
	);

	if (!simplify) return this.helpers.returnJsonArray(rows);
	const fetchedAt = new Date().toISOString();
	const country = isCountry(options.country) ? options.country : null;
	return this.helpers.returnJsonArray(
		rows.map(
			(row) =>
				simplifyCallRow(row, list, { timeZone, country, fetchedAt }) as unknown as IDataObject,
		),
	);
}
