// The PBX Call Event node: every scenario of every PBX, sent as the PBX sends it, gives the same
// items through the trigger and through n8n's Webhook node output → PBX Call Event; the secret
// check refuses as the trigger does; items are paired, Continue On Fail is honoured.
import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { PbxCallEvent } from '../../../nodes/PbxCallEvent/PbxCallEvent.node';
import { runActionNode } from '../../support/n8nEngine';
import { buildPbxRequest } from '../../support/pbxSender';
import { listScenarios, loadScenario, renderScenario } from '../../support/scenarios';
import { callTrigger, PBX_NAMES, TRIGGER_SECRETS, type PbxName } from '../../support/triggers';

const CREDENTIALS: Record<PbxName, Record<string, IDataObject>> = {
	voipcloud: {
		voipcloudWebhookApi: { secretToken: TRIGGER_SECRETS.voipcloud, componentSecretToken: '' },
	},
	kompaas: { kompaasWebhookApi: { secret: TRIGGER_SECRETS.kompaas } },
	'3cx': { threeCxWebhookApi: { secret: TRIGGER_SECRETS['3cx'] } },
};

interface SentRequest {
	method: string;
	headers: Record<string, string>;
	query: IDataObject;
	body?: string;
}

function request(pbx: PbxName, step: { body: unknown; form?: string; query?: IDataObject }) {
	const built = buildPbxRequest(pbx, 'http://127.0.0.1:5678/webhook/x', {
		...step,
		token: TRIGGER_SECRETS[pbx],
	}) as { url: string; method: string; headers: Record<string, string>; body?: string };
	const url = new URL(built.url);
	const query: IDataObject = Object.fromEntries(url.searchParams);
	const headers = Object.fromEntries(
		Object.entries(built.headers).map(([name, value]) => [name.toLowerCase(), value]),
	);
	return { method: built.method, headers, query, body: built.body } as SentRequest;
}

/** The item n8n's Webhook node (v2) gives for a request: the body parsed by its content type. */
function webhookItem({ headers, query, body }: SentRequest): IDataObject {
	const type = headers['content-type'] ?? '';
	let parsed: unknown = {};
	if (body !== undefined) {
		if (type.includes('json')) parsed = JSON.parse(body);
		else if (type.includes('x-www-form-urlencoded'))
			parsed = Object.fromEntries(new URLSearchParams(body));
		else parsed = body;
	}
	return { headers, params: {}, query, body: parsed as IDataObject, webhookUrl: 'x' };
}

async function throughTrigger(pbx: PbxName, sent: SentRequest, parameters?: IDataObject) {
	const { result } = await callTrigger(pbx, {
		parameters,
		method: sent.method,
		body: sent.body,
		contentType: sent.headers['content-type'],
		headers: sent.headers,
		query: sent.query,
		secret: null,
	});
	return (result.workflowData?.[0] ?? []).map((item) => item.json);
}

async function throughNode(pbx: PbxName | 'detect', input: IDataObject[], parameters = {}) {
	return await runActionNode({
		type: 'pbxCallEvent',
		parameters: { pbx, checkSecret: pbx !== 'detect', ...parameters },
		credentials: pbx === 'detect' ? {} : CREDENTIALS[pbx],
		input: input.map((json) => ({ json })) as INodeExecutionData[],
	});
}

/**
 * Only Date is frozen: an event without a time of its own occurs when it was received, which
 * must read the same through both paths. n8n's timers run as usual.
 */
function freezeDate() {
	jest.useFakeTimers({
		now: new Date('2026-03-01T10:00:00.000Z'),
		doNotFake: [
			'hrtime',
			'nextTick',
			'performance',
			'queueMicrotask',
			'requestAnimationFrame',
			'cancelAnimationFrame',
			'requestIdleCallback',
			'cancelIdleCallback',
			'setImmediate',
			'clearImmediate',
			'setInterval',
			'clearInterval',
			'setTimeout',
			'clearTimeout',
		],
	});
}

/** 3CX: the add-on that appends `?event=…` to a URL holding `?token=…` (one query field). */
function tokenCarryingEvent(sent: SentRequest): SentRequest {
	const { token, event, ...rest } = sent.query;
	return { ...sent, query: { ...rest, token: `${token as string}?event=${event as string}` } };
}

