// Sends webhook requests the way each PBX does (headers, method, body format), with undici.
const { Agent, request } = require('undici');

const { buildKompaasRequest } = require('../fakes/kompaasApi');
const { creomateGetParams, k2mRecordingUrl, THREECX_SECRET_PARAMETER } = require('./threeCxForms');

/**
 * How a step is sent: 'json' (a JSON POST, the default), 'query' (the PBX's GET scheme, when it
 * has one) or 'text' (the body string POSTed as text/plain).
 * @typedef {'json' | 'query' | 'text'} SendForm
 */

const PBX_REQUESTS = {
	// VoIPcloud: JSON POST, secret in the X-Pbx-Token header.
	voipcloud: ({ body, token }) => ({
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			'user-agent': 'VoIPcloud-Webhook',
			...(token === undefined ? {} : { 'x-pbx-token': token }),
		},
		body: typeof body === 'string' ? body : JSON.stringify(body),
	}),
	// KOMPaaS: what the KOMPaaS Trigger registers (a JSON POST of all variables, the secret in the
	// X-N8n-Webhook-Secret header), built by the fake KOMPaaS's own sender. 'query' is a GET
	// webhook (variables in the query), 'text' a text webhook; a string body is sent as text.
	kompaas: ({ url, body, token, form = 'json' }) =>
		buildKompaasRequest(
			{
				url,
				method: form === 'query' ? 'get' : 'post',
				bodyDataType: form === 'text' || typeof body === 'string' ? 'text' : 'json',
				allVariables: typeof body !== 'string',
				body: typeof body === 'string' ? body : null,
				headers: token === undefined ? {} : { 'X-N8n-Webhook-Secret': token },
			},
			typeof body === 'string' ? {} : body,
		),
	// 3CX Webhook add-ons: secret appended to the URL. 'json' is K2M's POST scheme (capitalised
	// keys); 'query' is Creomate's GET scheme (lowercase keys, its spellings), whose recordings
	// arrive as a bare URL POSTed as the body.
	'3cx': ({ url, body, token, form = 'json', query }) => {
		const target =
			token === undefined ? url : withQuery(url, { [THREECX_SECRET_PARAMETER]: token });
		const recordingUrl = form === 'query' ? k2mRecordingUrl(body) : null;
		if (form === 'text' || recordingUrl !== null) {
			return {
				url: target,
				method: 'POST',
				headers: { 'content-type': 'text/plain' },
				body: recordingUrl ?? String(body),
			};
		}
		if (form === 'query') {
			return { url: withQuery(target, creomateGetParams(body, query)), method: 'GET', headers: {} };
		}
		return {
			url: target,
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: typeof body === 'string' ? body : JSON.stringify(body),
		};
	},
};

function withQuery(url, params) {
	const search = new URLSearchParams(params).toString();
	if (search === '') return url;
	return `${url}${url.includes('?') ? '&' : '?'}${search}`;
}

/** One undici Agent per local address a test sends from (any of 127.0.0.0/8 works on Linux). */
const agentsByAddress = new Map();
function agentFrom(localAddress) {
	if (!agentsByAddress.has(localAddress)) {
		agentsByAddress.set(localAddress, new Agent({ localAddress }));
	}
	return agentsByAddress.get(localAddress);
}

/**
 * @param {string} url
 * @param {{ method?: string, headers?: Record<string, string>, body?: string, from?: string }} options
 *   `from`: the loopback address to send from (a PBX's address, e.g. 127.0.0.2)
 * @returns {Promise<{ status: number, text: string }>}
 */
async function sendWebhook(url, { method = 'POST', headers = {}, body, from }) {
	const dispatcher = from === undefined ? undefined : agentFrom(from);
	const res = await request(url, { method, headers, body, dispatcher });
	return { status: res.statusCode, text: await res.body.text() };
}

/**
 * One PBX event (or a raw body string) to a trigger URL, as the PBX would send it.
 * @param {string} pbx
 * @param {string} url
 * @param {{ body: unknown, token?: string, form?: SendForm, query?: Record<string, string> }} event
 */
function sendPbxEvent(pbx, url, { body, token, form, query }) {
	const { url: target, ...options } = buildPbxRequest(pbx, url, { body, token, form, query });
	return sendWebhook(target, options);
}

/**
 * The request a PBX sends for one event, without sending it (the unit tests hand it to a
 * trigger in-process).
 * @param {string} pbx
 * @param {string} url
 * @param {{ body: unknown, token?: string, form?: string, query?: Record<string, unknown> }} event
 * @returns {{ url: string, method: string, headers: Record<string, string>, body?: string }}
 */
function buildPbxRequest(pbx, url, { body, token, form, query }) {
	const build = PBX_REQUESTS[pbx];
	if (!build) throw new Error(`No sender for PBX "${pbx}"`);
	const {
		url: target = url,
		method = 'POST',
		headers = {},
		...rest
	} = build({
		url,
		body,
		token,
		form,
		query,
	});
	return { url: target, method, headers, ...rest };
}

/**
 * Replays a rendered scenario step by step; resolves with each step's HTTP answer. A step's own
 * `form` wins over the `form` given here.
 * @param {{ pbx: string, steps: Array<{ body: unknown, form?: SendForm, query?: Record<string, string> }> }} scenario
 * @param {{ url: string, token?: string, form?: SendForm, delayMs?: number, onStep?: Function }} options
 * @returns {Promise<Array<{ status: number, text: string }>>}
 */
async function sendScenario(scenario, { url, token, form, delayMs = 0, onStep }) {
	const answers = [];
	for (const [index, step] of scenario.steps.entries()) {
		const answer = await sendPbxEvent(scenario.pbx, url, {
			body: step.body,
			token,
			form: step.form ?? form,
			query: step.query,
		});
		answers.push(answer);
		if (onStep) onStep(step, answer, index);
		if (delayMs > 0 && index < scenario.steps.length - 1) {
			await new Promise((done) => setTimeout(done, delayMs));
		}
	}
	return answers;
}

module.exports = {
	buildPbxRequest,
	sendPbxEvent,
	sendScenario,
	sendWebhook,
	pbxNames: Object.keys(PBX_REQUESTS),
};
