const { getGlobalDispatcher } = require('undici');

const { stopN8n } = require('../support/n8n');

module.exports = async function globalTeardown() {
	await stopN8n(globalThis.__PBX_N8N__);
	// Keep-alive sockets to the stopped n8n would otherwise hold jest open.
	await getGlobalDispatcher()
		.close()
		.catch(() => {});
};
