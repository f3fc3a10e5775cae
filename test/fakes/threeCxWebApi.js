// A fake 3CX WebAPI add-on on 127.0.0.1 (ephemeral port), as Creomate's WebAPI docs describe it
// (https://creomate.com/3cx-api-documentation, /3cx-dialer-bundle):
//   GET /webapi/<key>/                    → 200 license information (JSON)
//   GET /webapi/<key>/makecall?first=<extension>&second=<number>[&contact=<device>&timeout=<ms>]
//                                         → 200 {"chid": "<call chain id>"}; every call is recorded
//   GET /webapi/recording/<name>.mp3|.wav → 200 audio bytes, audio/mpeg or audio/wav
// Not documented by the vendor, chosen for the fake: a wrong key → 401 {"error":"Invalid access key"};
// makecall without first or second → 400 {"error":"…"}; an unknown path → 404 {"error":"Not found"}.
// With `tls: true` it serves HTTPS with a fresh self-signed certificate, as the add-on's port 5001 does.
const { execFileSync } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const { serveFault } = require('./faults');

const AUDIO_TYPES = { mp3: 'audio/mpeg', wav: 'audio/wav' };

/** A few bytes that start like the real format, different for each file name. */
function audioBytes(name, extension) {
	const tag = Buffer.from(name, 'utf8');
	if (extension === 'wav') {
		const header = Buffer.alloc(12);
		header.write('RIFF', 0, 'ascii');
		header.writeUInt32LE(4 + tag.length, 4);
		header.write('WAVE', 8, 'ascii');
		return Buffer.concat([header, tag]);
	}
	return Buffer.concat([Buffer.from('ID3\u0004\u0000\u0000', 'latin1'), tag]);
}

function selfSignedCertificate() {
	const dir = mkdtempSync(join(tmpdir(), 'fake-3cx-tls-'));
	try {
		execFileSync(
			'openssl',
			[
				'req',
				'-x509',
				'-newkey',
				'rsa:2048',
				'-nodes',
				'-days',
				'1',
				'-subj',
				'/CN=127.0.0.1',
				'-addext',
				'subjectAltName=IP:127.0.0.1',
				'-keyout',
				join(dir, 'key.pem'),
				'-out',
				join(dir, 'cert.pem'),
			],
			{ stdio: 'ignore' },
		);
		return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * @typedef {{ first: string, second: string, contact: string | null, timeout: string | null, chid: string }} FakeCall
 * @typedef {{ method: string, path: string }} FakeRequest
 * @typedef {{
 *   url: string,
 *   key: string,
 *   calls: FakeCall[],
 *   requests: FakeRequest[],
 *   setRecording: (name: string, file: { body: Buffer, contentType: string }) => void,
 *   failNext: (...faults: import('./faults').Fault[]) => void,
 *   clearFaults: () => void,
 *   close: () => Promise<void>,
 * }} FakeThreeCxWebApi
 */

/**
 * @param {{ key?: string, tls?: boolean }} [options]
 * @returns {Promise<FakeThreeCxWebApi>}
 */
async function startThreeCxWebApi({
	key = `key${randomUUID().replace(/-/g, '')}`,
	tls = false,
} = {}) {
	/** @type {FakeCall[]} */
	const calls = [];
	/** @type {FakeRequest[]} */
	const requests = [];
	const recordings = new Map();
	/** @type {import('./faults').Fault[]} */
	const failures = [];

	const handler = (req, res) => {
		const url = new URL(req.url, 'http://127.0.0.1');
		requests.push({ method: req.method, path: url.pathname });
		const send = (status, body, contentType = 'application/json') => {
			res.writeHead(status, { 'content-type': contentType });
			res.end(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
		};
		if (req.method !== 'GET') return send(405, { error: 'Method not allowed' });
		if (serveFault(req, res, failures.shift())) return;

		const recording = /^\/webapi\/recording\/([^/]+)$/.exec(url.pathname);
		if (recording) {
			const name = decodeURIComponent(recording[1]);
			const stored = recordings.get(name);
			if (stored) return send(200, stored.body, stored.contentType);
			const extension = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
			if (!AUDIO_TYPES[extension]) return send(404, { error: 'Not found' });
			return send(200, audioBytes(name, extension), AUDIO_TYPES[extension]);
		}

		const method = /^\/webapi\/([^/]+)\/(.*)$/.exec(url.pathname);
		if (!method) return send(404, { error: 'Not found' });
		if (decodeURIComponent(method[1]) !== key) return send(401, { error: 'Invalid access key' });
		if (method[2] === '') {
			return send(200, {
				product: '3CX REST API',
				version: 'fake',
				release: 'Webhooks',
				api: true,
			});
		}
		if (method[2] === 'makecall') {
			const first = url.searchParams.get('first');
			const second = url.searchParams.get('second');
			if (!first || !second) return send(400, { error: 'first and second are required' });
			const chid = `00000000-${randomUUID().slice(9)}`;
			calls.push({
				first,
				second,
				contact: url.searchParams.get('contact'),
				timeout: url.searchParams.get('timeout'),
				chid,
			});
			return send(200, { chid });
		}
		return send(404, { error: 'Not found' });
	};

	const server = tls
		? https.createServer(selfSignedCertificate(), handler)
		: http.createServer(handler);
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();
	return {
		url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
		key,
		calls,
		requests,
		setRecording: (name, file) => recordings.set(name, file),
		/** Serves these faults (see faults.js) to the next requests, in order. */
		failNext: (...faults) => failures.push(...faults),
		/** Forgets faults not served yet. */
		clearFaults: () => {
			failures.length = 0;
		},
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	};
}

module.exports = { startThreeCxWebApi };
