// Redis and PostgreSQL from Debian's packages (`redis-server`, `postgresql`), started for n8n's
// queue mode on 127.0.0.1, each on a free port with its data in a folder of the caller's, and
// stopped by process id. `.ci/run` installs the packages when they are missing.
const { execFileSync, spawn } = require('node:child_process');
const {
	chmodSync,
	chownSync,
	createWriteStream,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	rmSync,
} = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { connect } = require('node:net');

const { freePort } = require('./n8n');

const wait = (ms) => new Promise((done) => setTimeout(done, ms));

function missing(what, pkg) {
	return new Error(
		`${what} not found: install Debian's ${pkg} package (apt-get install ${pkg}); .ci/run does`,
	);
}

/** The newest PostgreSQL server's bin folder of Debian's postgresql packages. */
function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root)
		? readdirSync(root)
				.filter((version) => existsSync(join(root, version, 'bin', 'postgres')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (versions.length === 0) throw missing('PostgreSQL server', 'postgresql');
	return join(root, versions[0], 'bin');
}

function redisServerBin() {
	for (const dir of (process.env.PATH ?? '').split(':').concat('/usr/bin', '/usr/sbin')) {
		if (dir && existsSync(join(dir, 'redis-server'))) return join(dir, 'redis-server');
	}
	throw missing('redis-server', 'redis-server');
}

/**
 * PostgreSQL refuses to run as root: as root, run it as Debian's `postgres` user, which the
 * package creates; as anyone else, as oneself.
 */
function postgresUser() {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
	const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
	return { uid: id('-u'), gid: id('-g') };
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port. */
async function waitForPort(port, child, what, logFile, timeoutMs = 60_000) {
	const started = Date.now();
	while (Date.now() - started < timeoutMs) {
		if (child.exitCode !== null)
			throw new Error(`${what} exited (${child.exitCode}); see ${logFile}`);
		const open = await new Promise((done) => {
			const socket = connect(port, '127.0.0.1');
			socket.once('connect', () => {
				socket.destroy();
				done(true);
			});
			socket.once('error', () => done(false));
		});
		if (open) return;
		await wait(100);
	}
	throw new Error(
		`${what} did not listen on 127.0.0.1:${port} within ${timeoutMs} ms; see ${logFile}`,
	);
}

function spawnService(bin, args, { logFile, ...options }) {
	const output = createWriteStream(logFile, { flags: 'a' });
	const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
	child.stdout.pipe(output);
	child.stderr.pipe(output);
	return child;
}

/** Stops a service by its process id: `signal`, then SIGKILL after 10 s. */
async function stopChild(child, signal = 'SIGTERM') {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((done) => child.once('exit', done));
	child.kill(signal);
	let timer;
	const late = new Promise((done) => (timer = setTimeout(() => done('late'), 10_000)));
	if ((await Promise.race([exited, late])) === 'late') child.kill('SIGKILL');
	clearTimeout(timer);
	await exited;
}

/**
 * redis-server on 127.0.0.1:<free port>, no persistence, its folder under `dir`.
 * @returns {Promise<{ port: number, host: string, stop: () => Promise<void> }>}
 */
async function startRedis(dir) {
	const bin = redisServerBin();
	const dataDir = join(dir, 'redis');
	mkdirSync(dataDir, { recursive: true });
	const port = await freePort();
	const logFile = join(dir, 'redis.log');
	const child = spawnService(
		bin,
		[
			'--bind',
			'127.0.0.1',
			'--port',
			String(port),
			'--dir',
			dataDir,
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'no',
			'--protected-mode',
			'yes',
		],
		{ logFile },
	);
	await waitForPort(port, child, 'redis-server', logFile);
	return { host: '127.0.0.1', port, pid: child.pid, logFile, stop: () => stopChild(child) };
}

/**
 * A new PostgreSQL cluster in a temp folder of its own (removed by `stop`), listening on
 * 127.0.0.1:<free port> only, with trust authentication for the user `n8n`: nothing but this
 * machine's loopback reaches it. Durability is off (fsync, synchronous_commit): the data is
 * thrown away after the run. Its log goes to `dir`.
 * @returns {Promise<{ host: string, port: number, user: string, createDatabase: (name: string) => void, stop: () => Promise<void> }>}
 */
async function startPostgres(dir) {
	const binDir = postgresBinDir();
	const user = postgresUser();
	// The postgres user must reach its data folder: a folder of its own, not one under `dir`.
	const home = mkdtempSync(join(tmpdir(), 'n8n-nodes-pbx-postgres-'));
	chmodSync(home, 0o755);
	const dataDir = join(home, 'data');
	mkdirSync(dataDir, { mode: 0o700 });
	if (user.uid !== undefined) chownSync(dataDir, user.uid, user.gid);
	mkdirSync(dir, { recursive: true });
	const logFile = join(dir, 'postgres.log');
	const spawnOptions = { ...user, cwd: dataDir, env: { ...process.env, LC_ALL: 'C' } };
	execFileSync(
		join(binDir, 'initdb'),
		['-D', dataDir, '-U', 'n8n', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions'],
		{ ...spawnOptions, stdio: ['ignore', 'ignore', 'pipe'] },
	);
	const port = await freePort();
	const child = spawnService(
		join(binDir, 'postgres'),
		[
			'-D',
			dataDir,
			'-p',
			String(port),
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			`unix_socket_directories=${dataDir}`,
			'-c',
			'max_connections=200',
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'full_page_writes=off',
		],
		{ ...spawnOptions, logFile },
	);
	await waitForPort(port, child, 'postgres', logFile);
	return {
		host: '127.0.0.1',
		port,
		user: 'n8n',
		logFile,
		/** The postmaster's process id (its backends are its children). */
		pid: child.pid,
		createDatabase(name) {
			createDatabase({ host: '127.0.0.1', port, user: 'n8n' }, name);
		},
		// SIGINT: PostgreSQL's fast shutdown.
		async stop() {
			await stopChild(child, 'SIGINT');
			rmSync(home, { recursive: true, force: true });
		},
	};
}

/** Creates a database on a PostgreSQL server started by startPostgres (from another process too). */
function createDatabase({ host, port, user }, name) {
	execFileSync(
		join(postgresBinDir(), 'createdb'),
		['-h', host, '-p', String(port), '-U', user, name],
		{ stdio: ['ignore', 'ignore', 'pipe'] },
	);
}

module.exports = { createDatabase, startPostgres, startRedis };
