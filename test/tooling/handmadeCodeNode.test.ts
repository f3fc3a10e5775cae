// The benchmark compares our triggers with what users build by hand (n8n's Webhook node and a Code
// node). That comparison is fair only while each hand-made Code node produces what its trigger does.
import { listScenarios, loadScenario, renderScenario } from '../support/scenarios';
import { callTrigger, PBX_NAMES, type PbxName } from '../support/triggers';

import { eventIdDifferences, HANDMADE, itemDifferences } from '../support/handmade/compare';

type Item = Record<string, unknown>;
const handmade = HANDMADE as Record<PbxName, { normalize: (body: unknown) => Item[] }>;

function stepsOf(pbx: PbxName) {
	return listScenarios(pbx).flatMap((name: string) =>
		renderScenario(loadScenario(pbx, name)).steps.map((step: { body: unknown }, index: number) => ({
			label: `${name} #${index}`,
			body: step.body,
		})),
	);
}

/** The trigger's items and the Code node's for one body, and when both were received. */
async function bothItems(pbx: PbxName, body: unknown) {
	const from = new Date().toISOString();
	const { result } = await callTrigger(pbx, { body });
	const ours = (result.workflowData?.[0] ?? []).map((item) => item.json as Item);
	const theirs = handmade[pbx].normalize(body);
	return { ours, theirs, received: { from, to: new Date().toISOString() } };
}

describe.each(PBX_NAMES)('the hand-made %s Code node of the benchmark', (pbx) => {
	const steps = stepsOf(pbx);

	it.each(steps.map((step) => [step.label, step.body]))(
		'gives the trigger’s items field by field: %s',
		async (label: string, body: unknown) => {
			const { ours, theirs, received } = await bothItems(pbx, body);
			expect(ours.length).toBeGreaterThan(0);
			expect(itemDifferences(label, ours, theirs, received)).toEqual([]);
		},
	);

	it('gives the same eventId exactly when the trigger does', async () => {
		const pairs: Array<[unknown, unknown]> = [];
		for (const step of steps) {
			const { ours, theirs } = await bothItems(pbx, step.body);
			ours.forEach((item, index) => pairs.push([item.eventId, theirs[index]?.eventId]));
		}
		expect(pairs.length).toBeGreaterThan(0);
		expect(eventIdDifferences(pairs)).toEqual([]);
	});
});

it('the comparison sees a field that differs', () => {
	const item = { event: 'call.ended', vendorEvent: 'x', answered: true, occurredAt: 'a' };
	expect(itemDifferences('t', [item], [{ ...item, answered: false }])).toHaveLength(1);
	expect(
		eventIdDifferences([
			['a', 'x'],
			['b', 'x'],
		]),
	).toHaveLength(1);
});
