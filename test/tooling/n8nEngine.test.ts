// test/support/n8nEngine.ts applies a generic `authenticate` as n8n does, in a copy: the code is in
// n8n's CLI package, which n8n-core does not export. This holds the copy to n8n's own
// CredentialsHelper, run in the n8n runtime the e2e tests use, for every credential type of ours
// with a generic `authenticate` (a function `authenticate` is called as is by both).
import type { IAuthenticateGeneric, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { n8nAuthenticate } from '../support/n8nCli';
import { authenticatedRequest, CREDENTIAL_TYPES, withDefaults } from '../support/n8nEngine';

const GENERIC = Object.entries(CREDENTIAL_TYPES).filter(
	([, type]) => typeof type.authenticate === 'object',
);

/** Credential values as users enter them: typical, empty, and with characters to escape. */
const VALUES: IDataObject[] = [
	{ apiKey: 'key-123', apiToken: 'token-123', accountId: '100002' },
	{ apiKey: '', apiToken: '', accountId: '' },
	{ apiKey: 'k"e y/ü', apiToken: 't{{x}}"', accountId: ' 7 ' },
];

const REQUESTS: IHttpRequestOptions[] = [
	{ url: '/calls', method: 'GET' },
	{ url: '/calls', method: 'POST', headers: { Accept: 'application/json' }, qs: { page: 2 } },
];

it('covers every credential type of ours with a generic authenticate', () => {
	expect(GENERIC.map(([name]) => name).sort()).toEqual(['kompaasApi', 'voipcloudApi']);
});

it('applies each generic authenticate exactly as n8n’s CredentialsHelper does', async () => {
	const cases = GENERIC.flatMap(([name, type]) =>
		VALUES.flatMap((values) =>
			REQUESTS.map((request) => ({
				name,
				authenticate: type.authenticate as IAuthenticateGeneric,
				credentials: withDefaults(name, values),
				request,
			})),
		),
	);
	const ours = await Promise.all(
		cases.map(({ name, credentials, request }) => authenticatedRequest(name, credentials, request)),
	);
	expect(ours).toEqual(n8nAuthenticate(cases));
}, 300_000);
