import {
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { requestTimeoutOption, timeoutFromOption } from '../shared/operationOptions';
import { includeRawOption, outputProperty, timeZoneOption } from '../shared/triggerProperties';
import { isValidTimeZone } from '../shared/values';
import { CALL_LISTS, callHistoryPage, MAX_PAGES, PAGE_SIZE, type CallList } from './history';
import {
	advanceCursor,
	API_REQUESTS_PER_15_MINUTES,
	firstCursor,
	fromDate,
	historyCalls,
	newCalls,
	readCursor,
	requestBudget,
	SOURCE_NAMES,
	SOURCE_ORDER,
	windowStart,
	type HistoryCursor,
	type PollTime,
} from './historyPoll';
import { readPages } from '../shared/paging';
import { apiRequest } from './transport';

/** Calls "Fetch Test Event" shows: the most recent ones of the last day. */
const TEST_EVENT_CALLS = 10;
const TEST_EVENT_HOURS = 24;

export class VoipcloudCallHistoryTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'VoIPcloud Call History Trigger',
		name: 'voipcloudCallHistoryTrigger',
		icon: { light: 'file:../../icons/voipcloud.svg', dark: 'file:../../icons/voipcloud.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"every ended call, from the call history"}}',
		description:
			'Starts a workflow for every call VoIPcloud’s call history holds, also those whose webhook never arrived',
		defaults: { name: 'VoIPcloud Call History Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'voipcloudApi', required: true }],
		properties: [
			{
				displayName:
					'Each poll reads the calls that ended since the last one and emits each call once, as call.ended with the same eventId as the VoIPcloud Trigger’s. Use both, and upsert on eventId or callId: the webhook is fast, this trigger is the net for webhooks that never came.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Sources',
				name: 'sources',
				type: 'multiOptions',
				default: ['queue', 'ringGroup', 'user'],
				required: true,
				description:
					'The call lists to read. A call through a queue or ring group is emitted once, from its queue or ring group row; each list read costs one API request per poll.',
				options: [
					{ name: 'Queue Calls', value: 'queue' },
					{ name: 'Ring Group Calls', value: 'ringGroup' },
					{ name: 'User Calls', value: 'user' },
				],
			},
			outputProperty,
			{
				displayName: 'Options',
				name: 'additionalOptions',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Deliver Past Hours on First Activation',
						name: 'backfillHours',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 0,
						description:
							'When the workflow is first published, also emit the calls of this many past hours, once. 0: only calls from then on.',
					},
					includeRawOption,
					{
						displayName: 'Late Calls Window (Minutes)',
						name: 'lateWindowMinutes',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 120,
						description:
							'Each poll looks again at calls that started this long before the previous poll, for calls the PBX writes to its history late (long calls appear when they end). A call that appears later than this after its start is not emitted.',
					},
					{ ...timeZoneOption },
					{
						displayName: 'Wait After Call End (Seconds)',
						name: 'settleSeconds',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 60,
						description:
							'A call is emitted only once it ended this long ago, so that its webhook, when it came, has written the row first: the two never upsert the same call at the same moment',
					},
					{
						displayName: 'Request Budget (per 15 Minutes)',
						name: 'requestBudget',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: API_REQUESTS_PER_15_MINUTES },
						default: 50,
						description:
							'Most VoIPcloud API requests this trigger may send in 15 minutes. VoIPcloud allows 100 per 15 minutes per API key, shared with the VoIPcloud node: publishing fails when the Poll Times and Sources need more.',
					},
					requestTimeoutOption('How long n8n waits for one page of calls before the poll fails'),
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const node = this.getNode();
		const manual = this.getMode() === 'manual';
		const { sources, raw, options, timeZone, lateWindowMs, backfillHours, settleSeconds, plan } =
			pollSettings(this);

		const staticData = this.getWorkflowStaticData('node');
		const stored = readCursor(staticData);
		const now = new Date();
		const cursor: HistoryCursor = manual
			? {
					since: new Date(now.getTime() - TEST_EVENT_HOURS * 3_600_000).toISOString(),
					lastPollAt: null,
					seen: {},
				}
			: (stored ?? firstCursor(now, backfillHours));

		let calls;
		try {
			calls = await readHistory.call(this, sources, cursor, lateWindowMs, timeZone, options);
		} catch (error) {
			// As n8n's own polling triggers do: a failed poll in production is logged and tried again
			// at the next one from the same cursor; a test, or the first poll of a publish, shows it.
			const failure =
				error instanceof NodeApiError || error instanceof NodeOperationError
					? error
					: new NodeOperationError(node, error as Error);
			if (manual || stored === null) throw failure;
			this.logger.error(
				`${node.name} in workflow ${this.getWorkflow().id}: the call history could not be read; the next poll tries again from the same point: ${failure.message}`,
			);
			return null;
		}

		const settledBefore = manual ? null : new Date(now.getTime() - settleSeconds * 1000);
		let delivered = newCalls(calls, cursor, lateWindowMs, settledBefore);
		if (manual) delivered = delivered.slice(-TEST_EVENT_CALLS);
		else
			staticData.historyCursor = advanceCursor(
				cursor,
				delivered,
				now,
				lateWindowMs,
			) as unknown as IDataObject;
		this.logger.debug(
			`${node.name}: ${delivered.length} new calls of ${calls.length} read with ${plan.requestsPerPoll} requests`,
		);
		if (delivered.length === 0) return null;

		const includeRaw = options.includeRaw !== false;
		const items = delivered.map((call) => {
			if (raw) return { json: call.raw as IDataObject };
			const json = { ...call } as unknown as IDataObject;
			if (!includeRaw) delete json.raw;
			return { json };
		});
		return [items];
	}
}

/**
 * The trigger's parameters, checked. Configuration errors are thrown in every mode: publishing
 * fails with them.
 */
export function pollSettings(context: IPollFunctions) {
	const node = context.getNode();
	const sources = SOURCE_ORDER.filter((source) =>
		(context.getNodeParameter('sources', []) as CallList[]).includes(source),
	);
	const raw = context.getNodeParameter('output', 'normalized') === 'raw';
	const options = context.getNodeParameter('additionalOptions', {}) as IDataObject;
	const timeZone = String(options.timeZone ?? '').trim() || 'UTC';
	const lateWindowMs = Math.max(1, Number(options.lateWindowMinutes ?? 120)) * 60_000;
	const backfillHours = Math.max(0, Number(options.backfillHours ?? 0));
	const budget = Number(options.requestBudget ?? 50);
	const settleSeconds = Math.max(0, Number(options.settleSeconds ?? 60));

	if (sources.length === 0) {
		throw new NodeOperationError(node, 'No source is selected', {
			description: `Choose at least one of ${Object.values(SOURCE_NAMES).join(', ')}.`,
		});
	}
	if (!isValidTimeZone(timeZone)) {
		throw new NodeOperationError(node, `The time zone "${timeZone}" is not known`, {
			description: 'Use an IANA time zone name such as Australia/Sydney or Europe/London.',
		});
	}
	const pollTimes = (context.getNodeParameter('pollTimes', {}) as { item?: PollTime[] }).item ?? [];
	const plan = requestBudget(pollTimes, sources, budget);
	if (plan.refusal !== null) {
		throw new NodeOperationError(
			node,
			`The poll would exceed VoIPcloud’s rate limit: ${plan.requests} requests per 15 minutes`,
			{ description: plan.refusal },
		);
	}
	return { sources, raw, options, timeZone, lateWindowMs, backfillHours, settleSeconds, plan };
}

/** The calls of every source since the window's first day, each once, oldest first. */
async function readHistory(
	this: IPollFunctions,
	sources: CallList[],
	cursor: HistoryCursor,
	lateWindowMs: number,
	timeZone: string,
	options: IDataObject,
) {
	const node = this.getNode();
	const from = fromDate(windowStart(cursor, lateWindowMs), timeZone);
	const rowsBySource: Partial<Record<CallList, IDataObject[]>> = {};
	for (const source of sources) {
		rowsBySource[source] = await readPages(
			async (offset, limit) => {
				const body = await apiRequest.call(this, undefined, {
					method: 'GET',
					path: CALL_LISTS[source].path,
					// Oldest first: a call that ends while the pages are read lands on the last page.
					qs: { sort_by: 'oldest_first', from_date: from, offset, limit },
					timeoutMs: timeoutFromOption(options.requestTimeout),
				});
				return callHistoryPage(node, body);
			},
			{
				wanted: Infinity,
				pageSize: PAGE_SIZE,
				maxPages: MAX_PAGES,
				fail: (problem) =>
					new NodeApiError(node, { reason: problem.reason } as JsonObject, {
						message: `VoIPcloud’s ${SOURCE_NAMES[source]} did not page as expected (${problem.reason} at offset ${problem.offset})`,
						description: 'Lower the Late Calls Window so that fewer calls are read per poll.',
					}),
			},
		);
	}
	return historyCalls(rowsBySource, { timeZone, fetchedAt: new Date().toISOString() });
}
