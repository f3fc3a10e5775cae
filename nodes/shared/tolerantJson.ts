export type JsonResult = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * JSON.parse first; when that fails, repairs the mistakes PBX add-ons are known to send
 * (a string value missing its opening quote, phone numbers with a leading zero written as
 * numbers, trailing commas) and tries once more.
 */
export function parseTolerantJson(text: string): JsonResult {
	const strict = tryParse(text);
	if (strict.ok) return strict;
	const repaired = tryParse(repairJson(text));
	return repaired.ok ? repaired : strict;
}

function tryParse(text: string): JsonResult {
	try {
		const value: unknown = JSON.parse(text);
		return {
			ok: true,
			value: holdsUnsafeDigits(text) ? JSON.parse(quoteUnsafeIntegers(text)) : value,
		};
	} catch (error) {
		return { ok: false, error: (error as Error).message };
	}
}

/**
 * Whether the text has a run of digits no double holds exactly: only then is it read a second
 * time (KOMPaaS's 16-digit microsecond times are below 2^53 and are read once).
 */
function holdsUnsafeDigits(text: string): boolean {
	return Array.from(text.matchAll(/\d{16,}/g)).some(
		([digits]) => !Number.isSafeInteger(Number(digits)),
	);
}

/**
 * The JSON text with every integer that no double holds exactly (a call id above 2^53) written
 * as a string of its digits, so it is read to the digit. Strings, decimals and exponents stay:
 * each string is matched whole from its opening quote, so digits inside it are never a number.
 */
export function quoteUnsafeIntegers(text: string): string {
	return text.replace(/"(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*/g, (token) =>
		/^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token)) ? `"${token}"` : token,
	);
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
