// This package's nodes inside n8n's own engine (n8n-core, the version the e2e tests run), for the
// unit tests. Action nodes run as a workflow through WorkflowExecute; triggers answer requests
// through n8n-core's WebhookContext and register through its HookContext; credentials are applied
// by their types' real `authenticate` and tested by their real `test`, as n8n does. Requests go
// over real HTTP to the fake PBX APIs on 127.0.0.1. Only what n8n keeps in its database (stored
// credentials, static data) is held here in memory.
import {
	CredentialTestContext,
	ErrorReporter,
	ExecuteContext,
	ExecutionLifecycleHooks,
	HookContext,
	LoadOptionsContext,
	PollContext,
	RoutingNode,
	WebhookContext,
	WorkflowExecute,
} from 'n8n-core';
import {
	cronNodeOptions,
	ICredentialsHelper,
	isExpression,
	NodeHelpers,
	Workflow,
	type ExecutionError,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialsDecrypted,
	type ICredentialType,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialTestResult,
	type INodeExecutionData,
	type INodeParameters,
	type INodeProperties,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypes,
	type IRunExecutionData,
	type IWebhookData,
	type IWebhookResponseData,
	type IWorkflowBase,
	type IWorkflowSettings,
	type IWorkflowExecuteAdditionalData,
	type WorkflowActivateMode,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { KompaasApi } from '../../credentials/KompaasApi.credentials';
import { KompaasWebhookApi } from '../../credentials/KompaasWebhookApi.credentials';
import { ThreeCxWebApi as ThreeCxWebApiCredential } from '../../credentials/ThreeCxWebApi.credentials';
import { ThreeCxWebhookApi } from '../../credentials/ThreeCxWebhookApi.credentials';
import { VoipcloudApi } from '../../credentials/VoipcloudApi.credentials';
import { VoipcloudWebhookApi } from '../../credentials/VoipcloudWebhookApi.credentials';
import { Kompaas } from '../../nodes/Kompaas/Kompaas.node';
import { KompaasTrigger } from '../../nodes/Kompaas/KompaasTrigger.node';
import { ThreeCxWebApi } from '../../nodes/ThreeCx/ThreeCxWebApi.node';
import { ThreeCxWebhookTrigger } from '../../nodes/ThreeCx/ThreeCxWebhookTrigger.node';
import { PbxCallEvent } from '../../nodes/PbxCallEvent/PbxCallEvent.node';
import { Voipcloud } from '../../nodes/Voipcloud/Voipcloud.node';
import { VoipcloudCallHistoryTrigger } from '../../nodes/Voipcloud/VoipcloudCallHistoryTrigger.node';
import { VoipcloudTrigger } from '../../nodes/Voipcloud/VoipcloudTrigger.node';
import { Container, Logger } from './n8nCoreContainer';

/** A polling node as n8n loads it: n8n adds the Poll Times parameter to every polling node. */
export function withPollTimes<Type extends INodeType>(type: Type): Type {
	const pollTimes: INodeProperties = {
		displayName: 'Poll Times',
		name: 'pollTimes',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: { item: [{ mode: 'everyMinute' }] },
		options: cronNodeOptions,
	};
	type.description.properties = [pollTimes, ...type.description.properties];
	return type;
}

/** The package's name, the prefix of its node types in a workflow. */
export const PACKAGE = 'n8n-nodes-pbx';

const NODE_TYPES: Record<string, INodeType> = Object.fromEntries(
	[
		new Voipcloud(),
		new VoipcloudTrigger(),
		withPollTimes(new VoipcloudCallHistoryTrigger()),
		new Kompaas(),
		new KompaasTrigger(),
		new ThreeCxWebApi(),
		new ThreeCxWebhookTrigger(),
		new PbxCallEvent(),
	].map((type) => [`${PACKAGE}.${type.description.name}`, type]),
);

/**
 * The node types as package.json lists them, by their short name (`voipcloud`), and node types a
 * test defines to reach shared code through the engine (`test…`, see `registerTestNodeType`).
 */
export type NodeTypeName =
	| `test${string}`
	| 'voipcloud'
	| 'voipcloudTrigger'
	| 'voipcloudCallHistoryTrigger'
	| 'kompaas'
	| 'kompaasTrigger'
	| 'threeCxWebApi'
	| 'threeCxWebhookTrigger'
	| 'pbxCallEvent';

export const CREDENTIAL_TYPES: Record<string, ICredentialType> = Object.fromEntries(
	[
		new VoipcloudApi(),
		new VoipcloudWebhookApi(),
		new KompaasApi(),
		new KompaasWebhookApi(),
		new ThreeCxWebApiCredential(),
		new ThreeCxWebhookApi(),
	].map((type) => [type.name, type]),
);

/** Adds a node type that exists only in the tests (its name starts with `test`). */
export function registerTestNodeType(type: INodeType & { description: { name: `test${string}` } }) {
	NODE_TYPES[`${PACKAGE}.${type.description.name}`] = type;
}

function nodeType(name: string): INodeType {
	const type = NODE_TYPES[name];
	if (!type) throw new Error(`No node type ${name} in this package`);
	return type;
}

const nodeTypes: INodeTypes = {
	getByName: (name) => nodeType(name),
	getByNameAndVersion: (name) => nodeType(name),
	getKnownTypes: () => ({}),
};

/** What n8n logged while a test ran: the nodes' `this.logger` and the engine's own lines. */
export interface LogEntry {
	level: 'debug' | 'info' | 'warn' | 'error';
	message: string;
}

const logs: LogEntry[] = [];
/** Logs of contexts that are still being read by a test. */
const sinks = new Set<LogEntry[]>();
const record = (level: LogEntry['level']) => (message: string) => {
	logs.push({ level, message });
	for (const sink of sinks) sink.push({ level, message });
};
const recordingLogger = {
	debug: record('debug'),
	info: record('info'),
	warn: record('warn'),
	error: record('error'),
	scoped() {
		return recordingLogger;
	},
};
Container.set(Logger, recordingLogger);
// n8n reports node errors to Sentry as well as into the execution; the tests read the execution.
Container.set(ErrorReporter, { error() {}, warn() {}, info() {} } as unknown as ErrorReporter);

/** The log lines written since `from` (an index into the log, as `logMark()` gives it). */
export function logsSince(from: number): LogEntry[] {
	return logs.slice(from);
}

export function logMark(): number {
	return logs.length;
}

/** Stored credentials by type, as n8n would decrypt them: every unset field has its default. */
export type StoredCredentials = Record<string, IDataObject>;

export function withDefaults(type: string, data: IDataObject): ICredentialDataDecryptedObject {
	const credentialType = CREDENTIAL_TYPES[type];
	if (!credentialType) throw new Error(`No credential type ${type} in this package`);
	const filled: ICredentialDataDecryptedObject = {};
	for (const property of credentialType.properties) {
		if (property.type === 'notice') continue;
		filled[property.name] = property.default as ICredentialDataDecryptedObject[string];
	}
	return { ...filled, ...(data as ICredentialDataDecryptedObject) };
}

/**
 * n8n's credentials helper for this package's types: a function `authenticate` is called as is;
 * a generic one has its expressions resolved against the credential by the workflow's own
 * expression engine and written into the request.
 *
 * Why a copy: n8n-core exports no code for either thing this file re-states, the generic
 * `authenticate` here and the credential test's rules in `testCredential`. Both live in n8n's CLI
 * package (`CredentialsHelper.authenticate` in packages/cli/src/credentials-helper.ts,
 * `CredentialsTester.testCredentials` in packages/cli/src/services/credentials-tester.service.ts),
 * which is no dev dependency: it needs Node 24 and native modules, and is installed only in the e2e
 * runtime. test/tooling/n8nEngine.test.ts runs n8n's own CredentialsHelper there and holds this
 * copy to it. The rules cannot be held so: n8n's tester builds its run from n8n's database
 * (WorkflowExecuteAdditionalData.getBase); `testCredential` follows n8n 2.41.1's rule order and
 * messages, and the e2e tests run the credential tests of VoIPcloud and 3CX through the real CLI.
 */
class PackageCredentialsHelper extends ICredentialsHelper {
	/** The credential types the node loaded, in order. */
	readonly loaded: string[] = [];

	constructor(private readonly stored: StoredCredentials) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = CREDENTIAL_TYPES[typeName] ?? {};
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions);
		}
		if (authenticate?.type !== 'generic') return requestOptions;
		if (!workflow || !node) throw new Error('A generic authenticate needs the workflow and node');
		const resolve = (value: string) =>
			isExpression(value)
				? String(
						workflow.expression.getSimpleParameterValue(
							node,
							value,
							'internal',
							{ $credentials: credentials },
							undefined,
							'',
						) ?? '',
					)
				: value;
		const target = requestOptions as unknown as Record<string, Record<string, string>>;
		for (const [section, entries] of Object.entries(authenticate.properties)) {
			target[section] ??= {};
			for (const [key, value] of Object.entries(entries as Record<string, string>)) {
				target[section][resolve(key)] = resolve(String(value));
			}
		}
		return requestOptions;
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('The tests hold credentials decrypted only');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: unknown,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		this.loaded.push(type);
		const data = this.stored[type];
		if (data === undefined) throw new Error(`No stored credential of type ${type}`);
		return withDefaults(type, data);
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return CREDENTIAL_TYPES[type]?.properties ?? [];
	}
}

