// What a user builds by hand instead of the VoIPcloud Trigger: the body of an n8n Code node
// (Run Once for All Items, after n8n's Webhook node v2) that turns VoIPcloud's webhook bodies into
// the normalized call event, written from the README's field tables. The benchmark runs it in
// process against the trigger on every scenario event and refuses to measure when they differ.
// It does less than the trigger (no repair of malformed JSON, no Time Zone option, no limits),
// which flatters the hand-made version. `eventId` uses no hash: n8n's Code node sandbox has no
// `crypto` by default, so it is a string of the same identity (one per call for call.ended).

function normalize(body) {
	const STATUS = {
		answered: [true],
		completed: [true],
		abandoned: [false],
		timedout: [false],
		timeout: [false],
		missed: [false],
		noanswer: [false],
		unanswered: [false],
		busy: [false, 'busy'],
		failed: [false, 'failed'],
	};
	const TYPES = {
		user_inbound: ['call.ringing', 'inbound'],
		inbound_call_to_user: ['call.ringing', 'inbound'],
		user_inbound_answered: ['call.answered', 'inbound'],
		user_inbound_completed: ['call.ended', 'inbound'],
		user_inbound_missed: ['call.ended', 'inbound'],
		user_outbound: ['call.started', 'outbound'],
		user_outbound_answered: ['call.answered', 'outbound'],
		user_outbound_completed: ['call.ended', 'outbound'],
		user_outbound_missed: ['call.ended', 'outbound'],
		queue_call: ['call.ended', 'inbound'],
		ring_group_call: ['call.ended', 'inbound'],
		ringgroup_call: ['call.ended', 'inbound'],
		voicemail: ['voicemail.received', 'inbound'],
		recording_inbound: ['recording.ready', 'inbound'],
		recording_outbound: ['recording.ready', 'outbound'],
		webhook_component_event: ['flow.webhook', 'inbound'],
	};
	const text = (v) =>
		typeof v === 'string'
			? v.trim() === ''
				? null
				: v.trim()
			: typeof v === 'number'
				? String(v)
				: null;
	const time = (v) => {
		if (v === undefined || v === null || v === '') return null;
		if (typeof v === 'number' || /^\d{9,17}$/.test(String(v))) {
			const n = Number(v);
			return new Date(n < 1e11 ? n * 1000 : n < 1e14 ? n : n / 1000).toISOString();
		}
		const s = String(v).trim().replace(' ', 'T');
		const d = new Date(/Z|[+-]\d{2}:?\d{2}$/.test(s) ? s : s + 'Z');
		return isNaN(d) ? null : d.toISOString();
	};
	const secs = (v) => (v === undefined || v === null || v === '' ? null : Math.round(Number(v)));
	const one = (b, asEnd) => {
		const vendorEvent = text(b.type);
		const spelling = (vendorEvent || '')
			.toLowerCase()
			.replace(/[\s-]+/g, '_')
			.replace(/^(user_|recording_)user_/, '$1');
		const [typeEvent, dir] = TYPES[spelling] || ['unknown', 'unknown'];
		const queueName = text(b.queue_name);
		const ringGroupName = text(b.ring_group_name);
		const event = asEnd
			? 'call.ended'
			: spelling.startsWith('user_inbound_') &&
				  typeEvent === 'call.ended' &&
				  (queueName || ringGroupName)
				? 'leg.ended'
				: typeEvent;
		const ends = event === 'call.ended' || event === 'leg.ended';
		const startedAt = time(b.call_start_at);
		const answeredAt = time(b.connected_at);
		const durationSec = secs(b.call_duration);
		const talk = secs(b.conversation_duration);
		const endedAt = !ends
			? null
			: startedAt && durationSec !== null
				? new Date(Date.parse(startedAt) + durationSec * 1000).toISOString()
				: time(b.recorded_at);
		let answered = null;
		let outcome = null;
		if (ends) {
			const status = STATUS[(text(b.status) || '').toLowerCase().replace(/[\s_-]/g, '')];
			const reason = status ? status[1] : undefined;
			answered = status
				? status[0]
				: spelling.includes('missed')
					? false
					: answeredAt !== null || talk > 0;
			outcome = answered ? 'answered' : dir === 'outbound' ? reason || 'noAnswer' : 'missed';
		}
		const status = (text(b.status) || '').toLowerCase().replace(/[\s_-]/g, '');
		const final =
			event !== 'call.ended'
				? null
				: dir === 'outbound' || asEnd || answered || status === 'abandoned';
		const callerId = text(b.caller_id);
		const dialled = text(b.dest_number);
		const agentGone = event === 'call.ended' && answered === false && dir !== 'outbound';
		const agent = {
			extension: agentGone ? null : text(b.user_number),
			name: agentGone ? null : text(b.user_name),
		};
		const user = { number: agent.extension, name: agent.name };
		let from;
		let to;
		let contact;
		let did;
		if (spelling === 'webhook_component_event') {
			from = { number: text(b.user_number), name: text(b.user_name) };
			to = user;
			contact = from;
			did = dialled;
		} else if (dir === 'outbound') {
			from = user;
			to = { number: dialled, name: null };
			contact = to;
			did = callerId;
		} else {
			const cnam = text(b.caller_name);
			from = {
				number: callerId,
				name: cnam === null || cnam === callerId || /^[\d\s()+.-]*$/.test(cnam) ? null : cnam,
			};
			to = user;
			contact = from;
			did = dialled;
		}
		const callId = text(b.unique_call_id);
		const link = text(b.call_recording_link);
		const occurredAt =
			{
				'call.ringing': startedAt,
				'call.started': startedAt,
				'call.answered': answeredAt,
				'call.ended': endedAt,
				'leg.ended': endedAt,
				'voicemail.received': time(b.recorded_at),
				'recording.ready': time(b.recorded_at),
			}[event] || new Date().toISOString();
		return {
			pbx: 'voipcloud',
			event,
			vendorEvent,
			eventId:
				event === 'call.ended' && callId ? `voipcloud:${callId}:call.ended` : JSON.stringify(b),
			callId,
			legId: null,
			direction: dir,
			occurredAt,
			startedAt,
			answeredAt,
			endedAt,
			from,
			to,
			contact,
			did,
			agent,
			queue: { id: null, name: queueName },
			ringGroup: { name: ringGroupName },
			answered,
			outcome,
			final,
			durationSec: ends ? durationSec : null,
			talkSec: ends ? (answered === false ? 0 : talk) : null,
			waitSec: ends && durationSec !== null && talk !== null ? durationSec - talk : null,
			transfer: null,
			recording: { url: link && /^https?:\/\//i.test(link) ? link : null, fileName: null },
			parseError: null,
			raw: b,
		};
	};
	// A voicemail is also the end of the call (a caller sent straight to it rang nobody).
	return (Array.isArray(body) ? body : [body]).flatMap((b) =>
		text(b.type) === 'voicemail' ? [one(b, true), one(b, false)] : [one(b, false)],
	);
}

/** The Code node's source (n8n's Code node, JavaScript, Run Once for All Items). */
const jsCode = `${normalize.toString()}
return $input.all().flatMap((item) => normalize(item.json.body)).map((json) => ({ json }));`;

module.exports = {
	normalize,
	jsCode,
	// The field a user's IF node reads to pass only the selected events; a selector of the trigger
	// is VoIPcloud's own `type`.
	eventField: 'type',
	vendorValueOf: (selector) => selector,
};
