import type { IDataObject } from 'n8n-workflow';

import { payloadHash } from '../shared/values';

/**
 * Rows asked for per history request. The only statement of a maximum is a working client's
 * comment ("limit 1..10000, default 100"); VoIPcloud has not confirmed it. The rate limit is
 * 100 requests per 15 minutes, so the largest page matters: Return All of N rows costs
 * ceil(N / PAGE_SIZE) requests (one more when the last page looks capped, see `mayHaveMore`).
 */
export const PAGE_SIZE = 10_000;

/** Page sizes a server-side cap would plausibly have (100 is the API's default page). */
const CAP_STEP = 100;

export type PageFetcher = (offset: number, limit: number) => Promise<IDataObject[]>;

export interface PageReading {
	/** How many kept rows to return; Infinity for all. */
	wanted: number;
	/** Rows that are not kept do not count towards `wanted` (filters the API does not have). */
	keep?: (row: IDataObject) => boolean;
	pageSize?: number;
}

/**
 * Reads offset/limit pages until `wanted` rows are kept or the list ends. A row already read
 * (identical in every field) is skipped: with newest-first sorting, calls that end while the
 * pages are read push older rows onto the next page.
 */
export async function readPages(
	fetchPage: PageFetcher,
	{ wanted, keep, pageSize = PAGE_SIZE }: PageReading,
): Promise<IDataObject[]> {
	const rows: IDataObject[] = [];
	const seen = new Set<string>();
	let offset = 0;
	while (rows.length < wanted) {
		// While the node filters rows itself, it cannot know how many rows it still needs.
		const limit = keep ? pageSize : Math.min(pageSize, wanted - rows.length);
		const page = await fetchPage(offset, limit);
		offset += page.length;
		for (const row of page) {
			const hash = payloadHash(row);
			if (seen.has(hash)) continue;
			seen.add(hash);
			if (keep && !keep(row)) continue;
			rows.push(row);
			if (rows.length >= wanted) break;
		}
		if (!mayHaveMore(page.length, limit)) break;
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
