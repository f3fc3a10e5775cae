import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { eventsSubtitle, noticeLines, PRODUCTION_URL } from '../shared/editor';
import { checkUrlSecret } from '../shared/secret';
import { configuredByHandWebhookMethods, handleCallEventWebhook } from '../shared/trigger';
import {
	eventsProperty,
	optionsProperty,
	outputProperty,
	rawBodyProperty,
	timeZoneOption,
	countryOption,
} from '../shared/triggerProperties';
import { WEBHOOK_SECRET } from './constants';
import { eventCatalogue, mappingOptions } from './events';
import { webhookHandler } from './webhookAccess';

const URL_WITH_SECRET = `&lt;Production URL&gt;?${WEBHOOK_SECRET.name}=&lt;secret&gt;`;
const WHERE_TO_FIND = `&lt;Production URL&gt; is ${PRODUCTION_URL}; &lt;secret&gt; is the secret in this node’s credential.`;

export class ThreeCxWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: '3CX Webhook Trigger',
		name: 'threeCxWebhookTrigger',
		icon: { light: 'file:../../icons/3cx.svg', dark: 'file:../../icons/3cx.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: eventsSubtitle(eventCatalogue.options),
		description:
			'Starts the workflow on call events from the 3CX Webhook add-on (K2M Software or Creomate)',
		defaults: { name: '3CX Webhook Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'threeCxWebhookApi', required: true, testedBy: 'checkUrlSecret' }],
		// One URL for both schemes: JSON (or a bare recording URL) by POST, query strings by GET.
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: '',
				path: '3cx',
			},
			// The GET webhook carries events like the POST one. Its name, `setup`, is what n8n's own
			// triggers call their GET webhook; n8n keys webhookMethods by it, so it stays.
			{
				name: 'setup',
				httpMethod: 'GET',
				responseMode: 'onReceived',
				responseData: '',
				path: '3cx',
			},
		],
		properties: [
			{
				displayName: `K2M Software add-on: in WebhooksApi.ini set these lines (the add-on’s web page and its Postman collection name the POST switch differently; the add-on ignores the one it does not know, so keep both):${noticeLines(
					`WEBHOOK_URL = ${URL_WITH_SECRET}`,
					'WEBHOOK_POST_ENABLED = true',
					'HTTP_REQUEST_METHOD_POST = 1',
				)}${WHERE_TO_FIND}`,
				name: 'k2mNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: `Creomate add-on: in TCXWebAPI.ini set these lines (POST = 0, the GET scheme, works too), then restart the WebAPI service:${noticeLines(
					`WEBHOOK_URL = ${URL_WITH_SECRET}`,
					'POST = 1',
					`WEBHOOK_POST_URL = ${URL_WITH_SECRET}`,
					'RECORDING_FULL_INFO = 1',
				)}${WHERE_TO_FIND}`,
				name: 'creomateNotice',
				type: 'notice',
				default: '',
			},
			eventsProperty(eventCatalogue.options),
			outputProperty,
			optionsProperty([
				{
					displayName: 'Allowed Source IPs',
					name: 'allowedSourceIps',
					type: 'string',
					default: '',
					placeholder: 'e.g. 203.0.113.7, 198.51.100.0/24',
					description:
						'Only accept requests from these addresses (IPv4 ranges as CIDR). Behind a reverse proxy, set N8N_PROXY_HOPS so n8n sees the PBX’s address, not the proxy’s.',
				},
				countryOption,
				...mappingOptions,
				{
					...timeZoneOption,
					description:
						'IANA time zone of the PBX. A 3CX call ID starts with the call’s local start time, read in this zone. Empty: the workflow’s time zone (Workflow Settings, else the n8n instance’s). Normalized times are always UTC.',
				},
			]),
			rawBodyProperty,
		],
	};

	methods = {
		credentialTest: { checkUrlSecret },
	};

	// The add-ons are configured by hand in their ini files; there is nothing to register.
	webhookMethods = {
		default: configuredByHandWebhookMethods,
		setup: configuredByHandWebhookMethods,
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleCallEventWebhook.call(this, webhookHandler);
	}
}
