import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { REDIRECT_RULES } from '../nodes/shared/credentialTest';
import { API_KEY_PLACEHOLDER, baseUrlOf, isAbsoluteUrl, sameOrigin } from '../nodes/ThreeCx/webApi';

const WRONG_KEY =
	'The 3CX WebAPI refused this Access Key. Copy the key from the WebAPI add-on’s configuration (TCXWebAPI.ini): it is the part after /webapi/ in the add-on’s links.';

export class ThreeCxWebApi implements ICredentialType {
	name = 'threeCxWebApi';

	displayName = '3CX Web API';

	icon: Icon = { light: 'file:../icons/3cx.svg', dark: 'file:../icons/3cx.dark.svg' };

	documentationUrl = 'https://creomate.com/3cx-api-documentation';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. https://pbx.example.com:5001',
			description: 'Address of the 3CX server where the WebAPI add-on listens, without /webapi',
		},
		{
			displayName: 'Access Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The key in the add-on’s WebAPI links, https://&lt;server&gt;:5001/webapi/&lt;access key&gt;/makecall: the WebAPI add-on’s configuration (TCXWebAPI.ini) holds it, and whoever installed the add-on can read it there',
		},
		{
			displayName: 'Allow Self-Signed Certificate',
			name: 'allowSelfSigned',
			type: 'boolean',
			default: false,
			description:
				'Whether to accept a certificate no authority signed, as the add-on’s HTTPS port (5001) often has. Only turn this on for your own server: it also accepts an impostor’s certificate.',
		},
	];

	/**
	 * The key sits in the URL path, so it is filled in here rather than in a header, and only
	 * into a path on the Base URL: an absolute URL (a recording URL taken from a webhook payload)
	 * never receives the key, nor the self-signed allowance unless it is on the same server.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const url = requestOptions.url ?? '';
		const allowSelfSigned = credentials.allowSelfSigned === true;
		if (isAbsoluteUrl(url)) {
			return {
				...requestOptions,
				skipSslCertificateValidation: allowSelfSigned && sameOrigin(url, baseUrlOf(credentials)),
			};
		}
		const key = encodeURIComponent(String(credentials.apiKey ?? ''));
		return {
			...requestOptions,
			url: url.split(API_KEY_PLACEHOLDER).join(key),
			baseURL: baseUrlOf(credentials),
			skipSslCertificateValidation: allowSelfSigned,
		};
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: `/webapi/${API_KEY_PLACEHOLDER}/`,
			timeout: 30_000,
			disableFollowRedirect: true,
		},
		rules: [
			...REDIRECT_RULES,
			{ type: 'responseCode', properties: { value: 401, message: WRONG_KEY } },
			{ type: 'responseCode', properties: { value: 403, message: WRONG_KEY } },
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'No 3CX WebAPI answers at this Base URL. Check the address and port of the WebAPI add-on (often :5001), without /webapi.',
				},
			},
		],
	};
}
