// What the editor test opens: every credential of the package, one workflow with each of its
// nodes (each trigger feeding its PBX's action node), and a published 3CX trigger that a
// simulated call ran through.
const { randomBytes, randomUUID } = require('node:crypto');

const { PACKAGE } = require('./workflows');

/** The nodes of the tour, with the credential types each one uses. */
const TOUR = [
	{
		name: 'VoIPcloud Trigger',
		type: 'voipcloudTrigger',
		position: [0, 0],
		credentials: ['voipcloudWebhookApi'],
		parameters: { events: ['*'], output: 'normalized', additionalOptions: { timeZone: 'UTC' } },
		next: 'VoIPcloud',
	},
	{
		name: 'VoIPcloud',
		type: 'voipcloud',
		position: [320, 0],
		credentials: ['voipcloudApi'],
		parameters: { resource: 'call', operation: 'make', userNumber: '101', numberToCall: '' },
	},
	{
		name: '3CX Webhook Trigger',
		type: 'threeCxWebhookTrigger',
		position: [0, 260],
		credentials: ['threeCxWebhookApi'],
		parameters: {
			events: ['endedIncoming'],
			output: 'normalized',
			additionalOptions: { allowedSourceIps: '', timeZone: 'Europe/Istanbul' },
		},
		next: '3CX WebAPI',
	},
	{
		name: '3CX WebAPI',
		type: 'threeCxWebApi',
		position: [320, 260],
		credentials: ['threeCxWebApi'],
		parameters: {
			resource: 'call',
			operation: 'make',
			extension: '117',
			number: '={{ $json.contact.number }}',
		},
	},
	{
		name: 'KOMPaaS Trigger',
		type: 'kompaasTrigger',
		position: [0, 520],
		credentials: ['kompaasApi', 'kompaasWebhookApi'],
		parameters: {
			setupMode: 'automatic',
			events: ['VpbxInboundCallEnd', 'VpbxOutgoingEnd'],
			output: 'normalized',
			additionalOptions: { kompaasEvents: ['102'] },
		},
		next: 'KOMPaaS',
	},
	{
		name: 'KOMPaaS',
		type: 'kompaas',
		position: [320, 520],
		credentials: ['kompaasApi'],
		parameters: { resource: 'webhook', operation: 'getAll', returnAll: true },
	},
	{
		name: 'PBX Call Event',
		type: 'pbxCallEvent',
		position: [0, 780],
		credentials: ['voipcloudWebhookApi'],
		parameters: {
			operation: 'normalize',
			pbx: 'voipcloud',
			source: 'webhook',
			events: ['*'],
			output: 'normalized',
			checkSecret: true,
			refused: 'output',
			options: {},
		},
	},
];

/**
 * @param {{ api: any, baseUrl: string }} context
 * @param {{ voipcloud: any, threeCx: any, kompaas: any }} fakes
 */
async function createCredentials(context, fakes) {
	const make = async (type, name, data) => {
		const created = await context.api.createCredential(name, type, data);
		return [type, { id: created.id, name: created.name }];
	};
	const secret = () => randomBytes(20).toString('hex');
	const threeCxSecret = secret();
	return {
		threeCxSecret,
		credentials: Object.fromEntries([
			await make('voipcloudWebhookApi', 'VoIPcloud webhook', { secretToken: secret() }),
			await make('voipcloudApi', 'VoIPcloud API', {
				apiKey: fakes.voipcloud.token,
				region: 'custom',
				customUrl: fakes.voipcloud.url,
				apiVersion: 'v2',
			}),
			await make('threeCxWebhookApi', '3CX webhook', { secret: threeCxSecret }),
			await make('threeCxWebApi', '3CX WebAPI', {
				baseUrl: fakes.threeCx.url,
				apiKey: fakes.threeCx.key,
				allowSelfSigned: false,
			}),
			await make('kompaasApi', 'KOMPaaS API', {
				apiToken: fakes.kompaas.token,
				accountId: '',
				baseUrl: fakes.kompaas.baseUrl,
			}),
			await make('kompaasWebhookApi', 'KOMPaaS webhook', { secret: secret() }),
		]),
	};
}

/** The tour workflow, unpublished: a user building it in the editor. */
async function createTourWorkflow(context, credentials) {
	const nodes = TOUR.map((node) => ({
		id: randomUUID(),
		name: node.name,
		type: `${PACKAGE}.${node.type}`,
		typeVersion: 1,
		position: node.position,
		parameters: node.parameters,
		credentials: Object.fromEntries(node.credentials.map((type) => [type, credentials[type]])),
		...(node.type.endsWith('Trigger') ? { webhookId: randomUUID() } : {}),
	}));
	const connections = Object.fromEntries(
		TOUR.filter((node) => node.next).map((node) => [
			node.name,
			{ main: [[{ node: node.next, type: 'main', index: 0 }]] },
		]),
	);
	const created = await context.api.createWorkflow({
		name: 'Every PBX node',
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
	});
	return created.id;
}

/**
 * Call history → Call back, unpublished and never run: the editor offers the history's fields
 * (the call event) from the output schema, for mapping into the call back.
 */
async function createHistoryWorkflow(context, credentials) {
	const voipcloud = (name, x, parameters) => ({
		id: randomUUID(),
		name,
		type: `${PACKAGE}.voipcloud`,
		typeVersion: 1,
		position: [x, 0],
		parameters,
		credentials: { voipcloudApi: credentials.voipcloudApi },
	});
	const manual = 'When clicking ‘Execute workflow’';
	const created = await context.api.createWorkflow({
		name: 'Call back the last callers',
		nodes: [
			{
				id: randomUUID(),
				name: manual,
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			voipcloud('Call history', 260, {
				resource: 'call',
				operation: 'getAll',
				callList: 'user',
				returnAll: false,
				limit: 10,
				filters: {},
				simplify: true,
				options: {},
			}),
			voipcloud('Call back', 520, {
				resource: 'call',
				operation: 'make',
				userNumber: '101',
				numberToCall: '',
			}),
		],
		connections: {
			[manual]: { main: [[{ node: 'Call history', type: 'main', index: 0 }]] },
			'Call history': { main: [[{ node: 'Call back', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	});
	return created.id;
}

module.exports = { TOUR, createCredentials, createHistoryWorkflow, createTourWorkflow };
