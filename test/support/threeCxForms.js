// The schemes of the 3CX Webhook add-ons, for the simulator and the tests: scenarios are written
// in K2M's JSON (capitalised keys); Creomate's GET scheme sends the same events as query strings
// with lowercase keys and its own spellings (vendor-docs/3cx-webhook-addon-events.txt, last
// tables); Creomate's JSON scheme (creomate.com/3cx-crm-bundle) sends them as JSON with lowercase
// keys, `pickup…` spellings, and the recording's files on the end event (RECORDING_FULL_INFO).

/** The query parameter holding the trigger's secret (nodes/ThreeCx/webhookAccess.ts). */
const THREECX_SECRET_PARAMETER = 'token';

const CREOMATE_EVENTS = {
	incomingcall_started: 'hangupincoming',
	outgoingcall_started: 'hangupoutgoing',
};
const CREOMATE_JSON_EVENTS = {
	incomingcall_started: 'pickupincoming',
	outgoingcall_started: 'pickupoutgoing',
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

/**
 * A scenario's K2M steps as Creomate's JSON scheme sends them: each end event carries the files
 * of its leg's recording (which then sends nothing else); a recording with no end event of its
 * leg (a blind transfer's first leg) arrives as the bare URL Creomate POSTs to WEBHOOK_POST_URL.
 * A merged step expects two events: the end and its recording.
 * @param {Array<{ body: any, expect?: any }>} steps
 */
function creomateJsonSteps(steps) {
	const endOfLeg = new Map();
	steps.forEach((step, index) => {
		if (step.body.Event === 'incoming' || step.body.Event === 'outgoing') {
			endOfLeg.set(step.body.Id, index);
		}
	});
	const files = new Map();
	const merged = new Set();
	for (const step of steps) {
		const url = k2mRecordingUrl(step.body);
		if (url !== null && endOfLeg.has(step.body.Id)) {
			files.set(endOfLeg.get(step.body.Id), step);
			merged.add(step);
		}
	}
	return steps.flatMap((step, index) => {
		if (merged.has(step)) return [];
		const url = k2mRecordingUrl(step.body);
		if (url !== null) return [{ ...step, body: url, form: 'text' }];
		const body = creomateJson(step.body);
		const recording = files.get(index);
		if (recording === undefined) return [{ ...step, body }];
		return [
			{
				...step,
				body: { FILES: recording.body.FileUrls, ...body },
				expect: [
					step.expect ?? {},
					...(Array.isArray(recording.expect) ? recording.expect : [recording.expect ?? {}]),
				],
			},
		];
	});
}

function creomateJson(body) {
	const json = {};
	for (const [key, value] of Object.entries(body)) {
		if (key === 'Duration') continue;
		json[key.toLowerCase()] = value;
	}
	json.event = CREOMATE_JSON_EVENTS[json.event] ?? json.event;
	if (json.trtype) json.trtype = CREOMATE_TRANSFER_TYPES[json.trtype] ?? json.trtype;
	if (json.event === 'incoming' || json.event === 'outgoing') json.title = title(body);
	return json;
}

module.exports = {
	THREECX_SECRET_PARAMETER,
	creomateGetParams,
	creomateJsonSteps,
	k2mRecordingUrl,
};
