import type { IDataObject } from 'n8n-workflow';

import {
	mayHaveMore,
	readPages as readPagesOf,
	type PageFetcher,
	type PageReading,
	type PagingProblem,
} from '../../../nodes/shared/paging';
import { MAX_PAGES, PAGE_SIZE } from '../../../nodes/Voipcloud/history';

/** Pages read with VoIPcloud's page size and budget unless the test gives its own. */
const readPages = (
	fetchPage: PageFetcher,
	reading: Omit<PageReading, 'pageSize' | 'maxPages'> & Partial<PageReading>,
) => readPagesOf(fetchPage, { pageSize: PAGE_SIZE, maxPages: MAX_PAGES, ...reading });

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

/** The error a reading ends with when its pages do not add up: the problem itself. */
const fail = (problem: PagingProblem) => Object.assign(new Error(problem.reason), { problem });

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
			const rows = await readPages(api.fetchPage, { fail, wanted: Infinity, pageSize: size });
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
		const rows = await readPages(api.fetchPage, { fail, wanted: Infinity, pageSize: 10 });
		expect(rows).toHaveLength(20);
		expect(api.asked).toHaveLength(3);
	});

	test('a limit asks only for the rows it needs', async () => {
		const api = server(1000);
		const rows = await readPages(api.fetchPage, { fail, wanted: 25, pageSize: 10 });
		expect(ids(rows)).toEqual(ids(api.rows.slice(0, 25)));
		expect(api.asked).toEqual([
			{ offset: 0, limit: 10 },
			{ offset: 10, limit: 10 },
			{ offset: 20, limit: 5 },
		]);
	});

	test('a server that silently serves fewer rows than asked still gives every row', async () => {
		const api = server(250, 100);
		const rows = await readPages(api.fetchPage, { fail, wanted: Infinity });
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
		const rows = await readPages(async () => pages[call++], {
			fail,
			wanted: Infinity,
			pageSize: 3,
		});
		expect(ids(rows)).toEqual(['a', 'b', 'c', 'd', 'e']);
	});

	test('with a filter of its own it reads on until enough rows are kept', async () => {
		const api = server(100);
		const even = (row: IDataObject) => (row.id as number) % 2 === 0;
		const rows = await readPages(api.fetchPage, { fail, wanted: 8, keep: even, pageSize: 5 });
		expect(ids(rows)).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
		expect(api.asked.every((ask) => ask.limit === 5)).toBe(true);
		expect(api.asked).toHaveLength(3);
	});

	test('with a filter, the rows kept stop at the number wanted, within a page', async () => {
		const api = server(100);
		const even = (row: IDataObject) => (row.id as number) % 2 === 0;
		const rows = await readPages(api.fetchPage, { fail, wanted: 7, keep: even, pageSize: 5 });
		expect(ids(rows)).toEqual([0, 2, 4, 6, 8, 10, 12]);
		expect(api.asked).toHaveLength(3);
	});
});

