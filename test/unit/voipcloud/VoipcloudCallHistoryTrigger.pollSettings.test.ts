// The Call History Trigger's parameters as n8n-core's PollContext hands them over, checked: its
// values through a test-only node with the trigger's own parameters that polls them out as its item,
// its refusals through the trigger itself.
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import {
	VoipcloudCallHistoryTrigger,
	pollSettings,
} from '../../../nodes/Voipcloud/VoipcloudCallHistoryTrigger.node';
import { registerTestNodeType, runPoll, withPollTimes } from '../../support/n8nEngine';

const trigger = new VoipcloudCallHistoryTrigger();
registerTestNodeType(
	withPollTimes({
		description: { ...trigger.description, name: 'testCallHistorySettings' },
		async poll(this: IPollFunctions) {
			return [[{ json: pollSettings(this) as unknown as IDataObject }]];
		},
	}),
);

/** The trigger's parameters as n8n hands them over: the defaults where none is set. */
async function settings(parameters: IDataObject = {}) {
	const { items } = await runPoll({ type: 'testCallHistorySettings', parameters });
	return items?.[0];
}

const everyMinute = { pollTimes: { item: [{ mode: 'everyMinute' }] } };

describe('pollSettings: the Call History Trigger’s parameters, checked', () => {
	test('the defaults', async () => {
		expect(await settings({ ...everyMinute, sources: ['user', 'queue', 'ringGroup'] })).toEqual({
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

	test('the options, read as numbers and kept within their bounds', async () => {
		const read = await settings({
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
			await settings({
				...everyMinute,
				sources: ['user'],
				additionalOptions: { lateWindowMinutes: 0, backfillHours: -2, settleSeconds: -1 },
			}),
		).toMatchObject({ lateWindowMs: 60_000, backfillHours: 0, settleSeconds: 0 });
	});

	test('without Poll Times there are no polls to count', async () => {
		expect((await settings({ sources: ['user'], pollTimes: {} }))?.plan).toEqual({
			requestsPerPoll: 1,
			polls: 0,
			requests: 0,
			refusal: null,
		});
	});

	/** The error the trigger fails with, before any request: no credential is set. */
	async function refusal(parameters: IDataObject) {
		const error = await runPoll({ type: 'voipcloudCallHistoryTrigger', parameters }).then(
			() => null,
			(thrown: unknown) => thrown as Error & { description?: string },
		);
		if (error === null) throw new Error('not refused');
		return error;
	}

	test('no source', async () => {
		expect(await refusal({ ...everyMinute, sources: [] })).toMatchObject({
			message: 'No source is selected',
			description: 'Choose at least one of User Calls, Queue Calls, Ring Group Calls.',
		});
	});

	test('a blank time zone is UTC; an unknown one is refused', async () => {
		expect(
			(await settings({ ...everyMinute, sources: ['user'], additionalOptions: { timeZone: '  ' } }))
				?.timeZone,
		).toBe('UTC');
		expect(
			await refusal({
				...everyMinute,
				sources: ['user'],
				additionalOptions: { timeZone: 'Nowhere' },
			}),
		).toMatchObject({
			message: 'The time zone "Nowhere" is not known',
			description: 'Use an IANA time zone name such as Australia/Sydney or Europe/London.',
		});
	});

	test('more requests than the budget are refused with what to change', async () => {
		const error = await refusal({
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
