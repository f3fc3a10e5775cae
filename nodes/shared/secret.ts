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

function label(name: string): string {
	return name.replace(/([A-Z])/g, ' $1').toLowerCase();
}
