import { randomBytes } from 'crypto';
import { NodeHelpers, type IDataObject } from 'n8n-workflow';

import { KompaasTrigger } from '../../../nodes/Kompaas/KompaasTrigger.node';
import { registeredSecret } from '../../../nodes/Kompaas/webhookStore';
import { callEventSchema } from '../../../nodes/shared/callEventSchema';
import { callWebhook, type WebhookRequest } from '../../support/n8nEngine';

/** Fresh secrets each run, as the trigger and the credential would hold them. */
const SECRET = randomBytes(24).toString('hex');
const MANUAL_SECRET = `Manual${randomBytes(12).toString('hex')}`;

const callEnd = {
	eventType: 'VpbxInboundCallEnd',
	linkedId: '7a1-1765978000.5301',
	uniqueId: '7a1-1765978000.5301',
	callerNumber: 436641234567,
	did: 4312041200,
	duration: 30,
	billsec: 20,
	durationWaiting: 10,
	answered: 1,
	dateReceivedAtUTC: '2026-01-01 10:00:30.000000',
};

interface Delivery extends WebhookRequest {
	parameters?: IDataObject;
	/** The KOMPaaS Webhook credential (Manual setup). */
	credentials?: IDataObject;
	staticData?: IDataObject;
}

/** One request to the trigger in n8n-core's WebhookContext, registered with SECRET. */
async function deliver({ parameters, credentials, staticData, ...request }: Delivery) {
	return await callWebhook({
		type: 'kompaasTrigger',
		parameters: { setupMode: 'automatic', events: ['*'], ...parameters },
		credentials: credentials ? { kompaasWebhookApi: credentials } : {},
		staticData: staticData ?? (registeredSecret(SECRET) as IDataObject),
		request,
	});
}

describe('KompaasTrigger webhook: the secret (Automatic setup)', () => {
	it('accepts the X-N8n-Webhook-Secret header holding the secret from static data', async () => {
		const { result, response } = await deliver({
			body: callEnd,
			headers: { 'x-n8n-webhook-secret': SECRET },
		});
		expect(response.statusCode).toBeUndefined();
		expect(result.webhookResponse).toEqual({ message: 'Workflow was started', events: 1 });
		expect(callEventSchema.parse(result.workflowData?.[0][0].json)).toMatchObject({
			pbx: 'kompaas',
			event: 'call.ended',
		});
	});

	it.each([
		['no secret', {}, 'Missing X-N8n-Webhook-Secret header'],
		['a wrong secret', { 'x-n8n-webhook-secret': 'wrong-secret' }, 'Invalid webhook secret'],
		[
			'the secret in other case',
			{ 'x-n8n-webhook-secret': SECRET.toUpperCase() },
			'Invalid webhook secret',
		],
		['an empty secret', { 'x-n8n-webhook-secret': '' }, 'Invalid webhook secret'],
	])('refuses %s with 401 and starts nothing', async (_case, headers, message) => {
		const { result, response } = await deliver({ body: callEnd, headers });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response).toEqual({ statusCode: 401, jsonBody: { code: 401, message }, ended: true });
	});

	it('checks the secret against its hash in static data, without loading any credential', async () => {
		const { result, credentialTypes } = await deliver({
			body: callEnd,
			headers: { 'x-n8n-webhook-secret': SECRET },
		});
		expect(result.workflowData).toHaveLength(1);
		expect(credentialTypes).toEqual([]);
		const wrong = await deliver({
			body: callEnd,
			headers: { 'x-n8n-webhook-secret': registeredSecret(SECRET).secretHash! },
		});
		expect(wrong.response.statusCode).toBe(401);
	});

	it('refuses everything while no secret is registered (never published)', async () => {
		const { result, response } = await deliver({
			body: callEnd,
			staticData: {},
			headers: { 'x-n8n-webhook-secret': 'anything-at-all-here' },
		});
		expect(result.workflowData).toBeUndefined();
		expect(response.statusCode).toBe(401);
		expect((response.jsonBody as IDataObject).message).toMatch(/no secret yet/);
	});

	it('accepts the secret as the n8n_secret query parameter and keeps it out of the event', async () => {
		const query = { ...stringify(callEnd), n8n_secret: SECRET };
		const { result, response } = await deliver({ method: 'GET', query });
		expect(response.statusCode).toBeUndefined();
		const event = callEventSchema.parse(result.workflowData?.[0][0].json);
		expect(event).toMatchObject({ event: 'call.ended', durationSec: 30, outcome: 'answered' });
		expect(event.raw).toEqual(stringify(callEnd));
	});

	it('accepts a GET request carrying the event in its query (setup webhook)', async () => {
		const { result } = await deliver({
			method: 'GET',
			query: stringify(callEnd),
			headers: { 'x-n8n-webhook-secret': SECRET },
		});
		expect(callEventSchema.parse(result.workflowData?.[0][0].json)).toMatchObject({
			event: 'call.ended',
			from: { number: '436641234567', name: null },
		});
	});

	it('accepts a POST with a free-text body and delivers the text as an unknown event', async () => {
		const { result } = await deliver({
			body: 'Call 7a1-1765978000.5301 ended',
			headers: { 'x-n8n-webhook-secret': SECRET },
		});
		expect(callEventSchema.parse(result.workflowData?.[0][0].json)).toMatchObject({
			event: 'unknown',
			raw: 'Call 7a1-1765978000.5301 ended',
		});
	});

	it('reads a text/plain body holding JSON as the event', async () => {
		const { result } = await deliver({
			body: JSON.stringify(callEnd),
			contentType: 'text/plain; charset=utf-8',
			headers: { 'x-n8n-webhook-secret': SECRET },
		});
		expect(result.workflowData?.[0][0].json).toMatchObject({ event: 'call.ended' });
	});

	it('does not read the KOMPaaS Webhook credential in Automatic setup', async () => {
		const { credentialTypes } = await deliver({
			body: callEnd,
			headers: { 'x-n8n-webhook-secret': SECRET },
		});
		expect(credentialTypes).toEqual([]);
	});
});

