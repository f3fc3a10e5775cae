// The queue-mode deployment that test/queue/globalSetup.js started, for the queue-mode tests.
const { mkdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const { N8nApi } = require('./n8n');
const { startQueueN8n } = require('./queueN8n');

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

/**
 * A second queue-mode deployment for tests that stop and restart its processes (the suite's
 * must stay up for the other test files): its own database on the suite's PostgreSQL, its own
 * Redis, the tarball globalSetup packed.
 * @param {ReturnType<typeof queueContext>} context
 * @param {string} name
 */
async function startDedicatedQueueN8n(context, name) {
	const dir = join(context.workDir, name);
	mkdirSync(dir, { recursive: true });
	return await startQueueN8n({
		dir,
		tarball: context.tarball,
		postgres: context.postgres,
		database: `n8n_${name.replace(/\W/g, '_')}`,
	});
}

module.exports = { queueContext, startDedicatedQueueN8n };
