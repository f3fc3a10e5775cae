import type { IDataObject } from 'n8n-workflow';

import { readPayloads, type IncomingRequest } from '../../../nodes/shared/intake';

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
