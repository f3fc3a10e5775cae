// A fake VoIPcloud integration API on 127.0.0.1, for tests and `npm run dev`. It follows what
// is documented or seen in working clients (see README "VoIPcloud API" and
// /work/shared/research/vendors.md §1 API):
//   GET  /api/integration/{v1,v2}/get-user-calls | get-queue-calls | get-ringgroup-calls
//        ?sort_by=newest_first|oldest_first&from_date=YYYY-MM-DD&to_date=YYYY-MM-DD
//        &offset=&limit=&unique_call_id=&queues_names=a,b&ringgroups_names=a,b
//   POST /api/integration/{v1,v2}/call-to-number  user_number, number_to_call, caller_id
//        (JSON, multipart/form-data or x-www-form-urlencoded)
//   GET  /api/integration/{v1,v2}/get-system-status
// The key travels in the `token` header; a caller whose IP is not whitelisted, or with a wrong
// key, gets 401 "Not authorised". Answers use the `{ code, data }` envelope. Authenticated
// requests count against a fixed-window rate limit (100 per 15 minutes by default) answered
// with 429 and Retry-After.
// from_date and to_date filter on the day of call_start_at (the PBX's local time, as the rows
// carry it). Calls written with addCalls can appear late, as the PBX may write a long call's row
// only when it ends.
// Control paths for a human trying things out (no token): GET /__fake/calls,
// POST /__fake/whitelist?listed=false|true, POST /__fake/rate-limit/reset,
// POST /__fake/history/get-user-calls|get-queue-calls|get-ringgroup-calls?delayMs= (JSON rows).
const { createServer } = require('node:http');

const { serveFault } = require('./faults');

const API_PREFIX = /^\/api\/integration\/(v1|v2)\/([a-z-]+)\/?$/;
const E164 = /^\+[1-9]\d{1,14}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const USERS = [
	{ number: '101', name: 'Alice Agent' },
	{ number: '102', name: 'Bob Builder' },
	{ number: '103', name: 'Carol Chen' },
	{ number: '104', name: 'Dan Dao' },
];
const QUEUES = ['Sales', 'Support'];
const RING_GROUPS = ['Reception', 'After Hours'];
const COMPANY_DID = '+61280000100';
const CALLER_NAMES = ['Jane Citizen', 'John Smith', 'Mia Wong', 'Noah Brown', ''];

