const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * A phone number in E.164 form (`+` and up to 15 digits, no leading 0) once spaces, dashes,
 * dots and brackets are removed; null when it is not one.
 */
export function toE164(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	const compact = value.trim().replace(/[\s\-().]/g, '');
	return E164.test(compact) ? compact : null;
}