/**
 * The request a credential type's `authenticate` makes of `request` in these tests, in a workflow
 * of one node (test/tooling/n8nEngine.test.ts holds it to n8n's own CredentialsHelper).
 */
export async function authenticatedRequest(
	type: string,
	data: IDataObject,
	request: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const node: INode = {
		id: 'authenticate',
		name: 'Authenticate',
		type: 'authenticate',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const noProperties: INodeType = { description: { properties: [] } } as unknown as INodeType;
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: {
			getByName: () => noProperties,
			getByNameAndVersion: () => noProperties,
			getKnownTypes: () => ({}),
		},
	});
	return await new PackageCredentialsHelper({}).authenticate(
		withDefaults(type, data),
		type,
		structuredClone(request),
		workflow,
		node,
	);
}

/** Where n8n serves production and test webhooks in these tests. */
export const WEBHOOK_BASE_URL = 'http://127.0.0.1:5678/webhook';
export const WEBHOOK_TEST_BASE_URL = 'http://127.0.0.1:5678/webhook-test';

function workflowBase(nodes: INode[]): IWorkflowBase {
	return {
		id: 'test-workflow',
		name: 'Calls',
		active: false,
		isArchived: false,
		nodes,
		connections: {},
		settings: {},
		createdAt: new Date(),
		updatedAt: new Date(),
	} as IWorkflowBase;
}