/** Small deterministic PRNG (mulberry32), so a seed always gives the same history. */
function random(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** `YYYY-MM-DD HH:mm:ss` in UTC, the naive date-time format the rows carry. */
function pbxTime(ms) {
	return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * Call history, newest first: user calls, queue calls and ring group calls spread evenly over
 * the `days` before `endAt`.
 * @param {{ userCalls?: number, queueCalls?: number, ringGroupCalls?: number, seed?: number, endAt?: number, days?: number }} options
 */
function generateHistory({
	userCalls = 250,
	queueCalls = 120,
	ringGroupCalls = 80,
	seed = 42,
	endAt = Date.UTC(2026, 10, 20, 18, 0, 0),
	days = 30,
} = {}) {
	const next = random(seed);
	const pick = (list) => list[Math.floor(next() * list.length)];
	const external = () => `+614${String(Math.floor(next() * 1e8)).padStart(8, '0')}`;
	const spread = (count, index) => endAt - Math.floor(((index + 0.5) * days * 86400000) / count);
	const callId = (ms, prefix, index) => `${Math.floor(ms / 1000)}.${prefix}${index}`;

	const user = Array.from({ length: userCalls }, (_, index) => {
		const startMs = spread(userCalls, index);
		const agent = pick(USERS);
		const outbound = next() < 0.35;
		const answered = outbound ? next() < 0.8 : next() < 0.75;
		const ring = 3 + Math.floor(next() * 25);
		const talk = answered ? 20 + Math.floor(next() * 600) : 0;
		const party = external();
		const type = outbound
			? 'user_outbound_completed'
			: answered
				? 'user_inbound_completed'
				: pick(['user_inbound_completed', 'user_inbound_missed']);
		return {
			unique_call_id: callId(startMs, 'u', index),
			type,
			caller_id: outbound ? COMPANY_DID : party,
			caller_name: outbound ? agent.name : pick(CALLER_NAMES),
			dest_number: outbound ? party : COMPANY_DID,
			user_name: agent.name,
			user_number: agent.number,
			call_start_at: pbxTime(startMs),
			connected_at: answered ? pbxTime(startMs + ring * 1000) : null,
			call_duration: ring + talk,
			conversation_duration: talk,
		};
	});

	const group = (count, prefix, nameField, names) =>
		Array.from({ length: count }, (_, index) => {
			const startMs = spread(count, index);
			const status = pick(['answered', 'answered', 'answered', 'abandoned', 'timedout']);
			const answered = status === 'answered';
			const agent = answered ? pick(USERS) : null;
			const wait = 5 + Math.floor(next() * 90);
			const talk = answered ? 30 + Math.floor(next() * 500) : 0;
			return {
				unique_call_id: callId(startMs, prefix, index),
				[nameField]: pick(names),
				callerid: external(),
				caller_name: pick(CALLER_NAMES),
				dest_number: COMPANY_DID,
				user_name: agent ? agent.name : null,
				user_number: agent ? agent.number : null,
				call_start_at: pbxTime(startMs),
				connected_at: answered ? pbxTime(startMs + wait * 1000) : null,
				call_duration: wait + talk,
				conversation_duration: talk,
				status,
			};
		});

	return {
		'get-user-calls': user,
		'get-queue-calls': group(queueCalls, 'q', 'queue_name', QUEUES),
		'get-ringgroup-calls': group(ringGroupCalls, 'r', 'ring_group_name', RING_GROUPS),
	};
}

function send(res, status, body, headers = {}) {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	res.writeHead(status, {
		'content-type': typeof body === 'string' ? 'text/plain' : 'application/json',
		...headers,
	});
	res.end(text);
}

function fail(res, status, message, headers) {
	send(res, status, { code: status, message }, headers);
}

/** Fields of a JSON, multipart/form-data or urlencoded body, and which of those it was. */
function readFields(contentType, text) {
	const type = (contentType || '').toLowerCase();
	if (type.includes('application/json')) {
		try {
			const data = JSON.parse(text);
			return { encoding: 'json', fields: data && typeof data === 'object' ? data : {} };
		} catch {
			return { encoding: 'json', fields: null };
		}
	}
	if (type.includes('multipart/form-data')) {
		const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
		const fields = {};
		if (!boundary) return { encoding: 'multipart', fields: null };
		for (const part of text.split(`--${boundary}`)) {
			const match = /name="([^"]+)"[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*)\r\n$/.exec(part);
			if (match) fields[match[1]] = match[2];
		}
		return { encoding: 'multipart', fields };
	}
	if (type.includes('application/x-www-form-urlencoded')) {
		return { encoding: 'urlencoded', fields: Object.fromEntries(new URLSearchParams(text)) };
	}
	return { encoding: 'unknown', fields: null };
}

function list(value) {
	return (value || '')
		.split(',')
		.map((name) => name.trim().toLowerCase())
		.filter(Boolean);
}

/**
 * Starts the fake API.
 * @param {object} [options]
 * @param {string} [options.token] the API key the fake accepts
 * @param {number} [options.port] 0 (default) for an ephemeral port
 * @param {{ userCalls?: number, queueCalls?: number, ringGroupCalls?: number, seed?: number, endAt?: number, days?: number }} [options.history]
 * @param {{ max: number, windowMs: number }} [options.rateLimit] default 100 per 15 minutes
 * @param {boolean} [options.sendRetryAfter] whether a 429 carries Retry-After (default true)
 * @param {number} [options.maxLimit] largest page served (default 10000)
 * @param {'cap' | 'reject'} [options.oversizedLimit] a larger `limit` is served as maxLimit rows (default) or refused with 422
 * @param {boolean} [options.whitelisted] whether 127.0.0.1 is on the API whitelist (default true)
 * @param {boolean} [options.ignoreOffset] serve the first page whatever the offset (default false)
 */
