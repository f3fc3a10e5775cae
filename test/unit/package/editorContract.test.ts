// What every node and credential shows in n8n's editor and stores in a saved workflow, pinned.
// A saved workflow keeps parameter names and values, so a renamed parameter, a changed default or
// an option value that is gone changes what existing workflows do; the texts are what users read.
// A change to a description is deliberate: run `npx jest test/unit/package/editorContract.test.ts
// -u`, review the snapshot's diff with the change and name it in CHANGELOG.md. Missing snapshots
// fail under `--ci` (npm test), so a new node or credential is pinned when it is added.
import { join } from 'node:path';

import type { ICredentialType, INodeType } from 'n8n-workflow';

import packageJson from '../../../package.json';

const root = join(__dirname, '..', '..', '..');

/** The class a node or credential file is named after, as package.json's n8n section lists it. */
function instanceOf<T>(distPath: string): T {
	const className = /([^/]+)\.(?:node|credentials)\.js$/.exec(distPath)?.[1] ?? '';
	const source = distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts');
	const exported: Record<string, new () => T> = require(join(root, source));
	expect(exported).toHaveProperty(className);
	return new exported[className]();
}

const nodeFiles = packageJson.n8n.nodes;
const credentialFiles = packageJson.n8n.credentials;

describe('editor contract', () => {
	it('covers every node and credential of the package', () => {
		expect(nodeFiles).toHaveLength(8);
		expect(credentialFiles).toHaveLength(6);
	});

	it.each(nodeFiles)('node %s', (file) => {
		const node = instanceOf<INodeType>(file);
		expect(node.description).toMatchSnapshot();
	});

	it.each(credentialFiles)('credential %s', (file) => {
		const credential = instanceOf<ICredentialType>(file);
		expect({ ...credential }).toMatchSnapshot();
	});
});
