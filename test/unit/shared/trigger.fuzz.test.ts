// Property-based fuzzing of every trigger's webhook() (fast-check): generated and mutated
// requests derived from the scenario data (see test/support/fuzzRequests.ts). Invariants: no
// exception escapes; the answer is 200 with items, 200 without an execution (nothing selected,
// or nothing sent), or a 4xx with a message; a request with the right secret is never refused
// and one without it always is; no prototype pollution; what was sent comes back as `raw`;
// every item is bounded (events, nesting depth) so n8n can store it and read it back.
// 10,000 cases per trigger here; `npm run fuzz` runs 100,000 (FUZZ_RUNS sets any number).
import fc from 'fast-check';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { callEventSchema } from '../../../nodes/shared/callEventSchema';
import { INTAKE_LIMITS } from '../../../nodes/shared/intake';
import { quoteUnsafeIntegers } from '../../../nodes/shared/tolerantJson';
import { measureShape } from '../../../nodes/shared/values';
import { fuzzCases, type FuzzCase } from '../../support/fuzzRequests';
import { fuzzRuns, printTable } from '../../support/report';
import { callTrigger, PBX_NAMES, TRIGGER_SECRETS, type PbxName } from '../../support/triggers';

const RUNS = fuzzRuns(10_000);

interface Findings {
	cases: number;
	accepted: number;
	refused: number;
	items: number;
	unmapped: number;
	/** What the mappings that threw said, with the kind of input (a few). */
	unmappedExamples: string[];
	unparsed: number;
	schemaViolations: string[];
	slowest: { ms: number; kind: string; bytes: number };
	ms: number;
}

const findings = new Map<PbxName, Findings>();

afterAll(() => {
	printTable(
		`Fuzzing (${RUNS} cases per trigger)`,
		[
			'Trigger',
			'Cases',
			'Accepted',
			'Refused (4xx)',
			'Items',
			'Delivered unparsed',
			'Mapping threw (kept raw)',
			'Schema violations',
			'Slowest input',
			'Total',
		],
		[...findings].map(([pbx, f]) => [
			pbx,
			String(f.cases),
			String(f.accepted),
			String(f.refused),
			String(f.items),
			String(f.unparsed),
			String(f.unmapped),
			String(f.schemaViolations.length),
			`${f.slowest.ms} ms (${f.slowest.kind}, ${f.slowest.bytes} bytes)`,
			`${(f.ms / 1000).toFixed(1)} s`,
		]),
	);
	const examples = [...findings].flatMap(([pbx, f]) =>
		[...f.unmappedExamples, ...f.schemaViolations].map((text) => [pbx, text]),
	);
	if (examples.length > 0)
		printTable('Fuzzing: what the mappings threw on', ['Trigger', 'Input and error'], examples);
});

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort().join(',');

function bodyBytes(body: unknown): number {
	if (body === undefined) return 0;
	if (Buffer.isBuffer(body)) return body.length;
	return Buffer.byteLength(typeof body === 'string' ? body : JSON.stringify(body));
}

/** The body text as the trigger reads it (UTF-8, else Latin-1), trimmed. */
function sentText(body: unknown): string {
	if (body === undefined) return '';
	const bytes = Buffer.isBuffer(body) ? body : Buffer.from(String(body), 'utf8');
	const utf8 = bytes.toString('utf8');
	const text =
		utf8.includes('\uFFFD') && !Buffer.from(utf8, 'utf8').equals(bytes)
			? bytes.toString('latin1')
			: utf8;
	return text.trim();
}

/** The body as JSON, with integers past 2^53 as their digits (the triggers keep them exact). */
function strictJson(text: string): { ok: boolean; value?: unknown } {
	try {
		JSON.parse(text);
		return { ok: true, value: JSON.parse(quoteUnsafeIntegers(text)) };
	} catch {
		return { ok: false };
	}
}

function rawOf(item: INodeExecutionData, output: string): unknown {
	if (output === 'raw') {
		const json = item.json;
		return 'raw' in json && Object.keys(json).every((key) => key === 'raw' || key === 'parseError')
			? json.raw
			: json;
	}
	return item.json.raw;
}

