import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { REDIRECT_RULES } from '../nodes/shared/credentialTest';

export class VoipcloudApi implements ICredentialType {
	name = 'voipcloudApi';

	displayName = 'VoIPcloud API';

	icon: Icon = { light: 'file:../icons/voipcloud.svg', dark: 'file:../icons/voipcloud.dark.svg' };

	documentationUrl =
		'https://support.voipcloud.online/hc/en-us/articles/5930044183823-API-Documentation';

	properties: INodeProperties[] = [
		{
			displayName:
				'In VoIPcloud open Integration/API → API: copy the API key, and add the public IP address of this n8n server with “add IP”. Requests from any other address are refused with 401.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			default: 'https://au.voipcloud.online',
			options: [
				{ name: 'Australia (au.voipcloud.online)', value: 'https://au.voipcloud.online' },
				{ name: 'United Kingdom (uk.voipcloud.online)', value: 'https://uk.voipcloud.online' },
				{ name: 'Custom URL', value: 'custom' },
			],
			description:
				'Where your PBX portal is. Choose Custom URL when you log in on a reseller’s own domain.',
		},
		{
			displayName: 'Custom URL',
			name: 'customUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://pbx.example.com',
			description: 'The address of your PBX portal, without a path',
			displayOptions: { show: { region: ['custom'] } },
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'options',
			default: 'v2',
			options: [
				{
					name: 'V2 (Recommended)',
					value: 'v2',
				},
				{
					name: 'V1',
					value: 'v1',
				},
			],
			description:
				'Leave on V2: the path integrations in use call (/api/integration/v2). Choose V1 only if the credential test answers “not found”: VoIPcloud’s older article documents /api/integration/v1.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { token: '={{$credentials.apiKey}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{($credentials.region === "custom" ? $credentials.customUrl : $credentials.region).trim().replace(/\\/+$/, "")}}/api/integration/{{$credentials.apiVersion}}',
			url: '/get-system-status',
			timeout: 30_000,
			disableFollowRedirect: true,
		},
		rules: [
			...REDIRECT_RULES,
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'VoIPcloud refused the request (401). Either the API key is wrong, or this n8n server’s public IP address is not on the API whitelist (Integration/API → API → add IP): VoIPcloud answers 401 for both.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'Nothing answers at this address (404). Check the region or custom URL, and try the other API version.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 429,
					message:
						'VoIPcloud’s rate limit is reached (100 requests per 15 minutes). The key may be fine: test again later.',
				},
			},
		],
	};
}
