import { readFileSync } from 'fs';
import { join } from 'path';

import type { INodePropertyOptions } from 'n8n-workflow';

import { kompaasEventOptions } from '../../nodes/Kompaas/events';
import { threeCxEventOptions } from '../../nodes/ThreeCx/events';
import { voipcloudEventOptions } from '../../nodes/Voipcloud/events';

/**
 * The Events lists as the triggers offered them before the catalogues were built by one helper
 * (dumped from main at d4d5190). A saved workflow holds these values: they must stay as they are.
 */
const pinned = JSON.parse(
	readFileSync(join(__dirname, '..', 'fixtures', 'eventOptions.json'), 'utf8'),
) as Record<'voipcloud' | 'kompaas' | 'threeCx', INodePropertyOptions[]>;

describe.each([
	['VoIPcloud', voipcloudEventOptions, pinned.voipcloud],
	['KOMPaaS', kompaasEventOptions, pinned.kompaas],
	['3CX', threeCxEventOptions, pinned.threeCx],
])('%s Events list', (_pbx, options, before) => {
	it('offers the values saved workflows hold, byte for byte', () => {
		expect(options.map((option) => option.value)).toStrictEqual(
			before.map((option) => option.value),
		);
	});

	it('shows the same names and descriptions in the same (alphabetical) order', () => {
		expect(options).toStrictEqual(before);
		const names = options.map((option) => option.name);
		expect(names).toStrictEqual([...names].sort((a, b) => a.localeCompare(b)));
	});
});
