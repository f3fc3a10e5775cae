export function evaluateSubtitle(expression: string, parameters: Record<string, unknown>): unknown;
