// The output schemas n8n's editor shows before a node has run (its schema preview): the fields a
// user can drag into the next node. The editor asks the server for
//   /schemas/<package>.<node>/<x.y.z>.json                        (a trigger)
//   /schemas/<package>.<node>/<x.y.z>/<resource>/<operation>.json (an action's operation)
// and n8n serves <folder of the node's .js>/__schema__/v<x.y.z>[/<resource>/<operation>].json.
// The triggers, the PBX Call Event node and VoIPcloud's call history emit the one call event: their schema is generated
// from its zod schema (nodes/shared/callEventSchema.ts), so it cannot drift from what they emit.
const { mkdirSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

/** The outputs of action operations we shape ourselves; vendor-shaped outputs have none. */
const ACTION_OUTPUTS = {
	// An operation without a resource: the editor asks for <x.y.z>/<operation>.json.
	pbxCallEvent: { normalize: 'callEvent' },
	voipcloud: {
		'call/getAll': 'callEvent',
		'call/make': {
			success: { type: 'boolean' },
			userNumber: { type: 'string' },
			numberToCall: { type: 'string' },
			callerId: { type: 'string' },
			response: { type: 'object' },
		},
	},
	threeCxWebApi: {
		'call/make': {
			chid: { type: 'string' },
			extension: { type: 'string' },
			number: { type: 'string' },
		},
		'recording/download': {
			url: { type: 'string' },
			fileName: { type: 'string' },
			mimeType: { type: 'string' },
			fileSize: { type: 'number' },
		},
	},
};

/**
 * JSON Schema of a zod (v3) schema, in the subset n8n's schema preview reads: a nullable field
 * is shown by its type, `raw` (any payload) as an object.
 */
function jsonSchemaOf(schema) {
	const def = schema._def;
	switch (def.typeName) {
		case 'ZodEffects':
			return jsonSchemaOf(def.schema);
		case 'ZodNullable':
		case 'ZodOptional':
			return jsonSchemaOf(def.innerType);
		case 'ZodObject': {
			const properties = {};
			for (const [name, field] of Object.entries(def.shape())) {
				properties[name] = jsonSchemaOf(field);
			}
			return { type: 'object', properties };
		}
		case 'ZodString':
			return { type: 'string' };
		case 'ZodNumber':
			return { type: def.checks.some((check) => check.kind === 'int') ? 'integer' : 'number' };
		case 'ZodBoolean':
			return { type: 'boolean' };
		case 'ZodEnum':
			return { type: 'string', enum: [...def.values] };
		case 'ZodUnknown':
		case 'ZodAny':
			return { type: 'object' };
		default:
			throw new Error(`output-schemas: no JSON Schema for ${def.typeName}`);
	}
}

function versionsOf(description) {
	const versions = Array.isArray(description.version) ? description.version : [description.version];
	return versions.map((version) =>
		String(version).split('.').concat(['0', '0']).slice(0, 3).join('.'),
	);
}

/**
 * The schema files of the package's nodes, by path relative to the package root.
 * @param {Array<{ file: string, description: any }>} nodes each node's dist/… .js file and description
 * @param {any} callEventSchema the zod schema of the call event
 * @returns {Record<string, object>}
 */
function outputSchemas(nodes, callEventSchema) {
	const callEvent = { ...jsonSchemaOf(callEventSchema), version: 1 };
	const files = {};
	for (const { file, description } of nodes) {
		const schemaDir = join(dirname(file), '__schema__');
		for (const version of versionsOf(description)) {
			if (description.group.includes('trigger')) {
				files[join(schemaDir, `v${version}.json`)] = callEvent;
				continue;
			}
			for (const [operation, output] of Object.entries(ACTION_OUTPUTS[description.name] ?? {})) {
				files[join(schemaDir, `v${version}`, `${operation}.json`)] =
					output === 'callEvent' ? callEvent : { type: 'object', properties: output, version: 1 };
			}
		}
	}
	return files;
}

/** Writes the schemas of the built package into dist/ (after `n8n-node build`). */
function writeOutputSchemas(root) {
	const pkg = require(join(root, 'package.json'));
	const { callEventSchema } = require(join(root, 'dist/nodes/shared/callEventSchema.js'));
	const nodes = pkg.n8n.nodes.map((file) => {
		const exported = require(join(root, file));
		const NodeClass = Object.values(exported).find((value) => typeof value === 'function');
		return { file, description: new NodeClass().description };
	});
	const files = outputSchemas(nodes, callEventSchema);
	for (const [file, schema] of Object.entries(files)) {
		mkdirSync(dirname(join(root, file)), { recursive: true });
		writeFileSync(join(root, file), `${JSON.stringify(schema, null, '\t')}\n`);
	}
	return Object.keys(files);
}

module.exports = { ACTION_OUTPUTS, jsonSchemaOf, outputSchemas, writeOutputSchemas };
