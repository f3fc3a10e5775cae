import type { IDataObject, INode, IPollFunctions } from 'n8n-workflow';

import { pollSettings } from '../../../nodes/Voipcloud/VoipcloudCallHistoryTrigger.node';

/** The trigger's parameters as n8n hands them over: the defaults where none is set. */
function settings(parameters: IDataObject = {}) {
	const context = {
		getNode: () => ({ name: 'VoIPcloud Call History Trigger' }) as INode,
		getNodeParameter: (name: string, fallback: unknown) => parameters[name] ?? fallback,
	};
	return pollSettings(context as unknown as IPollFunctions);
}

const everyMinute = { pollTimes: { item: [{ mode: 'everyMinute' }] } };

describe('pollSettings: the Call History Trigger’s parameters, checked', () => {
	test('the defaults', () => {
		expect(settings({ ...everyMinute, sources: ['user', 'queue', 'ringGroup'] })).toEqual({
			sources: ['queue', 'ringGroup', 'user'],
			raw: false,
			options: {},
			timeZone: 'UTC',
			lateWindowMs: 120 * 60_000,
			backfillHours: 0,
			settleSeconds: 60,
			plan: { requestsPerPoll: 3, polls: 15, requests: 45, refusal: null },
		});
	});

	test('the options, read as numbers and kept within their bounds', () => {
		const read = settings({
			...everyMinute,
			sources: ['user'],
			output: 'raw',
			additionalOptions: {
				timeZone: ' Australia/Sydney ',
				lateWindowMinutes: '30',
				backfillHours: 5,
				settleSeconds: 10,
				requestBudget: 15,
			},
		});
		expect(read).toMatchObject({
			sources: ['user'],
			raw: true,
			timeZone: 'Australia/Sydney',
			lateWindowMs: 30 * 60_000,
			backfillHours: 5,
			settleSeconds: 10,
			plan: { requests: 15, refusal: null },
		});
		expect(
			settings({
				...everyMinute,
				sources: ['user'],
				additionalOptions: { lateWindowMinutes: 0, backfillHours: -2, settleSeconds: -1 },
			}),
		).toMatchObject({ lateWindowMs: 60_000, backfillHours: 0, settleSeconds: 0 });
	});

	test('without Poll Times there are no polls to count', () => {
		expect(settings({ sources: ['user'] }).plan).toEqual({
			requestsPerPoll: 1,
			polls: 0,
			requests: 0,
			refusal: null,
		});
	});

	/** The error a configuration fails with. */
	function refusal(parameters: IDataObject) {
		try {
			settings(parameters);
		} catch (error) {
			return error as Error & { description?: string };
		}
		throw new Error('not refused');
	}

	test('no source', () => {
		expect(refusal(everyMinute)).toMatchObject({
			message: 'No source is selected',
			description: 'Choose at least one of User Calls, Queue Calls, Ring Group Calls.',
		});
	});

	test('a blank time zone is UTC; an unknown one is refused', () => {
		expect(
			settings({ ...everyMinute, sources: ['user'], additionalOptions: { timeZone: '  ' } })
				.timeZone,
		).toBe('UTC');
		expect(
			refusal({ ...everyMinute, sources: ['user'], additionalOptions: { timeZone: 'Nowhere' } }),
		).toMatchObject({
			message: 'The time zone "Nowhere" is not known',
			description: 'Use an IANA time zone name such as Australia/Sydney or Europe/London.',
		});
	});

	test('more requests than the budget are refused with what to change', () => {
		const error = refusal({
			...everyMinute,
			sources: ['user'],
			additionalOptions: { requestBudget: 14 },
		});
		expect(error.message).toBe(
			'The poll would exceed VoIPcloud’s rate limit: 15 requests per 15 minutes',
		);
		expect(error.description).toMatch(/^These Poll Times and Sources need up to 15 /);
	});
});