async function check(pbx: PbxName, fuzz: FuzzCase, found: Findings): Promise<void> {
	const { request } = fuzz;
	const { ms, result, response, warnings } = await callTrigger(pbx, request);
	found.cases++;
	found.ms += ms;
	if (ms > found.slowest.ms)
		found.slowest = { ms, kind: fuzz.kind, bytes: bodyBytes(request.body) };
	const unmapped = warnings.filter((w) => w.includes('could not be mapped'));
	found.unmapped += unmapped.length;
	for (const warning of unmapped) {
		if (found.unmappedExamples.length < 5) {
			found.unmappedExamples.push(
				`${fuzz.kind}: ${warning} ← ${JSON.stringify(request.body ?? request.query).slice(0, 300)}`,
			);
		}
	}

	expect(Object.getOwnPropertyNames(Object.prototype).sort().join(',')).toBe(PROTOTYPE_NAMES);
	expect(({} as IDataObject).x).toBeUndefined();

	if (response.statusCode !== undefined) {
		// Refused: only a request without the right secret, with 401 and a message.
		found.refused++;
		expect(fuzz.validSecret).toBe(false);
		expect(response.statusCode).toBe(401);
		expect(typeof (response.jsonBody as IDataObject).message).toBe('string');
		expect(result).toEqual({ noWebhookResponse: true });
		return;
	}
	expect(fuzz.validSecret).toBe(true);
	found.accepted++;

	const output = String(request.parameters?.output);
	const everything = (request.parameters?.events as string[]).includes('*');
	const text = sentText(request.body);
	const query = request.query ?? {};
	// An empty JSON list is a batch of no events.
	const carriesSomething = (text !== '' && text !== '[]') || Object.keys(query).length > 0;
	if (!result.workflowData) {
		expect(result.webhookResponse).toEqual({
			message: !carriesSomething
				? 'The request carries no event'
				: 'No selected event in this request',
		});
		if (everything) expect(carriesSomething).toBe(false);
		return;
	}

	const items = result.workflowData[0];
	found.items += items.length;
	expect(items.length).toBeGreaterThan(0);
	expect(items.length).toBeLessThanOrEqual(INTAKE_LIMITS.maxEvents);
	for (const item of items) {
		// n8n stores the item as JSON and must read it back: bounded depth, no cycles.
		expect(
			measureShape(item.json, { maxDepth: 80, maxValues: Infinity }).depth,
		).toBeLessThanOrEqual(INTAKE_LIMITS.maxDepth + 2);
		expect(() => JSON.stringify(item.json)).not.toThrow();
		if (item.json.parseError) found.unparsed++;
		if (output === 'normalized') {
			const parsed = callEventSchema.safeParse(item.json);
			if (!parsed.success && found.schemaViolations.length < 20) {
				found.schemaViolations.push(`${fuzz.kind}: ${parsed.error.issues[0]?.message}`);
			}
		}
	}

	// What was sent comes back as raw: once per payload (one payload may give several items, each
	// holding that payload: a voicemail that also ends the call, an end with its recordings).
	const raws = items
		.map((item) => rawOf(item, output))
		.filter(
			(raw, index, all) =>
				index === 0 || typeof raw !== 'object' || raw === null || raw !== all[index - 1],
		);
	if (everything) {
		if (text === '') {
			const { token, n8n_secret: kompaasSecret, ...event } = query;
			void token;
			void kompaasSecret;
			expect(raws).toEqual([event]);
			return;
		}
		const json = strictJson(text);
		const fitsLimits =
			Buffer.byteLength(text) <= INTAKE_LIMITS.maxParsedBytes &&
			json.ok &&
			measureShape(json.value, INTAKE_LIMITS).depth <= INTAKE_LIMITS.maxDepth &&
			!(Array.isArray(json.value) && json.value.length > INTAKE_LIMITS.maxEvents);
		if (fitsLimits && typeof json.value === 'object' && json.value !== null) {
			if (Array.isArray(json.value)) {
				expect(raws).toHaveLength(json.value.length);
				json.value.forEach((element, index) => {
					if (typeof element === 'object' && element !== null && !Array.isArray(element)) {
						expect(raws[index]).toEqual(element);
					}
				});
			} else {
				expect(raws).toEqual([json.value]);
			}
		} else {
			// Text, a form, or JSON the tolerant reader repaired: one item, the text or an object.
			expect(raws.length).toBeGreaterThanOrEqual(1);
			if (raws.length === 1 && typeof raws[0] === 'string' && !json.ok) {
				expect(raws[0]).toBe(text);
			}
		}
	}
}

describe.each(PBX_NAMES)('%s trigger under fuzzing', (pbx) => {
	it(`holds every invariant for ${RUNS} generated requests`, async () => {
		const found: Findings = {
			cases: 0,
			accepted: 0,
			refused: 0,
			items: 0,
			unmapped: 0,
			unmappedExamples: [],
			unparsed: 0,
			schemaViolations: [],
			slowest: { ms: 0, kind: '', bytes: 0 },
			ms: 0,
		};
		findings.set(pbx, found);
		await fc.assert(
			fc.asyncProperty(fuzzCases(pbx, TRIGGER_SECRETS[pbx]), async (fuzz) => {
				await check(pbx, fuzz, found);
			}),
			{ numRuns: RUNS, endOnFailure: true },
		);
		expect(found.cases).toBeGreaterThanOrEqual(RUNS);
		// Every normalized item is a valid call event, whatever the payload held.
		expect(found.schemaViolations).toEqual([]);
	}, 1_800_000);
});
