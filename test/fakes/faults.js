// Faults the fake PBX APIs can serve instead of an answer, for the fault-matrix tests:
//   { hang: true }                 accept the request and never answer (the socket stays open)
//   { destroy: true }              close the connection without an answer
//   { status, body?, headers?, contentType? }
//                                  any answer: a 5xx, a 401, a 429 with or without Retry-After,
//                                  an HTML page or cut-short JSON with status 200
//   { trickle: { body, everyMs } } status 200 JSON headers at once, then the body one byte per
//                                  `everyMs` (a slow or stalling server)
//   { endless: true }              status 200 JSON headers, then chunks of a JSON list forever
//   { status, body, gzip: true }   the body gzip-compressed (content-encoding: gzip)
// A fake keeps a queue of them (failNext) and serves the next one to the next API request.

/**
 * @typedef {{ hang?: boolean, destroy?: boolean, trickle?: { body: string, everyMs: number }, endless?: boolean, gzip?: boolean, status?: number, body?: unknown, headers?: Record<string, string>, contentType?: string }} Fault
 */

/**
 * Serves `fault` on `res`. Returns true when it did (the request is handled).
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {Fault | undefined | null} fault
 */
function serveFault(req, res, fault) {
	if (!fault) return false;
	if (fault.hang) return true;
	if (fault.destroy) {
		req.socket.destroy();
		return true;
	}
	if (fault.trickle) {
		const text = Buffer.from(String(fault.trickle.body));
		res.writeHead(200, { 'content-type': 'application/json' });
		let sent = 0;
		const timer = setInterval(() => {
			if (res.destroyed || sent >= text.length) {
				clearInterval(timer);
				if (!res.destroyed) res.end();
				return;
			}
			res.write(text.subarray(sent, sent + 1));
			sent++;
		}, fault.trickle.everyMs);
		res.on('close', () => clearInterval(timer));
		return true;
	}
	if (fault.endless) {
		res.writeHead(200, { 'content-type': 'application/json' });
		res.write('[');
		const timer = setInterval(() => {
			if (res.destroyed) return clearInterval(timer);
			res.write('{"unique_call_id":"1"},'.repeat(100));
		}, 20);
		res.on('close', () => clearInterval(timer));
		return true;
	}
	const body =
		fault.body === undefined
			? ''
			: typeof fault.body === 'string' || Buffer.isBuffer(fault.body)
				? fault.body
				: JSON.stringify(fault.body);
	const contentType =
		fault.contentType ??
		(typeof fault.body === 'object' && !Buffer.isBuffer(fault.body)
			? 'application/json'
			: 'text/plain');
	if (fault.gzip) {
		const zipped = require('node:zlib').gzipSync(body);
		res.writeHead(fault.status ?? 200, {
			'content-type': contentType,
			'content-encoding': 'gzip',
			...fault.headers,
		});
		res.end(zipped);
		return true;
	}
	res.writeHead(fault.status ?? 200, { 'content-type': contentType, ...fault.headers });
	res.end(body);
	return true;
}

module.exports = { serveFault };
