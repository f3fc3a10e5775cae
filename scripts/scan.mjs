#!/usr/bin/env node
// n8n's community package scanner (@n8n/scan-community-package), as n8n runs it before it lists or
// verifies a package, run here on the source (package.json, nodes/, credentials/: what the scanner
// lints in the provenance-attested repository) and on the tarball `npm pack` makes (what users
// install). Its CLI only scans a package already on the registry and exits 0 on failure, so this
// calls its analyzePackage, reads the result, and lints once more with the same configuration to
// count warnings too. Exit 1 on any error or warning. Needs `npm run build` first (the tarball is dist/).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const scannerFile = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
const scanner = await import(pathToFileURL(scannerFile).href);
// The scanner's own ESLint, the version its configuration is written for.
const { ESLint } = await import(pathToFileURL(createRequire(scannerFile).resolve('eslint')).href);
const glob = (await import(pathToFileURL(createRequire(scannerFile).resolve('fast-glob')).href))
	.default;

/** Errors and warnings of one tree, as analyzePackage lints it; its verdict beside them. */
async function scan(label, dir, patterns) {
	const verdict = await scanner.analyzePackage(dir, patterns);
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await scanner.buildScanConfig(),
	});
	const files = glob.sync(patterns, {
		cwd: dir,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	const results = await eslint.lintFiles(files);
	const errors = results.reduce((sum, r) => sum + r.errorCount, 0);
	const warnings = results.reduce((sum, r) => sum + r.warningCount, 0);
	console.log(
		`[scan] ${label}: ${files.length} files, ${errors} errors, ${warnings} warnings; scanner: ${verdict.passed ? 'passed' : `failed (${verdict.message})`}`,
	);
	if (errors + warnings > 0 || !verdict.passed) {
		const formatter = await eslint.loadFormatter('stylish');
		console.log(await formatter.format(results));
		if (verdict.details) console.log(verdict.details);
		return false;
	}
	return files.length > 0;
}

const work = mkdtempSync(join(tmpdir(), 'pbx-scan-'));
let clean;
try {
	const sourceClean = await scan('source', root, scanner.SOURCE_FILE_PATTERNS);
	execFileSync('npm', ['pack', '--pack-destination', work, '--loglevel=error'], {
		cwd: root,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
	execFileSync('tar', ['-xzf', join(work, tarball), '-C', work]);
	// The patterns the scanner's own registry scan gives the tarball (analyzePackageByName): the
	// compiled JavaScript and the published package.json; declarations are covered by the source.
	const tarballClean = await scan(`tarball ${tarball}`, join(work, 'package'), [
		'**/*.js',
		'package.json',
	]);
	clean = sourceClean && tarballClean;
} finally {
	rmSync(work, { recursive: true, force: true });
}
if (!clean) {
	console.error('[scan] n8n’s community package scanner is not clean');
	process.exit(1);
}
