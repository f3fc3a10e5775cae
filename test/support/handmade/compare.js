// Compares the items of a hand-made Code node with the trigger's, field by field, for the
// benchmark (which refuses to measure when they differ) and test/tooling/handmadeCodeNode.test.ts.

/** The hand-made Code node of each PBX: `normalize(body)`, its `jsCode`, and what its IF reads. */
const HANDMADE = {
	voipcloud: require('./voipcloudCode.js'),
	kompaas: require('./kompaasCode.js'),
	'3cx': require('./threeCxCode.js'),
};

/**
 * Differences between the trigger's items and the Code node's for one request, as text (none when
 * equal). `eventId` is left to `eventIdDifferences` (the Code node has no hash function, so only
 * the identity of ids can match). `occurredAt` may differ only where both are the time of
 * receipt: then both must lie within `received` (ISO strings taken before and after both ran).
 */
function itemDifferences(label, ours, theirs, received) {
	if (ours.length !== theirs.length) return [`${label}: ${ours.length} items vs ${theirs.length}`];
	const differences = [];
	ours.forEach((item, index) => {
		const other = theirs[index];
		if (Object.keys(item).join() !== Object.keys(other).join()) {
			differences.push(`${label}: fields ${Object.keys(other).join()}`);
		}
		for (const key of Object.keys(item)) {
			if (key === 'eventId') continue;
			const [a, b] = [JSON.stringify(item[key]), JSON.stringify(other[key])];
			if (a === b) continue;
			if (
				key === 'occurredAt' &&
				received &&
				[item[key], other[key]].every((t) => within(t, received))
			)
				continue;
			differences.push(`${label} ${item.vendorEvent} ${key}: ${a} vs ${b}`);
		}
	});
	return differences;
}

function within(time, { from, to }) {
	return typeof time === 'string' && time >= from && time <= to;
}

/** Pairs [trigger's eventId, Code node's eventId]: the same id must mean the same id on both. */
function eventIdDifferences(pairs) {
	const differences = [];
	for (const [i, [a, b]] of pairs.entries()) {
		if (typeof b !== 'string') differences.push(`eventId ${JSON.stringify(b)} is not a string`);
		for (const [c, d] of pairs.slice(i + 1)) {
			if ((a === c) !== (b === d)) differences.push(`eventId identity differs (${a} / ${c})`);
		}
	}
	return differences;
}

module.exports = { HANDMADE, itemDifferences, eventIdDifferences };
