export const REPOSITORY: string;
export function anchorsOf(markdown: string): Set<string>;
export function brokenLinks(page: string): string[];
export function editorLinks(): Array<{ from: string; url: string }>;
export function pages(): string[];
export function problemWithUrl(url: string): string | undefined;
export function codexFiles(): Array<{
	file: string;
	codex: { node: string; categories: string[]; alias?: string[]; subcategories?: unknown };
}>;
