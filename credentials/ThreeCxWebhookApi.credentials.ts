import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

export class ThreeCxWebhookApi implements ICredentialType {
	name = 'threeCxWebhookApi';

	displayName = '3CX Webhook API';

	icon: Icon = { light: 'file:../icons/3cx.svg', dark: 'file:../icons/3cx.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-pbx/n8n-nodes-pbx/blob/main/docs/3cx.md';

	properties: INodeProperties[] = [
		{
			displayName:
				'The 3CX Webhook add-ons cannot sign their requests. Choose a long random secret and append it to every URL in the add-on’s ini file as <code>?token=&lt;secret&gt;</code>; the trigger refuses requests without it.',
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
			description: 'At least 16 characters. Sent by the add-on in the URL’s token query parameter.',
		},
	];
}
