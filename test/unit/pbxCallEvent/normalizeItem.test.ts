// One input item of the PBX Call Event node, run through n8n-core: where its payload is, whose
// secret it carries, which PBX sent it, and the items it gives.
import type {
	IDataObject,
	INodeExecutionData,
	IPairedItemData,
	IWorkflowSettings,
} from 'n8n-workflow';

import { webhookHandler as kompaasHandler } from '../../../nodes/Kompaas/webhookAccess';
import { forbidden } from '../../../nodes/shared/webhookHandler';
import { webhookHandler as threeCxHandler } from '../../../nodes/ThreeCx/webhookAccess';
import { webhookHandler as voipcloudHandler } from '../../../nodes/Voipcloud/webhookAccess';
import { logMark, logsSince, runActionNode } from '../../support/n8nEngine';

/** One ringing call as each PBX sends it. */
const RINGING = {
	voipcloud: {
		type: 'user_inbound',
		unique_call_id: '1796408521.ed8affe5',
		caller_id: '+61298765432',
		user_number: '101',
	},
	kompaas: {
		event: 'VpbxInboundCallStart',
		callId: '1796408521.1d4b62e4',
		callerIdNum: 436641234567,
		timestamp: 1796408521,
	},
	'3cx': { Event: 'ringing', Callerid: '05552221133', User: '101', Usertype: 'ext', Id: '1_2-0' },
};

const SECRETS: Record<string, IDataObject> = {
	voipcloudWebhookApi: { secretToken: 'vc-secret', componentSecretToken: '' },
	threeCxWebhookApi: { secret: 'tcx-secret' },
};

/** An item the node reads without failing, to stand before the item under test. */
function readableItem(parameters: IDataObject): IDataObject {
	return parameters.source === 'field'
		? { [parameters.payloadField as string]: RINGING.voipcloud }
		: { body: RINGING.voipcloud };
}

/**
 * The node run on `json` as its input item number `itemIndex` (readable items before it), refused
 * requests sent to the second output: the items of `json`, or the reason its request was refused.
 */
async function run(
	parameters: IDataObject,
	json: IDataObject,
	itemIndex = 0,
	workflowSettings?: IWorkflowSettings,
) {
	const all: IDataObject = { source: 'webhook', output: 'normalized', ...parameters };
	const before = Array.from({ length: itemIndex }, () => ({ json: readableItem(all) }));
	const mark = logMark();
	const { outputs, error } = await runActionNode({
		type: 'pbxCallEvent',
		parameters: { ...all, refused: 'output' },
		credentials: SECRETS,
		input: [...before, { json }],
		workflowSettings,
	});
	const ofItem = (output: INodeExecutionData[] = []) =>
		output
			.filter((item) => (item.pairedItem as IPairedItemData).item === itemIndex)
			.map((item) => item.json);
	const refused = ofItem(outputs[1]);
	const warnings = logsSince(mark)
		.filter((entry) => entry.level === 'warn')
		.map((entry) => entry.message);
	return {
		refusal: refused.length > 0 ? (refused[0].reason as string) : null,
		items: refused.length > 0 ? refused : ofItem(outputs[0]),
		warnings,
		error,
	};
}

async function failure(parameters: IDataObject, json: IDataObject, itemIndex = 0) {
	const { error, items } = await run(parameters, json, itemIndex);
	if (!error) throw new Error(`expected the item to fail: ${JSON.stringify(items)}`);
	return error;
}

afterEach(() => jest.restoreAllMocks());

describe('normalizeItem: a payload field', () => {
	const field = { source: 'field', pbx: 'voipcloud' };

	it('reads the field, else a dotted path, text and objects alike', async () => {
		const text = JSON.stringify(RINGING.voipcloud);
		for (const [payloadField, json] of [
			['raw', { raw: RINGING.voipcloud }],
			['stored.raw', { stored: { raw: text } }],
			['list.1', { list: [{}, RINGING.voipcloud] }],
			['stored.raw', { 'stored.raw': RINGING.voipcloud, stored: { raw: 'other' } }],
		] as const) {
			const { refusal, items } = await run({ ...field, payloadField }, json as IDataObject);
			expect(refusal).toBeNull();
			expect(items.map((item) => [item.event, item.raw])).toEqual([
				['call.ringing', RINGING.voipcloud],
			]);
		}
	});

	it('fails an item without the field, naming the field and the item', async () => {
		for (const [payloadField, json] of [
			['raw', { other: 1 }],
			['stored.raw', { stored: 'text' }],
			['stored.raw.x', { stored: { raw: null } }],
		] as const) {
			const error = await failure({ ...field, payloadField }, json as IDataObject, 3);
			expect(error.name).toBe('NodeOperationError');
			expect(error.message).toBe(`The item has no field "${payloadField}"`);
			expect(error.context.itemIndex).toBe(3);
		}
	});

	it('checks no secret: a stored payload carries none', async () => {
		const { refusal, items } = await run(
			{ ...field, payloadField: 'raw', checkSecret: true },
			{ raw: RINGING.voipcloud },
		);
		expect(refusal).toBeNull();
		expect(items[0].event).toBe('call.ringing');
	});
});

