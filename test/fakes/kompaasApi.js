// A fake KOMPaaS integration API on 127.0.0.1, for the tests and `npm run dev`: the documented
// paths under /api/protected/api/integration, Bearer + x-account-id checks, errors as HTTP 200
// with `ok: false` (as MCN's API helper documents), an events list, webhook storage, and a
// sender that delivers an event to every stored webhook exactly as it is configured.
const { createServer } = require('node:http');
const { request } = require('undici');

const { serveFault } = require('./faults');

const BASE_PATH = '/api/protected/api/integration';

/** The events list: the 10 call events of the webhook doc, plus others KOMPaaS offers. */
const EVENTS = [
	{ id: 101, name: 'VPBX: Incoming call start', code: 'VpbxInboundCallStart' },
	{ id: 102, name: 'VPBX: Ending an incoming call', code: 'VpbxInboundCallEnd' },
	{ id: 103, name: 'VPBX: starting an outgoing call', code: 'VpbxOutgoingStart' },
	{ id: 104, name: 'VPBX: Ending an outgoing call', code: 'VpbxOutgoingEnd' },
	{ id: 201, name: 'Starting a call in a queue', code: 'QUEUE_LINK_START' },
	{ id: 202, name: 'Ending a call in a queue', code: 'QUEUE_LINK_END' },
	{ id: 203, name: 'Starting a call to a subscriber in the queue', code: 'QueueCallStart' },
	{ id: 204, name: 'Completing a call to a subscriber in the queue', code: 'QueueCallEnd' },
	{ id: 301, name: 'Call recording file ready', code: 'record_upload_done' },
	{ id: 401, name: 'VPBX: Question-Answer element replica', code: 'SpeechKitDialog' },
	{ id: 501, name: 'SMS: incoming message', code: 'SmsIncoming' },
	{ id: 601, name: 'Flash Call: call made', code: 'FlashCallDone' },
];

/** The fields KOMPaaS's /webhook/create and /webhook/update take (kompaas-webhook-events.txt). */
const WEBHOOK_FIELDS = [
	'name',
	'url',
	'method',
	'headers',
	'body',
	'query',
	'logic',
	'event_id',
	'is_retriable',
	'bodyDataType',
	'filter_id',
	'allVariables',
	'ignore_response',
];

const wait = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * @typedef {{ webhookId: number, url: string, method: string, attempts: Array<number|string>, responses: string[], delivered: boolean }} Delivery
 * @typedef {Record<string, any>} StoredWebhook
 * @typedef {{ method: string, path: string, query: string, body?: object, account: string|null, ok: boolean, error?: string, abandoned?: Promise<void> }} ApiCall
 */

/**
 * A webhook with Retry on error (`is_retriable`, on by default in KOMPaaS) is sent again after a
 * failed delivery (no answer, or not 2xx): `maxAttempts` tries `retryDelayMs` apart, or, with
 * `retryDelaysMs`, once after each of those waits. KOMPaaS documents the retry but not its count or
 * intervals (README, "What is not confirmed about KOMPaaS").
 * @param {{ token?: string, accounts?: string[], events?: object[], maxAttempts?: number, retryDelayMs?: number, retryDelaysMs?: number[] }} [options]
 */
