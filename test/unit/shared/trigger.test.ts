// The shared pipeline of every PBX trigger and of the PBX Call Event node, with a stand-in PBX
// handler: its items directly, and its answers through a test-only trigger that plugs the handler
// into the pipeline as a PBX trigger does, in n8n-core's WebhookContext.
import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import type { Payload } from '../../../nodes/shared/intake';
import {
	ALL_EVENTS,
	callEventItems,
	configuredByHandWebhookMethods,
	eventSelection,
	handleCallEventWebhook,
	type EventSelection,
} from '../../../nodes/shared/trigger';
import {
	forbidden,
	type Access,
	type MappingOptions,
	type PbxWebhookHandler,
	type ReceivedRequest,
} from '../../../nodes/shared/webhookHandler';
import {
	countryOption,
	eventsProperty,
	optionsProperty,
	outputProperty,
	rawBodyProperty,
	timeZoneOption,
} from '../../../nodes/shared/triggerProperties';
import { ThreeCxWebhookTrigger } from '../../../nodes/ThreeCx/ThreeCxWebhookTrigger.node';
import { VoipcloudTrigger } from '../../../nodes/Voipcloud/VoipcloudTrigger.node';
import {
	callWebhook,
	hookContext,
	registerTestNodeType,
	type NodeTypeName,
	type WebhookRequest,
	type WebhookSetup,
} from '../../support/n8nEngine';

const RECEIVED_AT = '2026-03-01T10:00:00.000Z';

/**
 * A PBX whose payloads name their event in `type` (`ring` or `end`) and may carry their own
 * `id`; `both` is one payload that gives two events.
 */
function fakeHandler(overrides: Partial<PbxWebhookHandler> = {}): PbxWebhookHandler & {
	options: MappingOptions[];
} {
	const options: MappingOptions[] = [];
	return {
		pbx: 'voipcloud',
		options,
		checkSecret: async () => ({ refusal: null }),
		recognise: (data) => {
			if (typeof data !== 'object') return [];
			if (data.type === 'both') {
				return [
					{ selector: 'ring', vendorEvent: 'both', part: 1 },
					{ selector: 'end', vendorEvent: 'both', part: 2 },
				];
			}
			return data.type === 'ring' || data.type === 'end'
				? [{ selector: data.type, vendorEvent: data.type }]
				: [];
		},
		normalize: (data, event, mappingOptions) => {
			options.push(mappingOptions);
			if (event === null || typeof data !== 'object') return {};
			return {
				event: event.selector === 'ring' ? 'call.ringing' : 'call.answered',
				vendorEvent: event.vendorEvent,
				direction: 'inbound',
				from: { number: (data.from as string) ?? null, name: null },
			};
		},
		eventId: (data) => (typeof data.id === 'string' ? data.id : null),
		...overrides,
	};
}

function selection(overrides: Partial<EventSelection> = {}): EventSelection {
	return {
		events: new Set([ALL_EVENTS]),
		raw: false,
		includeRaw: true,
		options: { timeZone: 'UTC', country: null, settings: {} },
		...overrides,
	};
}

function payload(data: IDataObject | string, parseError: string | null = null): Payload {
	return { data, parseError };
}

function items(
	handler: PbxWebhookHandler,
	payloads: Payload[],
	chosen: EventSelection = selection(),
) {
	const warnings: string[] = [];
	const result = callEventItems(
		handler,
		payloads,
		chosen,
		(message) => warnings.push(message),
		RECEIVED_AT,
	);
	return { result, warnings };
}

