import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

export class KompaasWebhookApi implements ICredentialType {
	name = 'kompaasWebhookApi';

	displayName = 'KOMPaaS Webhook API';

	icon: Icon = { light: 'file:../icons/kompaas.svg', dark: 'file:../icons/kompaas.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-pbx/n8n-nodes-pbx/blob/main/docs/kompaas.md';

	properties: INodeProperties[] = [
		{
			displayName:
				'Only for Manual setup. In the KOMPaaS webhook (Integrations → WebHooks), add an HTTP header X-N8n-Webhook-Secret with this value, or a query parameter n8n_secret.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'A long random value (at least 16 characters)',
		},
	];
}
