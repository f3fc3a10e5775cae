const { join } = require('node:path');

const DEV_DIR = join(__dirname, '..', '.n8n-dev');

/**
 * What `npm run dev` says when n8n exits: nothing while it stops n8n itself (Ctrl+C), a plain
 * "stopped" for a clean exit, and the cause with the log's place only for a failure.
 * @param {{ stopping: boolean, code: number | null, signal?: string | null, logFile: string }} exit
 * @returns {{ error: boolean, line: string, exitCode: number } | null}
 */
function n8nExitReport({ stopping, code, signal, logFile }) {
	if (stopping) return null;
	if (code === 0) return { error: false, line: '[dev] n8n stopped.', exitCode: 0 };
	const cause = signal ? `signal ${signal}` : `exit code ${code}`;
	return {
		error: true,
		line: `[dev] n8n stopped unexpectedly (${cause}); see ${logFile}`,
		exitCode: 1,
	};
}

module.exports = { DEV_DIR, DEV_STATE_FILE: join(DEV_DIR, 'dev.json'), n8nExitReport };