describe.each(PBX_NAMES)('%s: Webhook node → PBX Call Event gives the trigger’s items', (pbx) => {
	beforeEach(freezeDate);
	afterEach(() => jest.useRealTimers());
	const forms =
		pbx === '3cx' ? ['json', 'query'] : pbx === 'kompaas' ? ['json', 'query'] : ['json'];
	it.each(listScenarios(pbx).flatMap((name) => forms.map((form) => [name, form])))(
		'%s (%s)',
		async (name, form) => {
			const scenario = renderScenario(loadScenario(pbx, name));
			for (const step of scenario.steps) {
				const variants = [request(pbx, { form, ...step })];
				if (pbx === '3cx' && variants[0].query.event !== undefined) {
					variants.push(tokenCarryingEvent(variants[0]));
				}
				for (const sent of variants) {
					const expected = await throughTrigger(pbx, sent);
					const fromNode = await throughNode(pbx, [webhookItem(sent)]);
					expect(fromNode.error).toBeUndefined();
					expect(expected.length).toBeGreaterThan(0);
					expect(fromNode.json).toEqual(expected);
					for (const item of fromNode.items) expect(item.pairedItem).toEqual({ item: 0 });
				}
			}
		},
	);
});

describe('PBX Call Event', () => {
	beforeEach(freezeDate);
	afterEach(() => jest.useRealTimers());
	const voipcloudStep = () =>
		renderScenario(loadScenario('voipcloud', 'inbound-answered')).steps[0];

	it('re-normalizes stored raw payloads from a field, objects and text alike', async () => {
		const step = voipcloudStep();
		const [original] = await throughTrigger('voipcloud', request('voipcloud', step));
		const { json } = await throughNode('voipcloud', [{ raw: original.raw }], {
			source: 'field',
			payloadField: 'raw',
			checkSecret: false,
		});
		expect(json).toEqual([original]);
		const fromText = await throughNode(
			'voipcloud',
			[{ stored: { raw: JSON.stringify(original.raw) } }],
			{ source: 'field', payloadField: 'stored.raw', checkSecret: false },
		);
		expect(fromText.json).toEqual([original]);
	});

	it('refuses a wrong or missing secret: dropped, or on the second output with the reason', async () => {
		const sent = request('voipcloud', voipcloudStep());
		const wrong = webhookItem({ ...sent, headers: { ...sent.headers, 'x-pbx-token': 'nope' } });
		const missing = webhookItem({
			...sent,
			headers: Object.fromEntries(
				Object.entries(sent.headers).filter(([name]) => name !== 'x-pbx-token'),
			),
		});
		const right = webhookItem(sent);

		const dropped = await throughNode('voipcloud', [wrong, right, missing]);
		expect(dropped.outputs).toHaveLength(1);
		expect(dropped.items.map((item) => item.pairedItem)).toEqual([{ item: 1 }]);

		const routed = await throughNode('voipcloud', [wrong, right, missing], { refused: 'output' });
		expect(routed.outputs).toHaveLength(2);
		expect(routed.outputs[0].map((item) => item.json.event)).toEqual(['call.ringing']);
		expect(routed.outputs[1].map((item) => [item.json, item.pairedItem])).toEqual([
			[{ refused: true, reason: 'Invalid X-Pbx-Token', pbx: 'voipcloud' }, { item: 0 }],
			[{ refused: true, reason: 'Missing X-Pbx-Token header', pbx: 'voipcloud' }, { item: 2 }],
		]);
		expect(JSON.stringify(routed.outputs)).not.toContain(TRIGGER_SECRETS.voipcloud);
	});

	it('offers each PBX’s mapping options, and maps with them as its trigger does', async () => {
		const { description } = new PbxCallEvent();
		const options = description.properties.find((property) => property.name === 'options');
		const shownFor = Object.fromEntries(
			((options?.options ?? []) as INodeProperties[]).map((option) => [
				option.name,
				option.displayOptions?.show?.['/pbx'],
			]),
		);
		expect(shownFor).toMatchObject({
			callFlowAnswers: ['kompaas', 'detect'],
			queueNumbers: ['3cx', 'detect'],
		});

		// K2M ends a call no agent answered with the queue's number as the user.
		const missedAtQueue = {
			Event: 'incoming',
			Callerid: '05552221133',
			User: '820',
			Finishtype: 'Missed',
			Transfer: 'False',
			Did: '',
			Duration: '',
			Id: '230307115339_12-0',
		};
		const sent = request('3cx', { body: missedAtQueue });
		const expected = await throughTrigger('3cx', sent, {
			additionalOptions: { queueNumbers: '800, 820' },
		});
		expect(expected[0].queue).toEqual({ id: '820', name: null });
		const { json } = await throughNode('3cx', [webhookItem(sent)], {
			options: { queueNumbers: '800, 820' },
		});
		expect(json).toEqual(expected);
		const detected = await throughNode('detect', [webhookItem(sent)], {
			options: { queueNumbers: '800, 820' },
		});
		expect(detected.json).toEqual(expected);
	});

	it('detects the PBX from where the secret is, else from the payload', async () => {
		for (const pbx of PBX_NAMES) {
			const sent = request(pbx, renderScenario(loadScenario(pbx, 'inbound-answered')).steps[0]);
			const { json } = await throughNode('detect', [webhookItem(sent)]);
			expect(json[0].pbx).toBe(pbx);
			const bare = await throughNode('detect', [{ raw: json[0].raw }], {
				source: 'field',
				payloadField: 'raw',
			});
			expect(bare.json[0].pbx).toBe(pbx);
		}
	});

	it('fails an item it cannot read with its index, or passes the error on with Continue On Fail', async () => {
		const setup = {
			source: 'field',
			payloadField: 'raw',
			checkSecret: false,
		};
		const failed = await throughNode('voipcloud', [{ raw: {} }, { other: 1 }], setup);
		expect(failed.error?.message).toBe('The item has no field "raw"');
		const passed = await runActionNode({
			type: 'pbxCallEvent',
			parameters: { pbx: 'detect', ...setup },
			settings: { continueOnFail: true },
			input: [{ json: { other: 1 } }, { json: { raw: { somethingElse: 1 } } }],
		});
		expect(passed.items.map((item) => [item.json.error, item.pairedItem])).toEqual([
			['The item has no field "raw"', { item: 0 }],
			['Could not tell which PBX sent this payload', { item: 1 }],
		]);
	});
});

