import type { IAuthenticateRuleResponseCode } from 'n8n-workflow';

/**
 * Rules every credential test carries with `disableFollowRedirect: true`: a redirect is not
 * followed (the credential would go to the other address) and is not a success.
 */
export const REDIRECT_RULES: IAuthenticateRuleResponseCode[] = [301, 302, 303, 307, 308].map(
	(value) => ({
		type: 'responseCode',
		properties: {
			value,
			message: `The server answered with a redirect (HTTP ${value}), which the test does not follow so that the credential reaches no other address: put the address the API is served from in the credential`,
		},
	}),
);
