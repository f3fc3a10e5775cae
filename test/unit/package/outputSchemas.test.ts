// The output schemas n8n's editor shows before a node has run (scripts/output-schemas.js): every
// field of the call event, typed as the triggers emit it, where n8n looks for each node's file.
import type { IDataObject, INodeTypeDescription } from 'n8n-workflow';

import { Kompaas } from '../../../nodes/Kompaas/Kompaas.node';
import { KompaasTrigger } from '../../../nodes/Kompaas/KompaasTrigger.node';
import { PbxCallEvent } from '../../../nodes/PbxCallEvent/PbxCallEvent.node';
import { buildCallEvent } from '../../../nodes/shared/callEvent';
import { callEventSchema } from '../../../nodes/shared/callEventSchema';
import { ThreeCxWebApi } from '../../../nodes/ThreeCx/ThreeCxWebApi.node';
import { ThreeCxWebhookTrigger } from '../../../nodes/ThreeCx/ThreeCxWebhookTrigger.node';
import { Voipcloud } from '../../../nodes/Voipcloud/Voipcloud.node';
import { VoipcloudCallHistoryTrigger } from '../../../nodes/Voipcloud/VoipcloudCallHistoryTrigger.node';
import { VoipcloudTrigger } from '../../../nodes/Voipcloud/VoipcloudTrigger.node';
import { jsonSchemaOf, outputSchemas } from '../../../scripts/output-schemas';
import packageJson from '../../../package.json';

interface JsonSchema {
	type: string;
	properties?: Record<string, JsonSchema>;
	enum?: string[];
}

const classes: Record<string, { description: INodeTypeDescription }> = {
	Kompaas: new Kompaas(),
	KompaasTrigger: new KompaasTrigger(),
	PbxCallEvent: new PbxCallEvent(),
	ThreeCxWebApi: new ThreeCxWebApi(),
	ThreeCxWebhookTrigger: new ThreeCxWebhookTrigger(),
	Voipcloud: new Voipcloud(),
	VoipcloudTrigger: new VoipcloudTrigger(),
	VoipcloudCallHistoryTrigger: new VoipcloudCallHistoryTrigger(),
};

/** The package's nodes as n8n loads them: the dist/ file of package.json and its description. */
const nodes = packageJson.n8n.nodes.map((file) => {
	const name = /([^/]+)\.node\.js$/.exec(file)?.[1] ?? '';
	return { file, description: classes[name].description };
});
const files = outputSchemas(nodes, callEventSchema) as Record<string, JsonSchema>;

/** Where n8n 2.41 serves /schemas/<package>.<node>/<x.y.z>[/<resource>/<operation>].json from. */
function servedFrom(file: string, request: string[]): string {
	const dir = file.slice(0, file.lastIndexOf('/'));
	return [`${dir}/__schema__`, ...request].join('/') + '.json';
}

function typeOf(value: unknown): string {
	if (Array.isArray(value)) return 'array';
	if (Number.isInteger(value)) return 'integer';
	return typeof value;
}

/** Whether a value fits the schema: a null field has the type the PBX fills when it says. */
function fits(value: unknown, schema: JsonSchema, path = '$'): string[] {
	if (value === null) return [];
	if (schema.type === 'object' && schema.properties === undefined) {
		return typeof value === 'object' || typeof value === 'string'
			? []
			: [`${path} is not an object`];
	}
	const type = typeOf(value);
	if (type !== schema.type && !(schema.type === 'number' && type === 'integer')) {
		return [`${path} is ${type}, the schema says ${schema.type}`];
	}
	if (schema.enum && !schema.enum.includes(value as string))
		return [`${path} = ${value} not in enum`];
	if (schema.properties) {
		const keys = Object.keys(value as IDataObject);
		const problems = Object.keys(schema.properties)
			.filter((key) => !keys.includes(key))
			.map((key) => `${path}.${key} is in the schema, not in the item`)
			.concat(
				keys
					.filter((key) => !(key in schema.properties!))
					.map((key) => `${path}.${key} is not in the schema`),
			);
		for (const [key, field] of Object.entries(schema.properties)) {
			if (key in (value as IDataObject))
				problems.push(...fits((value as IDataObject)[key], field, `${path}.${key}`));
		}
		return problems;
	}
	return [];
}

