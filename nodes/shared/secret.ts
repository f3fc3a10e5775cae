import { createHash, createHmac, randomBytes, timingSafeEqual } from 'crypto';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INode,
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

/** The SHA-256 (hex) of a secret n8n must check without keeping it: what secretMatchesHash reads. */
export function secretHash(secret: string): string {
	return digest(secret).toString('hex');
}

/**
 * How long a trigger checks requests against the secrets it last loaded from its credential
 * before loading it again. Loading a credential during a request costs n8n 2.41 an expression
 * isolate (tens of ms of CPU); checking against secrets loaded at most this long ago does not.
 * A request whose secret does not match reloads the credential at once, so a new secret works
 * immediately; a secret removed from the credential is refused at most this long after.
 */
export const SECRET_RELOAD_MS = 30_000;

/** Keyed digests of each credential's secrets: the secrets themselves are not kept. */
const digestKey = randomBytes(32);
const loadedSecrets = new Map<string, { loadedAt: number; digests: Buffer[] }>();
const MAX_CACHED_CREDENTIALS = 1000;

function keyedDigest(value: string): Buffer {
	return createHmac('sha256', digestKey).update(value, 'utf8').digest();
}

/** Where a secret check loads the webhook credential from: a trigger's request or a node's run. */
export interface CredentialSource {
	getNode(): INode;
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
}

/**
 * Whether a request's secret is one of the credential's, in constant time, against the secrets
 * loaded from the credential at most SECRET_RELOAD_MS ago (loaded again when none matches).
 * `secretsOf` lists the secrets the credential holds.
 */
export async function credentialSecretMatches(
	context: CredentialSource,
	credentialType: string,
	received: unknown,
	secretsOf: (credentials: ICredentialDataDecryptedObject) => unknown[],
): Promise<boolean> {
	const value = Array.isArray(received) ? received[0] : received;
	if (typeof value !== 'string') return false;
	return (await matchingCandidate(context, credentialType, [value], secretsOf)) !== null;
}

/**
 * Which of the values a request may present as the secret is one of the credential's (3CX's
 * token with the event run onto it can be read several ways), or null when none is. Every
 * candidate is compared with every secret in constant time, against the cached digests first:
 * the credential is loaded at most once per request.
 */
export async function matchingCandidate(
	context: CredentialSource,
	credentialType: string,
	candidates: string[],
	secretsOf: (credentials: ICredentialDataDecryptedObject) => unknown[],
): Promise<string | null> {
	const presented = candidates.filter((candidate) => candidate !== '');
	if (presented.length === 0) return null;
	const credentialId = context.getNode().credentials?.[credentialType]?.id;
	const cacheKey = credentialId ? `${credentialType}:${credentialId}` : null;
	if (cacheKey !== null) {
		const loaded = loadedSecrets.get(cacheKey);
		if (loaded !== undefined && Date.now() - loaded.loadedAt < SECRET_RELOAD_MS) {
			const match = firstMatch(presented, loaded.digests);
			if (match !== null) return match;
		}
	}
	const secrets = secretsOf(await context.getCredentials(credentialType)).filter(
		(secret): secret is string => typeof secret === 'string' && secret !== '',
	);
	const digests = secrets.map(keyedDigest);
	if (cacheKey !== null) {
		if (loadedSecrets.size >= MAX_CACHED_CREDENTIALS) loadedSecrets.clear();
		loadedSecrets.set(cacheKey, { loadedAt: Date.now(), digests });
	}
	return firstMatch(presented, digests);
}

function firstMatch(candidates: string[], digests: Buffer[]): string | null {
	let match: string | null = null;
	for (const candidate of candidates) {
		const presented = keyedDigest(candidate);
		let found = false;
		for (const expected of digests) found = timingSafeEqual(expected, presented) || found;
		if (found && match === null) match = candidate;
	}
	return match;
}

/**
 * A header the sender repeated, as Node joins it (`S, S`): the one value when every copy is the
 * same (a proxy that copies headers), else the header as it came (a mix is no secret).
 */
export function repeatedHeaderValue<T>(value: T): T | string {
	if (typeof value !== 'string' || !value.includes(',')) return value;
	const copies = value.split(',').map((copy) => copy.trim());
	return copies.every((copy) => copy === copies[0]) && copies[0] !== '' ? copies[0] : value;
}

function digest(value: string): Buffer {
	return createHash('sha256').update(value, 'utf8').digest();
}

const MIN_SECRET_LENGTH = 16;

/**
 * Credential test for webhook secrets sent in a header: nothing to call, so it checks what would
 * make the PBX's requests fail or the secret easy to guess.
 */
export async function checkWebhookSecret(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const problem = secretProblem(credential);
	if (problem !== null) return { status: 'Error', message: problem };
	for (const [name, value] of secretsOf(credential)) {
		// A header carries bytes that Node reads as Latin-1: a character past ASCII never matches.
		if (/[^\x20-\x7e]/.test(value)) {
			return {
				status: 'Error',
				message: `The ${label(name)} contains a character that is not plain ASCII, which an HTTP header does not carry as written: use letters, digits and punctuation only`,
			};
		}
	}
	return { status: 'OK', message: 'The secret is set' };
}

function secretsOf(credential: ICredentialsDecrypted): Array<[string, string]> {
	return Object.entries(credential.data ?? {}).filter(
		(entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '',
	);
}

/** What makes any webhook secret unusable or easy to guess, or null. */
function secretProblem(credential: ICredentialsDecrypted): string | null {
	const secrets = secretsOf(credential);
	if (secrets.length === 0) return 'The secret is empty';
	for (const [name, value] of secrets) {
		if (value.trim() !== value) return `The ${label(name)} starts or ends with a space`;
		if (value.length < MIN_SECRET_LENGTH) {
			return `The ${label(name)} is shorter than ${MIN_SECRET_LENGTH} characters: use a long random value`;
		}
	}
	return null;
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
	const problem = secretProblem(credential);
	if (problem !== null) return { status: 'Error', message: problem };
	for (const value of Object.values(credential.data ?? {})) {
		const unsafe = typeof value === 'string' ? NOT_URL_SAFE.exec(value)?.[0] : undefined;
		if (unsafe !== undefined) {
			return {
				status: 'Error',
				message: `The secret contains ${characterName(unsafe)}, which does not reach n8n unchanged in a URL: use letters, digits and - . _ ~ only`,
			};
		}
	}
	return { status: 'OK', message: 'The secret is set' };
}

function characterName(character: string): string {
	if (/\s/u.test(character)) return 'a space';
	if (/[\x21-\x7e]/.test(character)) return `"${character}"`;
	return 'a character that is not plain ASCII';
}

function label(name: string): string {
	return name.replace(/([A-Z])/g, ' $1').toLowerCase();
}
