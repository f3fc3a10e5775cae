// Faults the fake PBX APIs can serve instead of an answer, for the fault-matrix tests:
//   { hang: true }                 accept the request and never answer (the socket stays open)
//   { destroy: true }              close the connection without an answer
//   { status, body?, headers?, contentType? }
//                                  any answer: a 5xx, a 401, a 429 with or without Retry-After,
//                                  an HTML page or cut-short JSON with status 200
// A fake keeps a queue of them (failNext) and serves the next one to the next API request.

/**
 * @typedef {{ hang?: boolean, destroy?: boolean, status?: number, body?: unknown, headers?: Record<string, string>, contentType?: string }} Fault
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
	res.writeHead(fault.status ?? 200, { 'content-type': contentType, ...fault.headers });
	res.end(body);
	return true;
}

module.exports = { serveFault };
