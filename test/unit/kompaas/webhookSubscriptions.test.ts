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
	])('finds the documented event by %s', (_how, listed) => {
		expect(catalogueEventOf(listed)?.selector).toBe('VpbxInboundCallEnd');
	});

	it('finds nothing for an event the catalogue does not document', () => {
		expect(
			catalogueEventOf({ id: '501', name: 'SMS: incoming message', code: 'SmsIncoming' }),
		).toBe(undefined);
	});
});