function additionalData(
	credentials: StoredCredentials,
	extra: Partial<IWorkflowExecuteAdditionalData> = {},
): IWorkflowExecuteAdditionalData {
	return {
		executionId: 'test-execution',
		credentialsHelper: new PackageCredentialsHelper(credentials),
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		webhookBaseUrl: WEBHOOK_BASE_URL,
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: WEBHOOK_TEST_BASE_URL,
		currentNodeParameters: undefined,
		variables: {},
		...extra,
	} as IWorkflowExecuteAdditionalData;
}

/** The node of a workflow: one of this package's types, with its credentials' names set. */
export interface NodeSetup {
	type: NodeTypeName;
	/** The node's parameters as saved in the workflow (plain JSON). */
	parameters?: IDataObject;
	/** Stored credentials by type; the node refers to each. */
	credentials?: StoredCredentials;
	/**
	 * The id of the stored credential the node refers to, by type (`<type>-1` unless given; null
	 * for none). A type here that `credentials` lacks is one n8n cannot load.
	 */
	credentialIds?: Record<string, string | null>;
	/** Node settings as the editor saves them. */
	settings?: Partial<
		Pick<
			INode,
			'continueOnFail' | 'onError' | 'retryOnFail' | 'maxTries' | 'waitBetweenTries' | 'webhookId'
		>
	>;
	name?: string;
	/**
	 * The workflow's settings. Its time zone is UTC unless given, as on an instance with
	 * GENERIC_TIMEZONE=UTC: the scenarios' PBX times are written in UTC.
	 */
	workflowSettings?: IWorkflowSettings;
}

export const WEBHOOK_ID = '5b2c1f0e-8d7a-4c3b-9e21-0a1b2c3d4e5f';

