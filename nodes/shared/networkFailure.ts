// Why a request got no answer, read from what n8n's HTTP client threw, and said in words.
import type { IDataObject } from 'n8n-workflow';

import type { Exchange } from './exchange';

/** The failure of an answer that began but did not finish in time. */
export const BODY_TIMEOUT = 'the answer was still arriving';

/** Why no HTTP answer came. */
export type NetworkFailureKind =
	| 'timeout'
	| 'refused'
	| 'reset'
	| 'unresolved'
	| 'tls'
	| 'redirect'
	| 'tooLarge'
	| 'other';

export interface NetworkFailure {
	kind: NetworkFailureKind;
	/** What the HTTP client said, without request details. */
	detail: string;
	/** Whether the answer had begun (headers came) when it failed: the request reached the server. */
	answerBegun?: boolean;
}

/** A redirect, named by the origin it points to only: its path may carry anything. */
export function redirectFailure(status: number, headers: IDataObject): NetworkFailure {
	const value = headers.location;
	const location = String((Array.isArray(value) ? value[0] : value) ?? '');
	let target = 'another address';
	try {
		target = new URL(location).origin;
	} catch {
		// A relative or unreadable Location names no other host.
		if (location.startsWith('/')) target = 'another path on the same server';
	}
	return { kind: 'redirect', detail: `HTTP ${status}, redirected to ${target}`, answerBegun: true };
}

/** Reads the cause of a failed request from the HTTP client's error (n8n wraps axios's). */
export function networkFailure(error: unknown): NetworkFailure {
	const chain: Array<Record<string, unknown>> = [];
	for (
		let current: unknown = error;
		typeof current === 'object' && current !== null && chain.length < 5;
		current = (current as { cause?: unknown }).cause
	) {
		chain.push(current as Record<string, unknown>);
	}
	const detail = chain.map((entry) => String(entry.message ?? '')).find((text) => text !== '');
	// Codes first (the HTTP client's own), then words (what n8n made of them).
	const kind =
		classify(chain.map((entry) => String(entry.code ?? '')).join(' ')) ??
		classify(chain.map((entry) => String(entry.message ?? '')).join(' ')) ??
		'other';
	return { kind, detail: (detail ?? String(error)).slice(0, 300) };
}

function classify(text: string): NetworkFailureKind | null {
	if (/ETIMEDOUT|ECONNABORTED|ESOCKETTIMEDOUT|timeout|timed out/i.test(text)) return 'timeout';
	if (/ECONNREFUSED|refused the connection/i.test(text)) return 'refused';
	if (/ECONNRESET|EPIPE|socket hang up|closed unexpectedly|aborted/i.test(text)) return 'reset';
	if (/ENOTFOUND|EAI_AGAIN|getaddrinfo/i.test(text)) return 'unresolved';
	if (/CERT|SSL|TLS|self[- ]signed/i.test(text)) return 'tls';
	return null;
}

/** The cause of a failed request in words, with what the node did about it. */
export function describeNetworkFailure(exchange: Exchange): string {
	const { failure, attempts, timeoutMs } = exchange;
	const tries = attempts > 1 ? ` (${attempts} attempts)` : '';
	switch (failure?.kind) {
		case 'timeout':
			return failure.detail === BODY_TIMEOUT
				? `no complete answer within ${Math.round(timeoutMs / 1000)} s: the answer was still arriving${tries}`
				: `no answer within ${Math.round(timeoutMs / 1000)} s${tries}`;
		case 'tooLarge':
			return failure.detail;
		case 'refused':
			return `the connection was refused${tries}`;
		case 'reset':
			return `the connection was closed without an answer${tries}`;
		case 'unresolved':
			return 'the host name could not be resolved';
		case 'tls':
			return `the TLS handshake failed: ${failure.detail}`;
		case 'redirect':
			return `the server answered ${failure.detail}, which is not followed so that the credential reaches no other address: put the address the API is served from in the credential`;
		default:
			return `${failure?.detail ?? 'no answer'}${tries}`;
	}
}
