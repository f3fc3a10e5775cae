// The package build. `n8n-node build` empties dist/, compiles the TypeScript and copies the
// icons (and any __schema__ files); gulp runs it, then does what it leaves out: the codex file
// (<Node>.node.json) beside each compiled node, and the output schemas the editor shows before a
// node has run (scripts/output-schemas.js). tsconfig.json compiles TypeScript only, so no file
// reaches dist/ twice.
const { spawn } = require('node:child_process');
const { dest, parallel, series, src, watch } = require('gulp');

function run(command, args) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { stdio: 'inherit' });
		child.on('error', reject);
		child.on('exit', (code) =>
			code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}`)),
		);
	});
}

function compile() {
	return run('n8n-node', ['build']);
}

function codex() {
	return src('nodes/**/*.node.json', { base: '.' }).pipe(dest('dist'));
}

async function schemas() {
	const { writeOutputSchemas } = require('./scripts/output-schemas');
	writeOutputSchemas(__dirname);
}

function watchSources() {
	watch('nodes/**/*.node.json', codex);
	return run('tsc', ['--watch', '--preserveWatchOutput']);
}

exports.codex = codex;
exports.schemas = schemas;
exports.build = series(compile, parallel(codex, schemas));
exports.watch = series(exports.build, parallel(watchSources));
exports.default = exports.build;
