import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

/** Where the API key goes in a WebAPI path: `/webapi/{key}/makecall`. */
export const API_KEY_PLACEHOLDER = '{apiKey}';

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
				'The WebAPI access key from the add-on’s settings; it is part of every WebAPI path',
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

	/** The key sits in the URL path, so it is filled in here rather than in a header. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const url = requestOptions.url ?? '';
		const key = encodeURIComponent(String(credentials.apiKey ?? ''));
		const options: IHttpRequestOptions = {
			...requestOptions,
			url: url.split(API_KEY_PLACEHOLDER).join(key),
			skipSslCertificateValidation: credentials.allowSelfSigned === true,
		};
		if (!/^https?:\/\//i.test(url)) options.baseURL = baseUrlOf(credentials);
		return options;
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: `/webapi/${API_KEY_PLACEHOLDER}/`,
		},
	};
}

export function baseUrlOf(credentials: ICredentialDataDecryptedObject): string {
	return String(credentials.baseUrl ?? '')
		.trim()
		.replace(/\/+$/, '');
}