describe('KompaasTrigger webhook: the secret (Manual setup)', () => {
	const manual = { setupMode: 'manual' };

	it('checks the secret of the KOMPaaS Webhook credential, not static data', async () => {
		const ok = await deliver({
			body: callEnd,
			parameters: manual,
			credentials: { secret: MANUAL_SECRET },
			headers: { 'x-n8n-webhook-secret': MANUAL_SECRET },
		});
		expect(ok.response.statusCode).toBeUndefined();
		expect(ok.credentialTypes).toEqual(['kompaasWebhookApi']);
		const withStatic = await deliver({
			body: callEnd,
			parameters: manual,
			credentials: { secret: MANUAL_SECRET },
			headers: { 'x-n8n-webhook-secret': SECRET },
		});
		expect(withStatic.response.statusCode).toBe(401);
	});

	it('refuses an empty secret as a wrong one when the credential has a secret', async () => {
		const { response } = await deliver({
			body: callEnd,
			parameters: manual,
			credentials: { secret: MANUAL_SECRET },
			headers: { 'x-n8n-webhook-secret': '' },
		});
		expect(response).toEqual({
			statusCode: 401,
			jsonBody: { code: 401, message: 'Invalid webhook secret' },
			ended: true,
		});
	});

	it('refuses every request when the credential secret is empty', async () => {
		const { response } = await deliver({
			body: callEnd,
			parameters: manual,
			credentials: { secret: '' },
			headers: { 'x-n8n-webhook-secret': '' },
		});
		expect(response.statusCode).toBe(401);
	});

	it('accepts the credential secret in the query string', async () => {
		const { result } = await deliver({
			body: callEnd,
			parameters: manual,
			credentials: { secret: MANUAL_SECRET },
			query: { n8n_secret: MANUAL_SECRET },
		});
		expect(result.workflowData?.[0]).toHaveLength(1);
	});
});

describe('KompaasTrigger description', () => {
	const { description } = new KompaasTrigger();

	it('listens for GET and POST on the same path', () => {
		expect(description.webhooks?.map((w) => [w.httpMethod, w.path])).toEqual([
			['GET', 'kompaas'],
			['POST', 'kompaas'],
		]);
	});

	it('answers GET and POST alike with its own message (responseData ""), on receipt', () => {
		// Without responseData n8n answers a GET with the literal text "firstEntryJson".
		expect(
			description.webhooks?.map((w) => [w.httpMethod, w.responseMode, w.responseData]),
		).toEqual([
			['GET', 'onReceived', ''],
			['POST', 'onReceived', ''],
		]);
	});

	it('defaults to Automatic setup, which needs the KOMPaaS API credential; Manual the Webhook one', () => {
		const setup = description.properties.find((p) => p.name === 'setupMode');
		expect(setup?.default).toBe('automatic');
		const shown = (setupMode: string) =>
			(description.credentials ?? [])
				.filter((credential) =>
					NodeHelpers.displayParameter({ setupMode }, credential, { typeVersion: 1 }, description),
				)
				.map((credential) => [credential.name, credential.required]);
		expect(shown('automatic')).toEqual([['kompaasApi', true]]);
		expect(shown('manual')).toEqual([['kompaasWebhookApi', true]]);
	});

	it('reads the raw body so malformed JSON is not refused by n8n', () => {
		expect(description.properties.find((p) => p.name === 'options')?.default).toEqual({
			binaryData: true,
		});
	});
});

function stringify(data: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, String(value)]));
}
