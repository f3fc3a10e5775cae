const { getGlobalDispatcher } = require('undici');

module.exports = async function globalTeardown() {
	const { cluster, postgres } = globalThis.__PBX_QUEUE__ ?? {};
	await cluster?.close();
	await postgres?.stop();
	// Keep-alive sockets to the stopped processes would otherwise hold jest open.
	await getGlobalDispatcher()
		.close()
		.catch(() => {});
};
