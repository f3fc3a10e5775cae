import type { IDataObject } from 'n8n-workflow';

// Offset/limit paging for a Get Many's Return All (and a poll reading a whole list): it always
// ends, and never returns a row twice or short. The PBX gives its page size and page budget.
import { payloadHash } from './values';

/** Page sizes a server-side cap would plausibly have (100 is VoIPcloud's default page). */
const CAP_STEP = 100;

/**
 * One page: its rows, and how many entries the API sent for it (entries that are no call, such
 * as a `null`, are not rows but still take their place in the list, so paging goes on past them).
 */
export interface Page {
	rows: IDataObject[];
	received: number;
}

export type PageFetcher = (offset: number, limit: number) => Promise<IDataObject[] | Page>;

/**
 * Rows already read that a page may repeat before it counts as the same list again: a few calls
 * ending while the pages are read push as many older rows onto the next page.
 */
const MIN_OVERLAP = 10;

/** Why the pages do not add up to a list. */
export interface PagingProblem {
	reason: 'repeated' | 'tooManyPages';
	/** The offset of the page that showed it. */
	offset: number;
	/** Distinct rows read until then. */
	rowsRead: number;
	pages: number;
}

export interface PageReading {
	/** How many kept rows to return; Infinity for all. */
	wanted: number;
	/** Rows that are not kept do not count towards `wanted` (filters the API does not have). */
	keep?: (row: IDataObject) => boolean;
	/** Rows asked for per request: the most the API serves. */
	pageSize: number;
	/** Pages read before the reading gives up, within the API's rate limit. */
	maxPages: number;
	/** The error that ends a reading whose pages do not add up; thrown by readPages. */
	fail: (problem: PagingProblem) => Error;
}

/**
 * Reads offset/limit pages until `wanted` rows are kept or the list ends, advancing by what the
 * API sent for each page. A row already read (identical in every field) is skipped: with
 * newest-first sorting, calls that end while the pages are read push a few older rows onto the
 * next page. It always ends, within the rate limit: a page read before in full, or more than
 * half of it and at least MIN_OVERLAP rows (a server that ignores `offset`, even one that adds a
 * new call to each page), or more than `maxPages` pages end it with `fail`.
 */
export async function readPages(
	fetchPage: PageFetcher,
	{ wanted, keep, pageSize, maxPages, fail }: PageReading,
): Promise<IDataObject[]> {
	const rows: IDataObject[] = [];
	const seen = new Set<string>();
	let offset = 0;
	let pages = 0;
	while (rows.length < wanted) {
		if (pages >= maxPages) {
			throw fail({ reason: 'tooManyPages', offset, rowsRead: seen.size, pages });
		}
		// While the node filters rows itself, it cannot know how many rows it still needs.
		const limit = keep ? pageSize : Math.min(pageSize, wanted - rows.length);
		const fetched = await fetchPage(offset, limit);
		const page = Array.isArray(fetched) ? fetched : fetched.rows;
		const received = Array.isArray(fetched) ? fetched.length : fetched.received;
		pages++;
		const hashes = page.map((row) => payloadHash(row));
		const readBefore = hashes.filter((hash) => seen.has(hash)).length;
		if (
			readBefore > 0 &&
			(readBefore === page.length || (readBefore * 2 > page.length && readBefore >= MIN_OVERLAP))
		) {
			throw fail({ reason: 'repeated', offset, rowsRead: seen.size, pages });
		}
		for (const [index, row] of page.entries()) {
			if (seen.has(hashes[index])) continue;
			seen.add(hashes[index]);
			if (keep && !keep(row)) continue;
			rows.push(row);
			if (rows.length >= wanted) break;
		}
		offset += received;
		if (!mayHaveMore(received, limit)) break;
	}
	return rows;
}

/**
 * Whether another page may follow one of `received` rows asked as `requested`. A short page
 * ends the list, unless its size is a round number: the largest page is unconfirmed, and a
 * server that silently served fewer rows than asked would cap at such a number.
 */
export function mayHaveMore(received: number, requested: number): boolean {
	if (received >= requested) return true;
	return received > 0 && received % CAP_STEP === 0;
}
