// What the developer tools print: `npm run simulate` and `npm run dev`.
import { n8nExitReport } from '../../scripts/devState';
import { runScript } from '../support/cli';

const simulate = (...args: string[]) => runScript('scripts/simulate.mjs', args);

describe('npm run simulate', () => {
	test('--help prints the usage and exits 0', () => {
		const { status, stdout, stderr } = simulate('--help');
		expect(status).toBe(0);
		expect(stdout).toMatch(/^Usage: npm run simulate -- <pbx> <scenario>/);
		expect(stderr).toBe('');
	});

	test('an unknown option says which, with the usage, and no stack trace', () => {
		const { status, stderr } = simulate('--bogus');
		expect(status).toBe(1);
		expect(stderr).toMatch(/^Unknown option '--bogus'/);
		expect(stderr).toContain('Usage: npm run simulate');
		expect(stderr).not.toMatch(/ERR_PARSE_ARGS|\n\s+at /);
	});

	test('--list puts every description in one column', () => {
		const { status, stdout } = simulate('--list');
		expect(status).toBe(0);
		const rows = stdout.split('\n').filter((line) => /^ {2}\S/.test(line));
		expect(rows.length).toBeGreaterThan(20);
		// The description starts after the name and at least two spaces, at the same place on every row.
		const columns = new Set(rows.map((row) => /^ {2}\S+ {2,}/.exec(row)?.[0].length));
		expect([...columns]).toHaveLength(1);
	});
});

describe('npm run dev when n8n exits', () => {
	const logFile = '/tmp/n8n.log';

	test('stopping it with Ctrl+C prints no error', () => {
		expect(n8nExitReport({ stopping: true, code: 0, signal: null, logFile })).toBeNull();
		expect(n8nExitReport({ stopping: true, code: null, signal: 'SIGTERM', logFile })).toBeNull();
	});

	test('a clean exit reads as a stop, not as an error', () => {
		expect(n8nExitReport({ stopping: false, code: 0, signal: null, logFile })).toEqual({
			error: false,
			line: '[dev] n8n stopped.',
			exitCode: 0,
		});
	});

	test('a crash names the cause and the log', () => {
		expect(n8nExitReport({ stopping: false, code: 1, signal: null, logFile })).toEqual({
			error: true,
			line: `[dev] n8n stopped unexpectedly (exit code 1); see ${logFile}`,
			exitCode: 1,
		});
	});
});
