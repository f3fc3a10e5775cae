import type { IDataObject } from 'n8n-workflow';

import { INTAKE_LIMITS, readPayloads, type IncomingRequest } from '../../../nodes/shared/intake';

function request(overrides: Partial<IncomingRequest>): IncomingRequest {
	return { contentType: undefined, rawBody: undefined, body: {}, query: {}, ...overrides };
}

/** A POST as n8n hands it over: the raw bytes, plus what its body parser made of them. */
function post(text: string, contentType?: string, body: unknown = {}): IncomingRequest {
	return request({ contentType, rawBody: Buffer.from(text, 'utf8'), body });
}

describe('readPayloads', () => {
	it('reads a JSON object as one payload', () => {
		const event = { type: 'user_inbound', caller_id: '0412345678', user_number: '201' };
		expect(readPayloads(post(JSON.stringify(event), 'application/json', event))).toEqual([
			{ data: event, parseError: null },
		]);
	});

	it('reads JSON by its first character when the content type says nothing', () => {
		expect(readPayloads(post('  {"type":"voicemail"}\n'))).toEqual([
			{ data: { type: 'voicemail' }, parseError: null },
		]);
		expect(readPayloads(post('\uFEFF{"type":"voicemail"}', 'text/plain'))).toEqual([
			{ data: { type: 'voicemail' }, parseError: null },
		]);
	});

	it('reads a raw body given as a string', () => {
		expect(
			readPayloads(request({ contentType: 'application/json', rawBody: '{"type":"queue_call"}' })),
		).toEqual([{ data: { type: 'queue_call' }, parseError: null }]);
	});

	it('turns a JSON array into one payload per element', () => {
		const batch = [
			{ type: 'user_inbound', unique_call_id: 'a' },
			{ type: 'user_inbound_answered', unique_call_id: 'a' },
			{ type: 'user_inbound_completed', unique_call_id: 'a' },
		];
		const payloads = readPayloads(post(JSON.stringify(batch), 'application/json', batch));
		expect(payloads).toEqual(batch.map((data) => ({ data, parseError: null })));
	});

	it('keeps array elements that are not objects as text payloads', () => {
		expect(readPayloads(post('[{"a":1},"hello",42]', 'application/json'))).toEqual([
			{ data: { a: 1 }, parseError: null },
			{ data: 'hello', parseError: null },
			{ data: '42', parseError: null },
		]);
	});

	it('uses the body n8n parsed when there is no raw body', () => {
		const body = { type: 'user_outbound', dest_number: '0299998888' };
		expect(readPayloads(request({ contentType: 'application/json', body }))).toEqual([
			{ data: body, parseError: null },
		]);
		const batch = [{ type: 'voicemail' }, { type: 'recording_inbound' }];
		expect(readPayloads(request({ body: batch }))).toEqual([
			{ data: batch[0], parseError: null },
			{ data: batch[1], parseError: null },
		]);
	});

	it('uses a string body when there is no raw body', () => {
		expect(readPayloads(request({ contentType: 'text/plain', body: 'call ended' }))).toEqual([
			{ data: 'call ended', parseError: null },
		]);
	});

	it('keeps text/plain that is not JSON as text, with no parse error', () => {
		expect(readPayloads(post('Incoming call from 0412345678', 'text/plain'))).toEqual([
			{ data: 'Incoming call from 0412345678', parseError: null },
		]);
	});

	it('recovers malformed JSON the tolerant reader can repair', () => {
		const text =
			'{ "Event": "incomingcall_started", "Callerid": 05552221133", "User": "202", "Trtype": "NotDef", "Did": "", "Id": "230307114903_10-1" }';
		const [payload, ...rest] = readPayloads(post(text, 'application/json'));
		expect(rest).toHaveLength(0);
		expect(payload.parseError).toBeNull();
		expect(payload.data).toMatchObject({ Callerid: '05552221133', User: '202' });
	});

	it('returns broken JSON as one text payload with parseError set, never an empty list', () => {
		const text = '{"type": "user_inbound", "caller_id": }';
		const payloads = readPayloads(post(text, 'application/json'));
		expect(payloads).toHaveLength(1);
		expect(payloads[0].data).toBe(text);
		expect(payloads[0].parseError).toMatch(/^Body is not valid JSON: .+/);
	});

	it('treats a body declared as JSON that is not JSON as a parse error', () => {
		const payloads = readPayloads(post('caller=0412', 'application/json; charset=utf-8'));
		expect(payloads).toHaveLength(1);
		expect(payloads[0].data).toBe('caller=0412');
		expect(payloads[0].parseError).toMatch(/^Body is not valid JSON/);
	});

	it('reads a form-urlencoded 3CX body into one object of strings', () => {
		const text =
			'event=incoming&callerid=420774852629&user=102&finishtype=Ok&transfer=False&did=DID-420222000320&title=DID-420222000320:Answered call from 420774852629 (0:07)&id=230102104542_15-1';
		expect(readPayloads(post(text, 'application/x-www-form-urlencoded'))).toEqual([
			{
				data: {
					event: 'incoming',
					callerid: '420774852629',
					user: '102',
					finishtype: 'Ok',
					transfer: 'False',
					did: 'DID-420222000320',
					title: 'DID-420222000320:Answered call from 420774852629 (0:07)',
					id: '230102104542_15-1',
				},
				parseError: null,
			},
		]);
	});

	it('decodes form values and keeps leading zeros', () => {
		const [payload] = readPayloads(
			post(
				'callerid=%2B61412345678&name=Jane+Citizen&did=0299998888',
				'application/x-www-form-urlencoded',
			),
		);
		expect(payload.data).toEqual({
			callerid: '+61412345678',
			name: 'Jane Citizen',
			did: '0299998888',
		});
	});

	it('collects repeated form keys into an array', () => {
		const [payload] = readPayloads(
			post('user[]=101&user[]=102&user[]=103&queue=800', 'application/x-www-form-urlencoded'),
		);
		expect(payload.data).toEqual({ 'user[]': ['101', '102', '103'], queue: '800' });
		const [pair] = readPayloads(post('tag=a&tag=b', 'application/x-www-form-urlencoded'));
		expect(pair.data).toEqual({ tag: ['a', 'b'] });
	});

	it('recognises form data without a content type', () => {
		expect(readPayloads(post('event=ringing&callerid=05552221133&user=800'))).toEqual([
			{ data: { event: 'ringing', callerid: '05552221133', user: '800' }, parseError: null },
		]);
	});

	it('uses the query string of a GET when the body is empty', () => {
		const query: IDataObject = { event: 'ringing', callerid: '05552221133', user: '202' };
		expect(readPayloads(request({ rawBody: Buffer.alloc(0), body: {}, query }))).toEqual([
			{ data: query, parseError: null },
		]);
	});

	it('ignores the query string when the body carries the event', () => {
		const payloads = readPayloads({
			...post('{"type":"voicemail"}', 'application/json'),
			query: { token: 'abc', type: 'other' },
		});
		expect(payloads).toEqual([{ data: { type: 'voicemail' }, parseError: null }]);
	});

	it('removes ignored (secret) query keys', () => {
		const query: IDataObject = { token: 'secret-value', event: 'ringing', callerid: '05552221133' };
		expect(readPayloads(request({ query }), ['token'])).toEqual([
			{ data: { event: 'ringing', callerid: '05552221133' }, parseError: null },
		]);
		// Removing the keys does not change the query n8n handed over.
		expect(query.token).toBe('secret-value');
	});

	it('returns nothing when the query holds only ignored keys', () => {
		expect(readPayloads(request({ query: { token: 'secret-value' } }), ['token'])).toEqual([]);
	});

	it('returns an empty list for an empty request', () => {
		expect(readPayloads(request({}))).toEqual([]);
		expect(readPayloads(request({ rawBody: Buffer.alloc(0), body: {}, query: {} }))).toEqual([]);
		expect(readPayloads(post('  \r\n '))).toEqual([]);
		expect(readPayloads(request({ body: '' }))).toEqual([]);
	});

	it('does not mistake a bare URL posted as text for form data', () => {
		const url = 'https://host:5001/webapi/recording/x.mp3?key=1';
		expect(readPayloads(post(url, 'text/plain'))).toEqual([{ data: url, parseError: null }]);
		expect(readPayloads(post(url))).toEqual([{ data: url, parseError: null }]);
	});
});

