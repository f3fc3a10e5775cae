export type JsonResult = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * JSON.parse first; when that fails, repairs the mistakes PBX add-ons are known to send
 * (a string value missing its opening quote, phone numbers with a leading zero written as
 * numbers, trailing commas) and tries once more.
 */
export function parseTolerantJson(text: string): JsonResult {
	const strict = tryParse(text);
	if (strict.ok) return strict;
	const repaired = repairJson(text);
	if (repaired === text) return strict;
	const second = tryParse(repaired);
	return second.ok ? second : strict;
}

function tryParse(text: string): JsonResult {
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch (error) {
		return { ok: false, error: (error as Error).message };
	}
}

const VALUE_END = String.raw`(\s*[,}\]\r\n])`;
// Each fix starts at a key's closing quote and its colon, so a colon inside a string value
// (a time such as "00:05", a URL with a port) is never taken for the start of a value.
const missingOpeningQuote = new RegExp(
	String.raw`("\s*:\s*)([^\s"{}\[\],][^"{}\[\],\r\n]*)"` + VALUE_END,
	'g',
);
const leadingZeroNumber = new RegExp(String.raw`("\s*:\s*)(0\d+)` + VALUE_END, 'g');
const trailingComma = /,(\s*[}\]])/g;

export function repairJson(text: string): string {
	return text
		.replace(missingOpeningQuote, '$1"$2"$3')
		.replace(leadingZeroNumber, '$1"$2"$3')
		.replace(trailingComma, '$1');
}
