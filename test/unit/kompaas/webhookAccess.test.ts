import { randomBytes } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { registeredSecret } from '../../../nodes/Kompaas/webhookStore';
import { callEventSchema } from '../../../nodes/shared/callEventSchema';
import { callWebhook, type WebhookRequest } from '../../support/n8nEngine';

const SECRET = randomBytes(24).toString('hex');

const NO_SECRET_YET =
	'The trigger has no secret yet: publish the workflow (Automatic setup) or set the secret in the KOMPaaS Webhook credential';

const callEnd = {
	eventType: 'VpbxInboundCallEnd',
	linkedId: '7a1-1765978000.5301',
	callerNumber: 436641234567,
	did: 4312041200,
	duration: 30,
	answered: 1,
};

interface Delivery extends WebhookRequest {
	setupMode?: 'automatic' | 'manual';
	/** The KOMPaaS Webhook credential (Manual setup). */
	credential?: IDataObject;
	staticData?: IDataObject;
}

/** One request to the KOMPaaS Trigger in n8n-core's WebhookContext. */
async function deliver({ setupMode = 'automatic', credential, staticData, ...request }: Delivery) {
	return await callWebhook({
		type: 'kompaasTrigger',
		parameters: { setupMode, events: ['*'] },
		credentials: credential ? { kompaasWebhookApi: credential } : {},
		staticData: staticData ?? (registeredSecret(SECRET) as IDataObject),
		request,
	});
}

/** The 401 the trigger answers a refused request with. */
const refused = (message: string) => ({
	statusCode: 401,
	jsonBody: { code: 401, message },
	ended: true,
});

describe('KOMPaaS checkSecret: the secret against the KOMPaaS Webhook credential (Manual setup)', () => {
	const manual = (request: Omit<Delivery, 'setupMode'>) =>
		deliver({ body: callEnd, setupMode: 'manual', ...request });

	it('refuses a request without a secret as missing, before loading the credential', async () => {
		const { response, credentialTypes } = await manual({ credential: { secret: SECRET } });
		expect(response).toEqual(refused('Missing X-N8n-Webhook-Secret header'));
		expect(credentialTypes).toEqual([]);
	});

	it('refuses an empty secret as a wrong one, before loading the credential', async () => {
		const { response, credentialTypes } = await manual({
			credential: { secret: '' },
			headers: { 'x-n8n-webhook-secret': '' },
		});
		expect(response).toEqual(refused('Invalid webhook secret'));
		expect(credentialTypes).toEqual([]);
	});

	it('says the trigger has no secret yet when the credential’s secret is empty or missing', async () => {
		for (const credential of [{ secret: '' }, {}]) {
			const { response, credentialTypes } = await manual({
				credential,
				headers: { 'x-n8n-webhook-secret': 'anything-at-all-here' },
			});
			expect(response).toEqual(refused(NO_SECRET_YET));
			expect(credentialTypes).toEqual(['kompaasWebhookApi']);
		}
	});

	it('refuses a wrong secret as invalid when the credential has one', async () => {
		const { response } = await manual({
			credential: { secret: SECRET },
			headers: { 'x-n8n-webhook-secret': `${SECRET}x` },
		});
		expect(response).toEqual(refused('Invalid webhook secret'));
	});

	it('checks the header, not the query, when a request carries both', async () => {
		const headerRight = await manual({
			credential: { secret: SECRET },
			headers: { 'x-n8n-webhook-secret': SECRET },
			query: { n8n_secret: 'wrong-secret' },
		});
		expect(headerRight.response.statusCode).toBeUndefined();
		expect(headerRight.result.workflowData?.[0]).toHaveLength(1);
		const queryRight = await manual({
			credential: { secret: SECRET },
			headers: { 'x-n8n-webhook-secret': 'wrong-secret' },
			query: { n8n_secret: SECRET },
		});
		expect(queryRight.response).toEqual(refused('Invalid webhook secret'));
	});
});

describe('KOMPaaS authenticate: the registered secret (Automatic setup)', () => {
	it('takes Automatic setup when the trigger names none, checking static data', async () => {
		const { response, credentialTypes } = await callWebhook({
			type: 'kompaasTrigger',
			parameters: { events: ['*'] },
			staticData: registeredSecret(SECRET) as IDataObject,
			request: { body: callEnd, headers: { 'x-n8n-webhook-secret': SECRET } },
		});
		expect(response.statusCode).toBeUndefined();
		expect(credentialTypes).toEqual([]);
	});

	it('says a request without a secret misses it, whether or not a secret is registered', async () => {
		for (const staticData of [{}, registeredSecret(SECRET) as IDataObject]) {
			const { response } = await deliver({ body: callEnd, staticData });
			expect(response).toEqual(refused('Missing X-N8n-Webhook-Secret header'));
		}
	});

	it('says the trigger has no secret yet while static data holds no usable hash', async () => {
		for (const staticData of [{}, { secretHash: '' }, { secretHash: 42 }]) {
			const { response } = await deliver({
				body: callEnd,
				staticData,
				headers: { 'x-n8n-webhook-secret': SECRET },
			});
			expect(response).toEqual(refused(NO_SECRET_YET));
		}
	});
});

describe('KOMPaaS event ids: KOMPaaS’s own id where it sends one', () => {
	async function eventIdOf(body: IDataObject): Promise<string> {
		const { result } = await deliver({ body, headers: { 'x-n8n-webhook-secret': SECRET } });
		expect(result.workflowData?.[0]).toHaveLength(1);
		return callEventSchema.parse(result.workflowData?.[0][0].json).eventId;
	}

	it('takes the recording event’s UUID', async () => {
		const uuid = '590bff05-0f9b-4205-8312-1d431d8000000';
		expect(
			await eventIdOf({
				eventType: 'record_upload_done',
				id: uuid,
				data: { linkedid: '7a1-1765978000.5301', eventName: 'record_upload_done' },
			}),
		).toBe(uuid);
	});

	it('takes the CEL record id of a call entering or leaving a queue', async () => {
		for (const eventType of ['QUEUE_LINK_START', 'QUEUE_LINK_END']) {
			expect(await eventIdOf({ eventType, id: 939970000, linkedid: '7a1-1765978000.5301' })).toBe(
				'939970000',
			);
		}
	});

	it('does not take an `id` of other events, whose ids KOMPaaS does not document as unique', async () => {
		const ringing = { eventType: 'QueueCallStart', id: 'agent-7', linkedid: '7a1-1765978000.5301' };
		const unknown = { eventType: 'SomethingNew', id: 'agent-7' };
		for (const body of [ringing, unknown]) {
			const id = await eventIdOf(body);
			expect(id).not.toBe('agent-7');
			// The same payload delivered again keeps its id (a hash of the payload).
			expect(await eventIdOf(body)).toBe(id);
		}
	});
});
