// PBX Time Zone: PBX times without a UTC offset (VoIPcloud's date-times, the start time in a 3CX
// call id) are read in the option's zone, else in the workflow's (n8n's convention: its settings,
// else GENERIC_TIMEZONE). KOMPaaS sends UTC times only: no zone moves them.
import type { IDataObject, IWorkflowSettings } from 'n8n-workflow';

import { timeZoneOption } from '../../../nodes/shared/triggerProperties';
import { callTrigger, type PbxName } from '../../support/triggers';

/** A call's local start time at a PBX in `zone`, and the instant it is. */
const CASES: Array<{ zone: string; local: string; utc: string; story: string }> = [
	{
		zone: 'Australia/Sydney',
		local: '2026-01-15 23:30:00',
		utc: '2026-01-15T12:30:00.000Z',
		story: 'summer, +11',
	},
	{
		zone: 'Australia/Sydney',
		local: '2026-07-15 23:30:00',
		utc: '2026-07-15T13:30:00.000Z',
		story: 'winter, +10',
	},
	{
		zone: 'Australia/Sydney',
		local: '2026-07-16 08:15:00',
		utc: '2026-07-15T22:15:00.000Z',
		story: 'morning: the UTC date is the day before',
	},
	{
		zone: 'Europe/Vienna',
		local: '2026-01-15 23:30:00',
		utc: '2026-01-15T22:30:00.000Z',
		story: 'winter, +1',
	},
	{
		zone: 'Europe/Vienna',
		local: '2026-07-16 00:30:00',
		utc: '2026-07-15T22:30:00.000Z',
		story: 'just after midnight, +2: the UTC date is the day before',
	},
	{
		zone: 'America/New_York',
		local: '2026-01-15 21:00:00',
		utc: '2026-01-16T02:00:00.000Z',
		story: 'late evening, -5: the UTC date is the day after',
	},
	{ zone: 'UTC', local: '2026-01-15 23:30:00', utc: '2026-01-15T23:30:00.000Z', story: 'UTC' },
];

/** An answered inbound call's end whose start time is `local` (the PBX's wall clock). */
function endOfCallStartedAt(pbx: 'voipcloud' | '3cx', local: string): IDataObject {
	if (pbx === 'voipcloud') {
		return {
			type: 'user_inbound_completed',
			unique_call_id: '1768480200.7',
			caller_id: '+61298765432',
			dest_number: '+61280001000',
			user_number: '101',
			call_start_at: local,
			connected_at: '',
			call_duration: 25,
			conversation_duration: 0,
		};
	}
	// 3CX: the call id starts with the local start time, YYMMDDhhmmss.
	const compact = local.slice(2).replace(/[-: ]/g, '');
	return {
		Event: 'incoming',
		Callerid: '05552221133',
		User: '101',
		Finishtype: 'Missed',
		Transfer: 'False',
		Did: '',
		Duration: '',
		Id: `${compact}_18-0`,
	};
}

async function startedAt(
	pbx: PbxName,
	body: IDataObject,
	options: { timeZone?: string; workflowSettings?: IWorkflowSettings },
): Promise<unknown> {
	const { result } = await callTrigger(pbx, {
		body,
		parameters:
			options.timeZone === undefined ? {} : { additionalOptions: { timeZone: options.timeZone } },
		workflowSettings: options.workflowSettings,
	});
	const items = result.workflowData?.[0] ?? [];
	expect(items).toHaveLength(1);
	expect(items[0].json.event).toBe('call.ended');
	return items[0].json.startedAt;
}

describe.each(['voipcloud', '3cx'] as const)('%s: times without an offset', (pbx) => {
	it.each(CASES)(
		'$zone ($story): the option reads $local as $utc',
		async ({ zone, local, utc }) => {
			expect(await startedAt(pbx, endOfCallStartedAt(pbx, local), { timeZone: zone })).toBe(utc);
		},
	);

	it.each(CASES)(
		'$zone ($story): without the option, the workflow’s time zone reads $local as $utc',
		async ({ zone, local, utc }) => {
			const body = endOfCallStartedAt(pbx, local);
			expect(await startedAt(pbx, body, { workflowSettings: { timezone: zone } })).toBe(utc);
		},
	);

	it('the option wins over the workflow’s time zone; a saved UTC stays UTC', async () => {
		const body = endOfCallStartedAt(pbx, '2026-01-15 23:30:00');
		const sydneyWorkflow = { timezone: 'Australia/Sydney' };
		expect(
			await startedAt(pbx, body, { timeZone: 'Europe/Vienna', workflowSettings: sydneyWorkflow }),
		).toBe('2026-01-15T22:30:00.000Z');
		expect(await startedAt(pbx, body, { timeZone: 'UTC', workflowSettings: sydneyWorkflow })).toBe(
			'2026-01-15T23:30:00.000Z',
		);
	});

	it('an empty or unknown zone in the option means the workflow’s', async () => {
		const body = endOfCallStartedAt(pbx, '2026-01-15 23:30:00');
		const workflowSettings = { timezone: 'Australia/Sydney' };
		for (const timeZone of ['', '  ', 'Mars/Olympus_Mons']) {
			expect(await startedAt(pbx, body, { timeZone, workflowSettings })).toBe(
				'2026-01-15T12:30:00.000Z',
			);
		}
	});
});

describe('KOMPaaS: every time carries UTC', () => {
	it.each(CASES)('a workflow in $zone does not move them', async ({ zone, utc }) => {
		const epoch = Date.parse(utc) / 1000;
		const { result } = await callTrigger('kompaas', {
			body: {
				event: 'VpbxInboundCallStart',
				callId: '1768480200.7',
				uniqueId: '1768480200.7',
				callerNumber: 436641234567,
				did: 4312041200,
				timestamp: epoch,
			},
			workflowSettings: { timezone: zone },
		});
		const [item] = result.workflowData?.[0] ?? [];
		expect(item.json).toMatchObject({ event: 'call.started', occurredAt: utc });
	});
});

it('the option is empty by default: n8n’s way of saying “the workflow’s time zone”', () => {
	expect(timeZoneOption.default).toBe('');
	expect(timeZoneOption.description).toContain('workflow’s time zone');
});
