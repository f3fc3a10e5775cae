// The two schemes of the 3CX Webhook add-ons, for the simulator: scenarios are written in K2M's
// JSON (capitalised keys); Creomate's GET scheme sends the same events as query strings with
// lowercase keys and its own spellings (vendor-docs/3cx-webhook-addon-events.txt, last tables).

/** The query parameter holding the trigger's secret (nodes/ThreeCx/webhookAccess.ts). */
const THREECX_SECRET_PARAMETER = 'token';

const CREOMATE_EVENTS = {
	incomingcall_started: 'hangupincoming',
	outgoingcall_started: 'hangupoutgoing',
};
const CREOMATE_TRANSFER_TYPES = { Attended: 'Accomp' };

/** The recording URL of a K2M `recording` event, which Creomate POSTs alone; null otherwise. */
function k2mRecordingUrl(body) {
	if (!body || typeof body !== 'object' || body.Event !== 'recording') return null;
	return Array.isArray(body.FileUrls) ? body.FileUrls[0] : null;
}

/**
 * A K2M event as Creomate's GET query: lowercase keys, `hangupincoming`/`hangupoutgoing`,
 * `Accomp`, and no Duration but a `title` that ends with it. `overrides` replace any field.
 * @param {Record<string, unknown>} body
 * @param {Record<string, string>} [overrides]
 * @returns {Record<string, string>}
 */
function creomateGetParams(body, overrides = {}) {
	const params = {};
	for (const [key, value] of Object.entries(body)) {
		if (key === 'Duration') continue;
		params[key.toLowerCase()] = String(value);
	}
	params.event = CREOMATE_EVENTS[params.event] ?? params.event;
	if (params.trtype) params.trtype = CREOMATE_TRANSFER_TYPES[params.trtype] ?? params.trtype;
	if (params.event === 'incoming' || params.event === 'outgoing') params.title = title(body);
	return { ...params, ...overrides };
}

function title(body) {
	const duration = body.Duration ? ` (${String(body.Duration).replace(/^0(?=\d:)/, '')})` : '';
	const did = body.Did ? `${body.Did}:` : '';
	const answered = body.Finishtype === 'Ok';
	if (body.Event === 'outgoing') {
		return answered
			? `Successful call to ${body.Callerid}${duration}`
			: `Unanswered call to ${body.Callerid}`;
	}
	return answered
		? `${did}Answered call from ${body.Callerid}${duration}`
		: `${did}Missed call from ${body.Callerid}`;
}

module.exports = { THREECX_SECRET_PARAMETER, creomateGetParams, k2mRecordingUrl };