describe('callEventItems', () => {
	it('normalizes each recognised event, with the vendor’s id and the receipt time', () => {
		const { result, warnings } = items(fakeHandler(), [
			payload({ type: 'ring', id: 'v-1', from: '+61412345678' }),
		]);
		expect(warnings).toEqual([]);
		expect(result).toHaveLength(1);
		expect(result[0]).toMatchObject({
			pbx: 'voipcloud',
			event: 'call.ringing',
			vendorEvent: 'ring',
			eventId: 'v-1',
			direction: 'inbound',
			occurredAt: RECEIVED_AT,
			from: { number: '+61412345678', name: null, e164: '+61412345678' },
			parseError: null,
			raw: { type: 'ring', id: 'v-1', from: '+61412345678' },
		});
	});

	it('keeps only the selected events, but always delivers what it cannot interpret', () => {
		const payloads = [payload({ type: 'ring' }), payload({ type: 'end' }), payload({ x: 1 })];
		const { result } = items(fakeHandler(), payloads, selection({ events: new Set(['end']) }));
		expect(result.map((item) => [item.event, item.raw])).toEqual([
			['call.answered', { type: 'end' }],
			['unknown', { x: 1 }],
		]);
		const all = items(fakeHandler(), payloads, selection({ events: new Set([ALL_EVENTS, 'end']) }));
		expect(all.result.map((item) => item.event)).toEqual([
			'call.ringing',
			'call.answered',
			'unknown',
		]);
	});

	it('gives one item per event of a payload that carries several, each with its own id', () => {
		const { result } = items(fakeHandler(), [payload({ type: 'both', id: 'v-2' })]);
		expect(result.map((item) => item.event)).toEqual(['call.ringing', 'call.answered']);
		expect(new Set(result.map((item) => item.eventId)).size).toBe(2);
		expect(result.map((item) => item.eventId)).not.toContain('v-2');
		const onlyEnd = items(
			fakeHandler(),
			[payload({ type: 'both' })],
			selection({ events: new Set(['end']) }),
		);
		expect(onlyEnd.result.map((item) => item.event)).toEqual(['call.answered']);
	});

	it('identifies an event by its payload’s hash when the PBX sends no id of its own', () => {
		const sent = { type: 'ring', from: '+61412345678' };
		const withoutIds = items(fakeHandler({ eventId: undefined }), [payload(sent)]);
		const withNone = items(fakeHandler(), [payload(sent)]);
		expect(withoutIds.warnings).toEqual([]);
		expect(withoutIds.result[0]).toMatchObject({ event: 'call.ringing', parseError: null });
		expect(withoutIds.result[0].eventId).toBe(withNone.result[0].eventId);
		expect(withoutIds.result[0].eventId).toMatch(/^[0-9a-f]{16,}$/);
	});

	it('reads an id from objects only: a text payload’s id is its hash', () => {
		const eventId = jest.fn(() => 'vendor-id');
		const { result } = items(fakeHandler({ eventId }), [payload('ring ring')]);
		expect(eventId).not.toHaveBeenCalled();
		expect(result[0]).toMatchObject({ event: 'unknown', raw: 'ring ring', parseError: null });
		expect(result[0].eventId).not.toBe('vendor-id');
		expect(result[0].eventId).toMatch(/^[0-9a-f]{16,}$/);
	});

	it('delivers a payload whose recognition throws unmapped, whatever the Events filter, with the reason', () => {
		const handler = fakeHandler({
			recognise: () => {
				throw new TypeError("Cannot read properties of null (reading 'x')");
			},
		});
		const { result, warnings } = items(
			handler,
			[payload({ type: 'ring' })],
			selection({ events: new Set(['end']) }),
		);
		expect(result).toHaveLength(1);
		expect(result[0]).toMatchObject({
			event: 'unknown',
			raw: { type: 'ring' },
			parseError: "The payload could not be mapped: Cannot read properties of null (reading 'x')",
		});
		expect(warnings).toEqual([
			"a payload could not be mapped: Cannot read properties of null (reading 'x')",
		]);
	});

	it('delivers a payload whose mapping throws unmapped, whatever was thrown', () => {
		const handler = fakeHandler({
			normalize: () => {
				throw 'no direction';
			},
		});
		const { result, warnings } = items(handler, [payload({ type: 'ring', from: '0412' })]);
		expect(result).toHaveLength(1);
		expect(result[0]).toMatchObject({
			event: 'unknown',
			vendorEvent: null,
			direction: 'unknown',
			from: { number: null },
			parseError: 'The payload could not be mapped: no direction',
		});
		expect(warnings).toEqual(['a payload could not be mapped: no direction']);
	});

	it('delivers a payload that could not be read, whatever the Events filter, without mapping it', () => {
		const recognise = jest.fn(() => []);
		const normalize = jest.fn(() => ({}));
		const { result } = items(
			fakeHandler({ recognise, normalize }),
			[payload('{"type": "ring"', 'Body is not valid JSON')],
			selection({ events: new Set(['ring']) }),
		);
		expect(recognise).not.toHaveBeenCalled();
		expect(normalize).not.toHaveBeenCalled();
		expect(result[0]).toMatchObject({
			event: 'unknown',
			raw: '{"type": "ring"',
			parseError: 'Body is not valid JSON',
		});
	});

	it('Output Raw: each selected payload as sent, text with its parse error', () => {
		const payloads = [
			payload({ type: 'ring', id: 'v-3' }),
			payload({ type: 'end' }),
			payload('plain text'),
			payload('{"broken', 'Body is not valid JSON'),
			payload({ type: 'both' }),
		];
		const { result } = items(
			fakeHandler(),
			payloads,
			selection({ raw: true, events: new Set(['ring']) }),
		);
		expect(result).toEqual([
			{ type: 'ring', id: 'v-3' },
			{ raw: 'plain text' },
			{ raw: '{"broken', parseError: 'Body is not valid JSON' },
			{ type: 'both' },
		]);
	});

	it('Include Raw Payload off: leaves out raw, except where the payload was not understood', () => {
		const payloads = [
			payload({ type: 'ring' }),
			payload({ other: 1 }),
			payload('{"broken', 'Body is not valid JSON'),
		];
		const { result } = items(fakeHandler(), payloads, selection({ includeRaw: false }));
		expect(result.map((item) => ['raw' in item, item.event])).toEqual([
			[false, 'call.ringing'],
			[true, 'unknown'],
			[true, 'unknown'],
		]);
		const failing = fakeHandler({
			normalize: () => {
				throw new Error('boom');
			},
			recognise: () => [{ selector: 'ring', vendorEvent: 'ring' }],
		});
		const unmapped = items(failing, [payload({ type: 'ring' })], selection({ includeRaw: false }));
		expect(unmapped.result[0].raw).toEqual({ type: 'ring' });
	});

	it('reads national numbers with the Country option', () => {
		const options = { timeZone: 'UTC', country: 'AU', settings: {} };
		const { result } = items(
			fakeHandler(),
			[payload({ type: 'ring', from: '0412345678' })],
			selection({ options }),
		);
		expect(result[0].from).toEqual({ number: '0412345678', name: null, e164: '+61412345678' });
	});

	it('dates an event without a time of its own now, when no receipt time is given', () => {
		jest.useFakeTimers({ now: new Date(RECEIVED_AT), doNotFake: ['setTimeout', 'setImmediate'] });
		try {
			const result = callEventItems(
				fakeHandler(),
				[payload({ type: 'ring' })],
				selection(),
				() => {},
			);
			expect(result[0].occurredAt).toBe(RECEIVED_AT);
		} finally {
			jest.useRealTimers();
		}
	});
});

