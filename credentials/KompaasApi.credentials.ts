import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { DEFAULT_BASE_URL } from '../nodes/Kompaas/constants';

export class KompaasApi implements ICredentialType {
	name = 'kompaasApi';

	displayName = 'KOMPaaS API';

	icon: Icon = { light: 'file:../icons/kompaas.svg', dark: 'file:../icons/kompaas.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-pbx/n8n-nodes-pbx/blob/main/docs/kompaas.md';

	properties: INodeProperties[] = [
		{
			displayName:
				'An Administrator or Account Owner finds the token in KOMPaaS under Integrations → API v2.0 → Tokens.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
		},
		{
			displayName: 'Account Number',
			name: 'accountId',
			type: 'string',
			default: '',
			placeholder: '100001',
			description:
				'Sent as the x-account-id header. Leave empty to use the account marked as default (the star) in KOMPaaS.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			description:
				'The KOMPaaS integration API. Change it only for another MCN Telecom region or a proxy.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiToken}}',
				// KOMPaaS documents an empty x-account-id as "use the default account".
				'x-account-id': '={{$credentials.accountId}}',
			},
		},
	};

	// KOMPaaS answers errors with HTTP 200 and `ok: false`, so the body decides. A redirect is not
	// followed and fails the test as its HTTP status (n8n takes one kind of rule per test).
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/event/get',
			timeout: 30_000,
			disableFollowRedirect: true,
			method: 'GET',
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'ok',
					value: false,
					message:
						'KOMPaaS refused the request: check the API token and the account number (it must be an account the token can use)',
				},
			},
		],
	};
}
