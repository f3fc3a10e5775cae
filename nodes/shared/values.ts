import { createHash } from 'crypto';
import { IANAZone } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

/**
 * Reads a PBX payload by field name, ignoring case, so `callerid`, `CallerId` and `CALLERID`
 * are one field. The first name with a non-empty value wins.
 */
export class FieldReader {
	private readonly fields = new Map<string, unknown>();

	constructor(data: IDataObject) {
		for (const [key, value] of Object.entries(data)) {
			const name = key.toLowerCase();
			if (!this.fields.has(name)) this.fields.set(name, value);
		}
	}

	value(...names: string[]): unknown {
		for (const name of names) {
			const value = this.fields.get(name.toLowerCase());
			if (value !== undefined && value !== null && value !== '') return value;
		}
		return undefined;
	}

	text(...names: string[]): string | null {
		return toText(this.value(...names));
	}

	seconds(...names: string[]): number | null {
		return toSeconds(this.value(...names));
	}

	object(...names: string[]): FieldReader | null {
		const value = this.value(...names);
		return isObject(value) ? new FieldReader(value) : null;
	}
}

/** A plain JSON object: not null, not an array. */
export function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The file name at the end of a URL's path, decoded; null when the path ends in `/`. */
export function fileNameOf(url: string): string | null {
	const path = url.split(/[?#]/)[0];
	const name = path.slice(path.lastIndexOf('/') + 1);
	if (name === '') return null;
	try {
		return decodeURIComponent(name);
	} catch {
		return name;
	}
}

export function toText(value: unknown): string | null {
	if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
	return null;
}

/**
 * Whole seconds from a number, a numeric string, or `mm:ss` / `hh:mm:ss`; null for what no
 * whole number holds exactly (a 400-digit string is no duration).
 */
export function toSeconds(value: unknown): number | null {
	if (typeof value === 'number') return wholeSeconds(value);
	if (typeof value !== 'string') return null;
	const text = value.trim();
	if (/^\d+(\.\d+)?$/.test(text)) return wholeSeconds(Number(text));
	if (/^\d+(:\d{1,2}){1,2}$/.test(text)) {
		return wholeSeconds(text.split(':').reduce((total, part) => total * 60 + Number(part), 0));
	}
	return null;
}

function wholeSeconds(value: number): number | null {
	const seconds = Math.round(value);
	return Number.isSafeInteger(seconds) && seconds >= 0 ? seconds : null;
}

/**
 * A table's entry for a key read from a payload, from the table's own entries only: a payload
 * value named like a member of Object.prototype (`constructor`, `__proto__`) finds nothing.
 */
export function ownValue<T>(
	table: Record<string, T>,
	key: string | null | undefined,
): T | undefined {
	return key != null && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/** `"True"`, `"1"`, `true`, `1` → true; their opposites → false; anything else → null. */
export function toBoolean(value: unknown): boolean | null {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number') return value !== 0;
	if (typeof value !== 'string') return null;
	const text = value.trim().toLowerCase();
	if (['true', '1', 'yes'].includes(text)) return true;
	if (['false', '0', 'no'].includes(text)) return false;
	return null;
}

const naiveDateTime =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?$/;
const zonedDateTime =
	/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)$/i;

/**
 * An ISO 8601 UTC timestamp from what PBXs send: ISO strings with an offset, date-times
 * without one (read in `timeZone`), or epoch numbers in seconds, milliseconds or microseconds.
 */
export function toIsoUtc(value: unknown, timeZone = 'UTC'): string | null {
	if (
		typeof value === 'number' ||
		(typeof value === 'string' && /^\d{9,19}(\.\d+)?$/.test(value.trim()))
	) {
		return fromEpoch(Number(value));
	}
	if (typeof value !== 'string') return null;
	const text = value.trim();
	if (zonedDateTime.test(text)) {
		// Date.parse refuses a space before the offset, which the pattern above accepts.
		const iso = text
			.replace(/\s+(?=[Zz+-][\d:]*$)/, '')
			.replace(' ', 'T')
			.replace(',', '.')
			// ISO 8601 allows an offset in whole hours (+10); Date.parse wants its minutes.
			.replace(/([+-]\d{2})$/, '$1:00');
		return validIso(Date.parse(iso));
	}
	const match = naiveDateTime.exec(text);
	if (!match) return null;
	const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '0'] = match;
	// setUTCFullYear, not Date.UTC, which reads the years 0 to 99 as 1900 to 1999.
	const date = new Date(0);
	date.setUTCFullYear(+year, +month - 1, +day);
	date.setUTCHours(+hour, +minute, +second, Math.floor(+`0.${fraction}` * 1000));
	const asUtc = date.getTime();
	// Date rolls impossible dates over (month 13, 30 February); they are not timestamps.
	if (date.getUTCMonth() !== +month - 1 || date.getUTCDate() !== +day) return null;
	if (+hour > 23 || +minute > 59 || +second > 59) return null;
	return validIso(asUtc - zoneOffsetMs(asUtc, timeZone));
}

/**
 * Seconds when the number has up to 11 digits; a longer one is the same seconds in a finer unit
 * (milliseconds, microseconds, or what a PBX chose: KOMPaaS's 14-digit `eventTs`), so its first
 * 10 digits are the seconds.
 */
function fromEpoch(epoch: number): string | null {
	if (!Number.isFinite(epoch) || epoch <= 0) return null;
	if (epoch < 1e11) return validIso(epoch * 1000);
	if (epoch >= 1e20) return null;
	const finer = 10 ** (Math.floor(Math.log10(epoch)) - 9);
	return validIso((epoch / finer) * 1000);
}

/** The years ISO 8601 writes with four digits, 0000 to 9999: what the call event's times hold. */
const MIN_DATE_MS = -62167219200000;
const MAX_DATE_MS = 253402300799999;

function validIso(ms: number): string | null {
	return Number.isFinite(ms) && ms >= MIN_DATE_MS && ms <= MAX_DATE_MS
		? new Date(ms).toISOString()
		: null;
}

/**
 * How far `timeZone` is ahead of UTC at the wall-clock time `wallClockAsUtc` (luxon's zone data).
 * Two steps rather than luxon's `DateTime.fromObject`: that one starts from the offset in force
 * today, so a wall-clock time in the hour a clock change repeats would be read differently in
 * summer and in winter; this gives the same instant all year.
 */
function zoneOffsetMs(wallClockAsUtc: number, timeZone: string): number {
	const zone = IANAZone.create(timeZone);
	const offsetAt = (instant: number) => zone.offset(instant) * 60_000;
	return offsetAt(wallClockAsUtc - offsetAt(wallClockAsUtc));
}

/** Whether `timeZone` is an IANA zone name this runtime knows (`Australia/Sydney`, `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
	return IANAZone.isValidZone(timeZone);
}

/** `iso` plus `seconds`; null when either is missing or the sum is no date (a duration of 1e74 s). */
export function addSeconds(iso: string | null, seconds: number | null): string | null {
	if (iso === null || seconds === null) return null;
	return validIso(Date.parse(iso) + seconds * 1000);
}

/** Seconds from one ISO timestamp to a later one; null when either is missing or out of order. */
export function secondsBetween(from: string | null, to: string | null): number | null {
	// A missing time reads as no date (NaN), and NaN is not >= 0.
	const seconds = Math.round((Date.parse(to ?? '') - Date.parse(from ?? '')) / 1000);
	return seconds >= 0 ? seconds : null;
}

/** The same payload always gives the same id, whatever the order of its keys. */
export function payloadHash(value: unknown): string {
	return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 32);
}

