import type { IDataObject, INode } from 'n8n-workflow';

import { callEventSchema } from '../../../nodes/shared/callEventSchema';
import { eventIdOf } from '../../../nodes/shared/callEvent';
import { payloadHash } from '../../../nodes/shared/values';
import {
	callHistoryPage,
	pageRows,
	rowOfUsers,
	simplifyCallRow,
} from '../../../nodes/Voipcloud/history';
import { generateHistory } from '../../fakes/voipcloudApi';

const fetchedAt = '2026-11-21T00:00:00.000Z';
const utc = { timeZone: 'UTC', fetchedAt };

const userInbound = {
	unique_call_id: '1763600000.42',
	type: 'user_inbound_completed',
	caller_id: '+61298765432',
	caller_name: 'Jane Citizen',
	dest_number: '+61280000100',
	user_name: 'Alice Agent',
	user_number: '101',
	call_start_at: '2026-11-20 10:00:00',
	connected_at: '2026-11-20 10:00:08',
	call_duration: 128,
	conversation_duration: 120,
};

describe('Simplify: history rows in the normalized call event shape', () => {
	test('a user inbound call', () => {
		const event = callEventSchema.parse(simplifyCallRow(userInbound, 'user', utc));
		expect(event).toEqual({
			pbx: 'voipcloud',
			event: 'call.ended',
			vendorEvent: 'user_inbound_completed',
			// One id per call's end: the same as the webhook's call.ended of this call.
			eventId: eventIdOf('voipcloud', { event: 'call.ended', callId: '1763600000.42' }, null, {}),
			callId: '1763600000.42',
			legId: null,
			direction: 'inbound',
			occurredAt: '2026-11-20T10:02:08.000Z',
			startedAt: '2026-11-20T10:00:00.000Z',
			answeredAt: '2026-11-20T10:00:08.000Z',
			endedAt: '2026-11-20T10:02:08.000Z',
			from: { number: '+61298765432', name: 'Jane Citizen', e164: '+61298765432' },
			to: { number: '101', name: 'Alice Agent', e164: null },
			contact: { number: '+61298765432', name: 'Jane Citizen', e164: '+61298765432' },
			did: '+61280000100',
			agent: { extension: '101', name: 'Alice Agent' },
			queue: { id: null, name: null },
			ringGroup: { name: null },
			answered: true,
			outcome: 'answered',
			// The history is the call's settled record.
			final: true,
			durationSec: 128,
			talkSec: 120,
			waitSec: 8,
			transfer: null,
			recording: { url: null, fileName: null },
			parseError: null,
			raw: userInbound,
		});
	});

	test('a user outbound call: the user calls, the destination is called', () => {
		const row = {
			...userInbound,
			type: 'user_outbound_completed',
			caller_id: '+61280000100',
			dest_number: '+61411222333',
		};
		expect(simplifyCallRow(row, 'user', utc)).toMatchObject({
			direction: 'outbound',
			from: { number: '101', name: 'Alice Agent' },
			to: { number: '+61411222333', name: null },
			contact: { number: '+61411222333', name: null },
			did: '+61280000100',
			agent: { extension: '101', name: 'Alice Agent' },
			outcome: 'answered',
		});
	});

	test('a missed inbound call', () => {
		const row = {
			...userInbound,
			type: 'user_inbound_missed',
			connected_at: null,
			call_duration: 20,
			conversation_duration: 0,
		};
		expect(simplifyCallRow(row, 'user', utc)).toMatchObject({
			vendorEvent: 'user_inbound_missed',
			direction: 'inbound',
			answeredAt: null,
			answered: false,
			outcome: 'missed',
			waitSec: 20,
		});
	});

	test('a user row of a call through a queue is the user’s part (leg.ended), as on the webhook', () => {
		const row = { ...userInbound, queue_name: 'Sales' };
		const event = callEventSchema.parse(simplifyCallRow(row, 'user', utc));
		expect(event).toMatchObject({ event: 'leg.ended', answered: true, queue: { name: 'Sales' } });
		expect(event.eventId).toBe(payloadHash(row));
	});

	test('queue and ring group rows (callerid, status) map to the same fields', () => {
		const queueRow = {
			unique_call_id: '1763600100.7',
			queue_name: 'Sales',
			callerid: '+61298765432',
			caller_name: 'Jane Citizen',
			dest_number: '+61280000100',
			user_name: null,
			user_number: null,
			call_start_at: '2026-11-20 11:00:00',
			connected_at: null,
			call_duration: 45,
			conversation_duration: 0,
			status: 'abandoned',
		};
		const ringGroupRow: IDataObject = {
			...queueRow,
			queue_name: undefined,
			ring_group_name: 'Reception',
			status: 'answered',
			user_name: 'Bob',
			user_number: '102',
		};

		const queue = callEventSchema.parse(simplifyCallRow(queueRow, 'queue', utc));
		expect(queue).toMatchObject({
			event: 'call.ended',
			vendorEvent: null,
			direction: 'inbound',
			from: { number: '+61298765432', name: 'Jane Citizen' },
			queue: { id: null, name: 'Sales' },
			answered: false,
			outcome: 'missed',
			durationSec: 45,
			endedAt: '2026-11-20T11:00:45.000Z',
		});
		const ringGroup = callEventSchema.parse(simplifyCallRow(ringGroupRow, 'ringGroup', utc));
		expect(ringGroup).toMatchObject({
			from: { number: '+61298765432', name: 'Jane Citizen' },
			ringGroup: { name: 'Reception' },
			agent: { extension: '102', name: 'Bob' },
			outcome: 'answered',
		});
	});

	test('times without an offset are read in the chosen time zone', () => {
		const event = simplifyCallRow(userInbound, 'user', {
			timeZone: 'Australia/Sydney',
			fetchedAt,
		});
		expect(event.startedAt).toBe('2026-11-19T23:00:00.000Z');
	});

	test('Country reads national numbers into e164; number stays as sent', () => {
		const national = { ...userInbound, caller_id: '0298765432' };
		const event = simplifyCallRow(national, 'user', { ...utc, country: 'AU' });
		expect(event.contact).toEqual({
			number: '0298765432',
			name: 'Jane Citizen',
			e164: '+61298765432',
		});
		expect(simplifyCallRow(national, 'user', utc).contact.e164).toBeNull();
	});

	test('a row without times still has an occurredAt: when it was read', () => {
		const event = simplifyCallRow({ unique_call_id: 'x' }, 'queue', utc);
		expect(event.occurredAt).toBe(fetchedAt);
		expect(callEventSchema.safeParse(event).success).toBe(true);
	});

	test('every row of a generated history is a valid call event', () => {
		const history = generateHistory({ userCalls: 200, queueCalls: 100, ringGroupCalls: 100 });
		const lists = [
			['user', history['get-user-calls']],
			['queue', history['get-queue-calls']],
			['ringGroup', history['get-ringgroup-calls']],
		] as const;
		for (const [list, rows] of lists) {
			for (const row of rows as IDataObject[]) {
				const event = callEventSchema.parse(simplifyCallRow(row, list, utc));
				expect(event.callId).toBe(row.unique_call_id);
				const outbound = /out/i.test(String(row.type));
				expect(event.contact.number).toBe(
					outbound ? row.dest_number : (row.caller_id ?? row.callerid),
				);
				expect(typeof event.answered).toBe('boolean');
				expect(event.outcome).not.toBeNull();
			}
		}
	});
});

