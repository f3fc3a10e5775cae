// Publishing as n8n requires of a verified community node: from GitHub Actions, through
// `n8n-node release`, with an npm provenance statement. The project's .npmrc says
// ignore-scripts=true (no dependency runs an install script), which would also skip the
// prepublishOnly guard (`n8n-node prerelease`): the publish workflow turns scripts back on, and
// `publishConfig.provenance` makes npm itself refuse a publish from anywhere but a CI.
import { dryRunPublish, projectFile } from '../../support/release';

const pkg = JSON.parse(projectFile('package.json'));
const publishWorkflow = projectFile('.github/workflows/publish.yml');
const REPOSITORY = 'https://github.com/n8n-nodes-pbx/n8n-nodes-pbx';

describe('publishing', () => {
	it('publishes through n8n-node release, with provenance, from a version tag', () => {
		expect(pkg.scripts.release).toBe('n8n-node release');
		expect(pkg.scripts.prepublishOnly).toBe('n8n-node prerelease');
		expect(pkg.publishConfig.provenance).toBe(true);
		expect(publishWorkflow).toMatch(/tags:\s*\n\s*- '\*\.\*\.\*'/);
		expect(publishWorkflow).toContain('id-token: write');
		expect(publishWorkflow).toContain('npm run release');
		expect(publishWorkflow).toContain("NPM_CONFIG_IGNORE_SCRIPTS: 'false'");
	});

	it('names one repository everywhere the scanner and npm look', () => {
		expect(pkg.repository.url).toBe(`git+${REPOSITORY}.git`);
		expect(pkg.homepage).toBe(`${REPOSITORY}#readme`);
		expect(pkg.bugs.url).toBe(`${REPOSITORY}/issues`);
		expect(pkg.author.url).toMatch(/^https:\/\/github\.com\/n8n-nodes-pbx$/);
	});

	it('the guard stops a publish outside `npm run release` with the workflow’s environment', () => {
		const { status, output } = dryRunPublish({ NPM_CONFIG_IGNORE_SCRIPTS: 'false' });
		expect(status).not.toBe(0);
		expect(output).toContain('run release');
	});

	it('the .npmrc alone would skip that guard (why the workflow turns scripts on)', () => {
		expect(projectFile('.npmrc')).toMatch(/^ignore-scripts=true$/m);
		const { output } = dryRunPublish({});
		expect(output).not.toContain('run release');
	});
});
