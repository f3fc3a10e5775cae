// Response bodies for the scripted servers of tests of the shared HTTP plumbing.
const { Readable } = require('node:stream');

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

module.exports = { megabytes };
