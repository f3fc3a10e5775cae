import {
	parseTolerantJson,
	quoteUnsafeIntegers,
	repairJson,
} from '../../../nodes/shared/tolerantJson';

/** Bodies copied verbatim from vendor-docs/3cx-webhook-addon-events.txt. */
const threeCx = {
	// "The operator picks up the phone": Callerid lost its opening quote.
	pickUp:
		'{ "Event": "incomingcall_started", "Callerid": 05552221133", "User": "202", "Trtype": "NotDef", "Did": "", "Id": "230307114903_10-1" }',
	// Outgoing "End of The Call": Id lost its opening quote (and its first digit), and the
	// body holds a time "00:05" whose colon must not be taken for a key's colon.
	outgoingEnd:
		'{ "Event": "outgoing", "Callerid": "05552221133", "User": "117", "Finishtype": "Ok", "Transfer": "False", "Did": "", "Duration": "00:05", "Id": 30307135611_31-1"}',
	// A well-formed sample with a URL (colon and port) inside a string.
	recording:
		'{ "Event": "recording", "FileUrls": [ "https://FQDN:5001/webapi/recording/230307140234_35-1-1.mp3" ], "Callerid": "05552221133", "User": "202", "Id": "230307140234_35-1" }',
};

function valueOf(text: string): unknown {
	const result = parseTolerantJson(text);
	if (!result.ok) throw new Error(`expected ${text} to parse, got: ${result.error}`);
	return result.value;
}

describe('parseTolerantJson', () => {
	it('passes strict JSON through unchanged', () => {
		expect(parseTolerantJson('{"a":1,"b":[true,null,"x"],"c":{"d":"0412"}}')).toEqual({
			ok: true,
			value: { a: 1, b: [true, null, 'x'], c: { d: '0412' } },
		});
		expect(parseTolerantJson('[1,2]')).toEqual({ ok: true, value: [1, 2] });
	});

	it('leaves strings that only look broken alone when the JSON is valid', () => {
		const text = '{"title":"DID-420222000320:Answered call from 420774852629 (0:07)","n":0}';
		expect(valueOf(text)).toEqual({
			title: 'DID-420222000320:Answered call from 420774852629 (0:07)',
			n: 0,
		});
	});

	it('parses the well-formed 3CX recording sample as is', () => {
		expect(valueOf(threeCx.recording)).toEqual({
			Event: 'recording',
			FileUrls: ['https://FQDN:5001/webapi/recording/230307140234_35-1-1.mp3'],
			Callerid: '05552221133',
			User: '202',
			Id: '230307140234_35-1',
		});
	});

	it('recovers the 3CX pick-up sample whose Callerid lost its opening quote', () => {
		expect(() => JSON.parse(threeCx.pickUp)).toThrow();
		expect(valueOf(threeCx.pickUp)).toEqual({
			Event: 'incomingcall_started',
			Callerid: '05552221133',
			User: '202',
			Trtype: 'NotDef',
			Did: '',
			Id: '230307114903_10-1',
		});
	});

	it('recovers the 3CX outgoing end-of-call sample without touching "00:05"', () => {
		expect(() => JSON.parse(threeCx.outgoingEnd)).toThrow();
		expect(valueOf(threeCx.outgoingEnd)).toEqual({
			Event: 'outgoing',
			Callerid: '05552221133',
			User: '117',
			Finishtype: 'Ok',
			Transfer: 'False',
			Did: '',
			Duration: '00:05',
			Id: '30307135611_31-1',
		});
	});

	it('keeps phone numbers with a leading zero as strings, digits intact', () => {
		const value = valueOf('{"Callerid": 05552221133, "User": 202, "Did": 0299998888}') as Record<
			string,
			unknown
		>;
		expect(value.Callerid).toBe('05552221133');
		expect(value.Did).toBe('0299998888');
		// Ordinary numbers stay numbers.
		expect(value.User).toBe(202);
	});

	it('recovers a leading-zero number at the end of an object and of a line', () => {
		expect(valueOf('{"User": "117", "Callerid": 05552221133}')).toEqual({
			User: '117',
			Callerid: '05552221133',
		});
		expect(valueOf('{\n  "Callerid": 05552221133\n}')).toEqual({ Callerid: '05552221133' });
	});

	it('removes trailing commas in objects and arrays', () => {
		expect(valueOf('{"a": 1, "b": [1, 2, 3,],}')).toEqual({ a: 1, b: [1, 2, 3] });
		expect(valueOf('[{"type": "user_inbound",}, {"type": "voicemail"},\n]')).toEqual([
			{ type: 'user_inbound' },
			{ type: 'voicemail' },
		]);
	});

	it('returns ok:false with an error message for text that cannot be repaired', () => {
		for (const text of ['{"type": "user_inbound", "caller_id": }', '{"a": 1', 'not json', '']) {
			const result = parseTolerantJson(text);
			expect(result.ok).toBe(false);
			if (!result.ok) {
				expect(typeof result.error).toBe('string');
				expect(result.error.length).toBeGreaterThan(0);
			}
		}
	});
});

