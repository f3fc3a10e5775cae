// Return All and Limit, the two fields of every Get Many, and what they ask for.
import type { IExecuteFunctions } from 'n8n-workflow';

import { limited, returnAllFields, wantedCount } from '../../../nodes/shared/returnAll';

/** An execute context whose item `index` has the given parameters; n8n's default otherwise. */
const context = (index: number, parameters: Record<string, unknown>) =>
	({
		getNodeParameter: (name: string, itemIndex: number, fallback: unknown) =>
			itemIndex === index && name in parameters ? parameters[name] : fallback,
	}) as unknown as IExecuteFunctions;

test('Return All: every entry; otherwise the Limit of that item, 50 when unset', () => {
	expect(wantedCount(context(0, { returnAll: true, limit: 5 }), 0)).toBe(Infinity);
	expect(wantedCount(context(1, { returnAll: false, limit: 5 }), 1)).toBe(5);
	expect(wantedCount(context(1, { limit: 5 }), 1)).toBe(5);
	expect(wantedCount(context(1, {}), 1)).toBe(50);
	expect(wantedCount(context(1, { returnAll: true }), 0)).toBe(50);
});

test('a whole list cut to the Limit', () => {
	const entries = [{ id: 1 }, { id: 2 }, { id: 3 }];
	expect(limited(context(2, { limit: 2 }), 2, entries)).toEqual([{ id: 1 }, { id: 2 }]);
	expect(limited(context(2, { returnAll: true, limit: 2 }), 2, entries)).toEqual(entries);
});

test('the fields show for the Get Many of their resource; Limit only without Return All, 50 by default', () => {
	const [returnAll, limit] = returnAllFields('call');
	const shownFor = { resource: ['call'], operation: ['getAll'] };
	expect(returnAll).toMatchObject({ name: 'returnAll', type: 'boolean', default: false });
	expect(returnAll.displayOptions).toEqual({ show: shownFor });
	expect(limit).toMatchObject({
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1 },
	});
	expect(limit.displayOptions).toEqual({ show: { ...shownFor, returnAll: [false] } });
});
