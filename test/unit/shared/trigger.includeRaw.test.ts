// Options → Include Raw Payload: off, a normalized event leaves out `raw` (the Table view stays
// compact) and nothing else changes; what the trigger could not interpret keeps `raw` anyway.
import type { IDataObject } from 'n8n-workflow';

import { includeRawOption } from '../../../nodes/shared/triggerProperties';
import { KompaasTrigger } from '../../../nodes/Kompaas/KompaasTrigger.node';
import { ThreeCxWebhookTrigger } from '../../../nodes/ThreeCx/ThreeCxWebhookTrigger.node';
import { VoipcloudTrigger } from '../../../nodes/Voipcloud/VoipcloudTrigger.node';
import { loadScenario, renderScenario } from '../../support/scenarios';
import { callTrigger, PBX_NAMES, type PbxName } from '../../support/triggers';

async function itemsOf(pbx: PbxName, body: unknown, additionalOptions: IDataObject = {}) {
	const { result } = await callTrigger(pbx, {
		body: typeof body === 'string' ? body : JSON.stringify(body),
		contentType: 'application/json',
		parameters: { additionalOptions },
	});
	return (result.workflowData?.[0] ?? []).map((item) => item.json);
}

describe.each(PBX_NAMES)('%s trigger, Include Raw Payload', (pbx: PbxName) => {
	const steps = renderScenario(loadScenario(pbx, 'inbound-answered')).steps;

	it('is on by default: every normalized event keeps the payload in raw', async () => {
		for (const step of steps) {
			const items = await itemsOf(pbx, step.body);
			expect(items.length).toBeGreaterThan(0);
			for (const item of items) expect(item.raw).toEqual(step.body);
		}
	});

	it('off, leaves out raw and changes nothing else', async () => {
		for (const step of steps) {
			const kept = await itemsOf(pbx, step.body, { includeRaw: true });
			const left = await itemsOf(pbx, step.body, { includeRaw: false });
			expect(kept.length).toBeGreaterThan(0);
			expect(left).toHaveLength(kept.length);
			left.forEach((item, index) => {
				expect(item).not.toHaveProperty('raw');
				const { raw, ...rest } = kept[index];
				expect(raw).toEqual(step.body);
				// occurredAt falls back to when the request arrived, which differs between the runs.
				expect(item).toEqual({ ...rest, occurredAt: expect.any(String) });
			});
		}
	});

	it('off, still keeps raw when the payload could not be read or recognised', async () => {
		const malformed = '{"event": "call_end", "caller": 0555';
		const [broken] = await itemsOf(pbx, malformed, { includeRaw: false });
		expect(broken.parseError).toEqual(expect.any(String));
		expect(broken.raw).toBe(malformed);

		const stranger = { somethingElse: 'entirely', n: 1 };
		const [unknown] = await itemsOf(pbx, stranger, { includeRaw: false });
		expect(unknown.event).toBe('unknown');
		expect(unknown.raw).toEqual(stranger);
	});

	it('leaves Output "Raw" as it was', async () => {
		const { result } = await callTrigger(pbx, {
			body: JSON.stringify(steps[0].body),
			contentType: 'application/json',
			parameters: { output: 'raw', additionalOptions: { includeRaw: false } },
		});
		expect(result.workflowData?.[0].map((item) => item.json)).toEqual([steps[0].body]);
	});
});

it('every trigger offers the option, on by default', () => {
	for (const Trigger of [VoipcloudTrigger, KompaasTrigger, ThreeCxWebhookTrigger]) {
		const options = new Trigger().description.properties.find(
			(property) => property.name === 'additionalOptions',
		);
		expect(options?.options).toContainEqual(includeRawOption);
		expect(includeRawOption.default).toBe(true);
	}
});
