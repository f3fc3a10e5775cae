// Bodies that crashed or corrupted every trigger when probed from outside (issue 10): deep
// nesting, a multi-megabyte form-like body, form keys named like Object members, huge batches.
// Each must give an answer (200 with items, or a 4xx) and items n8n can store and read back.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { INTAKE_LIMITS } from '../../../nodes/shared/intake';
import { callTrigger, PBX_NAMES, type PbxName, type TriggerAnswer } from '../../support/triggers';
import { callWebhook } from '../../support/n8nEngine';

function itemsOf({ result, response }: TriggerAnswer): INodeExecutionData[] {
	expect(response.statusCode).toBeUndefined();
	expect(result.workflowData).toHaveLength(1);
	return result.workflowData?.[0] ?? [];
}

/** What n8n does with an item: serialise it, and read it back. */
function roundTrip(item: INodeExecutionData): unknown {
	return JSON.parse(JSON.stringify(item.json));
}

const deepArrays = `${'['.repeat(5000)}${']'.repeat(5000)}`;
const deepObjects = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;

describe.each(PBX_NAMES)('%s trigger: bodies nobody sends on purpose', (pbx: PbxName) => {
	it.each([
		['5,000 nested arrays', deepArrays],
		['5,000 nested objects', deepObjects],
		['a batch holding a deeply nested event', `[{"a":1},${deepArrays}]`],
	])('delivers %s as text with parseError, in both outputs', async (_case, body) => {
		for (const output of ['normalized', 'raw']) {
			const items = itemsOf(
				await callTrigger(pbx, { body, contentType: 'application/json', parameters: { output } }),
			);
			expect(items).toHaveLength(1);
			const json = roundTrip(items[0]) as IDataObject;
			expect(json.raw).toBe(body);
			expect(json.parseError).toMatch(/nests deeper than 64 levels/);
		}
	});

	it('delivers a 7 MB form-like body as text without parsing it', async () => {
		const body = 'a=1&'.repeat(1_750_000) + 'a=1';
		const items = itemsOf(await callTrigger(pbx, { body }));
		expect(items).toHaveLength(1);
		expect(items[0].json.raw).toBe(body);
		expect(items[0].json.parseError).toMatch(/more than the 1048576 the trigger reads/);
	});

	it('reads form keys named like Object members as plain fields', async () => {
		const body = 'constructor=x&toString=1&__proto__=x&hasOwnProperty=y&valueOf=2&valueOf=3';
		for (const contentType of ['application/x-www-form-urlencoded', 'text/plain']) {
			const [item] = itemsOf(await callTrigger(pbx, { body, contentType }));
			const raw = item.json.raw as IDataObject;
			expect(Object.getPrototypeOf(raw)).toBe(Object.prototype);
			expect(Object.entries(raw)).toEqual([
				['constructor', 'x'],
				['toString', '1'],
				['__proto__', 'x'],
				['hasOwnProperty', 'y'],
				['valueOf', ['2', '3']],
			]);
			expect(roundTrip(item)).toMatchObject({ raw: { constructor: 'x', toString: '1' } });
		}
		expect(({} as IDataObject).x).toBeUndefined();
	});

	it('delivers a list of more events than one request may carry as text', async () => {
		const events = Array.from({ length: INTAKE_LIMITS.maxEvents + 1 }, (_, i) => ({ n: i }));
		const body = JSON.stringify(events);
		const items = itemsOf(await callTrigger(pbx, { body, contentType: 'application/json' }));
		expect(items).toHaveLength(1);
		expect(items[0].json.raw).toBe(body);
		expect(items[0].json.parseError).toMatch(/list of 1001 events, more than the 1000/);
	});

	it('delivers a full batch of events one item each', async () => {
		const events = Array.from({ length: INTAKE_LIMITS.maxEvents }, (_, i) => ({ n: i }));
		const items = itemsOf(await callTrigger(pbx, { body: events }));
		expect(items).toHaveLength(INTAKE_LIMITS.maxEvents);
	});

	it('keeps bytes that are not UTF-8 recoverable (read as Latin-1)', async () => {
		const body = Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0x4d, 0xfc, 0x22, 0x7d]); // {"n":"Mü"} in Latin-1
		const [item] = itemsOf(await callTrigger(pbx, { body, parameters: { output: 'raw' } }));
		expect(item.json).toEqual({ n: 'Mü' });
		const binary = Buffer.from([0xff, 0xfe, 0x00, 0x81, 0x41]);
		const [text] = itemsOf(await callTrigger(pbx, { body: binary, parameters: { output: 'raw' } }));
		expect(Buffer.from(text.json.raw as string, 'latin1')).toEqual(binary);
	});
});

describe('the shared pipeline when n8n itself fails', () => {
	it('answers 503 (send again) when the credential cannot be loaded, without throwing', async () => {
		const { result, response, logs } = await callWebhook({
			type: 'voipcloudTrigger',
			request: { body: { type: 'voicemail' }, headers: { 'x-pbx-token': 'any-token-at-all-here' } },
		});
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(503);
		expect(logs.map((log) => log.message).join('\n')).toMatch(/could not check a request's secret/);
	});

	it('answers 400 when the body cannot be read (the sender went away)', async () => {
		const secretToken = 'a-secret-token-of-some-length';
		const { result, response } = await callWebhook({
			type: 'voipcloudTrigger',
			credentials: { voipcloudWebhookApi: { secretToken } },
			request: { headers: { 'x-pbx-token': secretToken }, readError: 'aborted' },
		});
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(400);
		expect(response.jsonBody).toEqual({
			code: 400,
			message: 'The request could not be read: aborted',
		});
	});
});
