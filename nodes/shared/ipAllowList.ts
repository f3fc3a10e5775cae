/** One allowed source: an exact address (IPv4 or IPv6) or an IPv4 CIDR range. */
type AllowedSource =
	| { kind: 'v4'; base: number; mask: number }
	| { kind: 'exact'; address: string };

export interface AllowList {
	sources: AllowedSource[];
	/** Entries that are neither an address nor an IPv4 range; they allow nothing. */
	invalid: string[];
}

/** Reads a comma-, space- or newline-separated list such as `203.0.113.7, 198.51.100.0/24`. */
export function parseAllowList(text: unknown): AllowList {
	const entries = typeof text === 'string' ? text.split(/[\s,;]/).filter(Boolean) : [];
	const list: AllowList = { sources: [], invalid: [] };
	for (const entry of entries) {
		const source = parseSource(entry);
		if (source) list.sources.push(source);
		else list.invalid.push(entry);
	}
	return list;
}

export function isAllowListEmpty(list: AllowList): boolean {
	return list.sources.length === 0 && list.invalid.length === 0;
}

/** Whether `address` (as Node reports it, e.g. `::ffff:127.0.0.1`) is on the list. */
export function isAddressAllowed(list: AllowList, address: string | undefined): boolean {
	if (address === undefined) return false;
	const plain = unmapped(address);
	const v4 = ipv4ToNumber(plain);
	return list.sources.some((source) =>
		source.kind === 'v4'
			? v4 !== null && (v4 & source.mask) >>> 0 === source.base
			: source.address === plain.toLowerCase(),
	);
}

function parseSource(entry: string): AllowedSource | null {
	const [address, bits, ...rest] = entry.split('/');
	if (rest.length > 0) return null;
	const v4 = ipv4ToNumber(unmapped(address));
	if (v4 !== null) {
		const prefixText = bits ?? '32';
		const prefix = Number(prefixText);
		if (!/^\d{1,2}$/.test(prefixText) || prefix > 32) return null;
		const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
		return { kind: 'v4', base: (v4 & mask) >>> 0, mask };
	}
	if (bits === undefined && /^[0-9a-f:]+$/i.test(address) && address.includes(':')) {
		return { kind: 'exact', address: address.toLowerCase() };
	}
	return null;
}

/** IPv4 addresses reach Node on a dual-stack socket as `::ffff:a.b.c.d`. */
function unmapped(address: string): string {
	return address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
}

function ipv4ToNumber(address: string): number | null {
	const parts = address.split('.');
	if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && +part <= 255)) {
		return null;
	}
	return parts.reduce((total, part) => total * 256 + Number(part), 0);
}