describe('readPayloads: what an empty body leaves to the query', () => {
	it('reads the query when the JSON body is an empty object or list', () => {
		const query = { callid: '1' };
		expect(readPayloads(request({ ...post('{}', 'application/json'), query }))).toEqual([
			{ data: query, parseError: null },
		]);
		expect(readPayloads(request({ ...post('[]', 'application/json'), query }))).toEqual([
			{ data: query, parseError: null },
		]);
		expect(readPayloads(request({ body: [], query }))).toEqual([{ data: query, parseError: null }]);
	});

	it('keeps an empty JSON body when the query holds nothing else', () => {
		expect(readPayloads(post('{}', 'application/json'))).toEqual([{ data: {}, parseError: null }]);
		expect(
			readPayloads(request({ ...post('[]', 'application/json'), query: { token: 'x' } }), [
				'token',
			]),
		).toEqual([]);
	});

	it('keeps a body that carries something, however little, over the query', () => {
		const query = { callid: '1' };
		const unreadable = readPayloads(request({ ...post('{"a":', 'application/json'), query }));
		expect(unreadable).toHaveLength(1);
		expect(unreadable[0].parseError).not.toBeNull();
		expect(readPayloads(request({ ...post('[{},{}]'), query }))).toEqual([
			{ data: {}, parseError: null },
			{ data: {}, parseError: null },
		]);
		expect(readPayloads(request({ ...post('["x"]'), query }))).toEqual([
			{ data: 'x', parseError: null },
		]);
	});
});

