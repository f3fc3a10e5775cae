// The rules of the call model that the shared builder applies to every PBX's mapping.
import {
	buildCallEvent,
	endResult,
	eventIdOf,
	partyName,
	type CallEventFields,
} from '../../../nodes/shared/callEvent';
import { callEventSchema } from '../../../nodes/shared/callEventSchema';

const envelope = { eventId: 'e-1', receivedAt: '2026-01-01T00:00:00.000Z', raw: {} };
const build = (fields: CallEventFields) =>
	callEventSchema.parse(buildCallEvent('voipcloud', fields, envelope));

const caller = { number: '+61298765432', name: 'Jane Citizen' };
const dialled = { number: '+61411222333', name: null };
const agent = { extension: '101', name: 'Alice Agent' };

describe('call model: the result of an end', () => {
	test.each([
		[true, 'inbound', null, 'answered'],
		[false, 'inbound', null, 'missed'],
		[false, 'inbound', 'busy', 'missed'],
		[false, 'inbound', 'failed', 'missed'],
		[false, 'outbound', 'busy', 'busy'],
		[false, 'outbound', 'failed', 'failed'],
		[false, 'outbound', null, 'noAnswer'],
		[false, 'unknown', null, 'missed'],
		[false, 'unknown', 'busy', 'missed'],
		[true, 'outbound', 'busy', 'answered'],
	] as const)('answered %p, %s, reason %p → %p', (answered, direction, reason, outcome) => {
		expect(endResult(answered, direction, reason)).toEqual({ answered, outcome });
	});

	test.each(['call.ended', 'leg.ended'] as const)(
		'%s always says answered and outcome, also when a mapping gave neither',
		(event) => {
			expect(build({ event, direction: 'inbound' })).toMatchObject({
				answered: false,
				outcome: 'missed',
				talkSec: 0,
			});
			expect(build({ event, direction: 'inbound', outcome: 'answered' })).toMatchObject({
				answered: true,
				outcome: 'answered',
			});
			expect(build({ event, direction: 'outbound', outcome: 'busy' })).toMatchObject({
				answered: false,
				outcome: 'busy',
			});
		},
	);

	test('answered wins over an outcome that contradicts it', () => {
		expect(build({ event: 'call.ended', answered: true, outcome: 'missed' })).toMatchObject({
			answered: true,
			outcome: 'answered',
		});
	});

	test('events that end nothing carry no result and no durations', () => {
		expect(
			build({
				event: 'call.ringing',
				direction: 'inbound',
				durationSec: 5,
				talkSec: 3,
				waitSec: 2,
			}),
		).toMatchObject({
			answered: null,
			outcome: null,
			durationSec: null,
			talkSec: null,
			waitSec: null,
		});
	});

	test('the schema refuses an end without a result, and a result that contradicts itself', () => {
		const event = buildCallEvent('3cx', { event: 'call.ended' }, envelope);
		expect(callEventSchema.safeParse({ ...event, answered: null }).success).toBe(false);
		expect(callEventSchema.safeParse({ ...event, answered: true, outcome: 'missed' }).success).toBe(
			false,
		);
		expect(callEventSchema.safeParse({ ...event, outcome: 'abandoned' }).success).toBe(false);
	});

	test('the schema refuses missed on an outbound call, and noAnswer, busy or failed on any other', () => {
		const outbound = buildCallEvent(
			'3cx',
			{ event: 'call.ended', direction: 'outbound' },
			envelope,
		);
		expect(outbound.outcome).toBe('noAnswer');
		expect(callEventSchema.safeParse(outbound).success).toBe(true);
		expect(callEventSchema.safeParse({ ...outbound, outcome: 'missed' }).success).toBe(false);
		const inbound = buildCallEvent('3cx', { event: 'call.ended', direction: 'inbound' }, envelope);
		expect(callEventSchema.safeParse(inbound).success).toBe(true);
		for (const outcome of ['noAnswer', 'busy', 'failed']) {
			expect(callEventSchema.safeParse({ ...inbound, outcome }).success).toBe(false);
		}
	});
});

describe('call model: final', () => {
	test('call.ended is final unless the mapping says another end may follow', () => {
		expect(build({ event: 'call.ended', direction: 'inbound' }).final).toBe(true);
		expect(build({ event: 'call.ended', direction: 'inbound', final: false }).final).toBe(false);
	});

	test.each(['leg.ended', 'call.ringing', 'recording.ready', 'unknown'] as const)(
		'%s has no final, whatever the mapping gave',
		(event) => {
			expect(build({ event, direction: 'inbound', final: true }).final).toBeNull();
		},
	);

	test('the schema wants final on call.ended and nowhere else', () => {
		const end = buildCallEvent('kompaas', { event: 'call.ended' }, envelope);
		expect(callEventSchema.safeParse({ ...end, final: null }).success).toBe(false);
		const ringing = buildCallEvent('kompaas', { event: 'call.ringing' }, envelope);
		expect(callEventSchema.safeParse({ ...ringing, final: false }).success).toBe(false);
	});
});

