// The three PBX folders match inside: every transport.ts and constants.ts exports the same names
// and shapes (CONTRIBUTING.md, "Transport" and "Constants"), and the constants are what the
// credential classes declare.
import { KompaasApi } from '../../../credentials/KompaasApi.credentials';
import { KompaasWebhookApi } from '../../../credentials/KompaasWebhookApi.credentials';
import { ThreeCxWebApi } from '../../../credentials/ThreeCxWebApi.credentials';
import { ThreeCxWebhookApi } from '../../../credentials/ThreeCxWebhookApi.credentials';
import { VoipcloudApi } from '../../../credentials/VoipcloudApi.credentials';
import { VoipcloudWebhookApi } from '../../../credentials/VoipcloudWebhookApi.credentials';
import * as kompaasConstants from '../../../nodes/Kompaas/constants';
import * as kompaasTransport from '../../../nodes/Kompaas/transport';
import * as threeCxConstants from '../../../nodes/ThreeCx/constants';
import * as threeCxTransport from '../../../nodes/ThreeCx/transport';
import * as voipcloudConstants from '../../../nodes/Voipcloud/constants';
import * as voipcloudTransport from '../../../nodes/Voipcloud/transport';

const PBXS = [
	{
		pbx: 'VoIPcloud',
		constants: voipcloudConstants,
		transport: voipcloudTransport,
		api: new VoipcloudApi(),
		webhook: new VoipcloudWebhookApi(),
	},
	{
		pbx: 'KOMPaaS',
		constants: kompaasConstants,
		transport: kompaasTransport,
		api: new KompaasApi(),
		webhook: new KompaasWebhookApi(),
	},
	{
		pbx: '3CX',
		constants: threeCxConstants,
		transport: threeCxTransport,
		api: new ThreeCxWebApi(),
		webhook: new ThreeCxWebhookApi(),
	},
];

const defaultOf = (
	credential: { properties: Array<{ name: string; default?: unknown }> },
	name: string,
) => credential.properties.find((property) => property.name === name)?.default;

describe.each(PBXS)('$pbx', ({ constants, transport, api, webhook }) => {
	test('transport.ts exports apiRequest, api and describeFailure, nothing else', () => {
		expect(Object.keys(transport).sort()).toEqual(['api', 'apiRequest', 'describeFailure']);
		// `redact` is optional: only 3CX has secrets beyond the credential's (any key in a path).
		const fields = (value: object) => Object.keys(value).filter((key) => key !== 'redact');
		expect(fields(transport.api).sort()).toEqual(fields(voipcloudTransport.api).sort());
		expect(transport.describeFailure).toHaveLength(3);
		expect(transport.api.describeFailure).toBe(transport.describeFailure);
	});

	test('constants.ts exports the four constants, nothing else', () => {
		expect(Object.keys(constants).sort()).toEqual([
			'API_CREDENTIAL',
			'DEFAULT_BASE_URL',
			'WEBHOOK_CREDENTIAL',
			'WEBHOOK_SECRET',
		]);
		expect(['header', 'query']).toContain(constants.WEBHOOK_SECRET.in);
		expect(constants.WEBHOOK_SECRET.name).toMatch(/^[\w-]+$/);
	});

	test('the credential names are the ones the credential classes declare', () => {
		expect(constants.API_CREDENTIAL).toBe(api.name);
		expect(constants.WEBHOOK_CREDENTIAL).toBe(webhook.name);
		expect(transport.api.credentialName).toBe(api.name);
	});
});

test('DEFAULT_BASE_URL is the API credential’s default (none for 3CX, whose server is the customer’s)', () => {
	expect(voipcloudConstants.DEFAULT_BASE_URL).toBe(defaultOf(new VoipcloudApi(), 'region'));
	expect(kompaasConstants.DEFAULT_BASE_URL).toBe(defaultOf(new KompaasApi(), 'baseUrl'));
	expect(threeCxConstants.DEFAULT_BASE_URL).toBeNull();
	expect(defaultOf(new ThreeCxWebApi(), 'baseUrl')).toBe('');
});
