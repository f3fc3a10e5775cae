// The two services the tests set in n8n-core's container (see n8nCoreContainer.js).
export const Container: { set(id: unknown, value: unknown): void };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const Logger: abstract new (...args: any[]) => object;
