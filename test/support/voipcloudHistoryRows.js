// The rows VoIPcloud's call history holds for a call whose webhooks a scenario sends: every
// completed or summary payload is a row of the list that event belongs to (a user's completion
// in get-user-calls, a queue summary in get-queue-calls, a ring group summary in
// get-ringgroup-calls), with the list's own fields (history rows of queues and ring groups carry
// no `type`) and the naive "YYYY-MM-DD HH:mm:ss" date-times of the API. Shared by the unit tests
// (eventId equality) and the outage e2e test (the same calls written to the fake history).

const LIST_OF_TYPE = {
	user_inbound_completed: 'get-user-calls',
	user_inbound_missed: 'get-user-calls',
	user_outbound_completed: 'get-user-calls',
	user_outbound_missed: 'get-user-calls',
	queue_call: 'get-queue-calls',
	ring_group_call: 'get-ringgroup-calls',
};

/** "2026-11-20T10:00:00Z" (a rendered scenario's time) as the history writes it. */
function historyTime(value) {
	if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return value;
	return value.replace('T', ' ').replace(/(\.\d+)?Z$/, '');
}

/**
 * @param {{ steps: Array<{ body: Record<string, unknown> }> }} rendered a rendered VoIPcloud scenario
 * @returns {Array<{ endpoint: string, list: 'user' | 'queue' | 'ringGroup', row: Record<string, unknown> }>}
 */
function historyRowsOf(rendered) {
	const rows = [];
	for (const { body } of rendered.steps) {
		const endpoint = LIST_OF_TYPE[body.type];
		if (endpoint === undefined) continue;
		const row = {};
		for (const [key, value] of Object.entries(body)) {
			if (endpoint !== 'get-user-calls' && key === 'type') continue;
			row[key] = historyTime(value);
		}
		const list = { 'get-user-calls': 'user', 'get-queue-calls': 'queue' }[endpoint] ?? 'ringGroup';
		rows.push({ endpoint, list, row });
	}
	return rows;
}

module.exports = { historyRowsOf };
