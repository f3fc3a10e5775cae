import type { INode } from 'n8n-workflow';

import { callRequest, encodeCallRequest } from '../../../nodes/Voipcloud/actions/call/make';

const node = { name: 'VoIPcloud' } as INode;

function refusal(parameters: Parameters<typeof callRequest>[2]) {
	try {
		callRequest(node, 2, parameters);
	} catch (error) {
		return error as Error & { description?: string };
	}
	throw new Error('not refused');
}

describe('callRequest: what is checked before a call is placed', () => {
	test('an extension has 1 to 10 digits', () => {
		expect(callRequest(node, 0, { userNumber: 1234567890, numberToCall: '+61298765432' })).toEqual({
			user_number: '1234567890',
			number_to_call: '+61298765432',
		});
		expect(
			callRequest(node, 0, { userNumber: '7', numberToCall: '+61298765432' }).user_number,
		).toBe('7');
		const error = refusal({ userNumber: '12345678901', numberToCall: '+61298765432' });
		expect(error.message).toBe(
			'The user extension "12345678901" is not an extension number [item 2]',
		);
		expect(error.description).toBe('Use the extension of a VoIPcloud user, e.g. 101.');
		expect(refusal({ userNumber: 'x101', numberToCall: '+61298765432' }).message).toMatch(/"x101"/);
		expect(refusal({ userNumber: undefined, numberToCall: '+61298765432' }).message).toMatch(
			/^The user extension "" /,
		);
	});

	test('a number to call that is not E.164 says how to write it', () => {
		const error = refusal({ userNumber: '101', numberToCall: undefined });
		expect(error.message).toBe('The number to call "" is not in E.164 format [item 2]');
		expect(error.description).toBe(
			'Write it with + and the country code, without the leading 0: e.g. 0298765432 in Australia is +61298765432. Nothing was sent.',
		);
	});

	test.each([
		['123', '123'],
		['+123456789012345', '+123456789012345'],
		[' +61.2-8000 (0100) ', '+61280000100'],
	])('the caller ID %j is sent as %j', (callerId, sent) => {
		expect(
			callRequest(node, 0, { userNumber: '101', numberToCall: '+61298765432', callerId }).caller_id,
		).toBe(sent);
	});

	test.each(['12', '1234567890123456', '61+280000100', '+61 2 8000 0100 x'])(
		'the caller ID %j is refused',
		(callerId) => {
			const error = refusal({ userNumber: '101', numberToCall: '+61298765432', callerId });
			expect(error.message).toBe(`The caller ID "${callerId}" is not a phone number [item 2]`);
			expect(error.description).toBe(
				'Use one of your VoIPcloud numbers, e.g. +61280000100. Nothing was sent.',
			);
		},
	);

	test('a blank or absent caller ID is not sent', () => {
		for (const callerId of [undefined, null, '  ']) {
			expect(
				Object.keys(
					callRequest(node, 0, { userNumber: '101', numberToCall: '+61298765432', callerId }),
				),
			).toEqual(['user_number', 'number_to_call']);
		}
	});
});

describe('encodeCallRequest', () => {
	test('the form carries the caller ID too, under a fresh boundary each time', () => {
		const request = {
			user_number: '101',
			number_to_call: '+61298765432',
			caller_id: '+61280000100',
		};
		const first = encodeCallRequest(request, 'form');
		const second = encodeCallRequest(request, 'form');
		const boundary = /boundary=(n8nVoipcloud[0-9a-f]{24})$/.exec(
			String(first.headers['content-type']),
		)?.[1];
		expect(boundary).toBeDefined();
		expect(first.body).toBe(
			`--${boundary}\r\nContent-Disposition: form-data; name="user_number"\r\n\r\n101\r\n` +
				`--${boundary}\r\nContent-Disposition: form-data; name="number_to_call"\r\n\r\n+61298765432\r\n` +
				`--${boundary}\r\nContent-Disposition: form-data; name="caller_id"\r\n\r\n+61280000100\r\n` +
				`--${boundary}--\r\n`,
		);
		expect(second.headers['content-type']).not.toBe(first.headers['content-type']);
	});

	test('the JSON body is a copy', () => {
		const request = { user_number: '101', number_to_call: '+61298765432' };
		const { body } = encodeCallRequest(request, 'json');
		expect(body).not.toBe(request);
	});
});
