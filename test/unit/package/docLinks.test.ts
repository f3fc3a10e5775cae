// Every link into this repository's documentation resolves: the Docs links of the nodes' codex files
// and the credentials' documentationUrl (what n8n's editor opens), and the relative links between the
// README, CONTRIBUTING.md and docs/*.md. A moved or renamed section fails here, not in a user's browser.
import { anchorsOf, brokenLinks, editorLinks, pages, problemWithUrl } from '../../support/docLinks';

const links = editorLinks();

describe('documentation links', () => {
	it('reads headings as GitHub anchors them', () => {
		expect([
			...anchorsOf('# 3CX (Webhook add-on)\n## Events\n```\n# not a heading\n```\n## Events'),
		]).toEqual(['3cx-webhook-add-on', 'events', 'events-1']);
	});

	it('finds the editor links it checks', () => {
		// Every node and credential of ours links to a page of this repository.
		expect(links.length).toBeGreaterThanOrEqual(12);
	});

	it.each(links)('$from → $url resolves to a file and heading', ({ url }) => {
		expect(problemWithUrl(url)).toBeUndefined();
	});

	it.each(links)('$from → $url has no anchor (n8n appends its query after the #)', ({ url }) => {
		expect(url).not.toContain('#');
	});

	it.each(pages())('every relative link in %s resolves', (page) => {
		expect(brokenLinks(page)).toEqual([]);
	});
});
