// Values from a payload that name an Object prototype member (`constructor`, `__proto__`,
// `toString`) are no entry of a lookup table: every item still passes callEventSchema.
import { buildCallEvent } from '../../../nodes/shared/callEvent';
import { callEventSchema } from '../../../nodes/shared/callEventSchema';
import { ownValue } from '../../../nodes/shared/values';
import * as threeCxEvents from '../../../nodes/ThreeCx/events';

const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

test.each(PROTOTYPE_NAMES)('ownValue reads no inherited entry for %s', (name) => {
	expect(ownValue({ ok: true }, name)).toBeUndefined();
	expect(ownValue({ ok: true }, 'ok')).toBe(true);
});

test.each(PROTOTYPE_NAMES)(
	'3CX end event with Finishtype and Trtype %s gives a schema-valid item',
	(name) => {
		const data = {
			event: 'outgoing',
			callerid: '381629759787',
			user: '105',
			finishtype: name,
			trtype: name,
			transfer: 'True',
			title: 'Call to 381629759787 (0:05)',
			id: '250917195359_47-1',
		};
		for (const recognised of threeCxEvents.recogniseEvent(data)) {
			const event = buildCallEvent(
				'3cx',
				threeCxEvents.normalizeEvent(data, recognised, { timeZone: 'UTC' }),
				{ eventId: 'x', receivedAt: '2026-01-01T00:00:00.000Z', raw: data },
			);
			expect(callEventSchema.safeParse(event).error?.issues ?? []).toEqual([]);
			expect(typeof event.answered === 'boolean' || event.answered === null).toBe(true);
		}
	},
);
