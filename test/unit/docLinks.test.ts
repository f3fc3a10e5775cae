// Every link into this repository's documentation resolves: the Docs links of the nodes' codex files
// and the credentials' documentationUrl (what n8n's editor opens), and the relative links between the
// README, CONTRIBUTING.md and docs/*.md. A moved or renamed section fails here, not in a user's browser.
import { existsSync, readdirSync, readFileSync } from 'fs';
import { dirname, join, normalize, relative } from 'path';

const ROOT = join(__dirname, '..', '..');
const REPOSITORY = 'https://github.com/n8n-nodes-pbx/n8n-nodes-pbx';

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
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

/** Whether `file#anchor` (relative to the repository) exists; the reason when not. */
function resolves(file: string, anchor: string): string | undefined {
	const path = join(ROOT, file);
	if (!existsSync(path)) return `${file} does not exist`;
	if (!anchor) return undefined;
	return anchorsOf(readFileSync(path, 'utf8')).has(anchor)
		? undefined
		: `${file} has no heading #${anchor}`;
}

/** A URL into the repository as the file and anchor it points at. */
function repositoryTarget(url: string): { file: string; anchor: string } | undefined {
	if (!url.startsWith(REPOSITORY)) return undefined;
	const [path, anchor = ''] = url.slice(REPOSITORY.length).split('#');
	if (path === '' || path === '/') return { file: 'README.md', anchor };
	const blob = /^\/blob\/main\/(.+)$/.exec(path);
	return { file: blob ? blob[1] : `(not a file: ${path})`, anchor };
}

function filesUnder(dir: string, suffix: string): string[] {
	return readdirSync(join(ROOT, dir), { recursive: true })
		.map(String)
		.filter((name) => name.endsWith(suffix))
		.map((name) => join(dir, name));
}

const editorLinks = [
	...filesUnder('nodes', '.node.json').flatMap((file) => {
		const codex = JSON.parse(readFileSync(join(ROOT, file), 'utf8'));
		return Object.values(codex.resources ?? {})
			.flat()
			.map((resource) => ({ from: file, url: (resource as { url: string }).url }));
	}),
	...filesUnder('credentials', '.credentials.ts').flatMap((file) => {
		const source = readFileSync(join(ROOT, file), 'utf8');
		const url = /documentationUrl\s*=\s*'([^']+)'/.exec(source)?.[1];
		return url ? [{ from: file, url }] : [];
	}),
].filter(({ url }) => url.startsWith(REPOSITORY));

const pages = ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', ...filesUnder('docs', '.md')].filter(
	(file) => existsSync(join(ROOT, file)),
);

describe('documentation links', () => {
	it('finds the editor links it checks', () => {
		// Every node and credential of ours links to a page of this repository.
		expect(editorLinks.length).toBeGreaterThanOrEqual(12);
	});

	it.each(editorLinks)('$from → $url resolves to a file and heading', ({ url }) => {
		const target = repositoryTarget(url)!;
		expect(resolves(target.file, target.anchor)).toBeUndefined();
	});

	it.each(editorLinks)(
		'$from → $url has no anchor (n8n appends its query after the #)',
		({ url }) => {
			expect(url).not.toContain('#');
		},
	);

	it.each(pages)('every relative link in %s resolves', (page) => {
		const markdown = readFileSync(join(ROOT, page), 'utf8').replace(/```[\s\S]*?```/g, '');
		const broken: string[] = [];
		for (const [, target] of markdown.matchAll(/\]\(([^)\s]+)\)/g)) {
			if (/^(https?:|mailto:)/.test(target)) continue;
			const [path, anchor = ''] = target.split('#');
			const file = path ? relative(ROOT, normalize(join(ROOT, dirname(page), path))) : page;
			const problem = resolves(file, anchor);
			if (problem) broken.push(`${target}: ${problem}`);
		}
		expect(broken).toEqual([]);
	});
});
