// What n8n's editor does with our node descriptions, stated as rules every node keeps (seen in
// n8n 2.41 with a browser; test/e2e/editor.test.ts checks the same things on the real editor):
// - a notice keeps only <a>, <ul> and <li>: a line to copy must be a list item;
// - a parameter all of whose values the credentials' conditions name is taken for the
//   authentication choice and removed from the panel;
// - the subtitle under a node on the canvas is an expression evaluated on its parameters;
// - a trigger's description is shown above the actions of the node of the same name too;
// - a label longer than its column is cut.
import {
	Workflow,
	type INodeCredentialDescription,
	type INodeProperties,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypes,
} from 'n8n-workflow';

import { Kompaas } from '../../../nodes/Kompaas/Kompaas.node';
import { KompaasTrigger } from '../../../nodes/Kompaas/KompaasTrigger.node';
import { ThreeCxWebApi } from '../../../nodes/ThreeCx/ThreeCxWebApi.node';
import { ThreeCxWebhookTrigger } from '../../../nodes/ThreeCx/ThreeCxWebhookTrigger.node';
import { Voipcloud } from '../../../nodes/Voipcloud/Voipcloud.node';
import { VoipcloudTrigger } from '../../../nodes/Voipcloud/VoipcloudTrigger.node';

const nodes: INodeType[] = [
	new Voipcloud(),
	new VoipcloudTrigger(),
	new ThreeCxWebApi(),
	new ThreeCxWebhookTrigger(),
	new Kompaas(),
	new KompaasTrigger(),
];
const triggers = nodes.filter((node) => node.description.group.includes('trigger'));
const actions = nodes.filter((node) => !node.description.group.includes('trigger'));
const named = (node: INodeType) => [node.description.displayName, node] as const;

/** Every property of a node, collections' options included, with the depth it is shown at. */
function allProperties(properties: INodeProperties[], depth = 0): Array<[INodeProperties, number]> {
	return properties.flatMap((property) => {
		const nested = (property.options ?? []).filter(
			(option): option is INodeProperties => 'displayName' in option && 'type' in option,
		);
		return [[property, depth] as [INodeProperties, number], ...allProperties(nested, depth + 1)];
	});
}

