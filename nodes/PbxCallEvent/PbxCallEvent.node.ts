import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as kompaasEvents from '../Kompaas/events';
import * as threeCxEvents from '../ThreeCx/events';
import * as voipcloudEvents from '../Voipcloud/events';
import { toNodeError } from '../shared/operationRouter';
import { checkUrlSecret, checkWebhookSecret } from '../shared/secret';
import {
	eventsProperty,
	includeRawOption,
	outputProperty,
	timeZoneOption,
} from '../shared/triggerProperties';
import { normalizeItem } from './normalizeItem';

const secretChecked = { show: { source: ['webhook'], checkSecret: [true] } };

/** Each PBX's trigger mapping options, shown when that PBX is chosen or detected. */
function pbxMappingOptions(): INodeProperties[] {
	const byPbx = [
		['voipcloud', voipcloudEvents.mappingOptions],
		['kompaas', kompaasEvents.mappingOptions],
		['3cx', threeCxEvents.mappingOptions],
	] as const;
	return byPbx.flatMap(([pbx, options]) =>
		options.map((option) => ({ ...option, displayOptions: { show: { '/pbx': [pbx, 'detect'] } } })),
	);
}

export class PbxCallEvent implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PBX Call Event',
		name: 'pbxCallEvent',
		icon: {
			light: 'file:../../icons/pbx.svg',
			dark: 'file:../../icons/pbx.dark.svg',
		},
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ "Normalize " + ({ voipcloud: "VoIPcloud", kompaas: "KOMPaaS", "3cx": "3CX" }[$parameter["pbx"]] ?? "PBX") + " events" }}',
		description:
			'Turns PBX call events received by a Webhook node, a queue or storage into the normalized call event of the PBX triggers',
		defaults: { name: 'PBX Call Event' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{ $parameter.source === 'webhook' && $parameter.checkSecret && $parameter.refused === 'output' ? [{ type: 'main', displayName: 'Events' }, { type: 'main', displayName: 'Refused' }] : [{ type: 'main' }] }}`,
		credentials: [
			{
				name: 'voipcloudWebhookApi',
				required: true,
				testedBy: 'checkWebhookSecret',
				displayOptions: { show: { ...secretChecked.show, pbx: ['voipcloud'] } },
			},
			{
				name: 'kompaasWebhookApi',
				required: true,
				testedBy: 'checkWebhookSecret',
				displayOptions: { show: { ...secretChecked.show, pbx: ['kompaas'] } },
			},
			{
				name: 'threeCxWebhookApi',
				required: true,
				testedBy: 'checkUrlSecret',
				displayOptions: { show: { ...secretChecked.show, pbx: ['3cx'] } },
			},
		],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'normalize',
				options: [
					{
						name: 'Normalize',
						value: 'normalize',
						action: 'Normalize call events',
						description: 'Turn PBX payloads into normalized call events',
					},
				],
			},
			{
				displayName: 'PBX',
				name: 'pbx',
				type: 'options',
				noDataExpression: true,
				default: 'detect',
				options: [
					{
						name: '3CX',
						value: '3cx',
						description: 'The 3CX Webhook add-on (K2M Software or Creomate)',
					},
					{
						name: 'Detect',
						value: 'detect',
						description:
							'Where the secret arrived (X-Pbx-Token, X-N8n-Webhook-Secret, ?token=), else the PBX whose events the payload holds',
					},
					{ name: 'KOMPaaS', value: 'kompaas' },
					{ name: 'VoIPcloud', value: 'voipcloud' },
				],
			},
			{
				displayName: 'Input',
				name: 'source',
				type: 'options',
				noDataExpression: true,
				default: 'webhook',
				options: [
					{
						name: 'Webhook Node Output',
						value: 'webhook',
						description: 'Items of n8n’s Webhook node: body, headers and query',
					},
					{
						name: 'Payload Field',
						value: 'field',
						description:
							'A field holding the payload as the PBX sent it (text or object), e.g. "raw" of a stored event',
					},
				],
			},
			{
				displayName: 'Payload Field',
				name: 'payloadField',
				type: 'string',
				default: 'raw',
				required: true,
				placeholder: 'e.g. raw',
				description: 'Name of the field holding the payload; a path like data.event works too',
				displayOptions: { show: { source: ['field'] } },
			},
			{
				...eventsProperty(voipcloudEvents.eventCatalogue.options),
				description:
					'Which events become items. Others give no item. A payload the node cannot interpret always becomes one, as event "unknown".',
				displayOptions: { show: { pbx: ['voipcloud'] } },
			},
			{
				...eventsProperty(kompaasEvents.eventCatalogue.options),
				description:
					'Which events become items. Others give no item. A payload the node cannot interpret always becomes one, as event "unknown".',
				displayOptions: { show: { pbx: ['kompaas'] } },
			},
			{
				...eventsProperty(threeCxEvents.eventCatalogue.options),
				description:
					'Which events become items. Others give no item. A payload the node cannot interpret always becomes one, as event "unknown".',
				displayOptions: { show: { pbx: ['3cx'] } },
			},
			outputProperty,
			{
				displayName: 'Check Secret',
				name: 'checkSecret',
				type: 'boolean',
				default: false,
				description:
					'Whether to check the secret the PBX sent (header or query) against its webhook credential, as its trigger does',
				displayOptions: { show: { source: ['webhook'], pbx: ['voipcloud', 'kompaas', '3cx'] } },
			},
			{
				displayName: 'Refused Items',
				name: 'refused',
				type: 'options',
				default: 'drop',
				options: [
					{
						name: 'Drop',
						value: 'drop',
						description: 'A request without the right secret gives no item',
					},
					{
						name: 'Send to Second Output',
						value: 'output',
						description:
							'A request without the right secret goes to a second output, with the reason',
					},
				],
				displayOptions: secretChecked,
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [...pbxMappingOptions(), includeRawOption, timeZoneOption],
			},
		],
	};

	methods = {
		credentialTest: { checkWebhookSecret, checkUrlSecret },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const events: INodeExecutionData[] = [];
		const refused: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const result = await normalizeItem.call(this, itemIndex, items[itemIndex].json);
				const target = result.refusal === null ? events : refused;
				target.push(...result.items.map((json) => ({ json, pairedItem: { item: itemIndex } })));
			} catch (error) {
				if (this.continueOnFail()) {
					events.push({
						json: { error: (error as Error).message },
						pairedItem: { item: itemIndex },
					});
					continue;
				}
				throw toNodeError(this, error, itemIndex);
			}
		}
		const routesRefused =
			this.getNodeParameter('source', 0) === 'webhook' &&
			this.getNodeParameter('checkSecret', 0, false) === true &&
			this.getNodeParameter('refused', 0, 'drop') === 'output';
		return routesRefused ? [events, refused] : [events];
	}
}
