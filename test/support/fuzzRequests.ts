// Generated and mutated webhook requests for the fuzzer, derived from the scenario data: each
// PBX's real event bodies, then truncated, retyped, nested, enlarged, sent as forms or query
// strings, with prototype-named keys, duplicate keys, odd content types and header values.
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { listScenarios, loadScenario, renderScenario } from './scenarios';
import type { PbxName, TriggerRequest } from './triggers';

/** The event bodies of every scenario of a PBX. */
export function seedBodies(pbx: PbxName): IDataObject[] {
	const bodies: IDataObject[] = [];
	for (const name of listScenarios(pbx)) {
		for (const step of renderScenario(loadScenario(pbx, name)).steps) {
			if (typeof step.body === 'object' && step.body !== null) bodies.push(step.body);
		}
	}
	return bodies;
}

export const PROTOTYPE_KEYS = [
	'__proto__',
	'constructor',
	'prototype',
	'toString',
	'valueOf',
	'hasOwnProperty',
	'__defineGetter__',
	'isPrototypeOf',
];

/** A fuzz case: the request, and what it is, for the report of the slowest input. */
export interface FuzzCase {
	kind: string;
	request: TriggerRequest;
	/** Whether the request carries the trigger's own secret. */
	validSecret: boolean;
}

const jsonValue = fc.jsonValue({ maxDepth: 3 });

/**
 * Values a mapping must survive in any field: names of Object.prototype's members (looked up in
 * the mappings' tables), numbers and times past what a safe integer or a date holds, early years.
 */
const EDGE_VALUES = [
	...PROTOTYPE_KEYS,
	'9'.repeat(400),
	`${'9'.repeat(30)}:00`,
	1e300,
	'99999999999999999999',
	'9999-12-31 23:00:00',
	'9999-12-31T23:59:59Z',
	'0042-03-04 05:06:07',
	'0000-01-01 00:00:00',
	-1,
];
const fieldValue = fc.oneof(
	{ weight: 4, arbitrary: jsonValue },
	{ weight: 1, arbitrary: fc.constantFrom(...EDGE_VALUES) },
);

const anyKey = fc.oneof(
	{ weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
	{ weight: 2, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) },
	{ weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
);

/** A seed with values retyped, keys added (prototype names included) and removed. */
function mutatedObject(seeds: IDataObject[]): fc.Arbitrary<IDataObject> {
	return fc
		.tuple(
			fc.constantFrom(...seeds),
			fc.array(fc.tuple(fc.nat(), fieldValue), { maxLength: 4 }),
			fc.array(fc.tuple(anyKey, jsonValue), { maxLength: 3 }),
			fc.array(fc.nat(), { maxLength: 2 }),
		)
		.map(([seed, retyped, added, removed]) => {
			const entries = Object.entries(seed);
			for (const [index, value] of retyped) {
				if (entries.length > 0)
					entries[index % entries.length] = [entries[index % entries.length][0], value];
			}
			for (const index of removed)
				if (entries.length > 0) entries.splice(index % entries.length, 1);
			// Own properties whatever the key, as JSON.parse makes them.
			return Object.fromEntries([...entries, ...added]) as IDataObject;
		});
}

function nested(depth: number, open: string, close: string, core = '1'): string {
	return `${open.repeat(depth)}${core}${close.repeat(depth)}`;
}

function formOf(object: IDataObject): string {
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(object)) {
		params.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
	}
	return params.toString();
}

