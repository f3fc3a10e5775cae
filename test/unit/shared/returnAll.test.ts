// Return All and Limit, the two fields of every Get Many, and what they ask for: a test-only node
// whose Get Many lists 60 entries, run by n8n-core's WorkflowExecute with the fields' defaults.
import type { IExecuteFunctions, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { routeOperations } from '../../../nodes/shared/operationRouter';
import { limited, returnAllFields, wantedCount } from '../../../nodes/shared/returnAll';
import { registerTestNodeType, runActionNode } from '../../support/n8nEngine';

const ENTRIES = Array.from({ length: 60 }, (_, index) => ({ id: index + 1 }));

const text = (name: string) => ({ displayName: name, name, type: 'string' as const, default: '' });

class ListingNode implements INodeType {
	description = {
		displayName: 'Listing Node',
		name: 'testListingNode',
		group: ['transform'],
		version: 1,
		description: 'A Get Many over a list the API sends whole, and one that pages',
		defaults: { name: 'Listing' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [text('resource'), text('operation'), ...returnAllFields('entry')],
	} as INodeTypeDescription & { name: 'testListingNode' };

	async execute(this: IExecuteFunctions) {
		return await routeOperations.call(this, {
			entry: {
				async getAll(this: IExecuteFunctions, itemIndex: number) {
					return this.helpers.returnJsonArray(limited(this, itemIndex, ENTRIES));
				},
			},
		});
	}
}
registerTestNodeType(new ListingNode());

/** The ids each input item got, one Get Many per parameter set. */
async function listed(...sets: Array<Record<string, unknown>>) {
	const { items, error } = await runActionNode({
		type: 'testListingNode',
		parameters: sets.map((set) => ({ resource: 'entry', operation: 'getAll', ...set })),
	});
	expect(error).toBeUndefined();
	const perItem: number[][] = sets.map(() => []);
	for (const item of items) {
		const { item: index } = item.pairedItem as { item: number };
		perItem[index].push(item.json.id as number);
	}
	return perItem;
}

test('without Return All, the Limit of that item: 50 when not set', async () => {
	// One set of parameters: n8n fills in the fields' defaults.
	const [unset] = await listed({});
	expect(unset).toEqual(ENTRIES.slice(0, 50).map(({ id }) => id));
	const [five, two] = await listed({ limit: 5 }, { returnAll: false, limit: 2 });
	expect(five).toEqual([1, 2, 3, 4, 5]);
	expect(two).toEqual([1, 2]);
});

test('Return All: every entry, whatever Limit was saved, for that item only', async () => {
	const [all, limitedItem] = await listed({ returnAll: true, limit: 5 }, { limit: 3 });
	expect(all).toHaveLength(60);
	expect(limitedItem).toEqual([1, 2, 3]);
});

test('wantedCount asks for no end with Return All, for the Limit otherwise', async () => {
	const counts: number[] = [];
	class CountingNode implements INodeType {
		description = {
			...new ListingNode().description,
			name: 'testCountingNode',
		} as INodeTypeDescription & { name: 'testCountingNode' };

		async execute(this: IExecuteFunctions) {
			const items = this.getInputData();
			for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
				counts.push(wantedCount(this, itemIndex));
			}
			return [items];
		}
	}
	registerTestNodeType(new CountingNode());
	const getAll = { resource: 'entry', operation: 'getAll' };
	await runActionNode({
		type: 'testCountingNode',
		parameters: [
			{ ...getAll, returnAll: true, limit: 7 },
			{ ...getAll, returnAll: false, limit: 7 },
		],
	});
	// One set of parameters: the Limit n8n fills in is its default.
	await runActionNode({ type: 'testCountingNode', parameters: getAll });
	expect(counts).toEqual([Infinity, 7, 50]);
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
