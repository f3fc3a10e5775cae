// Builds workflow JSON for the public API: one PBX trigger, its webhook id fixed so its URL
// is known before activation.
const { randomUUID } = require('node:crypto');

const PACKAGE = 'n8n-nodes-pbx';

/** `after`: nodes run after the trigger, in a chain (n8n node JSON without id/position). */
function triggerWorkflow({ name, nodeType, parameters, credentials, webhookPath, after = [] }) {
	const webhookId = randomUUID();
	const nodeName = 'PBX Trigger';
	return {
		webhookId,
		nodeName,
		path: `${webhookId}/${webhookPath}`,
		workflow: {
			name,
			nodes: [
				{
					id: randomUUID(),
					name: nodeName,
					type: `${PACKAGE}.${nodeType}`,
					typeVersion: 1,
					position: [0, 0],
					webhookId,
					parameters,
					credentials,
				},
				...after.map((node, index) => ({
					id: randomUUID(),
					typeVersion: 1,
					position: [220 * (index + 1), 0],
					...node,
				})),
			],
			connections: chain([nodeName, ...after.map((node) => node.name)]),
			settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all' },
		},
	};
}

function chain(names) {
	const connections = {};
	for (let i = 0; i + 1 < names.length; i++) {
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	}
	return connections;
}

/** Creates and activates the workflow; resolves once its production URL answers. */
async function publishTriggerWorkflow(context, options) {
	const { waitForWebhook } = require('./n8n');
	const built = triggerWorkflow(options);
	const created = await context.api.createWorkflow(built.workflow);
	await context.api.activateWorkflow(created.id);
	const url = `${context.baseUrl}/webhook/${built.path}`;
	await waitForWebhook(url);
	return { id: created.id, url, nodeName: built.nodeName };
}

module.exports = { PACKAGE, publishTriggerWorkflow, triggerWorkflow };
