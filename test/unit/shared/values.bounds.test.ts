// Payload values outside what the call event schema allows: names of Object.prototype's members
// used as lookup keys, times and durations past what a date or a safe integer holds, years before
// 0100. Each must give a valid event (null where the value cannot be read), the payload in raw.
import type { IDataObject } from 'n8n-workflow';

import { callEventSchema, type CallEvent } from '../../../nodes/shared/callEventSchema';
import { addSeconds, ownValue, toIsoUtc, toSeconds } from '../../../nodes/shared/values';
import { mimeTypeOf } from '../../../nodes/ThreeCx/actions/recording/download';
import { callTrigger, type PbxName } from '../../support/triggers';

async function eventsOf(pbx: PbxName, body: IDataObject): Promise<CallEvent[]> {
	const { result } = await callTrigger(pbx, { body });
	return (result.workflowData?.[0] ?? []).map((item) => {
		const parsed = callEventSchema.safeParse(item.json);
		if (!parsed.success) throw new Error(`${pbx}: ${parsed.error.issues[0]?.message}`);
		return parsed.data;
	});
}

const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

describe('lookups by payload values use the table’s own entries only', () => {
	test('ownValue finds own entries and nothing of Object.prototype', () => {
		const table: Record<string, number> = { ok: 1 };
		expect(ownValue(table, 'ok')).toBe(1);
		for (const name of PROTOTYPE_NAMES) expect(ownValue(table, name)).toBeUndefined();
		expect(ownValue(table, null)).toBeUndefined();
	});

	test.each(PROTOTYPE_NAMES)('3CX Finishtype / Trtype "%s"', async (name) => {
		const [end] = await eventsOf('3cx', {
			Event: 'incoming',
			Callerid: '05552221133',
			User: '202',
			Finishtype: name,
			Trtype: name,
			Transfer: 'False',
			Duration: '00:06',
			Id: '230307140234_35-1',
		});
		expect(end).toMatchObject({ event: 'call.ended', answered: true, transfer: null });
	});

	test.each(PROTOTYPE_NAMES)(
		'VoIPcloud status "%s" with talking time is answered',
		async (name) => {
			const [end] = await eventsOf('voipcloud', {
				type: 'queue_call',
				unique_call_id: '1765975061.4821',
				caller_id: '+61298765432',
				call_start_at: '2025-12-17T12:37:41Z',
				connected_at: '2025-12-17T12:37:50Z',
				call_duration: 130,
				conversation_duration: 120,
				queue_name: 'Sales',
				status: name,
			});
			expect(end).toMatchObject({ answered: true, outcome: 'answered', talkSec: 120 });
		},
	);

	test.each(PROTOTYPE_NAMES)('KOMPaaS queue status and hang-up cause "%s"', async (name) => {
		const [left] = await eventsOf('kompaas', {
			eventType: 'QUEUE_LINK_END',
			linkedid: 'c-1',
			extra: { callid: 'c-1', queue: '700', status: name },
		});
		expect(left).toMatchObject({ event: 'queue.left', answered: null });
		const [end] = await eventsOf('kompaas', {
			eventType: 'VpbxOutgoingEnd',
			callId: 'c-2',
			internalNumber: 101,
			callerIdNum: 101,
			calledNumber: 436761112233,
			answered: 0,
			billsec: 0,
			hangupCauseCode: name,
		});
		expect(end).toMatchObject({ outcome: 'noAnswer' });
	});

	test('a 3CX recording named like a prototype member gets the default MIME type', () => {
		for (const name of PROTOTYPE_NAMES) {
			expect(mimeTypeOf('', `x.${name}`)).toBe('application/octet-stream');
		}
	});
});

describe('times and durations past what a date or an integer holds are null', () => {
	test('toSeconds: a 400-digit number, a huge mm:ss, a negative are null', () => {
		expect(toSeconds('9'.repeat(400))).toBeNull();
		expect(toSeconds(1e300)).toBeNull();
		expect(toSeconds(`${'9'.repeat(30)}:00`)).toBeNull();
		expect(toSeconds(-5)).toBeNull();
		expect(toSeconds('125')).toBe(125);
		expect(toSeconds('2:05')).toBe(125);
	});

	test('addSeconds past year 9999 or before year 0 is null', () => {
		expect(addSeconds('9999-12-31T23:00:00.000Z', 7200)).toBeNull();
		expect(addSeconds('0001-01-01T00:00:00.000Z', -1e11)).toBeNull();
		expect(addSeconds('2025-12-17T12:00:00.000Z', 60)).toBe('2025-12-17T12:01:00.000Z');
	});

	test('years 0000 to 0099 stay those years (Date.UTC would read them as 1900 to 1999)', () => {
		expect(toIsoUtc('0042-03-04 05:06:07')).toBe('0042-03-04T05:06:07.000Z');
		expect(toIsoUtc('0000-01-01 00:00:00')).toBe('0000-01-01T00:00:00.000Z');
		expect(toIsoUtc('0099-12-31 23:59:59', 'Europe/Vienna')).toMatch(/^0099-12-31T2/);
	});

	test('VoIPcloud: an end that would end after year 9999 has no end time, and is valid', async () => {
		const [end] = await eventsOf('voipcloud', {
			type: 'user_inbound_completed',
			unique_call_id: '1765975061.4821',
			caller_id: '+61298765432',
			call_start_at: '9999-12-31 23:00:00',
			call_duration: 7200,
			conversation_duration: 7000,
		});
		expect(end).toMatchObject({ event: 'call.ended', endedAt: null, durationSec: 7200 });
	});

	test('KOMPaaS: a huge duration gives no start time, and a valid event', async () => {
		const [end] = await eventsOf('kompaas', {
			eventType: 'VpbxInboundCallEnd',
			callId: 'c-3',
			dateReceivedAtUTC: '2026-01-01 00:00:00.000000',
			duration: '9'.repeat(20),
			billsec: '9'.repeat(400),
			answered: 1,
		});
		expect(end).toMatchObject({ startedAt: null, durationSec: null, talkSec: null });
	});
});
