import {
	isAddressAllowed,
	isAllowListEmpty,
	parseAllowList,
} from '../../../nodes/shared/ipAllowList';

describe('parseAllowList', () => {
	it('reads addresses and IPv4 ranges separated by commas, spaces or new lines', () => {
		const list = parseAllowList('203.0.113.7, 198.51.100.0/24\n2001:db8::1;10.0.0.0/8');
		expect(list.invalid).toEqual([]);
		expect(list.sources).toEqual([
			{ kind: 'v4', base: 0xcb007107, mask: 0xffffffff },
			{ kind: 'v4', base: 0xc6336400, mask: 0xffffff00 },
			{ kind: 'exact', address: '2001:db8::1' },
			{ kind: 'v4', base: 0x0a000000, mask: 0xff000000 },
		]);
	});

	it('reads an IPv6 address in any case, and an IPv4 address written IPv4-mapped', () => {
		expect(parseAllowList('2001:DB8::A ::ffff:192.0.2.1').sources).toEqual([
			{ kind: 'exact', address: '2001:db8::a' },
			{ kind: 'v4', base: 0xc0000201, mask: 0xffffffff },
		]);
	});

	it.each([
		'pbx.example.com',
		'300.1.1.1',
		'10.0.0.0/33',
		'10.0.0.0/x',
		'10.0.0.0/2x',
		'10.0.0.0/x8',
		'10.0.0.0/024',
		'10.0.0.0/8/16',
		'1.2.3',
		'1.2.3.+4',
		'10.0.0.1e2',
		'2001:db8::/32',
		'cafe',
		'zz::1',
		'::1zz',
	])('keeps %s apart as not an address', (entry) => {
		expect(parseAllowList(entry)).toEqual({ sources: [], invalid: [entry] });
	});

	it('is empty for blank text or no option', () => {
		expect(isAllowListEmpty(parseAllowList(' , '))).toBe(true);
		expect(isAllowListEmpty(parseAllowList(undefined))).toBe(true);
		expect(isAllowListEmpty(parseAllowList('nonsense'))).toBe(false);
		expect(isAllowListEmpty(parseAllowList('10.0.0.1'))).toBe(false);
	});
});

describe('isAddressAllowed', () => {
	it.each([
		['203.0.113.7', true],
		['::ffff:203.0.113.7', true],
		['203.0.113.8', false],
		['198.51.100.255', true],
		['::ffff:198.51.100.255', true],
		['1::ffff:98.51.100.255', false],
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
		const list = parseAllowList('203.0.113.7, 198.51.100.0/24, 2001:db8::1, 0.0.0.0/0 x');
		expect(isAddressAllowed(list, '192.0.2.44')).toBe(true);
		expect(isAddressAllowed(list, '2001:db8::2')).toBe(false);
	});

	it('matches a /32 range exactly', () => {
		const single = parseAllowList('192.0.2.1/32');
		expect(isAddressAllowed(single, '192.0.2.1')).toBe(true);
		expect(isAddressAllowed(single, '192.0.2.2')).toBe(false);
	});
});
