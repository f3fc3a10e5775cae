// Two servers on 127.0.0.1 for redirect tests: `redirecting` answers every request with a 302 to
// the same path on `other`, which records what reached it (to prove no credential went there).
const http = require('node:http');

function listen(handler) {
	return new Promise((resolve) => {
		const server = http.createServer(handler);
		server.listen(0, '127.0.0.1', () => resolve(server));
	});
}

async function startRedirectingServers() {
	/** @type {Array<{ url: string, headers: import('node:http').IncomingHttpHeaders }>} */
	const reachedOther = [];
	const other = await listen((req, res) => {
		reachedOther.push({ url: req.url ?? '', headers: req.headers });
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end('{"ok":true,"code":200,"result":[]}');
	});
	const otherUrl = `http://127.0.0.1:${other.address().port}`;
	const redirecting = await listen((req, res) => {
		res.writeHead(302, { location: `${otherUrl}${req.url}` });
		res.end();
	});
	return {
		url: `http://127.0.0.1:${redirecting.address().port}`,
		reachedOther,
		close: () =>
			Promise.all([redirecting, other].map((s) => new Promise((resolve) => s.close(resolve)))),
	};
}

module.exports = { startRedirectingServers };
