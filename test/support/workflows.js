// Builds workflow JSON for the public API: one PBX trigger, its webhook id fixed so its URL
// is known before activation.
const { randomUUID } = require('node:crypto');

const PACKAGE = 'n8n-nodes-pbx';

function triggerWorkflow({ name, nodeType, parameters, credentials, webhookPath }) {
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
			],
			connections: {},
			settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all' },
		},
	};
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
