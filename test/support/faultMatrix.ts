// The fault matrix: each action node operation against its fake API serving one fault. A run
// returns what the node did (its error, how long it took, how many requests reached the fake)
// and records it for the table the suite prints (README "Reliability" carries it).
import { randomBytes } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import type { Fault } from '../fakes/faults';
import { createKompaasFake } from '../fakes/kompaasApi';
import { startThreeCxWebApi } from '../fakes/threeCxWebApi';
import { startVoipcloudApi } from '../fakes/voipcloudApi';
import { runActionNode, type NodeTypeName } from './n8nEngine';
import { printTable, writeForBench } from './report';

export type ApiName = 'voipcloud' | '3cx' | 'kompaas';

export interface Operation {
	api: ApiName;
	label: string;
	/** A write that must reach the API at most once. */
	write: boolean;
	parameters: IDataObject;
	/** The path (or endpoint) its requests go to, to count them. */
	target: string;
}

/** Request Timeout option used where the node has one, so a silent server costs a second. */
export const OPTION_TIMEOUT_S = 1;

export const OPERATIONS: Operation[] = [
	{
		api: 'voipcloud',
		label: 'VoIPcloud Call → Get Many (Return All)',
		write: false,
		target: 'get-user-calls',
		parameters: {
			resource: 'call',
			operation: 'getAll',
			callList: 'user',
			returnAll: true,
			simplify: false,
			options: { requestTimeout: OPTION_TIMEOUT_S },
		},
	},
	{
		api: 'voipcloud',
		label: 'VoIPcloud Call → Make',
		write: true,
		target: 'call-to-number',
		parameters: {
			resource: 'call',
			operation: 'make',
			userNumber: '101',
			numberToCall: '+61298765432',
			options: { requestTimeout: OPTION_TIMEOUT_S },
		},
	},
	{
		api: '3cx',
		label: '3CX WebAPI Call → Make',
		write: true,
		target: 'makecall',
		parameters: {
			resource: 'call',
			operation: 'make',
			extension: '117',
			number: '05552221133',
			additionalFields: { requestTimeout: OPTION_TIMEOUT_S },
		},
	},
	{
		api: '3cx',
		label: '3CX WebAPI Recording → Download',
		write: false,
		target: 'recording',
		parameters: {
			resource: 'recording',
			operation: 'download',
			recordingUrl: '230307140234_35-1-1.mp3',
			binaryPropertyName: 'data',
			options: { requestTimeout: OPTION_TIMEOUT_S },
		},
	},
	{
		api: 'kompaas',
		label: 'KOMPaaS Webhook → Get Many',
		write: false,
		target: '/webhook/get',
		parameters: { resource: 'webhook', operation: 'getAll', returnAll: true },
	},
	{
		api: 'kompaas',
		label: 'KOMPaaS Webhook → Create',
		write: true,
		target: '/webhook/create',
		parameters: {
			resource: 'webhook',
			operation: 'create',
			name: 'CRM',
			url: 'https://crm.example.com/hooks/kompaas',
			event: '102',
			method: 'post',
			bodyDataType: 'json',
		},
	},
];

export interface Fakes {
	voipcloud: Awaited<ReturnType<typeof startVoipcloudApi>>;
	threeCx: Awaited<ReturnType<typeof startThreeCxWebApi>>;
	kompaas: ReturnType<typeof createKompaasFake>;
}

export async function startFakes(): Promise<Fakes> {
	const kompaas = createKompaasFake({ token: `kompaas-${randomBytes(12).toString('hex')}` });
	await kompaas.listen();
	return {
		voipcloud: await startVoipcloudApi({
			token: `vc-${randomBytes(12).toString('hex')}`,
			history: { userCalls: 250 },
		}),
		threeCx: await startThreeCxWebApi(),
		kompaas,
	};
}

export async function stopFakes(fakes: Fakes): Promise<void> {
	await Promise.all([fakes.voipcloud.close(), fakes.threeCx.close(), fakes.kompaas.close()]);
}

/** The secret each API's credential holds: it must appear in no error. */
export function apiSecret(fakes: Fakes, api: ApiName): string {
	return {
		voipcloud: fakes.voipcloud.token,
		'3cx': fakes.threeCx.key,
		kompaas: fakes.kompaas.token,
	}[api];
}

/** Queues `times` copies of a fault at the operation's fake. */
export function injectFault(fakes: Fakes, operation: Operation, fault: Fault, times = 1): void {
	for (let i = 0; i < times; i++) {
		if (operation.api === 'voipcloud') fakes.voipcloud.failNext(fault);
		else if (operation.api === '3cx') fakes.threeCx.failNext(fault);
		else fakes.kompaas.failNext(operation.target, fault.hang ? 'hang' : fault);
	}
}

