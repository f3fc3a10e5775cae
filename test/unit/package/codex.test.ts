// What the node panel searches besides a node's name: the codex aliases and categories. A user
// types "phone", "call" or "pbx", or a vendor's other brand name, and must find our nodes; the
// browser test (test/e2e/editor.test.ts) searches the real panel.
import { codexFiles } from '../../support/docLinks';

const codices = codexFiles();
const BRANDS: Record<string, string[]> = {
	Voipcloud: ['VoIPcloud', 'VoIPLine', 'Phone Cloud'],
	ThreeCx: ['3CX', 'K2M', 'Creomate'],
	Kompaas: ['KOMPaaS', 'MCN Telecom'],
	// The node that normalizes any PBX's payload.
	PbxCallEvent: ['VoIPcloud', 'KOMPaaS', '3CX'],
};
const lower = (words: string[] = []) => words.map((word) => word.toLowerCase());

describe('codex files', () => {
	it('one per node', () => {
		expect(codices.map(({ codex }) => codex.node).sort()).toEqual([
			'n8n-nodes-pbx.kompaas',
			'n8n-nodes-pbx.kompaasTrigger',
			'n8n-nodes-pbx.pbxCallEvent',
			'n8n-nodes-pbx.threeCxWebApi',
			'n8n-nodes-pbx.threeCxWebhookTrigger',
			'n8n-nodes-pbx.voipcloud',
			'n8n-nodes-pbx.voipcloudCallHistoryTrigger',
			'n8n-nodes-pbx.voipcloudTrigger',
		]);
	});

	it.each(codices)(
		'$file: categories as n8n’s telephony nodes (Twilio, Plivo) have them',
		({ codex }) => {
			expect(codex.categories).toContain('Communication');
			expect(codex.subcategories).toBeUndefined();
		},
	);

	it.each(codices)(
		'$file: aliases for what users search, and the vendor’s brands',
		({ file, codex }) => {
			expect(lower(codex.alias)).toEqual(
				expect.arrayContaining(['phone', 'call', 'telephony', 'pbx']),
			);
			const pbx = file.split('/')[1];
			expect(lower(codex.alias)).toEqual(expect.arrayContaining(lower(BRANDS[pbx])));
			expect(new Set(codex.alias).size).toBe(codex.alias!.length);
		},
	);
});
