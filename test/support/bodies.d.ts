/** A body of `count` one-megabyte chunks, then its end; `sent()` says how many were read. */
export function megabytes(count: number): NodeJS.ReadableStream & { sent(): number };