describe('output schemas', () => {
	test.each(nodes.filter(({ description }) => description.group.includes('trigger')))(
		'$description.displayName: the call event, where n8n looks for a trigger',
		({ file }) => {
			const schema = files[servedFrom(file, ['v1.0.0'])];
			expect(schema).toBeDefined();
			expect(Object.keys(schema.properties ?? {})).toEqual(
				Object.keys(callEventSchema._def.schema.shape),
			);
			// Nested fields too, so `from.number` can be dragged before any call came in.
			expect(schema.properties?.from).toEqual({
				type: 'object',
				properties: {
					number: { type: 'string' },
					name: { type: 'string' },
					e164: { type: 'string' },
				},
			});
			expect(schema.properties?.event.enum).toContain('call.ended');
		},
	);

	test('a normalized event fits it, field by field', () => {
		const event = buildCallEvent(
			'3cx',
			{
				event: 'call.ended',
				direction: 'inbound',
				callId: '230307140234_35',
				from: { number: '05552221133', name: 'Caller' },
				agent: { extension: '117', name: null },
				answered: true,
				startedAt: '2023-03-07T14:02:34.000Z',
				durationSec: 42,
				talkSec: 30,
				waitSec: 12,
				recording: { url: 'https://pbx:5001/webapi/recording/x.mp3', fileName: 'x.mp3' },
			},
			{ eventId: 'e1', receivedAt: '2023-03-07T14:03:16.000Z', raw: { Event: 'incoming' } },
		);
		const trigger = nodes.find(({ description }) => description.name === 'threeCxWebhookTrigger');
		const schema = files[servedFrom(trigger!.file, ['v1.0.0'])];
		expect(fits(event, schema)).toEqual([]);
		// And it would catch a field of the wrong type.
		expect(fits({ ...event, durationSec: '42' }, schema)).toEqual([
			'$.durationSec is string, the schema says integer',
		]);
	});

	test('action operations that emit the call event or our own shape have one; others none', () => {
		const actionFiles = Object.keys(files).filter((file) => /v1\.0\.0\/.+\.json$/.test(file));
		expect(actionFiles.sort()).toEqual([
			'dist/nodes/PbxCallEvent/__schema__/v1.0.0/normalize.json',
			'dist/nodes/ThreeCx/__schema__/v1.0.0/call/make.json',
			'dist/nodes/ThreeCx/__schema__/v1.0.0/recording/download.json',
			'dist/nodes/Voipcloud/__schema__/v1.0.0/call/getAll.json',
			'dist/nodes/Voipcloud/__schema__/v1.0.0/call/make.json',
		]);
		expect(files['dist/nodes/Voipcloud/__schema__/v1.0.0/call/getAll.json']).toEqual(
			files['dist/nodes/Voipcloud/__schema__/v1.0.0.json'],
		);
		// The PBX Call Event node emits what the triggers emit.
		expect(files['dist/nodes/PbxCallEvent/__schema__/v1.0.0/normalize.json']).toEqual(
			files['dist/nodes/Voipcloud/__schema__/v1.0.0.json'],
		);
	});

	test('every schema is what the editor accepts: an object with properties', () => {
		for (const schema of Object.values(files)) {
			expect(schema.type).toBe('object');
			expect(Object.keys(schema.properties ?? {}).length).toBeGreaterThan(0);
		}
	});

	test('a zod type the generator does not know fails the build instead of vanishing', () => {
		expect(() => jsonSchemaOf({ _def: { typeName: 'ZodDate' } })).toThrow(/ZodDate/);
	});
});