describe('eventSelection', () => {
	it('reads the Events, Output and Options parameters', () => {
		const settings = { includeRaw: false, timeZone: ' Australia/Sydney ', country: 'NZ', x: 1 };
		expect(eventSelection(['ring', 'end'], 'raw', settings, 'Europe/Vienna')).toEqual({
			events: new Set(['ring', 'end']),
			raw: true,
			includeRaw: false,
			options: { timeZone: 'Australia/Sydney', country: 'NZ', settings },
		});
	});

	it('defaults: normalized, raw kept, the workflow’s zone, no country', () => {
		for (const options of [
			{},
			{ includeRaw: true, timeZone: '', country: '' },
			{ timeZone: '   ', country: 'toString' },
			{ timeZone: 'Mars/Olympus_Mons', country: 'XX' },
			{ timeZone: 10, country: 61, includeRaw: 'no' },
		] as IDataObject[]) {
			const chosen = eventSelection([ALL_EVENTS], 'normalized', options, 'Europe/Vienna');
			expect(chosen.raw).toBe(false);
			expect(chosen.includeRaw).toBe(true);
			expect(chosen.options).toEqual({
				timeZone: 'Europe/Vienna',
				country: null,
				settings: options,
			});
		}
	});
});

describe('configuredByHandWebhookMethods', () => {
	it.each([
		['voipcloudTrigger', new VoipcloudTrigger().webhookMethods],
		['threeCxWebhookTrigger', new ThreeCxWebhookTrigger().webhookMethods],
	] as const)(
		'%s reports its webhooks as existing, created and deleted: the PBX is pointed at n8n by hand',
		async (type, webhookMethods) => {
			const { context } = hookContext({ type });
			for (const methods of Object.values(webhookMethods)) {
				expect(methods).toBe(configuredByHandWebhookMethods);
				await expect(methods.checkExists.call(context)).resolves.toBe(true);
				await expect(methods.create.call(context)).resolves.toBe(true);
				await expect(methods.delete.call(context)).resolves.toBe(true);
			}
		},
	);
});

let standInTriggers = 0;