function createKompaasFake(options = {}) {
	const token = options.token ?? 'kompaas-fake-token-0123456789';
	const accounts = options.accounts ?? ['100001', '100002'];
	const events = options.events ?? EVENTS;
	const maxAttempts = options.maxAttempts ?? 3;
	const retryDelayMs = options.retryDelayMs ?? 100;
	const retryDelaysMs =
		options.retryDelaysMs ?? Array.from({ length: maxAttempts - 1 }, () => retryDelayMs);

	/** @type {Map<string, StoredWebhook[]>} */
	const store = new Map(accounts.map((account) => [account, []]));
	/** @type {ApiCall[]} */
	const calls = [];
	/** @type {Delivery[]} */
	const deliveries = [];
	/** @type {Array<{ path: string, mode: 'lose-answer' | 'fail' | 'hang' | 'drop' | import('./faults').Fault }>} */
	const failures = [];
	const sockets = new Set();
	let nextId = 1;
	let server = null;
	let port = null;

	function answer(res, status, body) {
		const text = JSON.stringify(body);
		res.writeHead(status, { 'content-type': 'application/json' });
		res.end(text);
	}

	function fail(error, name, type) {
		return { ok: false, error, ...(name ? { name } : {}), ...(type ? { type } : {}) };
	}

	/** Returns the account the request acts in, or the `ok: false` answer. */
	function authorise(req) {
		const auth = req.headers.authorization;
		if (!auth) return { error: fail('missing_header_param', 'Authorization') };
		if (auth !== `Bearer ${token}`)
			return { error: fail('invalid_param', 'Authorization', 'token') };
		const requested = String(req.headers['x-account-id'] ?? '').trim();
		if (requested === '') return { account: accounts[0] };
		if (!store.has(requested)) return { error: fail('invalid_param', 'x-account-id', 'account') };
		return { account: requested };
	}

	function validate(fields, { partial }) {
		for (const name of ['url', 'event_id']) {
			if (!partial && (fields[name] === undefined || fields[name] === null || fields[name] === ''))
				return fail('missing_body_param', name);
		}
		if (fields.url !== undefined && !/^https?:\/\//.test(String(fields.url)))
			return fail('invalid_param', 'url', 'url');
		if (
			fields.event_id !== undefined &&
			!events.some((e) => String(e.id) === String(fields.event_id))
		)
			return fail('invalid_param', 'event_id', 'event');
		if (
			fields.method !== undefined &&
			!['get', 'post'].includes(String(fields.method).toLowerCase())
		)
			return fail('invalid_param', 'method', 'enum');
		if (
			fields.bodyDataType !== undefined &&
			!['json', 'text'].includes(String(fields.bodyDataType).toLowerCase())
		)
			return fail('invalid_param', 'bodyDataType', 'enum');
		for (const name of ['headers', 'query']) {
			const value = fields[name];
			if (
				value !== undefined &&
				value !== null &&
				(typeof value !== 'object' || Array.isArray(value))
			)
				return fail('invalid_param', name, 'object');
		}
		return null;
	}

	function pick(body) {
		const fields = {};
		for (const name of WEBHOOK_FIELDS) if (body[name] !== undefined) fields[name] = body[name];
		return fields;
	}

	async function readJson(req) {
		const chunks = [];
		for await (const chunk of req) chunks.push(chunk);
		const text = Buffer.concat(chunks).toString('utf8').trim();
		if (text === '') return {};
		return JSON.parse(text);
	}

	/** One documented method: `{ result }` or `{ error }` (the ok:false body). */
	function route(name, params, body, webhooks) {
		const webhookById = () => {
			const id = params.get('webhook_id');
			if (id === null || id === '') return { error: fail('missing_query_param', 'webhook_id') };
			const webhook = webhooks.find((w) => String(w.id) === id);
			return webhook ? { webhook } : { error: fail('invalid_param', 'webhook_id', 'webhook') };
		};
		switch (name) {
			case 'GET /event/get':
				return { result: events };
			case 'GET /webhook/get':
				return { result: webhooks };
			case 'POST /webhook/create': {
				const fields = pick(body);
				const invalid = validate(fields, { partial: false });
				if (invalid) return { error: invalid };
				const webhook = {
					id: nextId++,
					name: '',
					method: 'get',
					headers: {},
					body: null,
					query: {},
					logic: {},
					is_retriable: true,
					bodyDataType: 'json',
					allVariables: false,
					ignore_response: false,
					...fields,
				};
				webhooks.push(webhook);
				return { result: webhook };
			}
			case 'POST /webhook/update': {
				const { webhook, error } = webhookById();
				if (error) return { error };
				const fields = pick(body);
				const invalid = validate(fields, { partial: true });
				if (invalid) return { error: invalid };
				Object.assign(webhook, fields);
				return { result: webhook };
			}
			case 'POST /webhook/duplicate': {
				const { webhook, error } = webhookById();
				if (error) return { error };
				const copy = { ...structuredClone(webhook), id: nextId++, name: `${webhook.name} (copy)` };
				webhooks.push(copy);
				return { result: copy };
			}
			default:
				return { error: fail('unknown') };
		}
	}

	async function handle(req, res) {
		const url = new URL(req.url, 'http://127.0.0.1');
		if (!url.pathname.startsWith(`${BASE_PATH}/`))
			return answer(res, 404, { message: 'Not found' });
		const path = url.pathname.slice(BASE_PATH.length);
		const call = { method: req.method, path, query: url.search, account: null, ok: false };
		calls.push(call);

		const { account, error } = authorise(req);
		if (error) {
			call.error = error.error;
			return answer(res, 200, error);
		}
		call.account = account;

		let body = {};
		if (req.method === 'POST') {
			try {
				body = await readJson(req);
				call.body = body;
			} catch {
				call.error = 'invalid_param';
				return answer(res, 200, fail('invalid_param', 'body', 'json'));
			}
		}
		const failure = failures.findIndex((f) => f.path === path || f.path === '*');
		const injected = failure >= 0 ? failures.splice(failure, 1)[0] : null;
		if (injected?.mode === 'drop') {
			// As if KOMPaaS were unreachable: the connection closes without an answer.
			call.error = 'dropped';
			req.socket.destroy();
			return;
		}
		if (injected?.mode === 'fail') {
			call.error = 'unknown';
			return answer(res, 200, fail('unknown'));
		}
		if (injected && typeof injected.mode === 'object') {
			call.error = 'fault';
			return serveFault(req, res, injected.mode);
		}

		const outcome = route(`${req.method} ${path}`, url.searchParams, body, store.get(account));
		if (outcome.error) {
			call.error = outcome.error.error;
			return answer(res, 200, outcome.error);
		}
		call.ok = true;
		if (injected?.mode === 'lose-answer') {
			// The change is stored, but the client never hears back.
			req.socket.destroy();
			return;
		}
		// The change is stored, and the answer never comes (the connection stays open until the
		// client gives up: `abandoned` resolves then).
		if (injected?.mode === 'hang') {
			call.abandoned = new Promise((resolve) => res.on('close', resolve));
			return;
		}
		answer(res, 200, { ok: true, result: outcome.result });
	}

	async function deliverTo(webhook, variables) {
		const built = buildKompaasRequest(webhook, variables);
		const tries = webhook.is_retriable === false ? 1 : retryDelaysMs.length + 1;
		const delivery = {
			webhookId: webhook.id,
			url: built.url,
			method: built.method,
			attempts: [],
			delivered: false,
			responses: [],
		};
		for (let attempt = 0; attempt < tries; attempt++) {
			try {
				const res = await request(built.url, {
					method: built.method,
					headers: built.headers,
					body: built.body,
				});
				const text = await res.body.text();
				delivery.attempts.push(res.statusCode);
				delivery.responses.push(text);
				if (res.statusCode >= 200 && res.statusCode < 300) {
					delivery.delivered = true;
					break;
				}
			} catch (error) {
				delivery.attempts.push(error.code || error.message);
			}
			if (attempt < tries - 1) await wait(retryDelaysMs[attempt]);
		}
		deliveries.push(delivery);
		return delivery;
	}

	return {
		token,
		accounts,
		events,
		calls,
		deliveries,
		get port() {
			return port;
		},
		get baseUrl() {
			return `http://127.0.0.1:${port}${BASE_PATH}`;
		},
		/** Starts listening (again) on 127.0.0.1; port 0 picks a free one. */
		listen(onPort = port ?? 0) {
			return new Promise((resolve, reject) => {
				server = createServer((req, res) => {
					handle(req, res).catch((error) => {
						if (!res.headersSent) answer(res, 500, { message: error.message });
					});
				});
				server.on('connection', (socket) => {
					sockets.add(socket);
					socket.on('close', () => sockets.delete(socket));
				});
				server.once('error', reject);
				server.listen(onPort, '127.0.0.1', () => {
					port = server.address().port;
					resolve(this);
				});
			});
		},
		/** Stops answering: connections are refused until listen() is called again. */
		close() {
			if (!server) return Promise.resolve();
			const closing = server;
			server = null;
			for (const socket of sockets) socket.destroy();
			return new Promise((resolve) => closing.close(() => resolve()));
		},
		/**
		 * The webhooks stored for an account (the live objects).
		 * @param {string} [account]
		 * @returns {StoredWebhook[]}
		 */
		webhooks(account = accounts[0]) {
			return store.get(account) ?? [];
		},
		eventId(code) {
			const event = events.find((e) => e.code === code);
			if (!event) throw new Error(`The fake lists no event ${code}`);
			return event.id;
		},
		/**
		 * The next `times` calls to `path` ('*': any path) fail: `fail` answers ok:false,
		 * `lose-answer` does the work but drops the reply, `hang` does the work and never answers,
		 * `drop` closes the connection unanswered; a fault object (faults.js) is served as it is,
		 * without doing the work.
		 * @param {string} path
		 * @param {'fail' | 'lose-answer' | 'hang' | 'drop' | import('./faults').Fault} [mode]
		 * @param {number} [times]
		 */
		failNext(path, mode = 'fail', times = 1) {
			for (let i = 0; i < times; i++) failures.push({ path, mode });
		},
		/** Forgets failures not served yet. */
		clearFailures() {
			failures.length = 0;
		},
		/**
		 * Sends one event to every webhook of the account subscribed to it, as KOMPaaS would.
		 * @returns {Promise<Delivery[]>}
		 */
		async deliver(code, variables, { account = accounts[0] } = {}) {
			const eventId = String(this.eventId(code));
			const targets = store.get(account).filter((w) => String(w.event_id) === eventId);
			return Promise.all(targets.map((webhook) => deliverTo(webhook, variables)));
		},
	};
}

/** `${{name}}` (or `${{a.b}}`) replaced by the event variable. */
function substitute(text, variables) {
	return String(text).replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_, name) => {
		const value = name.split('.').reduce((object, key) => object?.[key], variables);
		if (value === undefined || value === null) return '';
		return typeof value === 'object' ? JSON.stringify(value) : String(value);
	});
}

