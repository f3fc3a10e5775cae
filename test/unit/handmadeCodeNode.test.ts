// The benchmark compares our triggers with what users build by hand (n8n's Webhook node and a Code
// node). That comparison is fair only while the hand-made Code node produces what the trigger does.
import { listScenarios, loadScenario, renderScenario } from '../support/scenarios';
import { callTrigger } from '../support/triggers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { normalize } = require('../support/handmade/voipcloudCode.js') as {
	normalize: (body: unknown) => Array<Record<string, unknown>>;
};

const steps = listScenarios('voipcloud').flatMap((name: string) =>
	renderScenario(loadScenario('voipcloud', name)).steps.map((step: { body: unknown }) => ({
		name,
		body: step.body,
	})),
);

describe('the hand-made VoIPcloud Code node of the benchmark', () => {
	it.each(
		steps.map((step: { name: string; body: unknown }, index: number) => [
			`${step.name} #${index}`,
			step,
		]),
	)(
		'gives the trigger’s items field by field: %s',
		async (_label: string, step: { body: unknown }) => {
			const { result } = await callTrigger('voipcloud', { body: step.body });
			const ours = (result.workflowData?.[0] ?? []).map((item) => item.json);
			const theirs = normalize(step.body);
			expect(theirs.map((item) => Object.keys(item))).toEqual(
				ours.map((item) => Object.keys(item)),
			);
			const withoutId = ({ eventId, ...rest }: Record<string, unknown>) => {
				expect(typeof eventId).toBe('string');
				return rest;
			};
			expect(theirs.map(withoutId)).toEqual(ours.map(withoutId));
		},
	);

	it('gives the same eventId exactly when the trigger does', async () => {
		const ours: unknown[] = [];
		const theirs: unknown[] = [];
		for (const step of steps) {
			const { result } = await callTrigger('voipcloud', { body: step.body });
			ours.push(...(result.workflowData?.[0] ?? []).map((item) => item.json.eventId));
			theirs.push(...normalize(step.body).map((item) => item.eventId));
		}
		const sameness = (ids: unknown[]) => ids.map((a) => ids.map((b) => a === b));
		expect(sameness(theirs)).toEqual(sameness(ours));
	});
});
