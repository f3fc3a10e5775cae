// The call event schema's own rules (nodes/shared/CALL_MODEL.md): what it refuses, and why, in
// the words a failing conformance test or output-schema check shows.
import { buildCallEvent } from '../../../nodes/shared/callEvent';
import { callEventSchema, type CallEvent } from '../../../nodes/shared/callEventSchema';

const envelope = { eventId: 'e-1', receivedAt: '2026-01-01T00:00:00.000Z', raw: {} };

function problems(event: CallEvent): string[] {
	const result = callEventSchema.safeParse(event);
	return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

const inboundEnd = buildCallEvent(
	'voipcloud',
	{ event: 'call.ended', direction: 'inbound', answered: true },
	envelope,
);
const outboundEnd = buildCallEvent(
	'voipcloud',
	{ event: 'call.ended', direction: 'outbound', answered: false },
	envelope,
);
const ringing = buildCallEvent(
	'voipcloud',
	{ event: 'call.ringing', direction: 'inbound' },
	envelope,
);

describe('callEventSchema', () => {
	it('accepts what the builder makes', () => {
		expect(problems(inboundEnd)).toEqual([]);
		expect(problems(outboundEnd)).toEqual([]);
		expect(problems(ringing)).toEqual([]);
	});

	it('wants an end event to say both whether it was answered and its outcome', () => {
		expect(problems({ ...inboundEnd, answered: null })).toEqual([
			'call.ended must say answered and outcome',
		]);
		expect(problems({ ...inboundEnd, outcome: null })).toEqual([
			'call.ended must say answered and outcome',
		]);
		const legEnd = { ...inboundEnd, event: 'leg.ended', final: null } as const;
		expect(problems(legEnd)).toEqual([]);
		expect(problems({ ...legEnd, answered: null, outcome: null })).toEqual([
			'leg.ended must say answered and outcome',
		]);
	});

	it('lets an event that ends nothing say no result, or only an outcome', () => {
		expect(problems({ ...ringing, answered: null, outcome: 'answered' })).toEqual([]);
		expect(problems({ ...ringing, answered: true, outcome: null })).toEqual([]);
	});

	it('wants final on call.ended, and only there', () => {
		expect(problems({ ...inboundEnd, final: null })).toEqual([
			'final is set on call.ended, and only there',
		]);
		expect(problems({ ...ringing, final: true })).toEqual([
			'final is set on call.ended, and only there',
		]);
	});

	it('keeps missed for calls that came in, noAnswer, busy and failed for outbound calls', () => {
		expect(problems({ ...outboundEnd, outcome: 'missed' })).toEqual([
			'outcome missed on a outbound call: missed is for calls that came in, noAnswer, busy and failed for outbound calls',
		]);
		expect(problems({ ...inboundEnd, answered: false, outcome: 'busy' })).toEqual([
			'outcome busy on a inbound call: missed is for calls that came in, noAnswer, busy and failed for outbound calls',
		]);
	});

	it('refuses answered that contradicts the outcome', () => {
		expect(problems({ ...inboundEnd, outcome: 'missed' })).toEqual([
			'answered true contradicts outcome missed',
		]);
		expect(problems({ ...outboundEnd, outcome: 'answered' })).toEqual([
			'answered false contradicts outcome answered',
		]);
	});
});