function substituteDeep(value, variables) {
	if (typeof value === 'string') return substitute(value, variables);
	if (Array.isArray(value)) return value.map((inner) => substituteDeep(inner, variables));
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value).map(([key, inner]) => [key, substituteDeep(inner, variables)]),
		);
	}
	return value;
}

/**
 * How KOMPaaS turns a webhook's settings and an event's variables into an HTTP request:
 * query parameters and headers with variables filled in; GET puts the variables in the query
 * (nested objects as JSON), POST sends them as JSON (merged under the body template) or as text.
 * @returns {{ url: string, method: string, headers: Record<string, string>, body?: string }}
 */
function buildKompaasRequest(webhook, variables) {
	const url = new URL(webhook.url);
	for (const [key, value] of Object.entries(webhook.query ?? {})) {
		url.searchParams.set(key, substitute(value, variables));
	}
	const headers = { 'user-agent': 'KOMPaaS-Webhooks (fake)' };
	for (const [key, value] of Object.entries(webhook.headers ?? {})) {
		headers[key] = substitute(value, variables);
	}
	const method = String(webhook.method ?? 'get').toUpperCase();
	if (method === 'GET') {
		if (webhook.allVariables) {
			for (const [key, value] of Object.entries(variables)) {
				if (value === undefined || value === null) continue;
				url.searchParams.set(
					key,
					typeof value === 'object' ? JSON.stringify(value) : String(value),
				);
			}
		}
		return { url: url.toString(), method, headers };
	}
	if (String(webhook.bodyDataType).toLowerCase() === 'text') {
		const template =
			webhook.body === null || webhook.body === undefined
				? ''
				: typeof webhook.body === 'string'
					? webhook.body
					: JSON.stringify(webhook.body);
		let body = substitute(template, variables);
		if (body === '' && webhook.allVariables) body = JSON.stringify(variables);
		headers['content-type'] = 'text/plain; charset=utf-8';
		return { url: url.toString(), method, headers, body };
	}
	let template = webhook.body ?? {};
	if (typeof template === 'string') template = template.trim() === '' ? {} : JSON.parse(template);
	const payload = webhook.allVariables
		? { ...variables, ...substituteDeep(template, variables) }
		: substituteDeep(template, variables);
	headers['content-type'] = 'application/json';
	return { url: url.toString(), method, headers, body: JSON.stringify(payload) };
}

module.exports = { BASE_PATH, EVENTS, WEBHOOK_FIELDS, buildKompaasRequest, createKompaasFake };
