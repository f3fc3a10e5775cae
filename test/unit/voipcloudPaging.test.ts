import type { IDataObject } from 'n8n-workflow';

import { mayHaveMore, readPages } from '../../nodes/Voipcloud/paging';

/** A list of `total` rows served by offset/limit, at most `cap` rows a page; records each ask. */
function server(total: number, cap = Infinity) {
	const rows = Array.from({ length: total }, (_, index) => ({ id: index }));
	const asked: Array<{ offset: number; limit: number }> = [];
	const fetchPage = async (offset: number, limit: number) => {
		asked.push({ offset, limit });
		return rows.slice(offset, offset + Math.min(limit, cap));
	};
	return { rows, asked, fetchPage };
}

const ids = (rows: IDataObject[]) => rows.map((row) => row.id);

describe('readPages: offset/limit paging', () => {
	test.each([
		[25, 10, 3],
		[9, 10, 1],
		[1, 10, 1],
		[0, 10, 1],
		[10_001, 10_000, 2],
		[12_345, 10_000, 2],
	])(
		'all of %i rows in pages of %i cost ceil(N/page) = %i requests',
		async (total, size, requests) => {
			const api = server(total);
			const rows = await readPages(api.fetchPage, { wanted: Infinity, pageSize: size });
			expect(ids(rows)).toEqual(ids(api.rows));
			expect(api.asked).toHaveLength(requests);
			expect(api.asked.map((ask) => ask.offset)).toEqual(
				Array.from({ length: requests }, (_, page) => page * size),
			);
			expect(new Set(api.asked.map((ask) => ask.limit))).toEqual(new Set([size]));
		},
	);

	test('a last page that is exactly full needs one more, empty, request', async () => {
		const api = server(20);
		const rows = await readPages(api.fetchPage, { wanted: Infinity, pageSize: 10 });
		expect(rows).toHaveLength(20);
		expect(api.asked).toHaveLength(3);
	});

	test('a limit asks only for the rows it needs', async () => {
		const api = server(1000);
		const rows = await readPages(api.fetchPage, { wanted: 25, pageSize: 10 });
		expect(ids(rows)).toEqual(ids(api.rows.slice(0, 25)));
		expect(api.asked).toEqual([
			{ offset: 0, limit: 10 },
			{ offset: 10, limit: 10 },
			{ offset: 20, limit: 5 },
		]);
	});

	test('a server that silently serves fewer rows than asked still gives every row', async () => {
		const api = server(250, 100);
		const rows = await readPages(api.fetchPage, { wanted: Infinity });
		expect(ids(rows)).toEqual(ids(api.rows));
		expect(api.asked.map((ask) => ask.offset)).toEqual([0, 100, 200]);
	});

	test('rows pushed onto the next page by new calls are returned once', async () => {
		// Newest first: two calls arrive after page 1, so page 2 starts with page 1's last two rows.
		const pages = [
			[{ id: 'a' }, { id: 'b' }, { id: 'c' }],
			[{ id: 'b' }, { id: 'c' }, { id: 'd' }],
			[{ id: 'e' }],
		];
		let call = 0;
		const rows = await readPages(async () => pages[call++], { wanted: Infinity, pageSize: 3 });
		expect(ids(rows)).toEqual(['a', 'b', 'c', 'd', 'e']);
	});

	test('with a filter of its own it reads on until enough rows are kept', async () => {
		const api = server(100);
		const even = (row: IDataObject) => (row.id as number) % 2 === 0;
		const rows = await readPages(api.fetchPage, { wanted: 8, keep: even, pageSize: 5 });
		expect(ids(rows)).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
		expect(api.asked.every((ask) => ask.limit === 5)).toBe(true);
		expect(api.asked).toHaveLength(3);
	});
});

describe('mayHaveMore', () => {
	test.each([
		[10, 10, true],
		[9, 10, false],
		[0, 10, false],
		[100, 10_000, true],
		[2_300, 10_000, true],
		[2_345, 10_000, false],
		[0, 10_000, false],
	])('%i rows asked as %i → %s', (received, requested, more) => {
		expect(mayHaveMore(received, requested)).toBe(more);
	});
});
