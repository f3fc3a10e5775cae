import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import {
	eventsProperty,
	handleCallEventWebhook,
	optionsProperty,
	outputProperty,
	rawBodyProperty,
	timeZoneOption,
	type PbxWebhookHandler,
} from '../shared/trigger';
import { checkWebhookSecret, credentialSecretMatches } from '../shared/secret';
import { normalizeVoipcloudEvent, recogniseVoipcloudEvent, voipcloudEventOptions } from './events';

const voipcloud: PbxWebhookHandler = {
	pbx: 'voipcloud',
	async authenticate(this: IWebhookFunctions) {
		const token = this.getHeaderData()['x-pbx-token'];
		if (token === undefined) return 'Missing X-Pbx-Token header';
		const matches = await credentialSecretMatches(this, 'voipcloudWebhookApi', token, (c) => [
			c.secretToken,
			c.componentSecretToken,
		]);
		return matches ? null : 'Invalid X-Pbx-Token';
	},
	recognise: recogniseVoipcloudEvent,
	normalize: normalizeVoipcloudEvent,
};

export class VoipcloudTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'VoIPcloud Trigger',
		name: 'voipcloudTrigger',
		icon: { light: 'file:../../icons/voipcloud.svg', dark: 'file:../../icons/voipcloud.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow on VoIPcloud call, voicemail and recording webhooks',
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
				displayName:
					'In VoIPcloud open PBX Settings → Integration/API → Webhooks, paste this node’s Production URL (above) into URL, enter the Secret Token from the credential, tick the events, then press “apply configuration” on the PBX tab: changes take effect only after that.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			eventsProperty(voipcloudEventOptions),
			outputProperty,
			optionsProperty([timeZoneOption]),
			rawBodyProperty,
		],
	};

	methods = {
		credentialTest: { checkWebhookSecret },
	};

	// VoIPcloud's webhooks are set up by hand in the PBX; its API cannot register them.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleCallEventWebhook.call(this, voipcloud);
	}
}
