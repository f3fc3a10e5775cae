// A credential's secrets removed from text an error may show, in every form a server could echo.

/**
 * Every form a secret may take in a server's echo: raw, percent-encoded, JSON-escaped, base64;
 * longest first, so that a form holding another (JSON's `\\key` holds `\key`) goes whole. None
 * is shorter than the secret.
 */
function secretForms(secret: string): string[] {
	const forms = new Set([
		secret,
		encodeURIComponent(secret),
		encodeURIComponent(secret).toLowerCase(),
		JSON.stringify(secret).slice(1, -1),
		Buffer.from(secret, 'utf8').toString('base64').replace(/=+$/, ''),
		Buffer.from(secret, 'utf8').toString('base64url'),
		Buffer.from(secret, 'utf8').toString('hex'),
	]);
	return [...forms].sort((a, b) => b.length - a.length);
}

/** The text with every form of every secret replaced by `***`. */
export function redactSecrets(text: string, secrets: string[]): string {
	let result = text;
	for (const secret of secrets.filter((value) => value.length >= 6)) {
		for (const form of secretForms(secret)) result = result.split(form).join('***');
	}
	return result;
}

/** Every string of an object (an error) passed through `redact`, in place. */
export function redactDeep(value: unknown, redact: (text: string) => string, depth = 0): unknown {
	if (typeof value === 'string') return redact(value);
	if (typeof value !== 'object' || value === null || depth > 6) return value;
	for (const key of Object.keys(value)) {
		const record = value as Record<string, unknown>;
		record[key] = redactDeep(record[key], redact, depth + 1);
	}
	return value;
}