function buildNode({
	type,
	parameters = {},
	credentials = {},
	credentialIds = {},
	settings = {},
	name,
}: NodeSetup) {
	const description = nodeType(`${PACKAGE}.${type}`).description;
	const node: INode = {
		id: 'node-under-test',
		name: name ?? description.defaults.name ?? description.displayName,
		type: `${PACKAGE}.${type}`,
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INodeParameters,
		credentials: Object.fromEntries(
			[...new Set([...Object.keys(credentials), ...Object.keys(credentialIds)])].map(
				(credentialType) => [
					credentialType,
					{
						id:
							credentialIds[credentialType] === undefined
								? `${credentialType}-1`
								: credentialIds[credentialType],
						name: `${credentialType} account`,
					},
				],
			),
		),
		...(description.webhooks ? { webhookId: WEBHOOK_ID } : {}),
		...settings,
	};
	return node;
}

/**
 * A workflow of one node of this package. The Workflow applies the node's parameter defaults,
 * as n8n does when it loads a saved workflow.
 */
function workflowOf(
	node: INode,
	staticData?: IDataObject,
	settings: IWorkflowSettings = {},
): Workflow {
	return new Workflow({
		id: 'test-workflow',
		name: 'Calls',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
		staticData,
		settings: { timezone: 'UTC', ...settings },
	});
}

/**
 * Parameters for several input items. n8n gives a node one set of parameters; what differs
 * between items is written as an expression that picks the item's value by `$itemIndex`.
 */
export function perItem(sets: IDataObject[]): IDataObject {
	const names = new Set(sets.flatMap((set) => Object.keys(set)));
	const parameters: IDataObject = {};
	for (const name of names) {
		const values = sets.map((set) => set[name]);
		const isObject = (value: unknown) =>
			typeof value === 'object' && value !== null && !Array.isArray(value);
		if (values.every((value) => JSON.stringify(value) === JSON.stringify(values[0]))) {
			parameters[name] = values[0];
		} else if (values.every((value) => value === undefined || isObject(value))) {
			// A collection: n8n resolves expressions inside it, not one in its place.
			parameters[name] = perItem(values.map((value) => (value ?? {}) as IDataObject));
		} else {
			parameters[name] =
				`={{ ${JSON.stringify(values.map((value) => value ?? null))}[$itemIndex] }}`;
		}
	}
	return parameters;
}

export interface ActionRun {
	/** The node's output items (its first output). */
	items: INodeExecutionData[];
	json: IDataObject[];
	/** Every output's items (a node with a second output, the PBX Call Event's Refused). */
	outputs: INodeExecutionData[][];
	/** The error the node stopped with, as n8n records it in the execution. */
	error?: ExecutionError & IDataObject;
}

export interface ActionSetup extends Omit<NodeSetup, 'parameters'> {
	/** One set of parameters, or one per input item (see `perItem`). */
	parameters: IDataObject | IDataObject[];
	/** Input items; one `{}` per parameter set when not given. */
	input?: INodeExecutionData[];
	mode?: WorkflowExecuteMode;
}

/** Runs an action node of this package as a one-node workflow through n8n's WorkflowExecute. */
export async function runActionNode(setup: ActionSetup): Promise<ActionRun> {
	const sets = Array.isArray(setup.parameters) ? setup.parameters : [setup.parameters];
	const parameters = sets.length === 1 ? sets[0] : perItem(sets);
	const node = buildNode({ ...setup, parameters });
	const workflow = workflowOf(node, undefined, setup.workflowSettings);
	const mode = setup.mode ?? 'manual';
	const hooks = new ExecutionLifecycleHooks(mode, 'test-execution', workflowBase([node]));
	const input = setup.input ?? sets.map(() => ({ json: {} }));
	const runExecutionData = {
		startData: {},
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			nodeExecutionStack: [
				{ node: workflow.getNode(node.name) as INode, data: { main: [input] }, source: null },
			],
			waitingExecution: {},
			waitingExecutionSource: null,
		},
	} as unknown as IRunExecutionData;
	const data = additionalData(setup.credentials ?? {}, { hooks });
	const run = await new WorkflowExecute(data, mode, runExecutionData).processRunExecutionData(
		workflow,
	);
	const task = run.data.resultData.runData[node.name]?.[0];
	const items = task?.data?.main[0] ?? [];
	return {
		items,
		json: items.map((item) => item.json),
		outputs: (task?.data?.main ?? []).map((output) => output ?? []),
		error: (task?.error ?? run.data.resultData.error) as ActionRun['error'],
	};
}

/** The error an action node stops with; fails the test when it does not stop. */
export async function actionNodeError(setup: ActionSetup): Promise<ExecutionError & IDataObject> {
	const { error, json } = await runActionNode(setup);
	if (!error) throw new Error(`The node did not fail: ${JSON.stringify(json).slice(0, 300)}`);
	return error;
}

