import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { eventsSubtitle, noticeLines, PRODUCTION_URL } from '../shared/editor';
import { checkWebhookSecret } from '../shared/secret';
import { handleCallEventWebhook } from '../shared/trigger';
import {
	eventsProperty,
	optionsProperty,
	countryOption,
	outputProperty,
	rawBodyProperty,
} from '../shared/triggerProperties';
import { eventCatalogue, mappingOptions } from './events';
import { getEvents } from './methods';
import { WEBHOOK_SECRET } from './constants';
import { registerWebhooks, registrationExists, unregisterWebhooks } from './webhookLifecycle';
import { webhookHandler } from './webhookAccess';

function isManual(context: IHookFunctions): boolean {
	return context.getNodeParameter('setupMode') === 'manual';
}

export class KompaasTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'KOMPaaS Trigger',
		name: 'kompaasTrigger',
		icon: { light: 'file:../../icons/kompaas.svg', dark: 'file:../../icons/kompaas.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: eventsSubtitle(eventCatalogue.options),
		// n8n shows a trigger's description above the actions of the node of the same name too.
		description:
			'Automate KOMPaaS (MCN Telecom) calls: call, queue, recording and voice robot events start workflows; workflows manage its webhooks',
		defaults: { name: 'KOMPaaS Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'kompaasApi',
				required: true,
				// `hide`, not `show: automatic`: when the credentials' conditions name every value of
				// Setup, n8n takes Setup for an authentication choice and removes it from the panel.
				displayOptions: { hide: { setupMode: ['manual'] } },
			},
			{
				name: 'kompaasWebhookApi',
				required: true,
				testedBy: 'checkWebhookSecret',
				displayOptions: { show: { setupMode: ['manual'] } },
			},
		],
		// KOMPaaS sends GET (variables in the query) or POST (JSON or text) to the same URL.
		webhooks: [
			// The GET webhook carries events like the POST one. Its name, `setup`, is what n8n's own
			// triggers call their GET webhook; n8n keys webhookMethods by it, so it stays.
			{
				name: 'setup',
				httpMethod: 'GET',
				responseMode: 'onReceived',
				responseData: '',
				path: 'kompaas',
				ndvHideUrl: true,
			},
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: '',
				path: 'kompaas',
			},
		],
		properties: [
			{
				displayName: 'Setup',
				name: 'setupMode',
				type: 'options',
				default: 'automatic',
				options: [
					{
						name: 'Automatic',
						value: 'automatic',
						description:
							'Publishing the workflow registers the KOMPaaS webhook through the KOMPaaS API, with a generated secret',
					},
					{
						name: 'Manual',
						value: 'manual',
						description: 'You add the webhook in KOMPaaS yourself',
					},
				],
			},
			{
				displayName:
					'Publishing the workflow creates one KOMPaaS webhook per event (or adopts the ones already pointing at this trigger) with a secret header that every request must carry. The KOMPaaS API cannot delete webhooks: after unpublishing they stay in KOMPaaS and are adopted again on the next publish.',
				name: 'automaticNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { setupMode: ['automatic'] } },
			},
			{
				displayName: `In KOMPaaS open Integrations → WebHooks → New Web hook, choose the event and set:${noticeLines(
					`URL: ${PRODUCTION_URL}`,
					'Method: POST, data type: JSON (GET works too)',
					`Header: ${WEBHOOK_SECRET.name}: &lt;the secret in this node’s KOMPaaS Webhook credential&gt;`,
				)}Instead of the header, ?${WEBHOOK_SECRET.queryAlternative}=&lt;secret&gt; at the end of the URL works too.`,
				name: 'manualNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { setupMode: ['manual'] } },
			},
			eventsProperty(eventCatalogue.options),
			outputProperty,
			// Visible in both setups; only the subscription names belong to the automatic one.
			optionsProperty([
				countryOption,
				...mappingOptions,
				{
					displayName: 'Event Names or IDs',
					name: 'kompaasEvents',
					type: 'multiOptions',
					typeOptions: { loadOptionsMethod: 'getEvents' },
					default: [],
					description:
						'Subscribe to exactly these KOMPaaS events instead of the ones that match Events: only needed when your KOMPaaS names its events differently. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					displayOptions: { show: { '/setupMode': ['automatic'] } },
				},
			]),
			rawBodyProperty,
		],
	};

	methods = {
		credentialTest: { checkWebhookSecret },
		loadOptions: { getEvents },
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				if (isManual(this)) return true;
				return await registrationExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				if (isManual(this)) return true;
				return await registerWebhooks.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				if (isManual(this)) return true;
				return await unregisterWebhooks.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleCallEventWebhook.call(this, webhookHandler);
	}
}