describe('normalizeItem: a Webhook node item', () => {
	const voipcloud = { pbx: 'voipcloud', checkSecret: true };

	it('refuses a request without the right secret, with the reason', async () => {
		const wrong = await run(voipcloud, {
			headers: { 'x-pbx-token': 'nope' },
			body: RINGING.voipcloud,
		});
		expect(wrong).toMatchObject({
			refusal: 'Invalid X-Pbx-Token',
			items: [{ refused: true, reason: 'Invalid X-Pbx-Token', pbx: 'voipcloud' }],
		});
		const none = await run(voipcloud, { body: RINGING.voipcloud });
		expect(none.refusal).toBe('Missing X-Pbx-Token header');
	});

	it('gives the reason of a refusal that carries a status', async () => {
		jest
			.spyOn(voipcloudHandler, 'checkSecret')
			.mockResolvedValue({ refusal: forbidden('Requests from 192.0.2.1 are not allowed') });
		const { refusal, items } = await run(voipcloud, { body: RINGING.voipcloud });
		expect(refusal).toBe('Requests from 192.0.2.1 are not allowed');
		expect(items).toEqual([
			{ refused: true, reason: 'Requests from 192.0.2.1 are not allowed', pbx: 'voipcloud' },
		]);
	});

	it('normalizes a request with the right secret; without Check Secret, any request', async () => {
		const right = await run(voipcloud, {
			headers: { 'x-pbx-token': 'vc-secret' },
			body: RINGING.voipcloud,
		});
		expect(right.refusal).toBeNull();
		expect(right.items.map((item) => item.event)).toEqual(['call.ringing']);
		const unchecked = await run({ pbx: 'voipcloud' }, { body: RINGING.voipcloud });
		expect(unchecked.items.map((item) => item.event)).toEqual(['call.ringing']);
	});

	it('reads a body sent as text by its content type', async () => {
		const asJson = await run(
			{ pbx: 'voipcloud' },
			{ headers: { 'content-type': 'application/json' }, body: 'ring' },
		);
		expect(asJson.items[0]).toMatchObject({ event: 'unknown', raw: 'ring' });
		expect(asJson.items[0].parseError).toMatch(/^Body is not valid JSON/);
		const asText = await run(
			{ pbx: 'voipcloud' },
			{ headers: { 'content-type': 'text/plain' }, body: 'ring' },
		);
		expect(asText.items[0]).toMatchObject({ event: 'unknown', raw: 'ring', parseError: null });
		const stored = await run({ pbx: 'voipcloud' }, { body: JSON.stringify(RINGING.voipcloud) });
		expect(stored.items[0]).toMatchObject({ event: 'call.ringing', raw: RINGING.voipcloud });
	});

	it('reads the 3CX event from the query, without the secret, also when the add-on appended it to the token', async () => {
		const fields = RINGING['3cx'];
		for (const query of [
			{ token: 'tcx-secret', ...fields },
			{ token: `tcx-secret?${new URLSearchParams(fields).toString()}` },
		]) {
			const { refusal, items } = await run({ pbx: '3cx', checkSecret: true }, { query, body: {} });
			expect(refusal).toBeNull();
			expect(items.map((item) => [item.event, item.raw])).toEqual([['call.ringing', fields]]);
		}
	});

	it('reads headers and query only when they are objects', async () => {
		const { items } = await run(
			{ pbx: 'detect' },
			{ headers: 'x-pbx-token', query: ['token'], body: RINGING.kompaas },
		);
		expect(items[0].pbx).toBe('kompaas');
		const bare = await run({ pbx: 'voipcloud' }, { body: RINGING.voipcloud });
		expect(bare.items[0].event).toBe('call.ringing');
	});

	it('reads the Events and Options parameters, the workflow’s time zone by default', async () => {
		const ringing = { ...RINGING.voipcloud, call_start_at: '2026-01-15 10:00:00' };
		const filtered = await run({ pbx: 'voipcloud', events: ['user_outbound'] }, { body: ringing });
		expect(filtered.items).toEqual([]);
		const inSydney = await run({ pbx: 'voipcloud' }, { body: ringing }, 0, {
			timezone: 'Australia/Sydney',
		});
		expect(inSydney.items[0].occurredAt).toBe('2026-01-14T23:00:00.000Z');
		const option = await run(
			{ pbx: 'voipcloud', options: { timeZone: 'Europe/Vienna', includeRaw: false } },
			{ body: ringing },
		);
		expect(option.items[0].occurredAt).toBe('2026-01-15T09:00:00.000Z');
		expect('raw' in option.items[0]).toBe(false);
	});

	it('warns in the log, by node name, of a payload it could not map', async () => {
		jest.spyOn(voipcloudHandler, 'normalize').mockImplementation(() => {
			throw new Error('boom');
		});
		const { items, warnings } = await run({ pbx: 'voipcloud' }, { body: RINGING.voipcloud });
		expect(items[0]).toMatchObject({
			event: 'unknown',
			parseError: 'The payload could not be mapped: boom',
		});
		expect(warnings).toEqual(['PBX Call Event: a payload could not be mapped: boom']);
	});
});