/**
 * Tests a credential as n8n's credential test does: a `test` request on the type runs through
 * n8n-core's RoutingNode with the credential applied and is judged by the type's rules; a
 * credential tested by a node (`testedBy`) runs that node's function.
 */
export async function testCredential(
	type: string,
	data: IDataObject,
): Promise<INodeCredentialTestResult> {
	const credentialType = CREDENTIAL_TYPES[type];
	const decrypted: ICredentialsDecrypted = {
		id: `${type}-1`,
		name: `${type} account`,
		type,
		data: withDefaults(type, data),
	};
	if (!credentialType.test) {
		const tester = Object.values(NODE_TYPES)
			.flatMap((node) =>
				(node.description.credentials ?? []).map((credential) => ({ node, credential })),
			)
			.find(({ credential }) => credential.name === type && credential.testedBy);
		const name = tester?.credential.testedBy;
		const test = typeof name === 'string' ? tester?.node.methods?.credentialTest?.[name] : null;
		if (!test) throw new Error(`Nothing tests the credential type ${type}`);
		return await test.call(new CredentialTestContext(), decrypted);
	}

	const testNodeType: INodeType = {
		description: {
			displayName: 'Credential Test',
			name: 'credentialTest',
			group: ['output'],
			version: 1,
			description: '',
			defaults: {},
			inputs: [],
			outputs: [],
			credentials: [{ name: type, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					default: '',
					routing: { request: credentialType.test.request },
				},
			],
		},
	};
	const node: INode = {
		id: 'credential-test',
		name: 'Credential Test',
		type: 'credentialTest',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [type]: { id: decrypted.id, name: decrypted.name } },
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: {
			getByName: () => testNodeType,
			getByNameAndVersion: () => testNodeType,
			getKnownTypes: () => ({}),
		},
	});
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData({ [type]: data }),
		'internal',
		{ resultData: { runData: {} } } as unknown as IRunExecutionData,
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await new RoutingNode(context, testNodeType, decrypted).runNode();
	} catch (error) {
		const status = (error as { cause?: { response?: { status?: number } } }).cause?.response
			?.status;
		if (status === undefined) {
			const code = (error as { cause?: { code?: string } }).cause?.code;
			return { status: 'Error', message: code ?? (error as Error).message };
		}
		const rule = credentialType.test.rules?.find(
			(candidate) => candidate.type === 'responseCode' && candidate.properties.value === status,
		);
		if (rule) return { status: 'Error', message: String(rule.properties.message) };
		if (status < 199 || status > 299) {
			const statusText = (error as { cause?: { response?: { statusText?: string } } }).cause
				?.response?.statusText;
			return { status: 'Error', message: statusText || `Received HTTP status code: ${status}` };
		}
	}
	const body = response?.[0]?.[0]?.json ?? {};
	for (const rule of credentialType.test.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const { key, value, message } = rule.properties;
		if (NodeHelpers.getParameterValueByPath(body as INodeParameters, key, '') === value) {
			return { status: 'Error', message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/** One HTTP request to a trigger's URL, as n8n's Express hands it to the node. */
export interface WebhookRequest {
	/** POST unless given; a method the trigger does not declare goes to its first webhook. */
	method?: string;
	/** The body exactly as sent: a string or bytes; objects and arrays are sent as JSON. */
	body?: unknown;
	/** text/plain for a string body, application/json otherwise, unless given. */
	contentType?: string;
	headers?: Record<string, string | string[]>;
	/** The query as n8n's Express parses it. */
	query?: IDataObject;
	/** The client's address. */
	ip?: string;
	/** The body cannot be read: reading it fails with this message (the sender went away). */
	readError?: string;
	/** n8n has not read the body yet: it is read when the trigger calls `readRawBody`. */
	bodyUnread?: boolean;
}

/** What the trigger answered when it answered itself (a refusal). */
export interface WebhookResponse {
	statusCode?: number;
	jsonBody?: unknown;
	ended: boolean;
}

export interface WebhookSetup extends NodeSetup {
	request: WebhookRequest;
	/** The node's static data, as n8n keeps it for the workflow; changes stay visible. */
	staticData?: IDataObject;
	/** Test URL (`manual`) or production (`webhook`). */
	mode?: WorkflowExecuteMode;
}

export interface WebhookCall {
	result: IWebhookResponseData;
	response: WebhookResponse;
	logs: LogEntry[];
	/** The credential types the trigger loaded for this request. */
	credentialTypes: string[];
	/** How often the trigger called the request's `readRawBody`. */
	bodyReads: number;
}

function bodyBytes(body: unknown): Buffer {
	if (body === undefined) return Buffer.alloc(0);
	if (Buffer.isBuffer(body)) return body;
	return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
}

/**
 * The request as n8n's webhook server passes it for a trigger that reads the raw body (the
 * package's triggers set `options.binaryData`): headers in lower case, the parsed query, the raw
 * bytes, an empty parsed body.
 */
function expressRequest(request: WebhookRequest, reads: { count: number }) {
	const bytes = bodyBytes(request.body);
	const headers: Record<string, string | string[]> = {};
	for (const [name, value] of Object.entries(request.headers ?? {})) {
		headers[name.toLowerCase()] = value;
	}
	if (bytes.length > 0 && headers['content-type'] === undefined) {
		headers['content-type'] =
			request.contentType ??
			(typeof request.body === 'string' || Buffer.isBuffer(request.body)
				? 'text/plain'
				: 'application/json');
	}
	const unread = request.readError !== undefined || request.bodyUnread === true;
	// n8n's request reads its body once, on the first call; later calls change nothing.
	const expressed: { rawBody: Buffer | undefined; readRawBody: () => Promise<void> } = {
		rawBody: unread ? undefined : bytes,
		readRawBody: async () => {
			reads.count++;
			if (request.readError !== undefined) throw new Error(request.readError);
			expressed.rawBody ??= bytes;
		},
	};
	return Object.assign(expressed, {
		method: request.method ?? 'POST',
		headers,
		query: request.query ?? {},
		params: {},
		body: {},
		...(request.ip === undefined ? {} : { ip: request.ip, socket: { remoteAddress: request.ip } }),
	});
}

function expressResponse(response: WebhookResponse) {
	const res = {
		status(code: number) {
			response.statusCode = code;
			return res;
		},
		json(body: unknown) {
			response.jsonBody = body;
			return res;
		},
		end() {
			response.ended = true;
			return res;
		},
	};
	return res;
}

/** Key of a node's static data in the workflow's, as n8n stores it. */
export function staticDataKey(nodeName: string): string {
	return `node:${nodeName}`;
}

/** Hands one request to a trigger's webhook() in n8n-core's WebhookContext. */
export async function callWebhook(setup: WebhookSetup): Promise<WebhookCall> {
	const node = buildNode(setup);
	const staticData: IDataObject = {};
	if (setup.staticData) staticData[staticDataKey(node.name)] = setup.staticData;
	const workflow = workflowOf(node, staticData, setup.workflowSettings);
	const type = nodeType(node.type);
	const method = setup.request.method ?? 'POST';
	// n8n routes only the methods a trigger declares; another method (the fuzzer sends any) goes
	// to the first webhook, so that webhook() itself is probed with it.
	const webhookDescription =
		type.description.webhooks?.find((webhook) => webhook.httpMethod === method) ??
		type.description.webhooks?.[0];
	if (!webhookDescription || !type.webhook) throw new Error(`${node.type} takes no ${method}`);
	const response: WebhookResponse = { ended: false };
	const reads = { count: 0 };
	const data = additionalData(setup.credentials ?? {}, {
		httpRequest: expressRequest(setup.request, reads) as never,
		httpResponse: expressResponse(response) as never,
	});
	const webhookData = {
		httpMethod: method,
		node: node.name,
		path: String(webhookDescription.path),
		webhookDescription,
		workflowId: 'test-workflow',
		workflowExecuteAdditionalData: data,
		webhookId: WEBHOOK_ID,
	} as IWebhookData;
	const context = new WebhookContext(
		workflow,
		node,
		data,
		setup.mode ?? 'webhook',
		webhookData,
		[],
		null,
	);
	const mark = logMark();
	const result = await type.webhook.call(context);
	const { loaded } = data.credentialsHelper as PackageCredentialsHelper;
	return {
		result,
		response,
		logs: logsSince(mark),
		credentialTypes: loaded,
		bodyReads: reads.count,
	};
}

export interface HookSetup extends NodeSetup {
	/** The node's static data; the hooks change it in place, as n8n then saves it. */
	staticData?: IDataObject;
	activation?: WorkflowActivateMode;
	/** Where n8n serves production webhooks (its WEBHOOK_URL), when not the default. */
	webhookBaseUrl?: string;
	workflowName?: string;
}

export const PRODUCTION_URL = `${WEBHOOK_BASE_URL}/${WEBHOOK_ID}`;
export const TEST_URL = `${WEBHOOK_TEST_BASE_URL}/${WEBHOOK_ID}`;

/**
 * A trigger's webhookMethods (checkExists, create, delete) in n8n-core's HookContext: test
 * listening (`manual`) uses the test URL, anything else the production URL.
 */
export function hookContext(setup: HookSetup) {
	const node = buildNode(setup);
	const staticData = setup.staticData ?? {};
	const workflow = new Workflow({
		id: 'test-workflow',
		name: setup.workflowName ?? 'Calls',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		staticData: { [staticDataKey(node.name)]: staticData },
	});
	const activation = setup.activation ?? 'activate';
	const mode: WorkflowExecuteMode = activation === 'manual' ? 'manual' : 'trigger';
	const data = additionalData(setup.credentials ?? {}, {
		webhookBaseUrl: setup.webhookBaseUrl ?? WEBHOOK_BASE_URL,
	});
	const webhookDescription = nodeType(node.type).description.webhooks?.find(
		(webhook) => webhook.name === 'default',
	);
	// n8n's test webhooks hand the hooks the webhook they listen on, marked as a test.
	const testWebhook =
		activation === 'manual' && webhookDescription
			? ({
					httpMethod: webhookDescription.httpMethod,
					node: node.name,
					path: String(webhookDescription.path),
					webhookDescription,
					workflowId: 'test-workflow',
					workflowExecuteAdditionalData: data,
					webhookId: WEBHOOK_ID,
					isTest: true,
				} as IWebhookData)
			: undefined;
	const context = new HookContext(workflow, node, data, mode, activation, testWebhook);
	const logged: LogEntry[] = [];
	sinks.add(logged);
	return {
		context,
		/** The node's static data (the object the hooks change). */
		staticData,
		/** What was logged from now on, by these hooks or anything else. */
		logs: logged,
	};
}

/** A node's `loadOptions` method as the editor calls it (n8n-core's LoadOptionsContext). */
export async function loadOptions(
	setup: NodeSetup,
	method: string,
	path = 'parameters',
): Promise<INodePropertyOptions[]> {
	const node = buildNode(setup);
	const type = nodeType(node.type);
	const load = type.methods?.loadOptions?.[method];
	if (!load) throw new Error(`${node.type} has no loadOptions method ${method}`);
	const context = new LoadOptionsContext(
		workflowOf(node),
		node,
		additionalData(setup.credentials ?? {}),
		path,
	);
	return await load.call(context);
}

export interface PollSetup extends NodeSetup {
	/** The node's static data; the poll changes it in place, as n8n then saves it. */
	staticData?: IDataObject;
	/** `manual` for "Fetch Test Event", `trigger` for a published workflow's polls. */
	mode?: 'manual' | 'trigger';
	/** `activate` for the poll n8n runs when the workflow is published, else `init` (a scheduled poll). */
	activation?: WorkflowActivateMode;
}

export interface PollRun {
	/** The items the poll emitted, or null when it emitted nothing. */
	items: IDataObject[] | null;
	staticData: IDataObject;
	logs: LogEntry[];
}

/** One run of a polling trigger's poll() in n8n-core's PollContext. */
export async function runPoll(setup: PollSetup): Promise<PollRun> {
	const node = buildNode(setup);
	const staticData = setup.staticData ?? {};
	const workflow = new Workflow({
		id: 'test-workflow',
		name: 'Calls',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		staticData: { [staticDataKey(node.name)]: staticData },
	});
	const type = nodeType(node.type);
	if (!type.poll) throw new Error(`${node.type} does not poll`);
	const context = new PollContext(
		workflow,
		node,
		additionalData(setup.credentials ?? {}),
		setup.mode ?? 'trigger',
		setup.activation ?? 'init',
	);
	const mark = logMark();
	const result = await type.poll.call(context);
	return {
		items: result === null ? null : result[0].map((item) => item.json),
		staticData,
		logs: logsSince(mark),
	};
}