describe('readPages: Return All always ends', () => {
	/** A server that ignores `offset`: every page is the first one. */
	function ignoringOffset(total: number) {
		const api = server(total);
		const asked: number[] = [];
		return {
			asked,
			fetchPage: async (offset: number, limit: number) => {
				asked.push(offset);
				return api.rows.slice(0, limit);
			},
		};
	}

	test('stops at the first repeated page of a server that ignores offset', async () => {
		const api = ignoringOffset(10_000);
		const error = await readPages(api.fetchPage, { fail, wanted: Infinity, pageSize: 100 }).catch(
			(e: { problem: PagingProblem }) => e,
		);
		expect((error as { problem: PagingProblem }).problem).toEqual({
			reason: 'repeated',
			offset: 100,
			rowsRead: 100,
			pages: 2,
		});
		expect(api.asked).toEqual([0, 100]);
	});

	test('stops at a page that brings nothing new, even when its order differs', async () => {
		let call = 0;
		const pages = [
			[{ id: 1 }, { id: 2 }],
			[{ id: 2 }, { id: 1 }],
		];
		const fetched: number[] = [];
		const error = await readPages(
			async (offset) => {
				fetched.push(offset);
				return pages[call++ % pages.length];
			},
			{ fail, wanted: Infinity, pageSize: 2 },
		).catch((e: { problem: PagingProblem }) => e);
		expect((error as { problem: PagingProblem }).problem.reason).toBe('repeated');
		expect(fetched).toHaveLength(2);
	});

	test('stops at once on a server that ignores offset and adds one new call to each page', async () => {
		// 1,000 requests before the error until now; VoIPcloud allows 100 per 15 minutes.
		let newest = 0;
		const asked: number[] = [];
		const error = await readPages(
			async (offset, limit) => {
				asked.push(offset);
				newest++;
				return Array.from({ length: limit }, (_, index) => ({ id: newest - index }));
			},
			{ fail, wanted: Infinity, pageSize: 100 },
		).catch((e: { problem: PagingProblem }) => e);
		expect((error as { problem: PagingProblem }).problem.reason).toBe('repeated');
		expect(asked).toEqual([0, 100]);
	});

	test('a few calls pushed onto the next page (calls ending while it reads) are skipped, not an error', async () => {
		const rows = Array.from({ length: 30 }, (_, index) => ({ id: index }));
		const pages = [rows.slice(0, 10), rows.slice(8, 18), rows.slice(18, 28), rows.slice(28)];
		let call = 0;
		const read = await readPages(async () => pages[call++], {
			fail,
			wanted: Infinity,
			pageSize: 10,
		});
		expect(ids(read)).toEqual(ids(rows));
	});

	test.each([
		['half of a page of 20 read before', 20, 10, false],
		['11 of a page of 20 read before', 20, 11, true],
		['9 of a page of 12 read before (fewer than 10)', 12, 9, false],
		['10 of a page of 12 read before', 12, 10, true],
	])('%s: the same list again? %s', async (_case, size, repeated, isRepeat) => {
		// Page 1 is rows 0..size-1; page 2 repeats its last `repeated` rows, then new ones.
		const first = Array.from({ length: size }, (_, id) => ({ id }));
		const second = [
			...first.slice(size - repeated),
			...Array.from({ length: size - repeated }, (_, index) => ({ id: size + index })),
		];
		const pages = [first, second, []];
		let call = 0;
		const outcome = await readPages(async () => pages[call++], {
			fail,
			wanted: Infinity,
			pageSize: size,
		}).catch((e: { problem: PagingProblem }) => e);
		if (isRepeat) {
			expect((outcome as { problem: PagingProblem }).problem).toEqual({
				reason: 'repeated',
				offset: size,
				rowsRead: size,
				pages: 2,
			});
		} else {
			expect(ids(outcome as IDataObject[])).toEqual(
				Array.from({ length: 2 * size - repeated }, (_, id) => id),
			);
		}
	});

	test('a page holding an entry that is no call (null) does not end the list short', async () => {
		// 25,000 entries, one of them null: paging by the rows kept stopped after 9,999.
		const entries: Array<IDataObject | null> = Array.from({ length: 25_000 }, (_, id) => ({ id }));
		entries[1234] = null;
		const asked: number[] = [];
		const read = await readPages(
			async (offset, limit) => {
				asked.push(offset);
				const page = entries.slice(offset, offset + limit);
				return {
					rows: page.filter((row): row is IDataObject => row !== null),
					received: page.length,
				};
			},
			{ fail, wanted: Infinity },
		);
		expect(read).toHaveLength(24_999);
		// The last page of 5,000 is a round number, so one more page is asked (see mayHaveMore).
		expect(asked).toEqual([0, 10_000, 20_000, 25_000]);
	});

	test('Return All reads at most half of VoIPcloud’s 100 requests per 15 minutes', () => {
		expect(MAX_PAGES).toBeLessThanOrEqual(50);
	});

	test('stops after the most pages it reads, with a server that never runs out', async () => {
		let next = 0;
		const endless = async (_offset: number, limit: number) =>
			Array.from({ length: limit }, () => ({ id: next++ }));
		const error = await readPages(endless, { fail, wanted: Infinity, pageSize: 3 }).catch(
			(e: { problem: PagingProblem }) => e,
		);
		expect((error as { problem: PagingProblem }).problem).toMatchObject({
			reason: 'tooManyPages',
			pages: MAX_PAGES,
			rowsRead: MAX_PAGES * 3,
		});
	});

	test('a limit is served even by a server that ignores offset (one page is enough)', async () => {
		const api = ignoringOffset(500);
		const rows = await readPages(api.fetchPage, { fail, wanted: 50, pageSize: 100 });
		expect(rows).toHaveLength(50);
		expect(api.asked).toEqual([0]);
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
