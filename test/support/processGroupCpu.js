// CPU time of a whole process group (n8n started `detached`, with its task runner and any other
// child), read from /proc: what n8n spends, wherever it spends it.
const { readdirSync, readFileSync } = require('node:fs');

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** user + system CPU of one process, and its process group, from /proc/<pid>/stat; null once gone. */
function processStat(pid) {
	let text;
	try {
		text = readFileSync(`/proc/${pid}/stat`, 'utf8');
	} catch {
		return null;
	}
	// The command name (field 2) may hold spaces and parentheses: fields start after the last ')'.
	const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
	return {
		ppid: Number(fields[1]),
		pgrp: Number(fields[2]),
		// utime + stime, and cutime + cstime (children that have exited and been waited for)
		ticks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]),
	};
}

/** Milliseconds of CPU used so far by every live process in group `pgid` (and its reaped children). */
function groupCpuMs(pgid) {
	let ticks = 0;
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		const stat = processStat(name);
		if (stat && stat.pgrp === pgid) ticks += stat.ticks;
	}
	return (ticks * 1000) / TICKS_PER_SECOND;
}

/** The pids of the group's live processes (to say which processes were counted). */
function groupPids(pgid) {
	return readdirSync('/proc').filter(
		(name) => /^\d+$/.test(name) && processStat(name)?.pgrp === pgid,
	);
}

/**
 * Waits until the group has been idle (less than `idleMs` of CPU per `windowMs`) after a burst of
 * work, so that work n8n finishes after answering (executions, isolates rebuilt for its pool) is
 * counted. Resolves with the CPU reading and the time the group was last busy.
 */
async function waitUntilIdle(
	pgid,
	{ windowMs = 600, idleMs = 12, stepMs = 100, timeoutMs = 120_000 } = {},
) {
	const started = Date.now();
	const samples = [{ at: Date.now(), cpu: groupCpuMs(pgid) }];
	let lastBusyAt = Date.now();
	for (;;) {
		await new Promise((done) => setTimeout(done, stepMs));
		const now = { at: Date.now(), cpu: groupCpuMs(pgid) };
		if (now.cpu > samples[samples.length - 1].cpu + idleMs / 2) lastBusyAt = now.at;
		samples.push(now);
		const since = samples.find((s) => s.at >= now.at - windowMs);
		if (now.at - samples[0].at >= windowMs && since && now.cpu - since.cpu < idleMs) {
			return { cpuMs: since.cpu, lastBusyAt };
		}
		if (Date.now() - started > timeoutMs) return { cpuMs: now.cpu, lastBusyAt };
	}
}

/**
 * Milliseconds of CPU used so far by process `pid` and every live descendant (and the children
 * they reaped): for a service that is not a process group of its own, e.g. PostgreSQL's
 * postmaster and its backends.
 */
function treeCpuMs(pid) {
	const stats = new Map();
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		const stat = processStat(name);
		if (stat) stats.set(Number(name), stat);
	}
	const inTree = (id) => {
		for (let current = id, hops = 0; current > 1 && hops < 64; hops++) {
			if (current === pid) return true;
			current = stats.get(current)?.ppid ?? 0;
		}
		return false;
	};
	let ticks = 0;
	for (const [id, stat] of stats) if (inTree(id)) ticks += stat.ticks;
	return (ticks * 1000) / TICKS_PER_SECOND;
}

module.exports = { groupCpuMs, groupPids, treeCpuMs, waitUntilIdle };
