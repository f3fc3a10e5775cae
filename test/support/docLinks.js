// What test/unit/package/docLinks.test.ts checks: the links the editor opens (codex files, credentials'
// documentationUrl) and the relative links between README.md, CONTRIBUTING.md and docs/*.md.
// Plain JavaScript, like the other test support that reads files.
const { existsSync, readdirSync, readFileSync } = require('fs');
const { dirname, join, normalize, relative } = require('path');

const ROOT = join(__dirname, '..', '..');
const REPOSITORY = 'https://github.com/n8n-nodes-pbx/n8n-nodes-pbx';

/** GitHub's anchors of a page: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown) {
	const anchors = new Set();
	const seen = new Map();
	let fenced = false;
	for (const line of markdown.split('\n')) {
		if (line.startsWith('```')) fenced = !fenced;
		const heading = !fenced && /^#{1,6}\s+(.*)$/.exec(line);
		if (!heading) continue;
		const slug = heading[1]
			.trim()
			.toLowerCase()
			.replace(/[^\p{L}\p{N}_\- ]/gu, '')
			.replace(/ /g, '-');
		const count = seen.get(slug);
		seen.set(slug, (count ?? -1) + 1);
		anchors.add(count === undefined ? slug : `${slug}-${count + 1}`);
	}
	return anchors;
}

/** Why `file#anchor` (relative to the repository) does not resolve; undefined when it does. */
function problemWith(file, anchor) {
	const path = join(ROOT, file);
	if (!existsSync(path)) return `${file} does not exist`;
	if (!anchor) return undefined;
	return anchorsOf(readFileSync(path, 'utf8')).has(anchor)
		? undefined
		: `${file} has no heading #${anchor}`;
}

/** Why a URL into the repository (README or /blob/main/<file>) does not resolve. */
function problemWithUrl(url) {
	const [path, anchor = ''] = url.slice(REPOSITORY.length).split('#');
	if (path === '' || path === '/') return problemWith('README.md', anchor);
	const blob = /^\/blob\/main\/(.+)$/.exec(path);
	return blob ? problemWith(blob[1], anchor) : `${url} is not a file of the repository`;
}

function filesUnder(dir, suffix) {
	return readdirSync(join(ROOT, dir), { recursive: true })
		.map(String)
		.filter((name) => name.endsWith(suffix))
		.map((name) => join(dir, name));
}

/** Every documentation link the editor shows for our nodes and credentials into this repository. */
function editorLinks() {
	const links = [
		...filesUnder('nodes', '.node.json').flatMap((from) => {
			const codex = JSON.parse(readFileSync(join(ROOT, from), 'utf8'));
			return Object.values(codex.resources ?? {})
				.flat()
				.map((resource) => ({ from, url: resource.url }));
		}),
		...filesUnder('credentials', '.credentials.ts').flatMap((from) => {
			const source = readFileSync(join(ROOT, from), 'utf8');
			const url = /documentationUrl\s*=\s*'([^']+)'/.exec(source)?.[1];
			return url ? [{ from, url }] : [];
		}),
	];
	return links.filter(({ url }) => url.startsWith(REPOSITORY));
}

/** The documentation pages whose relative links are checked. */
function pages() {
	return [
		'README.md',
		'CONTRIBUTING.md',
		'CHANGELOG.md',
		'nodes/shared/CALL_MODEL.md',
		...filesUnder('docs', '.md'),
	].filter((file) => existsSync(join(ROOT, file)));
}

/** The relative links of a page that do not resolve, each with why. */
function brokenLinks(page) {
	const markdown = readFileSync(join(ROOT, page), 'utf8').replace(/```[\s\S]*?```/g, '');
	const broken = [];
	for (const [, target] of markdown.matchAll(/\]\(([^)\s]+)\)/g)) {
		if (/^(https?:|mailto:)/.test(target)) continue;
		const [path, anchor = ''] = target.split('#');
		const file = path ? relative(ROOT, normalize(join(ROOT, dirname(page), path))) : page;
		const problem = problemWith(file, anchor);
		if (problem) broken.push(`${target}: ${problem}`);
	}
	return broken;
}

/** Every node's codex file (nodes/<Pbx>/<Node>.node.json), parsed. */
function codexFiles() {
	return filesUnder('nodes', '.node.json').map((file) => ({
		file,
		codex: JSON.parse(readFileSync(join(ROOT, file), 'utf8')),
	}));
}

module.exports = {
	REPOSITORY,
	anchorsOf,
	codexFiles,
	brokenLinks,
	editorLinks,
	pages,
	problemWithUrl,
};
