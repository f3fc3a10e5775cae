// Workflows that run one of this package's action nodes in a real n8n. A Manual Trigger cannot
// be run through the public API, so n8n's own Webhook node starts the workflow and answers with
// the action node's items (responseMode "lastNode"); or a PBX trigger of this package feeds it.
const { randomUUID } = require('node:crypto');
const { request } = require('undici');

const { ownerCookie } = require('./n8n');
const { PACKAGE } = require('./workflows');

const wait = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * @param {{ name: string, nodeType: string, parameters: object, credentials: object,
 *   trigger?: { nodeType: string, webhookPath: string, parameters: object, credentials: object } }} options
 */
function actionWorkflow({ name, nodeType, parameters, credentials, trigger }) {
	const webhookId = randomUUID();
	const starter = trigger
		? {
				name: 'PBX Trigger',
				type: `${PACKAGE}.${trigger.nodeType}`,
				typeVersion: 1,
				parameters: trigger.parameters,
				credentials: trigger.credentials,
			}
		: {
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				parameters: {
					httpMethod: 'POST',
					path: webhookId,
					responseMode: 'lastNode',
					responseData: 'allEntries',
					options: {},
				},
			};
	const actionName = 'Action';
	return {
		path: trigger ? `${webhookId}/${trigger.webhookPath}` : webhookId,
		nodeName: actionName,
		workflow: {
			name,
			nodes: [
				{ id: randomUUID(), position: [0, 0], webhookId, ...starter },
				{
					id: randomUUID(),
					name: actionName,
					type: `${PACKAGE}.${nodeType}`,
					typeVersion: 1,
					position: [300, 0],
					parameters,
					credentials,
				},
			],
			connections: {
				[starter.name]: { main: [[{ node: actionName, type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all' },
		},
	};
}

/**
 * A CORS preflight answers 204 once n8n knows the webhook path and 404 before, and runs nothing.
 * @param {string} url
 */
async function waitForWebhookPath(url, { timeoutMs = 20_000 } = {}) {
	const started = Date.now();
	while (Date.now() - started < timeoutMs) {
		const res = await request(url, {
			method: 'OPTIONS',
			headers: { origin: 'http://127.0.0.1', 'access-control-request-method': 'POST' },
		});
		await res.body.text();
		if (res.statusCode === 204) return;
		await wait(200);
	}
	throw new Error(`${url} is still unknown to n8n after ${timeoutMs} ms`);
}

/**
 * Creates and activates the workflow; resolves once its production URL is served.
 * @returns {Promise<{ id: string, url: string, nodeName: string }>}
 */
async function publishActionWorkflow(context, options) {
	const built = actionWorkflow(options);
	const created = await context.api.createWorkflow(built.workflow);
	await context.api.activateWorkflow(created.id);
	const url = `${context.baseUrl}/webhook/${built.path}`;
	await waitForWebhookPath(url);
	return { id: created.id, url, nodeName: built.nodeName };
}

/**
 * Starts a Webhook-started workflow and waits for its answer: the action node's items.
 * @returns {Promise<{ status: number, body: any }>}
 */
async function runWebhookWorkflow(url, body = {}) {
	const res = await request(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	const text = await res.body.text();
	let parsed = text;
	try {
		parsed = JSON.parse(text);
	} catch {
		// not JSON: keep the text
	}
	return { status: res.statusCode, body: parsed };
}

/** A logged-in session of the owner, for the editor's REST API (e.g. credential tests). */
async function ownerSession(baseUrl) {
	const cookie = await ownerCookie(baseUrl);
	return {
		/**
		 * What the editor's "Test" button of a stored credential answers.
		 * @returns {Promise<{ status: string, message: string }>}
		 */
		async testCredential(credential, data) {
			const answer = await request(`${baseUrl}/rest/credentials/test`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie },
				body: JSON.stringify({ credentials: { ...credential, data } }),
			});
			const text = await answer.body.text();
			if (answer.statusCode >= 400) {
				throw new Error(`credential test → ${answer.statusCode}: ${text.slice(0, 300)}`);
			}
			return JSON.parse(text).data;
		},
		/**
		 * Binary data of an execution as the editor downloads it (e.g. a recording a worker stored).
		 * @returns {Promise<{ status: number, bytes: Buffer, contentType: string | undefined }>}
		 */
		async binaryData(id) {
			const query = new URLSearchParams({ id, action: 'download' });
			const answer = await request(`${baseUrl}/rest/binary-data?${query}`, {
				headers: { cookie },
			});
			const bytes = Buffer.from(await answer.body.arrayBuffer());
			return { status: answer.statusCode, bytes, contentType: answer.headers['content-type'] };
		},
	};
}

module.exports = {
	actionWorkflow,
	ownerSession,
	publishActionWorkflow,
	runWebhookWorkflow,
	waitForWebhookPath,
};
