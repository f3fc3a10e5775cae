// An HTTP server on 127.0.0.1 that answers each request with the next scripted reply (a fault as
// faults.js describes it: an answer, a cut connection or silence; or a function answering as it
// likes) and records what it received.
// For tests of the shared HTTP plumbing, which no PBX fake exercises on its own.
const { createServer } = require('node:http');

const { serveFault } = require('./faults');

/**
 * @typedef {import('./faults').Fault | ((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void)} Fault
 * @typedef {{ method: string, url: string, headers: import('node:http').IncomingHttpHeaders, body: string }} Received
 */

/** Starts a server; set `replies` to script it (that also forgets what it received). */
async function startScriptedServer() {
	const sockets = new Set();
	/** @type {{ replies: Fault[], received: Received[] }} */
	const state = { replies: [], received: [] };
	const server = createServer((req, res) => {
		const received = {
			method: req.method ?? '',
			url: req.url ?? '',
			headers: req.headers,
			body: '',
		};
		state.received.push(received);
		const reply = state.replies.shift() ?? { status: 200, body: 'ok' };
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		// Answered once the request's body is in, so that it is recorded before the client sees an answer.
		req.on('end', () => {
			received.body = Buffer.concat(chunks).toString('utf8');
			if (typeof reply === 'function') reply(req, res);
			else serveFault(req, res, reply);
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	return {
		url: `http://127.0.0.1:${address.port}`,
		get replies() {
			return state.replies;
		},
		/** @param {Fault[]} replies */
		set replies(replies) {
			state.replies = [...replies];
			state.received = [];
		},
		get received() {
			return state.received;
		},
		async close() {
			for (const socket of sockets) socket.destroy();
			await new Promise((resolve) => server.close(() => resolve(undefined)));
		},
	};
}

module.exports = { startScriptedServer };