/** A trigger of the stand-in PBX: `handler` plugged into the shared pipeline as a PBX trigger does. */
function triggerWith(handler: PbxWebhookHandler): NodeTypeName {
	const name = `testStandInTrigger${++standInTriggers}` as const;
	class StandInTrigger implements INodeType {
		description = {
			displayName: 'Stand-in PBX Trigger',
			name,
			group: ['trigger'],
			version: 1,
			description: 'The shared pipeline with a stand-in PBX handler',
			defaults: { name: 'PBX Trigger' },
			inputs: [],
			outputs: [NodeConnectionTypes.Main],
			webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'pbx' }],
			properties: [
				eventsProperty([
					{ name: 'Ring', value: 'ring' },
					{ name: 'End', value: 'end' },
				]),
				outputProperty,
				optionsProperty([countryOption, timeZoneOption]),
				rawBodyProperty,
			],
		} as INodeTypeDescription & { name: typeof name };

		async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
			return await handleCallEventWebhook.call(this, handler);
		}
	}
	registerTestNodeType(new StandInTrigger());
	return name;
}

/** One request to a stand-in trigger with `handler`, answered through n8n-core. */
async function receive(
	handler: PbxWebhookHandler,
	request: WebhookRequest,
	setup: Omit<Partial<WebhookSetup>, 'request' | 'type'> = {},
) {
	const call = await callWebhook({ ...setup, type: triggerWith(handler), request });
	const logged = (level: string) =>
		call.logs.filter((entry) => entry.level === level).map((entry) => entry.message);
	return { ...call, warnings: logged('warn'), errors: logged('error') };
}