describe('parseTolerantJson: valid JSON is never repaired', () => {
	it('keeps what looks like a trailing comma inside string values', () => {
		const text = '{"note": "a, b,}", "list": "[1, 2,]", "n": 1}';
		expect(repairJson(text)).not.toBe(text);
		expect(valueOf(text)).toEqual({ note: 'a, b,}', list: '[1, 2,]', n: 1 });
	});

	it('reports the error of the text as sent when even the repaired text does not parse', () => {
		// The trailing comma is repaired, the missing value is not: the error is about the body the
		// PBX sent (its length), not about the repaired text (one character shorter).
		const text = '{"a": [1, 2,], "b": }';
		let sent = '';
		try {
			JSON.parse(text);
		} catch (error) {
			sent = (error as Error).message;
		}
		expect(repairJson(text)).not.toBe(text);
		expect(parseTolerantJson(text)).toEqual({ ok: false, error: sent });
	});
});

describe('parseTolerantJson: integers past 2^53 are read to the digit', () => {
	it('reads each unsafe integer as its digits, wherever it stands', () => {
		expect(valueOf('12345678901234567891')).toBe('12345678901234567891');
		expect(valueOf('[-98765432109876543210,99999999999999999999]')).toEqual([
			'-98765432109876543210',
			'99999999999999999999',
		]);
		// 16 digits: below 2^53 a number, above it the digits.
		expect(valueOf('{"at": 1709876543210987, "id": 9999999999999999}')).toEqual({
			at: 1709876543210987,
			id: '9999999999999999',
		});
	});

	it('keeps safe integers, decimals and exponents as numbers', () => {
		expect(
			valueOf('{"n": -42, "z": 0, "d": 1.12345678901234567891, "e": 12345678901234567891e2}'),
		).toEqual({
			n: -42,
			z: 0,
			d: Number('1.12345678901234567891'),
			e: Number('12345678901234567891e2'),
		});
	});

	it('reads the same JSON with or without an unsafe integer in it', () => {
		const body = '{"s": "q\\"12345678901234567891\\\\", "t": "\\u0041 9", "a": [1.5, -2, true]}';
		expect(valueOf(body)).toEqual(JSON.parse(body));
		expect(valueOf(body.replace('{', '{"id": 12345678901234567891, '))).toEqual({
			id: '12345678901234567891',
			...JSON.parse(body),
		});
	});
});

describe('quoteUnsafeIntegers', () => {
	it('quotes only the integers no double holds, leaving strings, escapes and decimals as written', () => {
		const text =
			'{"s":"a\\\\","t":"q\\"12345678901234567891","id":12345678901234567891,"neg":-12345678901234567891,' +
			'"d":1.12345678901234567891,"e":-12345678901234567891E+2,"safe":[0,-1,9007199254740991]}';
		expect(quoteUnsafeIntegers(text)).toBe(
			'{"s":"a\\\\","t":"q\\"12345678901234567891","id":"12345678901234567891","neg":"-12345678901234567891",' +
				'"d":1.12345678901234567891,"e":-12345678901234567891E+2,"safe":[0,-1,9007199254740991]}',
		);
	});

	it('quotes an unsafe integer that ends the text', () => {
		expect(quoteUnsafeIntegers('9007199254740993')).toBe('"9007199254740993"');
	});
});

describe('repairJson', () => {
	it('does not change valid JSON containing times and URLs', () => {
		expect(repairJson(threeCx.recording)).toBe(threeCx.recording);
		const withTime = '{"Duration": "00:05", "At": "12:30:05"}';
		expect(repairJson(withTime)).toBe(withTime);
	});

	it('adds the missing opening quote only', () => {
		expect(repairJson('{"Callerid": 05552221133", "User": "202"}')).toBe(
			'{"Callerid": "05552221133", "User": "202"}',
		);
	});
});
