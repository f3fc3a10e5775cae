// An HTTP server on 127.0.0.1 that answers 200 to anything and records what it got: the stand-in
// for a host that must never be contacted (a URL taken from a webhook payload).
const { createServer } = require('node:http');

/** @returns {Promise<{ url: string, requests: Array<{ method: string, url: string, headers: object }>, close: () => Promise<void> }>} */
async function startRecorder() {
	const requests = [];
	const server = createServer((req, res) => {
		requests.push({ method: req.method, url: req.url, headers: { ...req.headers } });
		res.writeHead(200, { 'content-type': 'audio/mpeg' });
		res.end('ID3');
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}`,
		requests,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	};
}

module.exports = { startRecorder };
