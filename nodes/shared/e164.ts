import { ownValue } from './values';

const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * A phone number in E.164 form (`+` and up to 15 digits, no leading 0) once spaces, dashes,
 * dots and brackets are removed; null when it is not one.
 */
export function toE164(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	const compact = value.replace(/[\s\-().]/g, '');
	return E164.test(compact) ? compact : null;
}

/** How numbers are dialled in a country: what E.164 conversion needs to know of it. */
interface Dialling {
	name: string;
	/** The country calling code. */
	code: string;
	/** The prefix of a national number (0 in most countries, 1 in North America). */
	trunk: string;
	/** The prefix of an international number (00 in most countries). */
	international: string;
	/** How many digits a national number has after the trunk prefix. */
	nationalDigits: [min: number, max: number];
}

/**
 * The countries whose national numbers the triggers can convert (Country option). Numbers that
 * start with `+` are converted whatever the country; a country is needed for the others.
 */
export const COUNTRIES: Record<string, Dialling> = {
	AT: { name: 'Austria', code: '43', trunk: '0', international: '00', nationalDigits: [4, 13] },
	AU: { name: 'Australia', code: '61', trunk: '0', international: '0011', nationalDigits: [9, 9] },
	CA: { name: 'Canada', code: '1', trunk: '1', international: '011', nationalDigits: [10, 10] },
	CH: { name: 'Switzerland', code: '41', trunk: '0', international: '00', nationalDigits: [9, 9] },
	DE: { name: 'Germany', code: '49', trunk: '0', international: '00', nationalDigits: [5, 13] },
	FR: { name: 'France', code: '33', trunk: '0', international: '00', nationalDigits: [9, 9] },
	GB: {
		name: 'United Kingdom',
		code: '44',
		trunk: '0',
		international: '00',
		nationalDigits: [9, 10],
	},
	NL: { name: 'Netherlands', code: '31', trunk: '0', international: '00', nationalDigits: [9, 9] },
	NZ: { name: 'New Zealand', code: '64', trunk: '0', international: '00', nationalDigits: [8, 10] },
	TR: { name: 'Turkey', code: '90', trunk: '0', international: '00', nationalDigits: [10, 10] },
	US: {
		name: 'United States',
		code: '1',
		trunk: '1',
		international: '011',
		nationalDigits: [10, 10],
	},
};

/** Whether `country` is a code of `COUNTRIES` (not `toString` or another key of every object). */
export function isCountry(country: unknown): country is string {
	return typeof country === 'string' && ownValue(COUNTRIES, country) !== undefined;
}

/**
 * Fewer digits than this, without a prefix that says what they are, is an extension or a local
 * number without its area code: not convertible. From this length on, digits that start with
 * neither the trunk nor the international prefix are an international number written without
 * `+` (KOMPaaS sends `436641234567`).
 */
const INTERNATIONAL_WITHOUT_PLUS_MIN_DIGITS = 9;

/**
 * A party's number in E.164 form, or null when it cannot be told which number it is.
 * - `+…` is taken as it is (after removing spaces, dashes, dots and brackets), with or without
 *   a country;
 * - with a country (ISO 3166 code from `COUNTRIES`): its international prefix (`00`, `0011`,
 *   `011`) stands for `+`; its trunk prefix (`0`, or `1` in North America) starts a national
 *   number of the country's length; in North America a 10-digit number is national too; other
 *   numbers of 9 or more digits are international without `+`;
 * - anything shorter, or with letters (an extension, `anonymous`, a SIP address), is null.
 * Without a country only `+…` numbers are converted: `00` means `+` in most countries but not
 * in North America (`011`) or Australia (`0011`), and `0…` is national in any of them.
 */
export function partyE164(value: unknown, country: string | null | undefined): string | null {
	if (typeof value !== 'string') return null;
	const compact = value.replace(/[\s\-().]/g, '');
	if (compact.startsWith('+')) return toE164(compact);
	if (!isCountry(country)) return null;
	// Every way below ends in toE164, which refuses what is not digits (a name, a SIP address).
	const { code, trunk, international, nationalDigits } = COUNTRIES[country];
	const [min, max] = nationalDigits;
	const national = (digits: string) =>
		digits.length >= min && digits.length <= max ? toE164(`+${code}${digits}`) : null;
	if (compact.startsWith(international)) return toE164(`+${compact.slice(international.length)}`);
	if (compact.startsWith(trunk)) return national(compact.slice(trunk.length));
	// North America: no national number starts with 0 or 1, so 10 digits are one without its 1.
	if (trunk !== '0' && compact.length === max) return national(compact);
	if (compact.length < INTERNATIONAL_WITHOUT_PLUS_MIN_DIGITS) return null;
	return toE164(`+${compact}`);
}
