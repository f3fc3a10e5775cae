import {
	isAddressAllowed,
	isAllowListEmpty,
	parseAllowList,
} from '../../../nodes/shared/ipAllowList';

describe('parseAllowList', () => {
	it('reads addresses and IPv4 ranges separated by commas, spaces or new lines', () => {
		const list = parseAllowList('203.0.113.7, 198.51.100.0/24\n2001:db8::1;10.0.0.0/8');
		expect(list.invalid).toEqual([]);
		expect(list.sources).toHaveLength(4);
	});

	it.each(['pbx.example.com', '300.1.1.1', '10.0.0.0/33', '10.0.0.0/x', '1.2.3', '2001:db8::/32'])(
		'keeps %s apart as not an address',
		(entry) => {
			expect(parseAllowList(entry)).toEqual({ sources: [], invalid: [entry] });
		},
	);

	it('is empty for blank text or no option', () => {
		expect(isAllowListEmpty(parseAllowList(' , '))).toBe(true);
		expect(isAllowListEmpty(parseAllowList(undefined))).toBe(true);
		expect(isAllowListEmpty(parseAllowList('nonsense'))).toBe(false);
	});
});

describe('isAddressAllowed', () => {
	const list = parseAllowList('203.0.113.7, 198.51.100.0/24, 2001:db8::1, 0.0.0.0/0 x');

	it.each([
		['203.0.113.7', true],
		['::ffff:203.0.113.7', true],
		['203.0.113.8', false],
		['198.51.100.255', true],
		['198.51.101.0', false],
		['2001:DB8::1', true],
		['2001:db8::2', false],
		['', false],
		[undefined, false],
	])('%s → %s', (address, allowed) => {
		const narrow = parseAllowList('203.0.113.7, 198.51.100.0/24, 2001:db8::1');
		expect(isAddressAllowed(narrow, address)).toBe(allowed);
	});

	it('lets 0.0.0.0/0 allow every IPv4 address', () => {
		expect(isAddressAllowed(list, '192.0.2.44')).toBe(true);
		expect(isAddressAllowed(list, '2001:db8::2')).toBe(false);
	});

	it('matches a /32 range exactly', () => {
		const single = parseAllowList('192.0.2.1/32');
		expect(isAddressAllowed(single, '192.0.2.1')).toBe(true);
		expect(isAddressAllowed(single, '192.0.2.2')).toBe(false);
	});
});