describe('rowOfUsers', () => {
	test.each([
		[[], true],
		[['101'], true],
		[['alice agent'], true],
		[['102', ' 101'.trim()], true],
		[['102'], false],
		[['10'], false],
	])('users %j → %s', (users, kept) => {
		expect(rowOfUsers(userInbound, users)).toBe(kept);
	});
});

describe('pageRows', () => {
	test.each([
		[
			{ code: 200, data: [{ a: 1 }] },
			{ rows: [{ a: 1 }], received: 1 },
		],
		[
			{ code: 200, status: 'success', data: [] },
			{ rows: [], received: 0 },
		],
		// Entries that are no call are not rows, but still count: paging goes on past them.
		[[{ a: 1 }, 'junk', null], { rows: [{ a: 1 }], received: 3 }],
		[{ code: 200 }, null],
		['<html>', null],
	])('%j → %j', (body, page) => {
		expect(pageRows(body)).toEqual(page);
	});
});

describe('rowOfUsers: every field that names the row’s user', () => {
	test.each([
		[{ exten: '105' }, ['105'], true],
		[{ extension: '106' }, ['106'], true],
		[{ user_name: 'Bob Builder' }, ['BOB BUILDER'], true],
		[{ user_name: 'Bob Builder' }, ['bob'], false],
		[{}, ['101'], false],
	])('%j with users %j → %s', (row, users, kept) => {
		expect(rowOfUsers(row, users)).toBe(kept);
	});
});

describe('callHistoryPage', () => {
	const node = { name: 'VoIPcloud' } as INode;

	test('a page of calls', () => {
		expect(callHistoryPage(node, { code: 200, data: [{ a: 1 }] })).toEqual({
			rows: [{ a: 1 }],
			received: 1,
		});
	});

	test('an answer without a list says the address may not be a VoIPcloud PBX, with the item', () => {
		let error: unknown;
		try {
			callHistoryPage(node, { code: 200, data: { calls: 'x'.repeat(600) } }, 4);
		} catch (thrown) {
			error = thrown;
		}
		expect(error).toMatchObject({
			name: 'NodeApiError',
			message: 'VoIPcloud answered without a list of calls',
			description:
				'Check the region or custom URL in the credential: the address may not be a VoIPcloud PBX.',
			context: { itemIndex: 4 },
		});
	});

	test('in a trigger, without an item', () => {
		let error: { context?: IDataObject } | undefined;
		try {
			callHistoryPage(node, undefined);
		} catch (thrown) {
			error = thrown as typeof error;
		}
		expect(error?.context).not.toHaveProperty('itemIndex');
	});
});

describe('the row’s direction and vendor event', () => {
	test.each([
		['user_outbound_completed', 'outbound'],
		['OUTBOUND', 'outbound'],
		['user_inbound_completed', 'inbound'],
	])('a user row of type %j is %s', (type, direction) => {
		expect(simplifyCallRow({ ...userInbound, type }, 'user', utc).direction).toBe(direction);
	});

	test('a user row without a type is an inbound call, without a vendor event', () => {
		const row: IDataObject = { ...userInbound };
		delete row.type;
		expect(simplifyCallRow(row, 'user', utc)).toMatchObject({
			direction: 'inbound',
			vendorEvent: null,
		});
	});
});