/** The subtitle n8n shows for a node with these parameters. */
function subtitle(type: INodeType, parameters: Record<string, unknown>): unknown {
	const nodeTypes = {
		getByName: () => type,
		getByNameAndVersion: () => type,
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
	const node = {
		id: 'node',
		name: type.description.displayName,
		type: `n8n-nodes-pbx.${type.description.name}`,
		typeVersion: 1,
		position: [0, 0] as [number, number],
		parameters: parameters as never,
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(
		node,
		type.description.subtitle as string,
		'internal',
		{},
	);
}

describe('setup notices', () => {
	const notices = nodes.flatMap((node) =>
		node.description.properties
			.filter((property) => property.type === 'notice')
			.map(
				(notice) => [`${node.description.displayName} ${notice.name}`, notice.displayName] as const,
			),
	);

	test.each(notices)('%s uses only the tags a notice keeps', (_, text) => {
		const tags = [...text.matchAll(/<\/?([a-z0-9]+)/gi)].map((match) => match[1].toLowerCase());
		expect(tags.filter((tag) => !['a', 'ul', 'li'].includes(tag))).toEqual([]);
	});

	test('the 3CX ini lines are one list item each', () => {
		const text = (name: string) =>
			new ThreeCxWebhookTrigger().description.properties.find((p) => p.name === name)
				?.displayName ?? '';
		const url = '<li>WEBHOOK_URL = &lt;Production URL&gt;?token=&lt;secret&gt;</li>';
		expect(text('k2mNotice')).toContain(
			`${url}<li>WEBHOOK_POST_ENABLED = true</li><li>HTTP_REQUEST_METHOD_POST = 1</li>`,
		);
		expect(text('creomateNotice')).toContain(
			`${url}<li>POST = 1</li><li>WEBHOOK_POST_URL = &lt;Production URL&gt;?token=&lt;secret&gt;</li><li>RECORDING_FULL_INFO = 1</li>`,
		);
	});

	test.each(notices)('%s says where the Production URL is', (_, text) => {
		// The Webhook URLs section opens collapsed, on its Test URL tab: "(above)" finds nothing.
		expect(text).not.toMatch(/\(above\)/);
		if (/Production URL/.test(text)) expect(text).toMatch(/Webhook URLs at the top of this panel/);
	});
});

describe('parameters stay in the panel', () => {
	/** n8n's rule (getMainAuthField): every value of the field is named by a credential's `show`. */
	function takenForAuthentication(
		properties: INodeProperties[],
		credentials: INodeCredentialDescription[],
	): string[] {
		const named: Record<string, string[]> = {};
		for (const credential of credentials) {
			for (const [field, values] of Object.entries(credential.displayOptions?.show ?? {})) {
				named[field] = [...(named[field] ?? []), ...(values ?? []).map(String)];
			}
		}
		return properties
			.filter((property) => property.name in named)
			.filter((property) =>
				((property.options ?? []) as INodePropertyOptions[]).every((option) =>
					named[property.name].includes(String(option.value)),
				),
			)
			.map((property) => property.name);
	}

	test.each(nodes.map(named))(
		'%s: no parameter is taken for an authentication choice',
		(_, node) => {
			expect(
				takenForAuthentication(node.description.properties, node.description.credentials ?? []),
			).toEqual([]);
		},
	);

	test('the rule would catch the KOMPaaS Setup choice of before', () => {
		const { properties } = new KompaasTrigger().description;
		expect(
			takenForAuthentication(properties, [
				{ name: 'kompaasApi', displayOptions: { show: { setupMode: ['automatic'] } } },
				{ name: 'kompaasWebhookApi', displayOptions: { show: { setupMode: ['manual'] } } },
			]),
		).toEqual(['setupMode']);
	});

	test('the KOMPaaS Trigger has one event picker; the KOMPaaS names are an option', () => {
		const { properties } = new KompaasTrigger().description;
		const pickers = properties.filter((p) => p.type === 'multiOptions');
		expect(pickers.map((p) => p.name)).toEqual(['events']);
		const options = properties.find((p) => p.name === 'additionalOptions');
		expect((options?.options ?? []).map((o) => o.name)).toEqual([
			'callFlowAnswers',
			'country',
			'kompaasEvents',
			'includeRaw',
		]);
	});
});

describe('labels fit their column at 1440 × 900', () => {
	// Measured in n8n 2.41's panel: about 31 characters at the top level, 23 in a collection.
	const limits = [30, 22];
	const labels = nodes.flatMap((node) =>
		allProperties(node.description.properties)
			.filter(([property]) => !['notice', 'hidden'].includes(property.type))
			.map(
				([property, depth]) =>
					[
						`${node.description.displayName} › ${property.displayName}`,
						property.displayName,
						depth,
					] as const,
			),
	);

	test.each(labels)('%s', (_, label, depth) => {
		expect(label.length).toBeLessThanOrEqual(limits[Math.min(depth, 1)]);
	});
});

describe('subtitles on the canvas', () => {
	const operations = actions.flatMap((node) =>
		node.description.properties
			.filter((property) => property.name === 'operation')
			.flatMap((property) =>
				((property.displayOptions?.show?.resource ?? []) as string[]).flatMap((resource) =>
					(property.options as INodePropertyOptions[]).map(
						(option) =>
							[
								node.description.displayName,
								resource,
								option.value as string,
								option.action,
								node,
							] as const,
					),
				),
			),
	);

	test.each(operations)('%s %s/%s: "%s"', (_, resource, operation, action, node) => {
		expect(action).toMatch(/^[A-Z][a-z]+ /);
		expect(subtitle(node, { resource, operation })).toBe(action);
	});

	test.each(triggers.map(named))('%s: the events, by name', (_, node) => {
		const options = node.description.properties.find((p) => p.name === 'events')
			?.options as INodePropertyOptions[];
		const [first, second] = options.filter((option) => option.value !== '*');
		expect(subtitle(node, { events: ['*'] })).toBe('All events');
		expect(subtitle(node, { events: [first.value] })).toBe(first.name);
		expect(subtitle(node, { events: [first.value, second.value] })).toBe('2 events');
	});
});

describe('what the node creator shows', () => {
	// n8n merges a trigger into the action node whose name it ends with, under the trigger's
	// description: that text introduces the whole app, not only the trigger.
	const merged = triggers
		.map(
			(trigger) =>
				[
					trigger.description.displayName,
					trigger,
					actions.find(
						(action) => `${action.description.name}Trigger` === trigger.description.name,
					),
				] as const,
		)
		.filter(([, , action]) => action !== undefined);

	test('VoIPcloud and KOMPaaS are merged apps', () => {
		expect(merged.map(([name]) => name)).toEqual(['VoIPcloud Trigger', 'KOMPaaS Trigger']);
	});

	test.each(merged)('%s: its description speaks of the actions too', (_, trigger) => {
		const { description } = trigger.description;
		expect(description).not.toMatch(/^Starts the workflow/);
		expect(description).toMatch(/start workflows; workflows /);
	});
});
