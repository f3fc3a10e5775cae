// What a fake KOMPaaS holds for the KOMPaaS Trigger, as a list to compare before and after.
const VERIFY_HEADER = 'X-N8n-Webhook-Secret';

/**
 * The account's webhooks by KOMPaaS event: id, event, URL and the secret header they carry.
 * @param {ReturnType<typeof import('../fakes/kompaasApi').createKompaasFake>} fake
 */
function kompaasWebhooks(fake) {
	return fake
		.webhooks()
		.map((webhook) => ({
			id: webhook.id,
			event: webhook.event_id,
			url: webhook.url,
			secret: webhook.headers?.[VERIFY_HEADER],
		}))
		.sort((a, b) => a.event - b.event);
}

module.exports = { VERIFY_HEADER, kompaasWebhooks };
