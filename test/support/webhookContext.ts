// A hand-built n8n IWebhookFunctions for driving a trigger node's webhook() in unit tests: one
// request (headers, raw body and the body n8n parses from it, query), the node's parameters,
// credentials by type, workflow static data, a logger and a response that records what was sent.
import type { IDataObject, INode, IWebhookFunctions } from 'n8n-workflow';

export interface WebhookRequestOptions {
	method?: 'GET' | 'POST';
	/** The body exactly as sent (a string or bytes); objects and arrays are sent as JSON. */
	body?: unknown;
	/** Defaults to text/plain for a string body and application/json otherwise. */
	contentType?: string;
	/** Request headers; content-type is added whenever there is a body. */
	headers?: Record<string, string | string[]>;
	/** The query as n8n parses it. */
	query?: IDataObject;
	/** Read by getNodeParameter(name, fallback); missing names give the fallback. */
	parameters?: IDataObject;
	/** Credentials by type; asking for any other type throws, as n8n does. */
	credentials?: Record<string, IDataObject>;
	/** The client address (request.ip and socket.remoteAddress); left out when not given. */
	ip?: string;
	/** What getWorkflowStaticData() returns; a fresh empty object when not given. */
	staticData?: IDataObject;
	/** Parse a JSON body the way n8n does (true), or leave request.body empty ({}). */
	parseBody?: boolean;
	/** Record end() calls as `ended` on the response (true), or leave `ended` out. */
	recordEnd?: boolean;
	node?: Partial<INode>;
}

export interface WebhookResponse {
	statusCode?: number;
	jsonBody?: unknown;
	/** Present unless recordEnd is false. */
	ended?: boolean;
}

const NODE: INode = {
	id: 'trigger-node',
	name: 'Trigger',
	type: 'n8n-nodes-pbx.trigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function bodyBytes(body: unknown): Buffer {
	if (body === undefined) return Buffer.alloc(0);
	if (Buffer.isBuffer(body)) return body;
	return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
}

function parseJson(text: string, contentType: string): unknown {
	if (!contentType.includes('json')) return {};
	try {
		return JSON.parse(text);
	} catch {
		return {};
	}
}

/** The fake context, the response it records, credential types asked for and warnings logged. */
export function webhookContext(options: WebhookRequestOptions) {
	const bytes = bodyBytes(options.body);
	const text = bytes.toString('utf8');
	const contentType =
		options.contentType ??
		(typeof options.body === 'string' || Buffer.isBuffer(options.body)
			? 'text/plain'
			: 'application/json');
	const body = options.parseBody === false ? {} : parseJson(text, contentType);
	const headers: Record<string, string | string[]> = { ...options.headers };
	if (text !== '' && !('content-type' in headers)) headers['content-type'] = contentType;
	const query = options.query ?? {};
	const parameters = options.parameters ?? {};
	const node: INode = { ...NODE, ...options.node };

	const recordEnd = options.recordEnd !== false;
	const response: WebhookResponse = recordEnd ? { ended: false } : {};
	const responseObject = {
		status(code: number) {
			response.statusCode = code;
			return responseObject;
		},
		json(jsonBody: unknown) {
			response.jsonBody = jsonBody;
			return responseObject;
		},
		end() {
			if (recordEnd) response.ended = true;
			return responseObject;
		},
	};
	const credentialTypes: string[] = [];
	const warnings: string[] = [];
	const address =
		options.ip === undefined ? {} : { ip: options.ip, socket: { remoteAddress: options.ip } };

	const context = {
		getNode: () => node,
		getHeaderData: () => headers,
		getRequestObject: () => ({
			method: options.method ?? 'POST',
			headers,
			query,
			body,
			rawBody: bytes,
			...address,
		}),
		getResponseObject: () => responseObject,
		getQueryData: () => query,
		getNodeParameter: (name: string, fallback?: unknown) =>
			name in parameters ? parameters[name] : fallback,
		getWorkflowStaticData: () => options.staticData ?? {},
		getCredentials: async (type: string) => {
			credentialTypes.push(type);
			const credentials = options.credentials?.[type];
			if (credentials === undefined) throw new Error(`No credential of type ${type}`);
			return credentials;
		},
		logger: {
			warn: (message: string) => warnings.push(message),
			error: (message: string) => warnings.push(message),
		},
	};
	return {
		context: context as unknown as IWebhookFunctions,
		response,
		credentialTypes,
		warnings,
	};
}