type CanonicalStep = { text: string } | { value: unknown };

/**
 * JSON with object keys sorted, written without recursion so that no nesting depth can
 * overflow the stack (the text is the same as a recursive writer's, so ids stay stable).
 */
function canonicalJson(root: unknown): string {
	const out: string[] = [];
	const stack: CanonicalStep[] = [{ value: root }];
	const pushReversed = (steps: CanonicalStep[]) => {
		for (let i = steps.length - 1; i >= 0; i--) stack.push(steps[i]);
	};
	while (stack.length > 0) {
		const step = stack.pop() as CanonicalStep;
		if ('text' in step) {
			out.push(step.text);
			continue;
		}
		const { value } = step;
		if (Array.isArray(value)) {
			const steps: CanonicalStep[] = [{ text: '[' }];
			value.forEach((element, index) => {
				if (index > 0) steps.push({ text: ',' });
				steps.push({ value: element });
			});
			steps.push({ text: ']' });
			pushReversed(steps);
		} else if (typeof value === 'object' && value !== null) {
			const steps: CanonicalStep[] = [{ text: '{' }];
			Object.keys(value)
				.sort()
				.forEach((key, index) => {
					steps.push({ text: `${index > 0 ? ',' : ''}${JSON.stringify(key)}:` });
					steps.push({ value: (value as IDataObject)[key] });
				});
			steps.push({ text: '}' });
			pushReversed(steps);
		} else {
			out.push(JSON.stringify(value) ?? 'null');
		}
	}
	return out.join('');
}

export interface Shape {
	/** Levels of objects and arrays: 0 for a plain value, 1 for `{}` or `[1]`. */
	depth: number;
	/** Object members and array elements, all levels together. */
	values: number;
}

/**
 * How deep and how large a parsed value is, measured without recursion. Stops counting once
 * either limit is passed, so the cost is bounded by the limits, not by the value.
 */
export function measureShape(
	root: unknown,
	limits: { maxDepth: number; maxValues: number },
): Shape {
	const shape: Shape = { depth: 0, values: 0 };
	const stack: Array<[unknown, number]> = [[root, 0]];
	while (stack.length > 0) {
		const [value, depth] = stack.pop() as [unknown, number];
		if (typeof value !== 'object' || value === null) continue;
		const level = depth + 1;
		if (level > shape.depth) shape.depth = level;
		if (level > limits.maxDepth) return shape;
		const children = Array.isArray(value) ? value : Object.values(value);
		shape.values += children.length;
		if (shape.values > limits.maxValues) return shape;
		for (const child of children) stack.push([child, level]);
	}
	return shape;
}
