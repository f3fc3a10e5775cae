// The queue-mode deployment that test/queue/globalSetup.js started, for the queue-mode tests.
const { readFileSync } = require('node:fs');

const { N8nApi } = require('./n8n');

function queueContext() {
	const file = process.env.PBX_QUEUE_STATE;
	if (!file) {
		throw new Error(
			'No queue-mode state: run the queue tests through jest (globalSetup starts n8n)',
		);
	}
	const state = JSON.parse(readFileSync(file, 'utf8'));
	return { ...state, api: new N8nApi(state.baseUrl, state.apiKey) };
}

module.exports = { queueContext };
