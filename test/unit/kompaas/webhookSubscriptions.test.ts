// The KOMPaaS events the trigger's webhooks subscribe to are found in the event catalogue, from
// what KOMPaaS's /event/get lists: a code, a title, or both.
import { catalogueEventOf } from '../../../nodes/Kompaas/webhookSubscriptions';

describe('catalogueEventOf', () => {
	test.each([
		[
			'its code and title',
			{ id: '102', name: 'VPBX: Ending an incoming call', code: 'VpbxInboundCallEnd' },
		],
		[
			'its code in another case',
			{ id: '102', name: 'Renamed in the UI', code: 'VPBX_INBOUND_CALL_END' },
		],
		['its title alone', { id: '7', name: 'vpbx: ending an incoming call', code: null }],
		['its code given as its name', { id: '7', name: 'VpbxInboundCallEnd', code: null }],
		[
			'its title, beside a code it does not know',
			{ id: '7', name: 'VPBX: Ending an incoming call', code: 'X1' },
		],
	])('finds the documented event by %s', (_how, listed) => {
		expect(catalogueEventOf(listed)?.selector).toBe('VpbxInboundCallEnd');
	});

	it('finds nothing for an event the catalogue does not document', () => {
		expect(
			catalogueEventOf({ id: '501', name: 'SMS: incoming message', code: 'SmsIncoming' }),
		).toBe(undefined);
	});
});

describe('every title KOMPaaS’s webhook article gives an event finds that event', () => {
	// kompaas-webhook-events.txt: each section's heading, as /event/get may list it without a code.
	test.each([
		['VPBX: Incoming call start', 'VpbxInboundCallStart'],
		['VPBX: Ending an incoming call', 'VpbxInboundCallEnd'],
		['VPBX: starting an outgoing call', 'VpbxOutgoingStart'],
		['VPBX: Ending an outgoing call', 'VpbxOutgoingEnd'],
		['Starting a call in a queue', 'QUEUE_LINK_START'],
		['Ending a call in a queue', 'QUEUE_LINK_END'],
		['Starting a call to a subscriber in the queue', 'QueueCallStart'],
		['Completing a call to a subscriber in the queue', 'QueueCallEnd'],
		['Call recording file ready', 'record_upload_done'],
		['VPBX: Question-Answer element replica', 'SpeechKitDialog'],
	])('%s → %s', (title, selector) => {
		expect(catalogueEventOf({ id: '1', name: title, code: null })?.selector).toBe(selector);
	});
});