describe('readPayloads: the text of a body', () => {
	it('trims a raw body given as a string and a string body', () => {
		expect(readPayloads(request({ rawBody: '  hello  ' }))).toEqual([
			{ data: 'hello', parseError: null },
		]);
		expect(readPayloads(request({ body: '  hello  ' }))).toEqual([
			{ data: 'hello', parseError: null },
		]);
	});

	it('reads the parsed body when the raw body is empty', () => {
		expect(readPayloads(request({ rawBody: Buffer.alloc(0), body: 'hello' }))).toEqual([
			{ data: 'hello', parseError: null },
		]);
	});

	it('reads bytes that are not UTF-8 as Latin-1, and keeps a U+FFFD the sender wrote', () => {
		const latin1 = Buffer.from([0x43, 0x61, 0x66, 0xe9]);
		expect(readPayloads(request({ rawBody: latin1 }))).toEqual([
			{ data: 'Café', parseError: null },
		]);
		expect(readPayloads(post('caller \uFFFD unknown'))).toEqual([
			{ data: 'caller \uFFFD unknown', parseError: null },
		]);
	});

	it('reads a list by its first character when the content type is text', () => {
		expect(readPayloads(post('[{"a":1}]', 'text/plain'))).toEqual([
			{ data: { a: 1 }, parseError: null },
		]);
	});

	it('takes only bodies made of key=value fields for forms', () => {
		expect(readPayloads(post('note=call me back'))).toEqual([
			{ data: 'note=call me back', parseError: null },
		]);
		expect(readPayloads(post('a=1&b c'))).toEqual([{ data: 'a=1&b c', parseError: null }]);
	});
});

