// The running n8n that test/e2e/globalSetup.js started, for the e2e test files.
const { readFileSync } = require('node:fs');

const { N8nApi, rememberOwnerCookie } = require('./n8n');

function e2eContext() {
	const file = process.env.PBX_E2E_STATE;
	if (!file)
		throw new Error('No e2e state: run the e2e tests through jest (globalSetup starts n8n)');
	const state = JSON.parse(readFileSync(file, 'utf8'));
	rememberOwnerCookie(state.baseUrl, state.ownerCookie);
	return { ...state, api: new N8nApi(state.baseUrl, state.apiKey) };
}

module.exports = { e2eContext };
