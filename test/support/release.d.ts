export function projectFile(path: string): string;
export function dryRunPublish(env: Record<string, string>): {
	status: number | null;
	output: string;
};
