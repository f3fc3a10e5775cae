// The three PBX folders export the same names with the same shapes (CONTRIBUTING.md, "One folder
// per PBX"): someone who knows one folder finds everything in the others under the same name.
import type { INodeProperties, INodeType } from 'n8n-workflow';

import * as kompaasEvents from '../../../nodes/Kompaas/events';
import { KompaasTrigger } from '../../../nodes/Kompaas/KompaasTrigger.node';
import * as kompaasWebhookAccess from '../../../nodes/Kompaas/webhookAccess';
import * as threeCxEvents from '../../../nodes/ThreeCx/events';
import { ThreeCxWebhookTrigger } from '../../../nodes/ThreeCx/ThreeCxWebhookTrigger.node';
import * as threeCxWebhookAccess from '../../../nodes/ThreeCx/webhookAccess';
import * as voipcloudEvents from '../../../nodes/Voipcloud/events';
import { VoipcloudTrigger } from '../../../nodes/Voipcloud/VoipcloudTrigger.node';
import * as voipcloudWebhookAccess from '../../../nodes/Voipcloud/webhookAccess';

const FOLDERS = [
	['Voipcloud', voipcloudEvents, voipcloudWebhookAccess, new VoipcloudTrigger(), 'voipcloud'],
	['Kompaas', kompaasEvents, kompaasWebhookAccess, new KompaasTrigger(), 'kompaas'],
	['ThreeCx', threeCxEvents, threeCxWebhookAccess, new ThreeCxWebhookTrigger(), '3cx'],
] as const;

describe.each(FOLDERS)('nodes/%s', (_folder, events, access, trigger, pbx) => {
	it('events.ts exports eventCatalogue, recogniseEvent, normalizeEvent and mappingOptions only', () => {
		expect(Object.keys(events).sort()).toEqual(
			['eventCatalogue', 'mappingOptions', 'normalizeEvent', 'recogniseEvent'].sort(),
		);
		expect(events.recogniseEvent).toHaveLength(1);
		expect(events.normalizeEvent).toHaveLength(3);
		expect(Object.keys(events.eventCatalogue).sort()).toEqual(
			[
				'bySelector',
				'byVendorName',
				'byVendorNameOrTitle',
				'eventNameKey',
				'events',
				'options',
			].sort(),
		);
	});

	it('webhookAccess.ts exports checkSecret and webhookHandler only', () => {
		expect(Object.keys(access).sort()).toEqual(['checkSecret', 'webhookHandler']);
		expect(access.checkSecret).toHaveLength(2);
	});

	it('its webhook handler plugs in the folder’s own check, recognition and mapping', () => {
		const handler = access.webhookHandler;
		expect(handler.pbx).toBe(pbx);
		expect(handler.checkSecret).toBe(access.checkSecret);
		expect(handler.recognise).toBe(events.recogniseEvent);
		expect(handler.normalize).toBe(events.normalizeEvent);
	});

	it('its trigger offers every option its mapping reads, and its Events list', () => {
		const properties = (trigger as INodeType).description.properties;
		const options = properties.find((property) => property.name === 'additionalOptions')
			?.options as INodeProperties[];
		for (const option of events.mappingOptions) {
			expect(options.find((each) => each.name === option.name)).toEqual(option);
		}
		const eventsList = properties.find((property) => property.name === 'events');
		expect(eventsList?.options).toEqual(
			expect.arrayContaining(events.eventCatalogue.options as unknown[]),
		);
	});
});

it('every PBX’s mapping options have names of their own (one Options collection holds them all)', () => {
	const names = FOLDERS.flatMap(([, events]) => events.mappingOptions.map((option) => option.name));
	expect(new Set(names).size).toBe(names.length);
	expect(names).toEqual(expect.arrayContaining(['callFlowAnswers', 'queueNumbers']));
});

describe('the mapping options each PBX adds to its trigger', () => {
	test.each([
		[voipcloudEvents.mappingOptions, []],
		[kompaasEvents.mappingOptions, [['Call Flow Answers', 'callFlowAnswers', 'boolean', false]]],
		[threeCxEvents.mappingOptions, [['Queue Numbers', 'queueNumbers', 'string', '']]],
	])('%#', (options, expected) => {
		expect(
			options.map((option) => [option.displayName, option.name, option.type, option.default]),
		).toEqual(expected);
		for (const option of options) expect(option.description).toMatch(/^\S.{40,}\.$/);
	});
});
