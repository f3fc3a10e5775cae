// What a user builds by hand instead of the KOMPaaS Trigger: the body of an n8n Code node (Run Once
// for All Items, after n8n's Webhook node v2 receiving KOMPaaS's JSON POSTs) that turns KOMPaaS's
// webhook bodies into the normalized call event, written from the README's KOMPaaS field mapping.
// The benchmark checks it against the trigger on every scenario event before measuring, and so
// does test/tooling/handmadeCodeNode.test.ts. It does less than the trigger (no GET or text webhooks,
// no repair of malformed bodies, no limits), which flatters the hand-made version. `eventId` uses
// no hash (n8n's Code node sandbox has no `crypto` by default): a string of the same identity.

function normalize(body) {
	const EVENTS = {
		vpbxinboundcallstart: ['VpbxInboundCallStart', 'call.started', 'inbound'],
		vpbxinboundcallend: ['VpbxInboundCallEnd', 'call.ended', 'inbound'],
		vpbxoutgoingstart: ['VpbxOutgoingStart', 'call.started', 'outbound'],
		vpbxoutgoingend: ['VpbxOutgoingEnd', 'call.ended', 'outbound'],
		queuelinkstart: ['QUEUE_LINK_START', 'queue.entered', 'inbound'],
		queuelinkend: ['QUEUE_LINK_END', 'queue.left', 'inbound'],
		queuecallstart: ['QueueCallStart', 'call.ringing', 'inbound'],
		queuecallend: ['QueueCallEnd', 'leg.ended', 'inbound'],
		recorduploaddone: ['record_upload_done', 'recording.ready', 'unknown'],
		speechkitdialog: ['SpeechKitDialog', 'speech.replica', 'unknown'],
	};
	const QUEUE_STATUS = {
		answered: true,
		answer: true,
		connected: true,
		completed: true,
		lost: false,
		abandon: false,
		abandoned: false,
		timeout: false,
		timedout: false,
		exitempty: false,
		exitwithtimeout: false,
	};
	const CAUSES = { 17: 'busy', 21: 'busy' };
	for (const c of [1, 2, 3, 27, 28, 34, 38, 41, 42]) CAUSES[c] = 'failed';

	// Field names in any case; the first non-empty value wins.
	const reader = (o) => {
		const fields = {};
		if (o && typeof o === 'object' && !Array.isArray(o)) {
			for (const [k, v] of Object.entries(o))
				if (!(k.toLowerCase() in fields)) fields[k.toLowerCase()] = v;
		}
		const value = (...names) => {
			for (const n of names) {
				const v = fields[n.toLowerCase()];
				if (v !== undefined && v !== null && v !== '') return v;
			}
			return undefined;
		};
		const text = (...names) => {
			const v = value(...names);
			if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
			if (typeof v === 'number' || typeof v === 'boolean') return String(v);
			return null;
		};
		const secs = (...names) => {
			const v = value(...names);
			if (typeof v === 'number') return v >= 0 ? Math.round(v) : null;
			return typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim()) ? Math.round(Number(v)) : null;
		};
		const object = (name) => {
			let v = value(name);
			if (typeof v === 'string' && v.trim().startsWith('{')) {
				try {
					v = JSON.parse(v);
				} catch {
					return null;
				}
			}
			return v && typeof v === 'object' && !Array.isArray(v) ? reader(v) : null;
		};
		return { value, text, secs, object };
	};
	// UTC times: epoch seconds / ms / µs, or a date-time without zone (UTC); only 2000–2099.
	const time = (v) => {
		let ms = null;
		if (typeof v === 'number' || (typeof v === 'string' && /^\d{9,19}$/.test(v.trim()))) {
			// Seconds, or the seconds in the first 10 digits of a finer unit.
			const n = Number(v);
			ms = n < 1e11 ? n * 1000 : (n / 10 ** (Math.floor(Math.log10(n)) - 9)) * 1000;
		} else if (typeof v === 'string') {
			const s = v.trim().replace(' ', 'T');
			const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(s);
			const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?)(\.\d{1,3})?\d*$/.exec(s);
			ms = zoned ? Date.parse(s) : m ? Date.parse(`${m[1]}${m[3] || ''}Z`) : null;
		}
		if (ms === null || !Number.isFinite(ms)) return null;
		const iso = new Date(ms).toISOString();
		return iso >= '2000' && iso < '2100' ? iso : null;
	};
	const plus = (iso, s) =>
		iso === null || s === null ? null : new Date(Date.parse(iso) + s * 1000).toISOString();
	const bool = (v) => v === true || v === 1 || /^(true|1|yes)$/i.test(String(v ?? '').trim());
	const name = (n, number) => (n === null || n === number || /^[\d\s()+.-]*$/.test(n) ? null : n);

	const one = (b) => {
		const f = reader(b);
		const extra = f.object('extra');
		const data = f.object('data');
		const vendorEvent =
			f.text('eventType', 'userEventType', 'userdeftype', 'event', 'eventName') ??
			data?.text('eventName') ??
			null;
		const spec = EVENTS[(vendorEvent ?? '').toLowerCase().replace(/[^a-z0-9]/g, '')];
		const [code, specEvent, specDirection] = spec ?? [null, 'unknown', 'unknown'];
		const outside = (n) => n !== null && /^\+?\d{7,}$/.test(n);
		// A forwarding user's leg out of the PBX: isRedirect, with the caller's number shown.
		const forwarded =
			(code === 'VpbxOutgoingStart' || code === 'VpbxOutgoingEnd') &&
			bool(f.value('isRedirect')) &&
			outside(f.text('callerIdNum')) &&
			f.text('callerIdNum') !== f.text('internalNumber');
		const event = forwarded
			? code === 'VpbxOutgoingEnd'
				? 'leg.ended'
				: 'call.ringing'
			: specEvent;
		let direction = forwarded ? 'inbound' : specDirection;
		const occurredAt =
			[
				f.value('dateReceivedAtUTC'),
				f.value('eventtime'),
				f.value('event_time'),
				data?.value('eventTs'),
				f.value('timestamp'),
			]
				.map(time)
				.find((t) => t !== null) ?? null;
		const e = {
			callId:
				f.text('callId') ??
				extra?.text('callid') ??
				data?.text('callId') ??
				f.text('linkedId') ??
				null,
			legId: f.text('uniqueId'),
			startedAt: null,
			answeredAt: null,
			endedAt: null,
			from: null,
			to: null,
			contact: null,
			did: null,
			agent: null,
			queue: null,
			answered: null,
			outcome: null,
			durationSec: null,
			talkSec: null,
			waitSec: null,
			recording: null,
		};
		const answeredOf = () => {
			if (bool(f.value('answered')) || f.secs('billsec') > 0) return true;
			const who = f.value('whoAnswered');
			if (typeof who === 'boolean') return who;
			return (
				f.text('internalNumber') !== null && f.text('whoAnswered') === f.text('internalNumber')
			);
		};
		const result = (answered, reason) => {
			e.answered = answered;
			e.outcome = answered
				? 'answered'
				: direction === 'outbound'
					? reason || 'noAnswer'
					: 'missed';
		};
		if (code === 'VpbxInboundCallStart' || code === 'VpbxInboundCallEnd') {
			const caller = f.text('callerNumber', 'callerIdNum', 'callerID');
			e.from = { number: caller, name: name(f.text('callerIdName'), caller) };
			e.did = f.text('did');
			e.agent = { extension: f.text('InternalNumber'), name: null };
			e.queue = { id: f.text('queue'), name: f.text('queueName') };
		}
		if (forwarded) {
			e.from = { number: f.text('callerIdNum'), name: null };
			e.did = f.text('did');
			e.agent = { extension: f.text('internalNumber'), name: null };
		} else if (code === 'VpbxOutgoingStart' || code === 'VpbxOutgoingEnd') {
			const dialled = f.text('calledNumber', 'connectedLineNum');
			e.to = { number: dialled, name: name(f.text('connectedLineName'), dialled) };
			e.did = f.text('did');
			e.agent = { extension: f.text('internalNumber'), name: null };
		}
		if (code === 'VpbxInboundCallStart' || (code === 'VpbxOutgoingStart' && !forwarded))
			e.startedAt = occurredAt;
		if (code === 'VpbxInboundCallEnd' || code === 'VpbxOutgoingEnd') {
			e.durationSec = f.secs('duration');
			e.talkSec = f.secs('billsec');
			e.waitSec = f.secs('durationWaiting');
			const answered = answeredOf();
			e.endedAt = occurredAt;
			e.startedAt = e.durationSec === null ? null : plus(occurredAt, -e.durationSec);
			e.answeredAt = answered && e.waitSec !== null ? plus(e.startedAt, e.waitSec) : null;
			result(answered, CAUSES[f.text('hangupCauseCode') ?? '']);
			const file = f.text('file');
			e.recording = { url: null, fileName: file !== null && file !== '0' ? file : null };
		}
		if (code === 'QUEUE_LINK_START' || code === 'QUEUE_LINK_END') {
			const caller = f.text('cid_num', 'cid_ani');
			e.from = { number: caller, name: name(f.text('cid_name'), caller) };
			e.did = f.text('cid_dnid');
			e.queue = { id: extra?.text('queue') ?? null, name: extra?.text('queue_name') ?? null };
			const status = extra?.text('status');
			const answered = status
				? QUEUE_STATUS[status.toLowerCase().replace(/[^a-z0-9]/g, '')]
				: undefined;
			if (answered !== undefined) result(answered);
		}
		if (code === 'QueueCallStart' || code === 'QueueCallEnd') {
			e.from = { number: f.text('callerNumber'), name: null };
			e.did = f.text('did');
			e.agent = { extension: f.text('internalNumber'), name: null };
			e.queue = { id: f.text('queue'), name: f.text('queueName') };
			e.startedAt = time(f.value('startGeneralTime'));
		}
		if (code === 'QueueCallEnd') {
			e.talkSec = f.secs('billsec');
			e.durationSec = f.secs('duration');
			e.waitSec = f.secs('durationWaiting');
			const answered = answeredOf();
			e.endedAt = occurredAt;
			e.answeredAt = answered && e.talkSec !== null ? plus(occurredAt, -e.talkSec) : null;
			result(answered);
		}
		if (code === 'record_upload_done') {
			e.recording = { url: null, fileName: f.text('fileName') ?? data?.text('fileName') ?? null };
			// numA called numB: an extension in numA is a user calling out.
			const a = (data ?? f).text('numA');
			const bNum = (data ?? f).text('numB');
			if (a !== null && !outside(a)) {
				direction = 'outbound';
				e.to = { number: bNum, name: null };
				e.agent = { extension: a, name: null };
			} else if (a !== null) {
				direction = 'inbound';
				e.from = { number: a, name: null };
				if (outside(bNum)) e.did = bNum;
				else e.agent = { extension: bNum, name: null };
			}
		}
		if (code === 'SpeechKitDialog') {
			e.contact = { number: f.text('number'), name: null };
			e.did = f.text('did');
		}
		const ends = event === 'call.ended' || event === 'leg.ended';
		if (ends && e.answered === null) result(false);
		// Nobody took an unanswered inbound call.
		const agentGone = event === 'call.ended' && e.answered === false && direction !== 'outbound';
		const agent = {
			extension: agentGone ? null : (e.agent?.extension ?? null),
			name: agentGone ? null : (e.agent?.name ?? null),
		};
		const e164 = (n) => {
			const c = typeof n === 'string' ? n.trim().replace(/[\s\-().]/g, '') : '';
			return /^\+[1-9]\d{1,14}$/.test(c) ? c : null;
		};
		const user = { number: agent.extension, name: agent.name, e164: e164(agent.extension) };
		const party = (p) => ({
			number: p?.number ?? null,
			name: p?.name ?? null,
			e164: e164(p?.number),
		});
		const parties =
			direction === 'inbound'
				? { from: party(e.from), to: user, contact: party(e.from) }
				: direction === 'outbound'
					? { from: user, to: party(e.to), contact: party(e.to) }
					: { from: party(null), to: party(null), contact: party(e.contact) };
		const vendorId =
			code === 'record_upload_done' || event.startsWith('queue.') ? f.text('id') : null;
		return {
			pbx: 'kompaas',
			event,
			vendorEvent,
			eventId:
				event === 'call.ended' && e.callId
					? `kompaas:${e.callId}:call.ended`
					: (vendorId ?? JSON.stringify(b)),
			callId: e.callId,
			legId: e.legId,
			direction,
			occurredAt: occurredAt ?? new Date().toISOString(),
			startedAt: e.startedAt,
			answeredAt: e.answeredAt,
			endedAt: e.endedAt,
			...parties,
			did: e.did,
			agent,
			queue: { id: e.queue?.id ?? null, name: e.queue?.name ?? null },
			ringGroup: { name: null },
			answered: e.answered,
			outcome: e.outcome,
			final: event === 'call.ended' ? true : null,
			durationSec: ends ? e.durationSec : null,
			talkSec: ends ? (e.answered === false ? 0 : e.talkSec) : null,
			waitSec: ends ? e.waitSec : null,
			transfer: null,
			recording: { url: e.recording?.url ?? null, fileName: e.recording?.fileName ?? null },
			parseError: null,
			raw: b,
		};
	};
	return (Array.isArray(body) ? body : [body]).map(one);
}

/** The Code node's source (n8n's Code node, JavaScript, Run Once for All Items). */
const jsCode = `${normalize.toString()}
return $input.all().flatMap((item) => normalize(item.json.body)).map((json) => ({ json }));`;

module.exports = {
	normalize,
	jsCode,
	// The field a user's IF node reads to pass only the selected events; a selector of the trigger
	// is KOMPaaS's own event code.
	eventField: 'eventType',
	vendorValueOf: (selector) => selector,
};
