import type { Container as ContainerType } from '@n8n/di';

export const Container: typeof ContainerType;
export const Logger: abstract new (...args: never[]) => object;
