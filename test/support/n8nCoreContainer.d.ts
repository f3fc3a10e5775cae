import type { Container as ContainerType } from '@n8n/di';

export const Container: typeof ContainerType;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const Logger: abstract new (...args: any[]) => object;
