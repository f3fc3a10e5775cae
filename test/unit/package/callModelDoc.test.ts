// The call model's events are documented once, in the README's table (nodes/shared/CALL_MODEL.md
// points to it): the table names every event of the vocabulary, and nothing else.
import { CALL_EVENT_TYPES } from '../../../nodes/shared/callEventTypes';
import { projectFile } from '../../support/release';

/** The first column of the first table under a heading of the README. */
function firstColumnUnder(heading: string): string[] {
	const readme = projectFile('README.md');
	const section = readme.slice(readme.indexOf(`\n${heading}\n`));
	const lines = section.split('\n');
	const start = lines.findIndex((line) => line.startsWith('|'));
	const end = lines.findIndex((line, index) => index > start && !line.startsWith('|'));
	return lines.slice(start + 2, end).map((line) => line.split('|')[1].trim().replace(/`/g, ''));
}

it('the README’s call model table lists every event of the vocabulary, once', () => {
	const documented = firstColumnUnder('## The call model');
	expect([...documented].sort()).toEqual([...CALL_EVENT_TYPES].sort());
});

it('CALL_MODEL.md has no table of events of its own', () => {
	const contributors = projectFile('nodes/shared/CALL_MODEL.md');
	expect(contributors).not.toMatch(/^\|\s*`call\.started`/m);
});
