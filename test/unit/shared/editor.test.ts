// Setup notices and canvas subtitles, read as n8n's editor reads them.
import type { INodeProperties } from 'n8n-workflow';

import { eventsSubtitle, noticeLines, operationSubtitle } from '../../../nodes/shared/editor';
import { evaluateSubtitle } from '../../support/expression';

const evaluate = evaluateSubtitle;

test('notice lines: one list item each, for copying', () => {
	expect(noticeLines('a=1', 'b=2')).toBe('<ul><li>a=1</li><li>b=2</li></ul>');
});

describe('operationSubtitle', () => {
	const properties = [
		{ displayName: 'Resource', name: 'resource', type: 'options', default: 'call' },
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			default: 'make',
			displayOptions: { show: { resource: ['call'] } },
			options: [
				{ name: 'Make', value: 'make', action: 'Make a call' },
				{ name: 'Get Many', value: 'getAll', action: 'Get many calls' },
				{ name: 'Internal', value: 'internal' },
			],
		},
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			default: 'getAll',
			displayOptions: { show: { resource: ['webhook', 'hook"s'] } },
			options: [{ name: 'Get Many', value: 'getAll', action: 'Get many webhooks' }],
		},
		{ displayName: 'Operation', name: 'operation', type: 'string', default: 'x' },
		{
			displayName: 'Other',
			name: 'other',
			type: 'options',
			default: 'x',
			options: [{ name: 'X', value: 'x', action: 'Not an operation' }],
		},
		{
			displayName: 'Loose',
			name: 'operation',
			type: 'options',
			default: 'x',
			options: [{ name: 'X', value: 'x', action: 'No resource' }],
		},
	] as INodeProperties[];
	const subtitle = operationSubtitle(properties);

	test.each([
		['call', 'make', 'Make a call'],
		['call', 'getAll', 'Get many calls'],
		['webhook', 'getAll', 'Get many webhooks'],
		['hook"s', 'getAll', 'Get many webhooks'],
		['call', 'internal', ''],
		['webhook', 'make', ''],
		['other', 'x', ''],
	])('%s / %s: %p', (resource, operation, words) => {
		expect(evaluate(subtitle, { resource, operation })).toBe(words);
	});
});

describe('eventsSubtitle', () => {
	const subtitle = eventsSubtitle([
		{ name: 'Call Ended', value: 'endedIncoming' },
		{ name: 'Call "Ringing"', value: 'ringing' },
	]);

	test.each([
		[['*'], 'All events'],
		[['ringing', '*'], 'All events'],
		[['endedIncoming'], 'Call Ended'],
		[['ringing'], 'Call "Ringing"'],
		[['unknownEvent'], 'unknownEvent'],
		[['endedIncoming', 'ringing'], '2 events'],
		[[], '0 events'],
	])('%p: %p', (events, words) => {
		expect(evaluate(subtitle, { events })).toBe(words);
	});
});
