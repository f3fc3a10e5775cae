// The Webhook operations' parameters as the fields of /webhook/create and /webhook/update
// (nodes/Kompaas/actions/webhook/fields.ts), called directly: only set fields appear. The
// operations' runs in n8n are in Kompaas.node.test.ts.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { toApiFields } from '../../../nodes/Kompaas/actions/webhook/fields';
import { directContext } from '../../support/directContext';

const fields = (values: IDataObject, bodyDataType: unknown = 'json', itemIndex = 0) =>
	toApiFields.call(
		directContext({ credentials: {}, authHeaders: () => ({}) }).context as IExecuteFunctions,
		values,
		itemIndex,
		bodyDataType,
	);

describe('toApiFields', () => {
	test('nothing set, nothing sent', () => {
		expect(fields({})).toEqual({});
	});

	test('every field, under the names KOMPaaS takes', () => {
		expect(
			fields({
				name: 'CRM',
				url: 'https://crm.example.com',
				method: 'post',
				bodyDataType: 'json',
				event: '102',
				headers: { header: [{ name: ' X-Token ', value: 'abc' }] },
				query: { parameter: [{ name: 'from', value: 5 }] },
				body: '{"a": 1}',
				retryOnError: false,
				filterId: 3,
				allVariables: false,
				ignoreResponse: true,
			}),
		).toEqual({
			name: 'CRM',
			url: 'https://crm.example.com',
			method: 'post',
			bodyDataType: 'json',
			event_id: 102,
			headers: { 'X-Token': 'abc' },
			query: { from: 5 },
			body: { a: 1 },
			is_retriable: false,
			filter_id: 3,
			allVariables: false,
			ignore_response: true,
		});
	});

	test('an event id that is not a number is sent as text; an empty one not at all', () => {
		expect(fields({ event: 'abc' })).toEqual({ event_id: 'abc' });
		expect(fields({ event: '' })).toEqual({});
	});

	test('a filter of 0 is no filter', () => {
		expect(fields({ filterId: 0 })).toEqual({});
	});

	test('headers and query: unnamed pairs left out, a missing value empty, no pairs an empty object', () => {
		expect(
			fields({
				headers: {
					header: [
						{ name: '', value: 'x' },
						{ name: '  ', value: 'y' },
						{ value: 'z' },
						{ name: 'A' },
					],
				},
				query: {},
			}),
		).toEqual({ headers: { A: '' }, query: {} });
		expect(fields({ headers: undefined, query: null })).toEqual({ query: {} });
	});

	test('a body: empty is null, text as it is, JSON parsed', () => {
		expect(fields({ body: '  ' })).toEqual({ body: null });
		expect(fields({ body: 'Call ${{linkedId}}' }, 'text')).toEqual({
			body: 'Call ${{linkedId}}',
		});
		expect(fields({ body: '{"call": "${{linkedId}}"}' }, 'json')).toEqual({
			body: { call: '${{linkedId}}' },
		});
	});

	test('a JSON body that is not JSON: an error for the item, suggesting Text', () => {
		let error: { name?: string; message?: string; description?: string; context?: IDataObject } =
			{};
		try {
			fields({ body: '{not json' }, 'json', 4);
		} catch (thrown) {
			error = thrown as typeof error;
		}
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toBe('Body is not valid JSON');
		expect(error.description).toMatch(/^.+\. Use Body Data Type Text for a free-form body\.$/);
		expect(error.description).toContain('JSON');
		expect(error.context?.itemIndex).toBe(4);
	});
});