describe('handleCallEventWebhook', () => {
	it('starts the workflow with one item per selected event, all events by default', async () => {
		const { result, response } = await receive(fakeHandler(), {
			body: [{ type: 'ring' }, { type: 'end' }],
		});
		expect(result.webhookResponse).toEqual({ message: 'Workflow was started', events: 2 });
		expect(result.workflowData?.[0].map((item) => item.json.event)).toEqual([
			'call.ringing',
			'call.answered',
		]);
		expect(result.workflowData?.[0][0].json.raw).toEqual({ type: 'ring' });
		expect(response).toEqual({ ended: false });
	});

	it('reads the Events, Output and Options parameters', async () => {
		const { result } = await receive(
			fakeHandler(),
			{ body: [{ type: 'ring' }, { type: 'end', id: 'e' }] },
			{ parameters: { events: ['end'], output: 'raw' } },
		);
		expect(result.workflowData).toEqual([[{ json: { type: 'end', id: 'e' } }]]);
		const compact = await receive(
			fakeHandler(),
			{ body: { type: 'ring' } },
			{ parameters: { additionalOptions: { includeRaw: false } } },
		);
		const [[item]] = compact.result.workflowData ?? [[]];
		expect(item.json.event).toBe('call.ringing');
		expect('raw' in item.json).toBe(false);
	});

	it('answers 200 without starting the workflow when no event is selected or none is sent', async () => {
		const filtered = await receive(
			fakeHandler(),
			{ body: { type: 'ring' } },
			{ parameters: { events: ['end'] } },
		);
		expect(filtered.result).toEqual({
			webhookResponse: { message: 'No selected event in this request' },
		});
		const empty = await receive(fakeHandler(), { body: '' });
		expect(empty.result).toEqual({
			webhookResponse: { message: 'The request carries no event' },
		});
		expect(empty.response).toEqual({ ended: false });
	});

	it('answers 401, or 403 for a forbidden source, and reads no body', async () => {
		for (const [refusal, status, message] of [
			['Invalid X-Pbx-Token', 401, 'Invalid X-Pbx-Token'],
			[forbidden('Not from an allowed address'), 403, 'Not from an allowed address'],
		] as const) {
			const { result, response, bodyReads } = await receive(
				fakeHandler({ checkSecret: async () => ({ refusal }) }),
				{ body: { type: 'ring' }, bodyUnread: true },
			);
			expect(result).toEqual({ noWebhookResponse: true });
			expect(response).toEqual({
				statusCode: status,
				jsonBody: { code: status, message },
				ended: true,
			});
			expect(bodyReads).toBe(0);
		}
	});

	it('answers 503 when the secret cannot be checked, and logs why', async () => {
		const handler = fakeHandler({
			checkSecret: async () => {
				throw new Error('Credentials not found');
			},
		});
		const { result, response, errors } = await receive(handler, { body: { type: 'ring' } });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response).toEqual({
			statusCode: 503,
			jsonBody: { code: 503, message: 'The trigger could not check the secret; try again later' },
			ended: true,
		});
		expect(errors).toEqual([
			"PBX Trigger: could not check a request's secret: Credentials not found",
		]);
	});

	it('authenticates with the PBX’s own check when it has one, on the request’s headers and query', async () => {
		const seen: ReceivedRequest[] = [];
		const checkSecret = jest.fn(async () => ({ refusal: null }));
		const handler = fakeHandler({
			checkSecret,
			async authenticate(this: IWebhookFunctions, request: ReceivedRequest): Promise<Access> {
				seen.push(request);
				return { refusal: forbidden(`not from ${this.getNode().name}`) };
			},
		});
		const { response } = await receive(handler, {
			headers: { 'X-Pbx-Token': 's' },
			query: { a: '1' },
		});
		expect(seen).toEqual([{ headers: { 'x-pbx-token': 's' }, query: { a: '1' } }]);
		expect(checkSecret).not.toHaveBeenCalled();
		expect(response.jsonBody).toEqual({ code: 403, message: 'not from PBX Trigger' });
	});

	it('checks the secret with the PBX’s check otherwise, on the request’s headers and query', async () => {
		const checkSecret = jest.fn(async () => ({ refusal: null }));
		const { result } = await receive(fakeHandler({ checkSecret }), {
			body: { type: 'ring' },
			headers: { 'x-pbx-token': 's' },
			query: { a: '1' },
		});
		expect(checkSecret).toHaveBeenCalledTimes(1);
		expect(checkSecret.mock.calls[0]).toEqual([
			expect.anything(),
			{ headers: { 'x-pbx-token': 's', 'content-type': 'application/json' }, query: { a: '1' } },
		]);
		expect(result.webhookResponse).toEqual({ message: 'Workflow was started', events: 1 });
	});

	it('reads the event from the query the secret check gives back, without the secret', async () => {
		const handler = fakeHandler({
			checkSecret: async () => ({ refusal: null, query: { token: 's', type: 'ring' } }),
			secretQueryKeys: ['token'],
		});
		const { result } = await receive(handler, { query: { token: 's?type=ring' } });
		expect(result.workflowData?.[0].map((item) => item.json.raw)).toEqual([{ type: 'ring' }]);
	});

	it('reads the body’s bytes when n8n has not, and answers 400 when they cannot be read', async () => {
		const read = await receive(fakeHandler(), { body: { type: 'ring' }, bodyUnread: true });
		expect(read.result.workflowData?.[0][0].json.event).toBe('call.ringing');
		expect(read.bodyReads).toBe(1);

		const alreadyRead = await receive(fakeHandler(), { body: { type: 'end' } });
		expect(alreadyRead.result.workflowData?.[0][0].json.event).toBe('call.answered');
		expect(alreadyRead.bodyReads).toBe(0);

		const aborted = await receive(fakeHandler(), { body: { type: 'ring' }, readError: 'aborted' });
		expect(aborted.result).toEqual({ noWebhookResponse: true });
		expect(aborted.response).toEqual({
			statusCode: 400,
			jsonBody: { code: 400, message: 'The request could not be read: aborted' },
			ended: true,
		});
	});

	it('reads the body by its content type', async () => {
		const asJson = await receive(fakeHandler(), { body: 'ring', contentType: 'application/json' });
		const [[json]] = asJson.result.workflowData ?? [[]];
		expect(json.json.parseError).toMatch(/^Body is not valid JSON/);
		const asText = await receive(fakeHandler(), { body: 'ring', contentType: 'text/plain' });
		const [[text]] = asText.result.workflowData ?? [[]];
		expect(text.json).toMatchObject({ raw: 'ring', parseError: null });
	});

	it('warns in the log, by node name, of a payload it could not map', async () => {
		const handler = fakeHandler({
			normalize: () => {
				throw new Error('boom');
			},
		});
		const { warnings } = await receive(handler, { body: { type: 'ring' } });
		expect(warnings).toEqual(['PBX Trigger: a payload could not be mapped: boom']);
	});

	it('reads times in the workflow’s time zone, or in UTC when n8n has none it knows', async () => {
		for (const [zone, expected] of [
			['Australia/Sydney', 'Australia/Sydney'],
			[' Europe/Vienna ', 'Europe/Vienna'],
			['Mars/Olympus_Mons', 'UTC'],
			[10, 'UTC'],
		]) {
			const handler = fakeHandler();
			await receive(
				handler,
				{ body: { type: 'ring' } },
				{ workflowSettings: { timezone: zone as string } },
			);
			expect(handler.options.map((options) => options.timeZone)).toEqual([expected]);
		}
	});
});