describe('normalizeItem: PBX Detect', () => {
	const detect = { pbx: 'detect', checkSecret: true };

	it('tells the PBX by where its secret is, before what the payload looks like', async () => {
		for (const [json, pbx] of [
			[{ headers: { 'x-pbx-token': 's' }, body: RINGING['3cx'] }, 'voipcloud'],
			[{ headers: { 'x-n8n-webhook-secret': 's' }, body: RINGING.voipcloud }, 'kompaas'],
			[{ query: { n8n_secret: 's' }, body: RINGING.voipcloud }, 'kompaas'],
			[{ query: { token: 's' }, body: RINGING.voipcloud }, '3cx'],
		] as const) {
			const { refusal, items } = await run(detect, json as IDataObject);
			expect(refusal).toBeNull();
			expect(items.map((item) => item.pbx)).toEqual([pbx]);
		}
	});

	it('else by whose events the payload holds', async () => {
		for (const [pbx, event] of [
			['voipcloud', 'call.ringing'],
			['kompaas', 'call.started'],
			['3cx', 'call.ringing'],
		] as const) {
			const { items } = await run(detect, { body: RINGING[pbx] });
			expect(items.map((item) => [item.pbx, item.event])).toEqual([[pbx, event]]);
		}
		const batch = await run(detect, { body: [{ unrelated: 1 }, RINGING['3cx']] });
		expect(batch.items.map((item) => [item.pbx, item.event])).toEqual([
			['3cx', 'unknown'],
			['3cx', 'call.ringing'],
		]);
	});

	it('leaves out every PBX’s secret query parameter', async () => {
		const { items } = await run(detect, {
			query: { ...RINGING.kompaas, n8n_secret: 's', token: 't' },
			body: {},
		});
		expect(items[0].pbx).toBe('kompaas');
		expect(items[0].raw).toEqual(RINGING.kompaas);
	});

	it('passes over a PBX whose recognition fails on the payload', async () => {
		jest.spyOn(voipcloudHandler, 'recognise').mockImplementation(() => {
			throw new TypeError('not a VoIPcloud payload');
		});
		const { items } = await run(detect, { body: RINGING.kompaas });
		expect(items[0].pbx).toBe('kompaas');
		jest.spyOn(kompaasHandler, 'recognise').mockImplementation(() => {
			throw new TypeError('not a KOMPaaS payload');
		});
		jest.spyOn(threeCxHandler, 'recognise').mockReturnValue([]);
		const error = await failure(detect, { body: RINGING.kompaas }, 2);
		expect(error.message).toBe('Could not tell which PBX sent this payload');
	});

	it('fails an item no PBX’s events are in, saying what to do', async () => {
		for (const body of [{ unrelated: 1 }, '{"type": "user_inbound"', 'plain text']) {
			const error = await failure(detect, { body }, 2);
			expect(error.name).toBe('NodeOperationError');
			expect(error.message).toBe('Could not tell which PBX sent this payload');
			expect(error.description).toBe('Choose the PBX in the node’s PBX parameter');
			expect(error.context.itemIndex).toBe(2);
		}
	});
});