async function startVoipcloudApi(options = {}) {
	const state = {
		token: options.token ?? 'fake-voipcloud-api-key',
		whitelisted: options.whitelisted ?? true,
		rateLimit: options.rateLimit ?? { max: 100, windowMs: 15 * 60 * 1000 },
		sendRetryAfter: options.sendRetryAfter ?? true,
		maxLimit: options.maxLimit ?? 10000,
		oversizedLimit: options.oversizedLimit ?? 'cap',
		ignoreOffset: options.ignoreOffset ?? false,
		window: { startedAt: 0, count: 0 },
		users: USERS,
		history: generateHistory(options.history),
		/** Answers served instead of the real ones, first in first out. */
		failures: [],
	};
	/** When a row added by addCalls appears in the history (rows without an entry always do). */
	const visibleAt = new WeakMap();
	/** Every request the fake got, in order. */
	const requests = [];
	/** Every call-to-number request, with whether a call was placed. */
	const calls = [];

	function rateLimited() {
		const now = Date.now();
		const { max, windowMs } = state.rateLimit;
		if (now - state.window.startedAt >= windowMs) state.window = { startedAt: now, count: 0 };
		if (state.window.count >= max) {
			return Math.max(1, Math.ceil((state.window.startedAt + windowMs - now) / 1000));
		}
		state.window.count++;
		return 0;
	}

	function callHistory(res, endpoint, query) {
		const sort = query.get('sort_by') ?? 'newest_first';
		if (!['newest_first', 'oldest_first'].includes(sort))
			return fail(res, 422, 'sort_by must be newest_first or oldest_first');
		// A server that ignores offset serves the first page every time (a repeating page).
		const offset = query.has('offset') && !state.ignoreOffset ? Number(query.get('offset')) : 0;
		let limit = query.has('limit') ? Number(query.get('limit')) : 100;
		if (!Number.isInteger(offset) || offset < 0)
			return fail(res, 422, 'offset must be a whole number');
		if (!Number.isInteger(limit) || limit < 1)
			return fail(res, 422, 'limit must be a positive whole number');
		if (limit > state.maxLimit) {
			if (state.oversizedLimit === 'reject')
				return fail(res, 422, `limit must be at most ${state.maxLimit}`);
			limit = state.maxLimit;
		}
		const from = query.get('from_date');
		const to = query.get('to_date');
		for (const [name, day] of [
			['from_date', from],
			['to_date', to],
		]) {
			if (day !== null && !DAY.test(day)) return fail(res, 422, `${name} must be YYYY-MM-DD`);
		}
		const callId = query.get('unique_call_id');
		const queues = list(query.get('queues_names'));
		const ringGroups = list(query.get('ringgroups_names'));

		const now = Date.now();
		let rows = state.history[endpoint].filter((row) => {
			// A call the PBX has not written yet (see addCalls) is not in any answer.
			if ((visibleAt.get(row) ?? 0) > now) return false;
			const day = row.call_start_at.slice(0, 10);
			if (from !== null && day < from) return false;
			if (to !== null && day > to) return false;
			if (callId && row.unique_call_id !== callId) return false;
			if (queues.length && endpoint === 'get-queue-calls')
				return queues.includes(row.queue_name.toLowerCase());
			if (ringGroups.length && endpoint === 'get-ringgroup-calls')
				return ringGroups.includes(row.ring_group_name.toLowerCase());
			return true;
		});
		if (sort === 'oldest_first') rows = [...rows].reverse();
		send(res, 200, { code: 200, data: rows.slice(offset, offset + limit) });
	}

	function callToNumber(req, res, version, text) {
		const { encoding, fields } = readFields(req.headers['content-type'], text);
		const record = {
			version,
			encoding,
			contentType: req.headers['content-type'] ?? null,
			userNumber: fields?.user_number ?? null,
			numberToCall: fields?.number_to_call ?? null,
			callerId: fields?.caller_id ?? null,
			placed: false,
			at: new Date().toISOString(),
		};
		calls.push(record);
		if (fields === null) return fail(res, 400, 'The request body could not be read');
		const user = state.users.find((u) => u.number === String(record.userNumber ?? ''));
		if (!user) return fail(res, 422, 'user_number is not a user of this PBX');
		if (!E164.test(String(record.numberToCall ?? '')))
			return fail(res, 422, 'number_to_call must be in E.164 format');
		record.placed = true;
		send(res, 200, { code: 200, message: { status: 'success' } });
	}

	/**
	 * Writes calls to one list's history (e.g. "get-queue-calls"), kept newest first by
	 * call_start_at. With delayMs they appear only that long from now: the PBX writes a call late.
	 */
	function addCalls(endpoint, rows, { delayMs = 0 } = {}) {
		for (const row of rows) {
			if (delayMs > 0) visibleAt.set(row, Date.now() + delayMs);
			state.history[endpoint].push(row);
		}
		state.history[endpoint].sort((a, b) => b.call_start_at.localeCompare(a.call_start_at));
	}

	function control(req, res, url, text) {
		if (req.method === 'GET' && url.pathname === '/__fake/calls') return send(res, 200, calls);
		if (req.method === 'POST' && url.pathname === '/__fake/whitelist') {
			state.whitelisted = url.searchParams.get('listed') !== 'false';
			return send(res, 200, { whitelisted: state.whitelisted });
		}
		const added = /^\/__fake\/history\/(get-[a-z-]+-calls)$/.exec(url.pathname);
		if (req.method === 'POST' && added && added[1] in state.history) {
			const rows = JSON.parse(text || '[]');
			addCalls(added[1], rows, { delayMs: Number(url.searchParams.get('delayMs') ?? 0) });
			return send(res, 200, { added: rows.length });
		}
		if (req.method === 'POST' && url.pathname === '/__fake/rate-limit/reset') {
			state.window = { startedAt: 0, count: 0 };
			return send(res, 200, { reset: true });
		}
		fail(res, 404, 'Not found');
	}

	function handle(req, res, text) {
		const url = new URL(req.url, 'http://127.0.0.1');
		const route = API_PREFIX.exec(url.pathname);
		const record = {
			method: req.method,
			path: url.pathname,
			version: route?.[1] ?? null,
			endpoint: route?.[2] ?? null,
			query: Object.fromEntries(url.searchParams),
			headers: { ...req.headers },
			body: text,
			status: 0,
			at: Date.now(),
		};
		requests.push(record);
		res.once('finish', () => (record.status = res.statusCode));

		if (url.pathname.startsWith('/__fake/')) return control(req, res, url, text);
		if (!route) return fail(res, 404, 'Not found');
		if (!state.whitelisted || req.headers.token !== state.token)
			return fail(res, 401, 'Not authorised');

		const [, version, endpoint] = route;
		const wait = rateLimited();
		if (wait > 0) {
			if (endpoint === 'call-to-number') callToNumber429(version);
			return fail(
				res,
				429,
				'Too Many Requests',
				state.sendRetryAfter ? { 'retry-after': String(wait) } : {},
			);
		}
		const injected = state.failures.shift();
		if (injected) {
			if (endpoint === 'call-to-number') calls.push({ version, placed: null, fault: injected });
			return serveFault(req, res, injected);
		}

		const method = endpoint === 'call-to-number' ? 'POST' : 'GET';
		if (req.method !== method) return fail(res, 405, 'Method not allowed');
		if (endpoint in state.history) return callHistory(res, endpoint, url.searchParams);
		if (endpoint === 'call-to-number') return callToNumber(req, res, version, text);
		if (endpoint === 'get-system-status') {
			return send(res, 200, {
				code: 200,
				data: { status: 'online', users: state.users.length, time: new Date().toISOString() },
			});
		}
		fail(res, 404, 'Not found');
	}

	function callToNumber429(version) {
		calls.push({ version, placed: false, rateLimited: true, at: new Date().toISOString() });
	}

	const server = createServer((req, res) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', resolve);
	});
	const { port } = server.address();
	const url = `http://127.0.0.1:${port}`;

	return {
		url,
		port,
		token: state.token,
		state,
		requests,
		calls,
		addCalls,
		/** The API requests (not control requests) to one endpoint, e.g. "get-user-calls". */
		requestsTo: (endpoint) => requests.filter((r) => r.endpoint === endpoint),
		setWhitelisted(listed) {
			state.whitelisted = listed;
		},
		setRateLimit(rateLimit) {
			state.rateLimit = rateLimit;
			state.window = { startedAt: 0, count: 0 };
		},
		/**
		 * Serves these faults (see faults.js) to the next authenticated API requests, in order.
		 * @param {...(import('./faults').Fault | null)} answers null serves that request normally
		 */
		failNext(...answers) {
			state.failures.push(...answers);
		},
		/** Forgets the recorded requests and calls, the rate-limit window and pending failures. */
		reset() {
			requests.length = 0;
			calls.length = 0;
			state.failures.length = 0;
			state.window = { startedAt: 0, count: 0 };
			state.whitelisted = true;
			state.ignoreOffset = false;
		},
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	};
}

module.exports = { startVoipcloudApi, generateHistory, USERS, QUEUES, RING_GROUPS };
