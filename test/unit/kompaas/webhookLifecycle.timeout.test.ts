// A KOMPaaS API that accepts a request and never answers: every KOMPaaS request has a fixed
// 30 s timeout (the trigger's activation has no options), so this one case costs 30 s. It runs
// in a file of its own, beside the rest of the suite. The webhook KOMPaaS stored while its answer
// never came is adopted by the next activation: one registration, never two.
import { NodeApiError, type IDataObject } from 'n8n-workflow';

import { KompaasTrigger } from '../../../nodes/Kompaas/KompaasTrigger.node';
import { KOMPAAS_TIMEOUT_MS } from '../../../nodes/Kompaas/transport';
import { createKompaasFake } from '../../fakes/kompaasApi';
import { recordTime, writeFaultTimes } from '../../support/faultMatrix';
import { printTable } from '../../support/report';
import { hookContext as engineHookContext } from '../../support/n8nEngine';

const hooks = new KompaasTrigger().webhookMethods.default;

function hookContext(options: {
	credentials: IDataObject;
	parameters: IDataObject;
	staticData?: IDataObject;
}) {
	return engineHookContext({
		type: 'kompaasTrigger',
		parameters: { setupMode: 'automatic', ...options.parameters },
		credentials: { kompaasApi: options.credentials },
		staticData: options.staticData,
	});
}
const fake = createKompaasFake();
let credentials: IDataObject;

beforeAll(async () => {
	await fake.listen();
	credentials = { apiToken: fake.token, accountId: '', baseUrl: fake.baseUrl };
});
afterAll(async () => await fake.close());

test('KOMPaaS Trigger activation: a create that never answers fails at the timeout, the next activation adopts it', async () => {
	fake.failNext('/webhook/create', 'hang');
	const parameters = { events: ['VpbxInboundCallEnd'] };
	const first = hookContext({ credentials, parameters });
	const started = Date.now();
	const error = (await hooks.create.call(first.context).catch((e: unknown) => e)) as NodeApiError;
	const ms = Date.now() - started;
	printTable(
		'Fault matrix (unit): KOMPaaS API that never answers',
		['Operation', 'Fault', 'Outcome', 'Time to error', 'Requests'],
		[
			[
				'KOMPaaS Trigger activation (POST /webhook/create)',
				'never answers',
				error.message,
				`${ms} ms`,
				String(fake.calls.filter((call) => call.path === '/webhook/create').length),
			],
		],
	);
	// The time is the bench's to check (npm run bench): the timeout, not sooner, not much later.
	recordTime({
		operation: 'KOMPaaS Trigger activation (POST /webhook/create)',
		fault: 'never answers',
		ms,
		atLeastMs: KOMPAAS_TIMEOUT_MS - 1000,
		withinMs: KOMPAAS_TIMEOUT_MS + 5000,
	});
	writeFaultTimes();

	expect(error).toBeInstanceOf(NodeApiError);
	expect(error.message).toMatch(
		/did not answer \(POST \/webhook\/create\): no answer within 30 s$/,
	);
	expect(error.description).toMatch(/never sent twice.*adopts the webhook on its next activation/);
	// The node gave up on the request: the connection was closed from its side.
	await fake.calls.find((call) => call.path === '/webhook/create')?.abandoned;
	expect(fake.calls.filter((call) => call.path === '/webhook/create')).toHaveLength(1);
	expect(fake.webhooks()).toHaveLength(1);

	// n8n retries a failed activation: the stored webhook is found by its URL and adopted.
	const retry = hookContext({ credentials, parameters, staticData: first.staticData });
	await hooks.create.call(retry.context);
	expect(fake.webhooks()).toHaveLength(1);
	expect(fake.calls.filter((call) => call.path === '/webhook/create')).toHaveLength(1);
}, 60_000);
