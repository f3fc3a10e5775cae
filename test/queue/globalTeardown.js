const { getGlobalDispatcher } = require('undici');

const { reapLeftovers } = require('../support/queueN8n');

module.exports = async function globalTeardown() {
	const { cluster, postgres, workDir } = globalThis.__PBX_QUEUE__ ?? {};
	await cluster?.close();
	if (workDir) reapLeftovers(workDir);
	await postgres?.stop();
	// Keep-alive sockets to the stopped processes would otherwise hold jest open.
	await getGlobalDispatcher()
		.close()
		.catch(() => {});
};
