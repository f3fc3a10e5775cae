const { stopN8n } = require('../support/n8n');

module.exports = async function globalTeardown() {
	await stopN8n(globalThis.__PBX_N8N__);
};
