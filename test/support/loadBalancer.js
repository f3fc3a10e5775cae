// The load balancer in front of n8n's queue mode, as n8n's docs route it: production webhook
// paths to the pool of webhook processors (round robin), everything else (editor, REST and
// public API, /webhook-test/) to the main. Like any reverse proxy it appends the client's
// address to X-Forwarded-For, which n8n trusts for as many hops as N8N_PROXY_HOPS says.
// An upstream that cannot be reached is answered 502, as a real load balancer does.
const { Agent, createServer, request } = require('node:http');

const { freePort } = require('./n8n');

const WEBHOOK_PATHS = ['/webhook/', '/webhook-waiting/', '/form/', '/form-waiting/'];

function isWebhookPath(url) {
	return WEBHOOK_PATHS.some((prefix) => url.startsWith(prefix));
}

/**
 * @param {{ main: string, webhooks: string[] }} upstreams base URLs, e.g. http://127.0.0.1:5678
 * @returns {Promise<{ url: string, port: number, counts: { main: number, webhook: number, badGateway: number }, setUpstreams: Function, close: () => Promise<void> }>}
 */
async function startLoadBalancer(upstreams) {
	let pool = { ...upstreams };
	let next = 0;
	const counts = { main: 0, webhook: 0, badGateway: 0 };
	const agent = new Agent({ keepAlive: true });
	const sockets = new Set();

	const server = createServer((req, res) => {
		let target;
		if (isWebhookPath(req.url) && pool.webhooks.length > 0) {
			target = new URL(pool.webhooks[next++ % pool.webhooks.length]);
			counts.webhook++;
		} else {
			target = new URL(pool.main);
			counts.main++;
		}
		const client = req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '';
		const forwarded = req.headers['x-forwarded-for'];
		const headers = {
			...req.headers,
			'x-forwarded-for': forwarded ? `${forwarded}, ${client}` : client,
			'x-forwarded-proto': 'http',
			'x-forwarded-host': req.headers.host ?? '',
		};
		const upstream = request(
			{
				host: target.hostname,
				port: target.port,
				method: req.method,
				path: req.url,
				headers,
				agent,
			},
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		upstream.on('error', (error) => {
			counts.badGateway++;
			if (!res.headersSent) {
				res.writeHead(502, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ code: 502, message: `Bad gateway: ${error.message}` }));
			} else {
				res.destroy();
			}
		});
		req.pipe(upstream);
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.once('close', () => sockets.delete(socket));
	});
	server.keepAliveTimeout = 5_000;

	const port = await freePort();
	await new Promise((done) => server.listen(port, '127.0.0.1', done));
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		counts,
		/** Points the balancer at other processes (e.g. after a restart on new ports). */
		setUpstreams(replacement) {
			pool = { ...replacement };
		},
		async close() {
			await new Promise((done) => {
				server.close(() => done());
				for (const socket of sockets) socket.destroy();
			});
			agent.destroy();
		},
	};
}

module.exports = { startLoadBalancer, isWebhookPath };