describe('readPayloads: the limits, at and past each bound', () => {
	const sized = (bytes: number) => `{"a":"${'x'.repeat(bytes - 8)}"}`;
	const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

	it(`parses a body of ${INTAKE_LIMITS.maxParsedBytes} bytes and delivers a longer one as text`, () => {
		const limit = INTAKE_LIMITS.maxParsedBytes;
		expect(readPayloads(post(sized(limit)))[0].parseError).toBeNull();
		expect(readPayloads(post(sized(limit + 1)))).toEqual([
			{
				data: sized(limit + 1),
				parseError: `The body is ${limit + 1} bytes, more than the ${limit} the trigger reads; it is delivered as text`,
			},
		]);
	});

	it(`parses JSON ${INTAKE_LIMITS.maxDepth} levels deep and delivers deeper JSON as text`, () => {
		const limit = INTAKE_LIMITS.maxDepth;
		expect(readPayloads(post(nested(limit)))[0].parseError).toBeNull();
		expect(readPayloads(post(nested(limit + 1)))).toEqual([
			{
				data: nested(limit + 1),
				parseError: `The body nests deeper than ${limit} levels; it is delivered as text`,
			},
		]);
	});

	it(`parses ${INTAKE_LIMITS.maxValues} values and delivers more as text`, () => {
		const limit = INTAKE_LIMITS.maxValues;
		const withValues = (values: number) => JSON.stringify({ a: new Array(values - 1).fill(0) });
		expect(readPayloads(post(withValues(limit)))[0].parseError).toBeNull();
		expect(readPayloads(post(withValues(limit + 1)))[0].parseError).toBe(
			`The body holds more than ${limit} values; it is delivered as text`,
		);
	});

	it(`reads ${INTAKE_LIMITS.maxEvents} events from one body and delivers more as text`, () => {
		const limit = INTAKE_LIMITS.maxEvents;
		const events = (count: number) => JSON.stringify(new Array(count).fill({ id: 1 }));
		expect(readPayloads(post(events(limit)))).toHaveLength(limit);
		expect(readPayloads(post(events(limit + 1)))).toEqual([
			{
				data: events(limit + 1),
				parseError: `The body is a list of ${limit + 1} events, more than the ${limit} the trigger reads from one request; it is delivered as text`,
			},
		]);
	});

	it(`reads a form of ${INTAKE_LIMITS.maxValues} fields and delivers more as text`, () => {
		const limit = INTAKE_LIMITS.maxValues;
		const form = (fields: number) => new Array(fields).fill('a=1').join('&');
		const read = readPayloads(post(form(limit), 'application/x-www-form-urlencoded'));
		expect(read[0].parseError).toBeNull();
		expect((read[0].data as IDataObject).a).toHaveLength(limit);
		expect(readPayloads(post(form(limit + 1), 'application/x-www-form-urlencoded'))).toEqual([
			{
				data: form(limit + 1),
				parseError: `The form has more than ${limit} fields; it is delivered as text`,
			},
		]);
	});

	it('keeps nothing of a parsed body or query past the limits, and says which it was', () => {
		const tooDeep = JSON.parse(nested(INTAKE_LIMITS.maxDepth + 1)) as unknown[];
		expect(readPayloads(request({ body: tooDeep }))).toEqual([
			{
				data: '[the body was not kept]',
				parseError: `The body nests deeper than ${INTAKE_LIMITS.maxDepth} levels`,
			},
		]);
		expect(readPayloads(request({ body: { a: tooDeep } }))[0].data).toBe('[the body was not kept]');
		const query = Object.fromEntries(
			Array.from({ length: INTAKE_LIMITS.maxValues + 1 }, (_, i) => [`k${i}`, '1']),
		);
		expect(readPayloads(request({ query }))).toEqual([
			{
				data: '[the query was not kept]',
				parseError: `The query holds more than ${INTAKE_LIMITS.maxValues} values`,
			},
		]);
		expect(readPayloads(request({ ...post('{}'), query }))[0].data).toBe(
			'[the query was not kept]',
		);
	});
});