/** One query value as text; JSON for objects (String() throws on one without a prototype). */
function queryText(value: unknown): string {
	return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

/** Query values as n8n's parser hands them over: strings, or arrays of them. */
function queryOf(object: IDataObject): IDataObject {
	const query: IDataObject = {};
	for (const [key, value] of Object.entries(object)) {
		Object.defineProperty(query, key, {
			value: Array.isArray(value) ? value.map(queryText) : queryText(value),
			enumerable: true,
			writable: true,
			configurable: true,
		});
	}
	return query;
}

interface Body {
	kind: string;
	body: unknown;
	contentType?: string;
	method?: string;
	query?: IDataObject;
}

function bodies(seeds: IDataObject[]): fc.Arbitrary<Body> {
	const seed = fc.constantFrom(...seeds);
	const mutated = mutatedObject(seeds);
	return fc.oneof(
		{
			weight: 100,
			arbitrary: mutated.map((body) => ({
				kind: 'mutated JSON object',
				body: JSON.stringify(body),
			})),
		},
		{
			weight: 40,
			arbitrary: fc.tuple(seed, fc.double({ min: 0, max: 1, noNaN: true })).map(([body, cut]) => {
				const text = JSON.stringify(body);
				return { kind: 'truncated JSON', body: text.slice(0, Math.floor(text.length * cut)) };
			}),
		},
		{
			weight: 30,
			arbitrary: fc
				.array(fc.oneof(mutated, jsonValue), { maxLength: 20 })
				.map((events) => ({ kind: 'JSON array', body: JSON.stringify(events) })),
		},
		{
			weight: 30,
			arbitrary: fc
				.tuple(mutated, fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ maxLength: 6 }))
				.map(([body, key, value]) => ({
					kind: 'form with prototype-named and duplicate keys',
					body: `${formOf(body)}&${encodeURIComponent(key)}=${encodeURIComponent(value)}&${encodeURIComponent(key)}=x`,
				})),
		},
		{
			weight: 30,
			arbitrary: mutated.map((body) => ({
				kind: 'GET query string',
				body: undefined,
				method: 'GET',
				query: queryOf(body),
			})),
		},
		{
			weight: 20,
			arbitrary: fc.tuple(mutated, anyKey, jsonValue).map(([body, key, value]) => ({
				kind: 'JSON with a duplicate key',
				body: `${JSON.stringify(body).slice(0, -1)}${Object.keys(body).length > 0 ? ',' : ''}${JSON.stringify(key)}:${JSON.stringify(value)},${JSON.stringify(key)}:1}`,
			})),
		},
		{
			weight: 20,
			arbitrary: fc
				.tuple(fc.integer({ min: 1, max: 6000 }), fc.boolean())
				.map(([depth, arrays]) => ({
					kind: `nesting ${depth} deep`,
					body: arrays ? nested(depth, '[', ']') : nested(depth, '{"a":', '}'),
				})),
		},
		{
			weight: 30,
			arbitrary: fc
				.string({ unit: 'grapheme', maxLength: 200 })
				.map((body) => ({ kind: 'unicode text', body })),
		},
		{
			weight: 20,
			arbitrary: fc
				.string({ unit: 'binary', maxLength: 200 })
				.map((body) => ({ kind: 'any string', body })),
		},
		{
			weight: 20,
			arbitrary: fc
				.uint8Array({ maxLength: 400 })
				.map((bytes) => ({ kind: 'binary', body: Buffer.from(bytes) })),
		},
		{
			weight: 10,
			arbitrary: fc
				.constantFrom('', '   ', '\r\n', '{}', '[]', 'null', '0', '""')
				.map((body) => ({ kind: 'empty or trivial', body })),
		},
		{
			weight: 1,
			arbitrary: fc
				.tuple(
					fc.integer({ min: 1, max: 10 }),
					fc.constantFrom('a=1&', 'x', '{"a":', '["', ' ', 'é'),
				)
				.map(([megabytes, unit]) => ({
					kind: `${megabytes} MB of ${JSON.stringify(unit)}`,
					body: unit.repeat(Math.ceil((megabytes * 1024 * 1024) / Buffer.byteLength(unit))),
				})),
		},
		{
			weight: 1,
			arbitrary: fc.tuple(seed, fc.integer({ min: 999, max: 10_000 })).map(([body, length]) => ({
				kind: `array of ${length} events`,
				body: JSON.stringify(Array.from({ length }, () => body)),
			})),
		},
	);
}

const CONTENT_TYPES = [
	undefined,
	'application/json',
	'application/json; charset=utf-8',
	'application/json; charset=iso-8859-1',
	'text/plain',
	'application/x-www-form-urlencoded',
	'multipart/form-data; boundary=x',
	'application/xml',
	'application/octet-stream',
	'',
	'JSON',
];

const METHODS = ['POST', 'GET', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** Requests for a trigger: mostly with its secret, sometimes with a mutated one. */
export function fuzzCases(pbx: PbxName, secret: string): fc.Arbitrary<FuzzCase> {
	return fc
		.record({
			body: bodies(seedBodies(pbx)),
			contentType: fc.oneof(
				{ weight: 5, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
				{ weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
			),
			contentTypeAsArray: fc.boolean(),
			method: fc.constantFrom(...METHODS),
			oddHeader: fc.option(
				fc.tuple(
					fc.constantFrom('x-pbx-token', 'user-agent', 'x-forwarded-for'),
					fc.string({ maxLength: 30 }),
				),
			),
			secret: fc.oneof(
				{ weight: 12, arbitrary: fc.constant(secret) },
				{ weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
				{
					weight: 1,
					arbitrary: fc.nat({ max: secret.length - 1 }).map((cut) => secret.slice(0, cut)),
				},
				{ weight: 1, arbitrary: fc.constant(`${secret} `) },
			),
			output: fc.constantFrom('normalized', 'raw'),
			events: fc.oneof(
				{ weight: 4, arbitrary: fc.constant(['*']) },
				{ weight: 1, arbitrary: fc.constant(['nothing-matches']) },
			),
		})
		.map((generated) => {
			const { body } = generated;
			const contentType = body.contentType ?? generated.contentType;
			const headers: Record<string, string | string[]> = {};
			if (
				generated.oddHeader &&
				!(pbx === 'voipcloud' && generated.oddHeader[0] === 'x-pbx-token')
			) {
				headers[generated.oddHeader[0]] = generated.oddHeader[1];
			}
			if (contentType !== undefined && generated.contentTypeAsArray)
				headers['content-type'] = [contentType];
			return {
				kind: body.kind,
				validSecret: generated.secret === secret,
				request: {
					method: body.method ?? generated.method,
					body: body.body,
					contentType: generated.contentTypeAsArray ? undefined : contentType,
					headers,
					query: body.query,
					secret: generated.secret,
					parameters: { output: generated.output, events: generated.events },
				},
			};
		});
}
