// What a user builds by hand instead of the 3CX Webhook Trigger: the body of an n8n Code node (Run
// Once for All Items, after n8n's Webhook node v2 receiving the add-on's JSON POSTs) that turns the
// 3CX Webhook add-ons' bodies (K2M and Creomate spellings) into the normalized call event, written
// from the README's 3CX event and mapping tables. The benchmark checks it against the trigger on
// every scenario event before measuring, and so does test/tooling/handmadeCodeNode.test.ts. It does
// less than the trigger (no GET scheme, no bare recording URLs, no repair of the add-ons' malformed
// JSON, no Time Zone option: the PBX is taken to run on UTC), which flatters the hand-made version.
// `occurredAt` is the time of receipt, as the trigger's. `eventId` uses no hash (n8n's Code node
// sandbox has no `crypto` by default): a string of the same identity.

function normalize(body) {
	const compact = (s) =>
		String(s ?? '')
			.toLowerCase()
			.replace(/[\s_-]+/g, '');
	// spelling → [selector, event, direction]
	const EVENTS = {
		incomingcallstarted: ['answeredIncoming', 'call.answered', 'inbound'],
		hangupincoming: ['answeredIncoming', 'call.answered', 'inbound'],
		pickupincoming: ['answeredIncoming', 'call.answered', 'inbound'],
		outgoingcallstarted: ['answeredOutgoing', 'call.answered', 'outbound'],
		hangupoutgoing: ['answeredOutgoing', 'call.answered', 'outbound'],
		pickupoutgoing: ['answeredOutgoing', 'call.answered', 'outbound'],
		incoming: ['endedIncoming', 'call.ended', 'inbound'],
		outgoing: ['endedOutgoing', 'call.ended', 'outbound'],
		dialing: ['dialing', 'call.started', 'outbound'],
		dialling: ['dialing', 'call.started', 'outbound'],
		recording: ['recordingReady', 'recording.ready', 'unknown'],
	};
	const FINISH = {
		ok: true,
		answered: true,
		missed: false,
		noanswer: false,
		unanswered: false,
		busy: false,
		failed: false,
	};
	const REASONS = {
		busy: 'busy',
		declined: 'busy',
		rejected: 'busy',
		failed: 'failed',
		congestion: 'failed',
		unavailable: 'failed',
	};
	const TRANSFERS = { attended: 'attended', accomp: 'attended', blind: 'blind', notdef: null };

	const one = (b) => {
		const fields = {};
		for (const [k, v] of Object.entries(b && typeof b === 'object' ? b : {})) {
			if (!(k.toLowerCase() in fields)) fields[k.toLowerCase()] = v;
		}
		const value = (...names) =>
			names
				.map((n) => fields[n.toLowerCase()])
				.find((v) => v !== undefined && v !== null && v !== '');
		const text = (...names) => {
			const v = value(...names);
			if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
			return typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;
		};
		const seconds = (v) => {
			const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
			if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s));
			return /^\d+(:\d{1,2}){1,2}$/.test(s)
				? s.split(':').reduce((t, p) => t * 60 + Number(p), 0)
				: null;
		};
		const splitId = (id) => {
			const m = id === null ? null : /^(.+)-(\d+)$/.exec(id);
			return id === null ? null : m ? { callId: m[1], legId: m[2] } : { callId: id, legId: null };
		};
		const fileName = (url) => {
			const path = url.split(/[?#]/)[0];
			const name = path.slice(path.lastIndexOf('/') + 1);
			try {
				return name === '' ? null : decodeURIComponent(name);
			} catch {
				return name;
			}
		};
		const filesValue = value('FileUrls', 'FILES', 'files', 'FileUrl');
		const files = (Array.isArray(filesValue) ? filesValue : [filesValue])
			.map((u) => (typeof u === 'string' && /^https?:\/\/\S+$/i.test(u.trim()) ? u.trim() : null))
			.filter((u) => u !== null);

		const vendorEvent = text('event');
		const spelling = compact(vendorEvent);
		const own = EVENTS[spelling];
		let selected = [];
		if (spelling === 'ringing') {
			const type = (text('usertype') ?? 'ext').toLowerCase();
			selected = [
				type === 'ext' || type === 'extension'
					? ['ringingExtension', 'call.ringing', 'inbound']
					: type === 'queue'
						? ['ringingQueue', 'queue.entered', 'inbound']
						: ['ringingIvr', 'call.ringing', 'inbound'],
			];
		} else if (own && own[1] === 'call.ended') {
			const transferred = /^(true|1|yes)$/i.test(text('transfer') ?? '');
			selected = [transferred ? ['legEndedTransfer', 'leg.ended', 'unknown'] : own];
			files.forEach((_, part) => selected.push([...EVENTS.recording, part]));
		} else if (own && own[0] === 'recordingReady') {
			selected = (files.length > 0 ? files : [null]).map((_, part) => [...own, part]);
		} else if (own) {
			selected = [own];
		} else if (vendorEvent === null && files.length > 0) {
			selected = files.map((_, part) => [...EVENTS.recording, part]);
		}
		if (selected.length === 0) selected = [[null, 'unknown', 'unknown']];

		const fromFile = files.length > 0 ? /^(.+-\d+)-\d+\.\w+$/.exec(fileName(files[0]) ?? '') : null;
		const ids = splitId(text('id')) ?? (fromFile ? splitId(fromFile[1]) : null);
		const callId = ids?.callId ?? null;
		const start = callId ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})_/.exec(callId) : null;
		const startedAt = start
			? new Date(
					Date.UTC(2000 + +start[1], +start[2] - 1, +start[3], +start[4], +start[5], +start[6]),
				).toISOString()
			: null;
		const user = text('user');
		const title = text('title');
		const callerid = text('callerid');
		const external = callerid === null || callerid.toLowerCase() === 'makecall' ? null : callerid;
		const contactName = text('phonebook') ?? text('sip_displayname');
		const e164 = (n) => {
			const c = typeof n === 'string' ? n.trim().replace(/[\s\-().]/g, '') : '';
			return /^\+[1-9]\d{1,14}$/.test(c) ? c : null;
		};
		const externalParty = {
			number: external,
			name:
				contactName === null || contactName === external || /^[\d\s()+.-]*$/.test(contactName)
					? null
					: contactName,
			e164: e164(external),
		};
		const digits = (v) => (v !== null && /^\+?\d+$/.test(v) ? v : null);
		const didNumber = (v) => {
			if (v === null || v.toLowerCase() === 'empty') return null;
			const m = /^DID[-\s:]*(\+?\d+)$/i.exec(v);
			return m ? m[1] : v;
		};
		const receivedAt = new Date().toISOString();

		return selected.map(([selector, event, ownDirection, part = 0]) => {
			const direction =
				ownDirection !== 'unknown' ? ownDirection : (EVENTS[spelling]?.[2] ?? 'unknown');
			const ends = event === 'call.ended' || event === 'leg.ended';
			const titleTime = title ? /\((\d+(?::\d{1,2}){1,2})\)\s*$/.exec(title) : null;
			const talk = ends
				? (seconds(value('duration')) ?? (titleTime ? seconds(titleTime[1]) : null))
				: null;
			let answered = null;
			let outcome = null;
			if (ends) {
				const finish = compact(text('finishtype'));
				answered =
					FINISH[finish] ?? (talk > 0 || /^([^:]*:)?\s*(answered|successful)\b/i.test(title ?? ''));
				const reason =
					REASONS[finish] ?? REASONS[compact(text('termination_reason_details'))] ?? null;
				outcome = answered
					? 'answered'
					: direction === 'outbound'
						? reason || 'noAnswer'
						: 'missed';
			}
			const trtype = text('trtype');
			const transfer =
				trtype !== null
					? (TRANSFERS[trtype.toLowerCase()] ?? null)
					: event === 'leg.ended'
						? 'attended'
						: null;
			let agentExtension = user;
			let did;
			let queueId = null;
			if (direction === 'outbound') {
				did = digits(text('source_presentation')) ?? didNumber(text('did'));
			} else {
				did = digits(text('inbound_did')) ?? didNumber(text('did'));
				if (selector === 'ringingQueue' || selector === 'ringingIvr') agentExtension = null;
				const byQueue = title ? /\bby\s+queue\s+(\S+)/i.exec(title) : null;
				queueId = selector === 'ringingQueue' ? user : byQueue ? byQueue[1] : null;
			}
			// Nobody took an unanswered inbound call.
			if (event === 'call.ended' && answered === false && direction !== 'outbound')
				agentExtension = null;
			const agent = { extension: agentExtension, name: null };
			const me = { number: agentExtension, name: null, e164: e164(agentExtension) };
			const nobody = { number: null, name: null, e164: null };
			const parties =
				direction === 'inbound'
					? { from: externalParty, to: me, contact: externalParty }
					: direction === 'outbound'
						? { from: me, to: externalParty, contact: externalParty }
						: { from: nobody, to: nobody, contact: externalParty };
			return {
				pbx: '3cx',
				event,
				vendorEvent,
				eventId:
					event === 'call.ended' && callId
						? `3cx:${callId}:call.ended`
						: JSON.stringify(b) + (part > 0 ? `#${part}` : ''),
				callId,
				legId: ids?.legId ?? null,
				direction,
				occurredAt: receivedAt,
				startedAt,
				answeredAt: null,
				endedAt: null,
				...parties,
				did,
				agent,
				queue: { id: queueId, name: null },
				ringGroup: { name: null },
				answered,
				outcome,
				final: event === 'call.ended' ? true : null,
				durationSec: null,
				talkSec: ends ? (answered === false ? 0 : talk) : null,
				waitSec: null,
				transfer,
				recording:
					files.length > 0
						? { url: files[part], fileName: fileName(files[part]) }
						: { url: null, fileName: null },
				parseError: null,
				raw: b,
			};
		});
	};
	return (Array.isArray(body) ? body : [body]).flatMap(one);
}

/** The Code node's source (n8n's Code node, JavaScript, Run Once for All Items). */
const jsCode = `${normalize.toString()}
return $input.all().flatMap((item) => normalize(item.json.body)).map((json) => ({ json }));`;

/** The add-on's own spelling of a trigger's selectable event, for the user's IF node. */
const VENDOR_EVENTS = {
	ringingExtension: 'ringing',
	ringingQueue: 'ringing',
	ringingIvr: 'ringing',
	answeredIncoming: 'incomingcall_started',
	answeredOutgoing: 'outgoingcall_started',
	endedIncoming: 'incoming',
	endedOutgoing: 'outgoing',
	legEndedTransfer: 'incoming',
	dialing: 'dialing',
	recordingReady: 'recording',
};

module.exports = {
	normalize,
	jsCode,
	eventField: 'Event',
	vendorValueOf: (selector) => VENDOR_EVENTS[selector] ?? selector,
};
