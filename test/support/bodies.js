// Response bodies as n8n's HTTP client hands them over (streams), for tests that stand in for the
// client: whole, arriving late, cut off, or endless.
const { PassThrough, Readable } = require('node:stream');

/** A body that sends these chunks and ends. */
function bodyOf(...chunks) {
	return Readable.from(chunks, { objectMode: false });
}

/**
 * A body that has begun (`first` sent) and sends nothing more until told. It ignores an error
 * nobody listens for, so that a reader that stopped listening fails its test rather than crash
 * the test process.
 */
function openBody(first) {
	const body = new PassThrough();
	body.on('error', () => undefined);
	if (first !== undefined) body.write(first);
	return body;
}

/** A body of `count` one-megabyte chunks, then its end; `sent()` says how many were read. */
function megabytes(count) {
	const chunk = Buffer.alloc(1024 * 1024, 32);
	let sent = 0;
	const body = new Readable({
		read() {
			sent++;
			this.push(sent > count ? null : chunk);
		},
	});
	return Object.assign(body, { sent: () => sent });
}

module.exports = { bodyOf, openBody, megabytes };
