// Sends webhook requests the way each PBX does (headers, method, body format), with undici.
const { request } = require('undici');

const { buildKompaasRequest } = require('../fakes/kompaasApi');

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
	// KOMPaaS: what the KOMPaaS Trigger registers (POST, JSON of all variables, the secret in the
	// X-N8n-Webhook-Secret header), built by the fake KOMPaaS's own sender. A string body is sent
	// as free text.
	kompaas: ({ body, token, url }) =>
		buildKompaasRequest(
			{
				url,
				method: 'post',
				bodyDataType: typeof body === 'string' ? 'text' : 'json',
				allVariables: typeof body !== 'string',
				body: typeof body === 'string' ? body : null,
				headers: token === undefined ? {} : { 'X-N8n-Webhook-Secret': token },
			},
			typeof body === 'string' ? {} : body,
		),
};

async function sendWebhook(url, { method = 'POST', headers = {}, body }) {
	const res = await request(url, { method, headers, body });
	return { status: res.statusCode, text: await res.body.text() };
}

/** One PBX event (or a raw body string) to a trigger URL, as the PBX would send it. */
function sendPbxEvent(pbx, url, { body, token }) {
	const build = PBX_REQUESTS[pbx];
	if (!build) throw new Error(`No sender for PBX "${pbx}"`);
	const built = build({ body, token, url });
	return sendWebhook(built.url ?? url, built);
}

/**
 * Replays a rendered scenario step by step; resolves with each step's HTTP answer.
 * @param {{ pbx: string, steps: Array<{ body: unknown }> }} scenario
 * @param {{ url: string, token?: string, delayMs?: number, onStep?: Function }} options
 * @returns {Promise<Array<{ status: number, text: string }>>}
 */
async function sendScenario(scenario, { url, token, delayMs = 0, onStep }) {
	const answers = [];
	for (const [index, step] of scenario.steps.entries()) {
		const answer = await sendPbxEvent(scenario.pbx, url, { body: step.body, token });
		answers.push(answer);
		if (onStep) onStep(step, answer, index);
		if (delayMs > 0 && index < scenario.steps.length - 1) {
			await new Promise((done) => setTimeout(done, delayMs));
		}
	}
	return answers;
}

module.exports = { sendPbxEvent, sendScenario, sendWebhook, pbxNames: Object.keys(PBX_REQUESTS) };
