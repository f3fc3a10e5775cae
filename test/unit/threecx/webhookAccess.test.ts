// Who may start the 3CX Webhook Trigger, decided directly: the optional allow-list of source
// addresses, then the ?token= against the 3CX Webhook credential, with an add-on's event fields
// run onto the token given back. The trigger's answers in n8n are in ThreeCxWebhookTrigger.node.test.ts.
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { checkSecret, webhookHandler } from '../../../nodes/ThreeCx/webhookAccess';
import { directContext } from '../../support/directContext';

const SECRET = 's3cret-token';

function trigger(options: { parameters?: IDataObject; request?: IDataObject; secret?: unknown }) {
	return directContext({
		credentials: { secret: ('secret' in options ? options.secret : SECRET) as string },
		authHeaders: () => ({}),
		parameters: options.parameters,
		request: options.request,
	});
}
const request = (query: IDataObject) => ({ headers: {}, query });

describe('checkSecret: the token in the URL', () => {
	test('the secret alone is accepted, the query kept as it is', async () => {
		expect(await checkSecret(trigger({}).context, request({ token: SECRET }))).toEqual({
			refusal: null,
		});
	});

	test('the first of repeated tokens is the one checked', async () => {
		expect(await checkSecret(trigger({}).context, request({ token: [SECRET, 'other'] }))).toEqual({
			refusal: null,
		});
		expect(await checkSecret(trigger({}).context, request({ token: ['other', SECRET] }))).toEqual({
			refusal: 'Invalid token',
		});
	});

	test.each([
		['no token', {}],
		['a token that is not text', { token: 5 }],
		['a list without text first', { token: [5, SECRET] }],
	])('%s: the token is missing', async (_what, query) => {
		expect(await checkSecret(trigger({}).context, request(query))).toEqual({
			refusal: 'Missing token query parameter',
		});
	});

	test.each([
		['another token', 'nope'],
		['an empty token', ''],
		['the secret with more after it', `${SECRET}x`],
		['the start of the secret', SECRET.slice(0, 5)],
	])('%s is invalid', async (_what, token) => {
		expect(await checkSecret(trigger({}).context, request({ token }))).toEqual({
			refusal: 'Invalid token',
		});
	});

	test('no secret in the credential accepts nothing', async () => {
		expect(await checkSecret(trigger({ secret: '' }).context, request({ token: '' }))).toEqual({
			refusal: 'Invalid token',
		});
	});

	test('event fields run onto the token are given back in the query, the query’s own first', async () => {
		const access = await checkSecret(
			trigger({}).context,
			request({ token: `${SECRET}?event=ringing&from=100`, from: '200' }),
		);
		expect(access).toEqual({
			refusal: null,
			query: { event: 'ringing', from: '200', token: `${SECRET}?event=ringing&from=100` },
		});
	});

	test('a secret that holds a "?" is found as the part before the next one', async () => {
		const secret = 'a?b';
		const access = await checkSecret(
			trigger({ secret }).context,
			request({ token: 'a?b?event=ended' }),
		);
		expect(access).toEqual({
			refusal: null,
			query: { event: 'ended', token: 'a?b?event=ended' },
		});
	});

	test('the part before the first "?" when that is the secret', async () => {
		const access = await checkSecret(
			trigger({ secret: 'a' }).context,
			request({ token: 'a?b?event=ended' }),
		);
		expect(access).toEqual({
			refusal: null,
			query: { 'b?event': 'ended', token: 'a?b?event=ended' },
		});
	});
});

describe('authenticate: the allow-list, then the token', () => {
	const authenticate = (setup: Parameters<typeof trigger>[0], query: IDataObject) => {
		const direct = trigger(setup);
		return {
			access: webhookHandler.authenticate!.call(
				direct.context as IWebhookFunctions,
				request(query),
			),
			warned: direct.warned,
		};
	};
	const allow = (allowedSourceIps: string) => ({
		parameters: { additionalOptions: { allowedSourceIps } },
	});

	test('without an allow-list, any address with the token', async () => {
		const { access, warned } = authenticate({ request: { ip: '203.0.113.9' } }, { token: SECRET });
		expect(await access).toEqual({ refusal: null });
		expect(warned).toEqual([]);
	});

	test('an address on the list with the token is accepted', async () => {
		const { access } = authenticate(
			{ ...allow('10.0.0.0/8, 192.0.2.1'), request: { ip: '::ffff:10.1.2.3' } },
			{ token: SECRET },
		);
		expect(await access).toEqual({ refusal: null });
	});

	test('an address on the list still needs the token', async () => {
		const { access } = authenticate(
			{ ...allow('192.0.2.1'), request: { ip: '192.0.2.1' } },
			{ token: 'nope' },
		);
		expect(await access).toEqual({ refusal: 'Invalid token' });
	});

	test('an address off the list is forbidden, whatever its token', async () => {
		const { access } = authenticate(
			{ ...allow('192.0.2.1'), request: { ip: '198.51.100.7' } },
			{ token: SECRET },
		);
		expect(await access).toEqual({
			refusal: { status: 403, message: 'Requests from 198.51.100.7 are not allowed' },
		});
	});

	test('without ip, the socket’s address', async () => {
		const { access } = authenticate(
			{ ...allow('192.0.2.1'), request: { socket: { remoteAddress: '198.51.100.8' } } },
			{ token: SECRET },
		);
		expect(await access).toEqual({
			refusal: { status: 403, message: 'Requests from 198.51.100.8 are not allowed' },
		});
	});

	test('no address known is forbidden', async () => {
		const { access } = authenticate({ ...allow('192.0.2.1'), request: {} }, { token: SECRET });
		expect(await access).toEqual({
			refusal: { status: 403, message: 'Requests from an unknown address are not allowed' },
		});
	});

	test('entries that are not addresses are logged and ignored; a list of only those allows none', async () => {
		const { access, warned } = authenticate(
			{ ...allow('pbx.example.com, 192.0.2.1 nope'), request: { ip: '192.0.2.1' } },
			{ token: SECRET },
		);
		expect(await access).toEqual({ refusal: null });
		expect(warned).toEqual([
			'3CX Webhook Trigger: ignoring allowed source IPs that are not addresses: pbx.example.com, nope',
		]);
		const { access: none } = authenticate(
			{ ...allow('pbx.example.com'), request: { ip: '192.0.2.1' } },
			{ token: SECRET },
		);
		expect(await none).toEqual({
			refusal: { status: 403, message: 'Requests from 192.0.2.1 are not allowed' },
		});
	});

	test('an empty allow-list is no allow-list', async () => {
		const { access, warned } = authenticate(
			{ ...allow(' , '), request: { ip: '198.51.100.7' } },
			{ token: SECRET },
		);
		expect(await access).toEqual({ refusal: null });
		expect(warned).toEqual([]);
	});
});

describe('the 3CX part of the webhook pipeline', () => {
	test('is 3CX’s, and hides the token from what is kept of the query', () => {
		expect(webhookHandler.pbx).toBe('3cx');
		expect(webhookHandler.secretQueryKeys).toEqual(['token']);
		expect(webhookHandler.checkSecret).toBe(checkSecret);
	});
});
