import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

export class VoipcloudWebhookApi implements ICredentialType {
	name = 'voipcloudWebhookApi';

	displayName = 'VoIPcloud Webhook API';

	icon: Icon = { light: 'file:../icons/voipcloud.svg', dark: 'file:../icons/voipcloud.dark.svg' };

	documentationUrl =
		'https://support.voipcloud.online/hc/en-us/articles/360001828776-Webhook-Integration';

	properties: INodeProperties[] = [
		{
			displayName:
				'Use the same value as the Secret Token in VoIPcloud: PBX Settings → Integration/API → Webhooks. VoIPcloud sends it in the X-Pbx-Token header of every event.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Secret Token',
			name: 'secretToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
		},
		{
			displayName: 'Webhook Object Secret Token',
			name: 'componentSecretToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Only if a Webhook object in a call flow has a Secret Token different from the global one. Requests carrying either token are accepted.',
		},
	];
}
