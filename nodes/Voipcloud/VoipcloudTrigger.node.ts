import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { eventsSubtitle, noticeLines, PRODUCTION_URL } from '../shared/editor';
import { configuredByHandWebhookMethods, handleCallEventWebhook } from '../shared/trigger';
import {
	eventsProperty,
	optionsProperty,
	outputProperty,
	rawBodyProperty,
	timeZoneOption,
	countryOption,
} from '../shared/triggerProperties';
import { checkWebhookSecret } from '../shared/secret';
import { eventCatalogue } from './events';
import { webhookHandler } from './webhookAccess';

export class VoipcloudTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'VoIPcloud Trigger',
		name: 'voipcloudTrigger',
		icon: { light: 'file:../../icons/voipcloud.svg', dark: 'file:../../icons/voipcloud.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: eventsSubtitle(eventCatalogue.options),
		// n8n shows a trigger's description above the actions of the node of the same name too.
		description:
			'Automate VoIPcloud calls: calls, voicemails and recordings start workflows; workflows read call history and place calls',
		defaults: { name: 'VoIPcloud Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'voipcloudWebhookApi', required: true, testedBy: 'checkWebhookSecret' }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: '',
				path: 'voipcloud',
			},
		],
		properties: [
			{
				displayName: `In VoIPcloud open PBX Settings → Integration/API → Webhooks and set:${noticeLines(
					`URL: ${PRODUCTION_URL}`,
					'Secret Token: the Secret Token in this node’s credential',
				)}Tick the events, then press “apply configuration” on the PBX tab: changes take effect only after that.`,
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			eventsProperty(eventCatalogue.options),
			outputProperty,
			optionsProperty([countryOption, timeZoneOption]),
			rawBodyProperty,
		],
	};

	methods = {
		credentialTest: { checkWebhookSecret },
	};

	// VoIPcloud's webhooks are set up by hand in the PBX; its API cannot register them.
	webhookMethods = { default: configuredByHandWebhookMethods };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleCallEventWebhook.call(this, webhookHandler);
	}
}
