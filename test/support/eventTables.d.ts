export interface EventTablePage {
	page: string;
	module: string;
	exported: string;
}
export const EVENT_TABLE_PAGES: EventTablePage[];
export const ROOT: string;
export function eventTable(spec: EventTablePage): string;
export function regeneratedPage(spec: EventTablePage): string;
export function pageNow(spec: EventTablePage): string;