describe('PBX Call Event: outputs and failures', () => {
	const ringing = {
		type: 'user_inbound',
		unique_call_id: '1796408521.ed8affe5',
		caller_id: '+61298765432',
		user_number: '101',
	};
	const withToken = (token: string) => ({ headers: { 'x-pbx-token': token }, body: ringing });

	async function run(
		parameters: IDataObject,
		input: IDataObject[],
		{ continueOnFail = false, credentials = true } = {},
	) {
		return await runActionNode({
			type: 'pbxCallEvent',
			parameters,
			credentials: credentials ? CREDENTIALS.voipcloud : {},
			settings: { continueOnFail },
			input: input.map((json) => ({ json })),
		});
	}

	async function execute(
		parameters: IDataObject,
		input: IDataObject[],
		options: { continueOnFail?: boolean } = {},
	) {
		const { outputs, error } = await run(parameters, input, options);
		expect(error).toBeUndefined();
		return outputs;
	}

	async function failure(
		parameters: IDataObject,
		input: IDataObject[],
		options: { credentials?: boolean } = {},
	) {
		const { error } = await run(parameters, input, options);
		if (!error) throw new Error('expected the run to fail');
		return error;
	}

	const checked = { source: 'webhook', pbx: 'voipcloud', output: 'normalized', checkSecret: true };
	const secret = TRIGGER_SECRETS.voipcloud;

	it('sends refused requests to the second output only when asked, each item paired', async () => {
		const input = [withToken('nope'), withToken(secret), withToken(secret)];
		const routed = await execute({ ...checked, refused: 'output' }, input);
		expect(routed).toHaveLength(2);
		expect(routed[0].map((item) => [item.json.event, item.pairedItem])).toEqual([
			['call.ringing', { item: 1 }],
			['call.ringing', { item: 2 }],
		]);
		expect(routed[1].map((item) => [item.json, item.pairedItem])).toEqual([
			[{ refused: true, reason: 'Invalid X-Pbx-Token', pbx: 'voipcloud' }, { item: 0 }],
		]);
		for (const parameters of [
			{ ...checked },
			{ ...checked, refused: 'drop' },
			{ source: 'webhook', pbx: 'voipcloud', output: 'normalized', refused: 'output' },
			{ ...checked, checkSecret: false, refused: 'output' },
		]) {
			const outputs = await execute(parameters, [withToken(secret)]);
			expect(outputs.map((output) => output.length)).toEqual([1]);
		}
		const fromField = await execute(
			{ ...checked, source: 'field', payloadField: 'body', refused: 'output' },
			[withToken('nope')],
		);
		expect(fromField.map((output) => output.map((item) => item.json.event))).toEqual([
			['call.ringing'],
		]);
	});

	it('fails the run at the item it cannot read, with its index', async () => {
		const error = await failure(checked, [withToken(secret), withToken('x')], {
			credentials: false,
		});
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toBe('Node does not have any credentials set for "voipcloudWebhookApi"');
		expect(error.context.itemIndex).toBe(0);
		const noField = await failure({ ...checked, source: 'field', payloadField: 'raw' }, [
			{ raw: ringing },
			{},
		]);
		expect(noField.message).toBe('The item has no field "raw"');
		expect(noField.context.itemIndex).toBe(1);
	});

	it('with Continue On Fail, gives the error as the item’s output and goes on', async () => {
		const outputs = await execute(
			{ ...checked, source: 'field', payloadField: 'raw' },
			[{}, { raw: ringing }],
			{ continueOnFail: true },
		);
		expect(outputs[0].map((item) => [item.json.error ?? item.json.event, item.pairedItem])).toEqual(
			[
				['The item has no field "raw"', { item: 0 }],
				['call.ringing', { item: 1 }],
			],
		);
	});
});
