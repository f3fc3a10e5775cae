// Who may start the KOMPaaS Trigger, decided directly: the secret KOMPaaS sends in the
// X-N8n-Webhook-Secret header (or ?n8n_secret=), against the secret the trigger registered
// (Automatic setup) or the KOMPaaS Webhook credential's (Manual); and KOMPaaS's own event ids.
// The trigger's answers in n8n are in KompaasTrigger.node.test.ts.
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { checkSecret, webhookHandler } from '../../../nodes/Kompaas/webhookAccess';
import { registeredSecret } from '../../../nodes/Kompaas/webhookStore';
import { directContext } from '../../support/directContext';

const SECRET = 'kompaas-s3cret';
const NO_SECRET_YET =
	'The trigger has no secret yet: publish the workflow (Automatic setup) or set the secret in the KOMPaaS Webhook credential';

const trigger = (options: { secret?: unknown; setupMode?: string; staticData?: IDataObject }) =>
	directContext({
		credentials: { secret: ('secret' in options ? options.secret : SECRET) as string },
		authHeaders: () => ({}),
		parameters: options.setupMode === undefined ? {} : { setupMode: options.setupMode },
		staticData: options.staticData,
	}).context;
const request = (headers: IDataObject, query: IDataObject = {}) => ({ headers, query });

describe('checkSecret: against the KOMPaaS Webhook credential', () => {
	test.each([
		['the header', request({ 'x-n8n-webhook-secret': SECRET })],
		['the header repeated by a proxy', request({ 'x-n8n-webhook-secret': `${SECRET}, ${SECRET}` })],
		['the query, where only a URL carries it', request({}, { n8n_secret: SECRET })],
		[
			'the header before the query',
			request({ 'x-n8n-webhook-secret': SECRET }, { n8n_secret: 'nope' }),
		],
		['the first of repeated query values', request({}, { n8n_secret: [SECRET, 'nope'] })],
	])('accepts the secret in %s', async (_where, received) => {
		expect(await checkSecret(trigger({}), received)).toEqual({ refusal: null });
	});

	test.each([['no secret', request({ other: SECRET })]])(
		'%s sent: missing header',
		async (_what, received) => {
			expect(await checkSecret(trigger({}), received)).toEqual({
				refusal: 'Missing X-N8n-Webhook-Secret header',
			});
		},
	);

	test.each([
		['another secret', request({ 'x-n8n-webhook-secret': 'nope' })],
		['two different secrets in one header', request({ 'x-n8n-webhook-secret': `${SECRET}, x` })],
		['an empty secret', request({ 'x-n8n-webhook-secret': '' })],
		['an empty query secret', request({}, { n8n_secret: '' })],
	])('refuses %s as invalid', async (_what, received) => {
		expect(await checkSecret(trigger({}), received)).toEqual({
			refusal: 'Invalid webhook secret',
		});
	});

	test.each([
		['empty', ''],
		['absent', undefined],
		['not text', 5],
	])('a credential whose secret is %s: no secret yet', async (_what, secret) => {
		expect(
			await checkSecret(trigger({ secret }), request({ 'x-n8n-webhook-secret': SECRET })),
		).toEqual({ refusal: NO_SECRET_YET });
	});
});

describe('authenticate: the registered secret (Automatic) or the credential’s (Manual)', () => {
	const authenticate = (context: ReturnType<typeof trigger>, headers: IDataObject) =>
		webhookHandler.authenticate!.call(context as IWebhookFunctions, request(headers));
	const registered = { staticData: { ...registeredSecret(SECRET) } };

	test('Automatic setup by default: the secret registered with KOMPaaS', async () => {
		expect(
			await authenticate(trigger({ ...registered, secret: 'other' }), {
				'x-n8n-webhook-secret': SECRET,
			}),
		).toEqual({ refusal: null });
		expect(
			await authenticate(trigger({ ...registered, secret: 'other' }), {
				'x-n8n-webhook-secret': 'other',
			}),
		).toEqual({ refusal: 'Invalid webhook secret' });
	});

	test('Automatic setup without a secret sent: missing header; an empty one is wrong', async () => {
		expect(await authenticate(trigger(registered), {})).toEqual({
			refusal: 'Missing X-N8n-Webhook-Secret header',
		});
		expect(await authenticate(trigger(registered), { 'x-n8n-webhook-secret': '' })).toEqual({
			refusal: 'Invalid webhook secret',
		});
	});

	test.each([
		['nothing registered', {}],
		['an empty hash', { secretHash: '' }],
		['a hash that is not text', { secretHash: 5 }],
	])('Automatic setup with %s: no secret yet', async (_what, staticData) => {
		expect(
			await authenticate(trigger({ staticData, setupMode: 'automatic' }), {
				'x-n8n-webhook-secret': SECRET,
			}),
		).toEqual({ refusal: NO_SECRET_YET });
	});

	test('Manual setup: the credential’s secret, not a registered one', async () => {
		const manual = { ...registered, setupMode: 'manual', secret: 'credential-secret' };
		expect(
			await authenticate(trigger(manual), { 'x-n8n-webhook-secret': 'credential-secret' }),
		).toEqual({ refusal: null });
		expect(await authenticate(trigger(manual), { 'x-n8n-webhook-secret': SECRET })).toEqual({
			refusal: 'Invalid webhook secret',
		});
	});
});

describe('eventId: KOMPaaS’s own id of an event', () => {
	test.each([
		[
			'the recording event’s UUID',
			{ eventType: 'record_upload_done', id: 'b7e1-uuid' },
			'b7e1-uuid',
		],
		['a queue event’s record id', { eventType: 'QUEUE_LINK_END', id: 4711 }, '4711'],
		['a queue entry’s record id', { eventType: 'QUEUE_LINK_START', id: '12' }, '12'],
		['none for a queue agent’s call', { eventType: 'QueueCallStart', id: '12' }, null],
		['none for a call event', { eventType: 'VpbxInboundCallEnd', id: 'x' }, null],
		['none for an event KOMPaaS does not document', { eventType: 'SmsIncoming', id: 'x' }, null],
		['none without an event', { id: 'x' }, null],
		['none without an id', { eventType: 'record_upload_done' }, null],
	])('%s', (_what, body, id) => {
		expect(webhookHandler.eventId?.(body)).toBe(id);
	});
});

describe('the KOMPaaS part of the webhook pipeline', () => {
	test('is KOMPaaS’s, and hides n8n_secret from what is kept of the query', () => {
		expect(webhookHandler.pbx).toBe('kompaas');
		expect(webhookHandler.secretQueryKeys).toEqual(['n8n_secret']);
		expect(webhookHandler.checkSecret).toBe(checkSecret);
	});
});
