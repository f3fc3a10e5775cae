// What every node and credential shows in n8n's editor and stores in a saved workflow, pinned.
// A saved workflow keeps parameter names and values, so a renamed parameter, a changed default or
// an option value that is gone changes what existing workflows do; the texts are what users read.
// A change to a description is deliberate: run `npx jest test/unit/package/editorContract.test.ts
// -u`, review the snapshot's diff with the change and name it in CHANGELOG.md. A node or
// credential without a committed snapshot fails (jest would write one and pass): `-u` writes it,
// the next run passes.
import type { ICredentialType, INodeType } from 'n8n-workflow';

import { KompaasApi } from '../../../credentials/KompaasApi.credentials';
import { KompaasWebhookApi } from '../../../credentials/KompaasWebhookApi.credentials';
import { ThreeCxWebApi as ThreeCxWebApiCredential } from '../../../credentials/ThreeCxWebApi.credentials';
import { ThreeCxWebhookApi } from '../../../credentials/ThreeCxWebhookApi.credentials';
import { VoipcloudApi } from '../../../credentials/VoipcloudApi.credentials';
import { VoipcloudWebhookApi } from '../../../credentials/VoipcloudWebhookApi.credentials';
import { Kompaas } from '../../../nodes/Kompaas/Kompaas.node';
import { KompaasTrigger } from '../../../nodes/Kompaas/KompaasTrigger.node';
import { PbxCallEvent } from '../../../nodes/PbxCallEvent/PbxCallEvent.node';
import { ThreeCxWebApi } from '../../../nodes/ThreeCx/ThreeCxWebApi.node';
import { ThreeCxWebhookTrigger } from '../../../nodes/ThreeCx/ThreeCxWebhookTrigger.node';
import { Voipcloud } from '../../../nodes/Voipcloud/Voipcloud.node';
import { VoipcloudCallHistoryTrigger } from '../../../nodes/Voipcloud/VoipcloudCallHistoryTrigger.node';
import { VoipcloudTrigger } from '../../../nodes/Voipcloud/VoipcloudTrigger.node';
import packageJson from '../../../package.json';
import { projectFile } from '../../support/release';

// Imported, not required by path: Stryker runs the tests that import a mutated file.
const nodes: Record<string, new () => INodeType> = {
	'dist/nodes/Voipcloud/VoipcloudTrigger.node.js': VoipcloudTrigger,
	'dist/nodes/Voipcloud/VoipcloudCallHistoryTrigger.node.js': VoipcloudCallHistoryTrigger,
	'dist/nodes/Voipcloud/Voipcloud.node.js': Voipcloud,
	'dist/nodes/ThreeCx/ThreeCxWebhookTrigger.node.js': ThreeCxWebhookTrigger,
	'dist/nodes/ThreeCx/ThreeCxWebApi.node.js': ThreeCxWebApi,
	'dist/nodes/Kompaas/Kompaas.node.js': Kompaas,
	'dist/nodes/Kompaas/KompaasTrigger.node.js': KompaasTrigger,
	'dist/nodes/PbxCallEvent/PbxCallEvent.node.js': PbxCallEvent,
};
const credentials: Record<string, new () => ICredentialType> = {
	'dist/credentials/VoipcloudWebhookApi.credentials.js': VoipcloudWebhookApi,
	'dist/credentials/VoipcloudApi.credentials.js': VoipcloudApi,
	'dist/credentials/ThreeCxWebhookApi.credentials.js': ThreeCxWebhookApi,
	'dist/credentials/ThreeCxWebApi.credentials.js': ThreeCxWebApiCredential,
	'dist/credentials/KompaasApi.credentials.js': KompaasApi,
	'dist/credentials/KompaasWebhookApi.credentials.js': KompaasWebhookApi,
};

/** The snapshot file as committed, read before this run can write to it. */
const committed = (() => {
	try {
		return projectFile('test/unit/package/__snapshots__/editorContract.test.ts.snap');
	} catch {
		return '';
	}
})();

function expectPinned(value: unknown) {
	expect(value).toMatchSnapshot();
	const name = expect.getState().currentTestName;
	expect(committed).toContain(`exports[\`${name} 1\`]`);
}

describe('editor contract', () => {
	it('covers every node and credential package.json lists', () => {
		expect(Object.keys(nodes)).toEqual(packageJson.n8n.nodes);
		expect(Object.keys(credentials)).toEqual(packageJson.n8n.credentials);
	});

	it.each(Object.keys(nodes))('node %s', (file) => {
		const node = new nodes[file]();
		expectPinned(node.description);
	});

	it.each(Object.keys(credentials))('credential %s', (file) => {
		const credential = new credentials[file]();
		expectPinned({ ...credential });
	});
});
