import { createHash, timingSafeEqual } from 'crypto';
import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

/**
 * Constant-time comparison of a received secret with the expected one. Both sides are hashed
 * first so that inputs of any length compare in the same time and never throw.
 */
export function secretMatches(expected: string, received: unknown): boolean {
	const value = Array.isArray(received) ? received[0] : received;
	if (expected === '' || typeof value !== 'string' || value === '') return false;
	return timingSafeEqual(digest(expected), digest(value));
}

/**
 * Constant-time check of a received secret against the SHA-256 (hex) of the expected one, for
 * secrets n8n must be able to check without keeping them.
 */
export function secretMatchesHash(expectedSha256Hex: string, received: unknown): boolean {
	const value = Array.isArray(received) ? received[0] : received;
	if (!/^[0-9a-f]{64}$/i.test(expectedSha256Hex) || typeof value !== 'string' || value === '') {
		return false;
	}
	return timingSafeEqual(Buffer.from(expectedSha256Hex, 'hex'), digest(value));
}

function digest(value: string): Buffer {
	return createHash('sha256').update(value, 'utf8').digest();
}

const MIN_SECRET_LENGTH = 16;

/**
 * Credential test for webhook secrets: nothing to call, so it checks what would make the
 * PBX's requests fail or the secret easy to guess.
 */
export async function checkWebhookSecret(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const secrets = Object.entries(credential.data ?? {}).filter(
		(entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '',
	);
	if (secrets.length === 0) return { status: 'Error', message: 'The secret is empty' };
	for (const [name, value] of secrets) {
		if (value.trim() !== value) {
			return { status: 'Error', message: `The ${label(name)} starts or ends with a space` };
		}
		if (value.length < MIN_SECRET_LENGTH) {
			return {
				status: 'Error',
				message: `The ${label(name)} is shorter than ${MIN_SECRET_LENGTH} characters: use a long random value`,
			};
		}
	}
	return { status: 'OK', message: 'The secret is set' };
}

/** Characters that do not reach the trigger as they were written in a URL's query string. */
const NOT_URL_SAFE = /[&#+%\s]|[^\x21-\x7e]/u;

/**
 * Credential test for a secret the PBX sends in the URL (3CX's `?token=`): on top of the
 * checks above, it must reach n8n unchanged when written as is in the add-on's URL.
 */
export async function checkUrlSecret(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const result = await checkWebhookSecret.call(this, credential);
	if (result.status !== 'OK') return result;
	for (const value of Object.values(credential.data ?? {})) {
		const unsafe = typeof value === 'string' ? NOT_URL_SAFE.exec(value)?.[0] : undefined;
		if (unsafe !== undefined) {
			return {
				status: 'Error',
				message: `The secret contains ${characterName(unsafe)}, which does not reach n8n unchanged in a URL: use letters, digits and - . _ ~ only`,
			};
		}
	}
	return result;
}

function characterName(character: string): string {
	if (/\s/u.test(character)) return 'a space';
	if (/[\x21-\x7e]/.test(character)) return `"${character}"`;
	return 'a character that is not plain ASCII';
}

function label(name: string): string {
	return name.replace(/([A-Z])/g, ' $1').toLowerCase();
}
