// A node context for calling a node's helper functions directly, without n8n-core: its
// parameters, its credential, and authenticated requests sent over real HTTP to a fake PBX API on
// 127.0.0.1 with the headers the credential type sets (each credential's authenticate is held to
// n8n's in test/unit/credentials). For the functions' own behaviour; the nodes' runs in n8n go
// through test/support/n8nEngine.ts.
import type { IAllExecuteFunctions, IDataObject, IHttpRequestOptions, INode } from 'n8n-workflow';

export interface DirectContextSetup {
	credentials: IDataObject;
	/** The headers the credential type's authenticate adds. */
	authHeaders: (credentials: IDataObject) => Record<string, string>;
	parameters?: IDataObject;
	/** The node's static data (a trigger's registration). */
	staticData?: IDataObject;
	/** The webhook request as n8n's Express gives it (its `ip`, its socket). */
	request?: IDataObject;
}

export interface DirectContext {
	context: IAllExecuteFunctions;
	/** What the node logged at info level. */
	logged: string[];
	/** What it logged at warn level. */
	warned: string[];
}

const node: INode = {
	id: 'direct',
	name: 'Node',
	type: 'n8n-nodes-pbx.direct',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

export function directContext(setup: DirectContextSetup): DirectContext {
	const logged: string[] = [];
	const warned: string[] = [];
	/** A parameter by its path, as `options.timeout`. */
	const parameter = (path: string) =>
		path
			.split('.')
			.reduce<unknown>((value, key) => (value as IDataObject | undefined)?.[key], setup.parameters);
	async function httpRequestWithAuthentication(_type: string, options: IHttpRequestOptions) {
		const url = new URL(options.url);
		for (const [name, value] of Object.entries(options.qs ?? {}))
			url.searchParams.set(name, String(value));
		const response = await fetch(url, {
			method: options.method,
			headers: {
				...(options.headers as Record<string, string>),
				...setup.authHeaders(setup.credentials),
				...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
			},
			body: options.body === undefined ? undefined : JSON.stringify(options.body),
			redirect: 'manual',
			signal: AbortSignal.timeout(options.timeout ?? 5000),
		});
		return {
			statusCode: response.status,
			headers: Object.fromEntries(response.headers),
			body: Buffer.from(await response.arrayBuffer()),
		};
	}
	const context = {
		getNode: () => node,
		getCredentials: async () => setup.credentials,
		getNodeParameter: (name: string, fallback?: unknown) => parameter(name) ?? fallback,
		getWorkflowStaticData: () => setup.staticData ?? {},
		getRequestObject: () => setup.request ?? {},
		logger: {
			info: (message: string) => logged.push(message),
			warn: (message: string) => warned.push(message),
		},
		helpers: { httpRequestWithAuthentication },
	} as unknown as IAllExecuteFunctions;
	return { context, logged, warned };
}

/** The KOMPaaS API credential for a fake KOMPaaS API, and the headers its authenticate sets. */
export function kompaasApiCredentials(fake: { token: string; baseUrl: string }) {
	return {
		credentials: { apiToken: fake.token, accountId: '', baseUrl: fake.baseUrl },
		authHeaders: (credentials: IDataObject) => ({
			authorization: `Bearer ${String(credentials.apiToken)}`,
			'x-account-id': String(credentials.accountId),
		}),
	};
}