/** Requests that reached the fake for this operation, counting from `since`. */
export function requestCount(fakes: Fakes, operation: Operation): number {
	if (operation.api === 'voipcloud') return fakes.voipcloud.requestsTo(operation.target).length;
	if (operation.api === '3cx') {
		return fakes.threeCx.requests.filter((r) => r.path.includes(`/${operation.target}`)).length;
	}
	return fakes.kompaas.calls.filter((c) => c.path === operation.target).length;
}

export function resetFakes(fakes: Fakes): void {
	fakes.voipcloud.reset();
	fakes.threeCx.requests.length = 0;
	fakes.threeCx.clearFaults();
	fakes.kompaas.clearFailures();
	fakes.threeCx.calls.length = 0;
	fakes.kompaas.calls.length = 0;
	for (const account of fakes.kompaas.accounts) fakes.kompaas.webhooks(account).length = 0;
}

/** The node type and credential type of each API. */
const NODES: Record<ApiName, { type: NodeTypeName; credential: string }> = {
	voipcloud: { type: 'voipcloud', credential: 'voipcloudApi' },
	kompaas: { type: 'kompaas', credential: 'kompaasApi' },
	'3cx': { type: 'threeCxWebApi', credential: 'threeCxWebApi' },
};

/** The credential of an API, pointed at `url` (the fake's, or a port nobody listens on). */
export function credentialsFor(fakes: Fakes, api: ApiName, origin?: string): IDataObject {
	if (api === 'voipcloud') {
		return {
			apiKey: fakes.voipcloud.token,
			region: 'custom',
			customUrl: origin ?? fakes.voipcloud.url,
			apiVersion: 'v2',
		};
	}
	if (api === '3cx') {
		return {
			baseUrl: origin ?? fakes.threeCx.url,
			apiKey: fakes.threeCx.key,
			allowSelfSigned: false,
		};
	}
	return {
		apiToken: fakes.kompaas.token,
		accountId: '',
		baseUrl: origin ? `${origin}/api/protected/api/integration` : fakes.kompaas.baseUrl,
	};
}

export interface Outcome {
	error: (Error & { description?: string | null; httpCode?: string | null }) | null;
	items: number;
	ms: number;
	requests: number;
}

export async function runOperation(
	fakes: Fakes,
	operation: Operation,
	{ origin, retryOnFail = false }: { origin?: string; retryOnFail?: boolean } = {},
): Promise<Outcome> {
	const before = requestCount(fakes, operation);
	const { type, credential } = NODES[operation.api];
	const started = Date.now();
	const run = await runActionNode({
		type,
		parameters: operation.parameters,
		credentials: { [credential]: credentialsFor(fakes, operation.api, origin) },
		// n8n runs the node again at once under Retry On Fail (no wait between tries here).
		settings: retryOnFail ? { retryOnFail: true, waitBetweenTries: 0 } : {},
	});
	const ms = Math.round(Date.now() - started);
	return {
		error: (run.error ?? null) as Outcome['error'],
		items: run.items.length,
		ms,
		requests: requestCount(fakes, operation) - before,
	};
}

/** Rows of the table the suite prints: operation, fault, outcome, time to error, requests. */
export const faultTable: string[][] = [];

/**
 * A time to error and the bounds it should keep. The unit tests assert no time: `npm run bench`
 * runs the fault matrix with PBX_FAULT_TIMES naming a file, and checks these there.
 */
export interface FaultTime {
	operation: string;
	fault: string;
	ms: number;
	withinMs: number;
	atLeastMs?: number;
}

const faultTimes: FaultTime[] = [];

export function recordTime(time: FaultTime): void {
	faultTimes.push(time);
}

export function record(
	operation: Operation,
	fault: string,
	outcome: Outcome,
	withinMs?: number,
): void {
	faultTable.push([
		operation.label,
		fault,
		outcome.error ? outcome.error.message : `${outcome.items} item(s)`,
		`${outcome.ms} ms`,
		String(outcome.requests),
	]);
	if (withinMs !== undefined) {
		recordTime({ operation: operation.label, fault, ms: outcome.ms, withinMs });
	}
}

/** Prints the table, and hands the times to the bench when it runs the suite. */
export function printFaultTable(title: string): void {
	printTable(title, ['Operation', 'Fault', 'Outcome', 'Time to error', 'Requests'], faultTable);
	writeFaultTimes();
}

export function writeFaultTimes(): void {
	writeForBench(faultTimes);
	faultTimes.length = 0;
}