describe('call model: event ids of one payload’s items', () => {
	test('every end of one call has the same id, whatever its payload', () => {
		const first = eventIdOf('voipcloud', { event: 'call.ended', callId: 'c-1' }, null, { a: 1 });
		const second = eventIdOf('voipcloud', { event: 'call.ended', callId: 'c-1' }, 'v', { b: 2 });
		expect(second).toBe(first);
	});

	test('several items of one payload get their own ids; the first keeps the payload’s', () => {
		const payload = { files: ['a.mp3', 'b.mp3'] };
		const fields: CallEventFields = { event: 'recording.ready', callId: 'c-1' };
		const first = eventIdOf('3cx', fields, null, payload);
		expect(eventIdOf('3cx', fields, null, payload, 0)).toBe(first);
		const second = eventIdOf('3cx', fields, null, payload, 1);
		expect(second).not.toBe(first);
		expect(eventIdOf('3cx', fields, null, payload, 1)).toBe(second);
		expect(eventIdOf('3cx', fields, 'vendor-id', payload, 1)).not.toBe(second);
	});
});

describe('call model: parties', () => {
	test('inbound: the caller calls the agent; the caller is the contact', () => {
		expect(
			build({ event: 'call.answered', direction: 'inbound', from: caller, to: dialled, agent }),
		).toMatchObject({
			from: caller,
			to: { number: '101', name: 'Alice Agent' },
			contact: caller,
		});
	});

	test('outbound: the agent calls the number dialled, which is the contact', () => {
		expect(
			build({ event: 'call.started', direction: 'outbound', from: caller, to: dialled, agent }),
		).toMatchObject({
			from: { number: '101', name: 'Alice Agent' },
			to: dialled,
			contact: dialled,
		});
	});

	test('without a direction, nobody is from or to; the mapping may name the contact', () => {
		expect(
			build({
				event: 'recording.ready',
				direction: 'unknown',
				from: caller,
				to: dialled,
				contact: caller,
				agent,
			}),
		).toMatchObject({
			from: { number: null, name: null },
			to: { number: null, name: null },
			contact: caller,
			agent,
		});
	});

	test('an unanswered inbound call has no agent; an unanswered outbound call keeps its caller', () => {
		const inbound = build({ event: 'call.ended', direction: 'inbound', answered: false, agent });
		expect(inbound.agent).toEqual({ extension: null, name: null });
		expect(inbound.to).toEqual({ number: null, name: null, e164: null });
		const outbound = build({ event: 'call.ended', direction: 'outbound', answered: false, agent });
		expect(outbound.agent).toEqual(agent);
		// A leg keeps its agent, answered or not: it is that agent's attempt.
		const leg = build({ event: 'leg.ended', direction: 'inbound', answered: false, agent });
		expect(leg.agent).toEqual(agent);
	});

	test.each([
		['Jane Citizen', '+61298765432', 'Jane Citizen'],
		['+61298765432', '+61298765432', null],
		['431200000000', '40000000000', null],
		['+43 (664) 123-4567', '436641234567', null],
		[null, '436641234567', null],
		['Smith, John', '381629759787', 'Smith, John'],
	])('a party named %p with number %p is named %p', (name, number, expected) => {
		expect(partyName(name, number)).toBe(expected);
	});
});

describe('call model: event ids', () => {
	test('every end of one call has the same id, whatever its payload; other calls another', () => {
		const end = { event: 'call.ended' as const, callId: 'call-1' };
		const first = eventIdOf('3cx', end, null, { Event: 'incoming', Id: 'call-1-1' });
		const again = eventIdOf('3cx', end, 'vendor-id', { event: 'incoming', FILES: ['x'] });
		expect(again).toBe(first);
		expect(eventIdOf('3cx', { ...end, callId: 'call-2' }, null, {})).not.toBe(first);
		expect(eventIdOf('kompaas', end, null, {})).not.toBe(first);
	});

	test('other events keep the PBX’s id, else a hash of their payload', () => {
		const leg = { event: 'leg.ended' as const, callId: 'call-1' };
		expect(eventIdOf('kompaas', leg, 'cel-42', { a: 1 })).toBe('cel-42');
		expect(eventIdOf('kompaas', leg, null, { a: 1 })).toBe(
			eventIdOf('kompaas', leg, null, { a: 1 }),
		);
		expect(eventIdOf('kompaas', leg, null, { a: 1 })).not.toBe(
			eventIdOf('kompaas', leg, null, { a: 2 }),
		);
		// A call end without a call id cannot be one per call: the payload decides.
		expect(eventIdOf('kompaas', { event: 'call.ended' }, null, { a: 1 })).toBe(
			eventIdOf('kompaas', leg, null, { a: 1 }),
		);
	});
});
