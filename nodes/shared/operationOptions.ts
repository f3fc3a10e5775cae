import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { DEFAULT_TIMEOUT_MS } from './exchange';

// What an action node's operation offers and checks about its request before sending it.

/** The Timeout option (seconds) of an operation's options; `description` says what fails. */
export function requestTimeoutOption(description: string): INodeProperties {
	return {
		displayName: 'Node Timeout (Seconds)',
		name: 'requestTimeout',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 30,
		description,
	};
}

/** A Timeout option in seconds, as milliseconds; the default when unset or not a number. */
export function timeoutFromOption(seconds: unknown): number {
	const value = Number(seconds);
	return Number.isFinite(value) && value > 0 ? Math.round(value * 1000) : DEFAULT_TIMEOUT_MS;
}

/**
 * An operation that places a call or creates something must not run under n8n's Retry On Fail:
 * a retry after a lost answer would ring the customer twice. Refused before anything is sent.
 */
export function refuseRetryOnFail(
	context: IExecuteFunctions,
	itemIndex: number,
	operation: string,
): void {
	if (context.getNode().retryOnFail !== true) return;
	throw new NodeOperationError(
		context.getNode(),
		`${operation} does not run with “Retry On Fail” on: nothing was sent`,
		{
			itemIndex,
			description:
				'A retry after a lost answer would do it twice. Turn off “Retry On Fail” in this node’s settings; the node reports every failure, and says when the request may have been carried out.',
		},
	);
}
