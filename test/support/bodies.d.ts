/** A response body as n8n's HTTP client hands it over: a readable stream. */
export interface Body {
	write(chunk: string): unknown;
	end(chunk?: string): unknown;
	destroy(error?: Error): unknown;
	readonly destroyed: boolean;
}

export function bodyOf(...chunks: Array<string | Buffer>): Body;
export function openBody(first?: string): Body;
export function megabytes(count: number): Body & { sent(): number };
