// The package as a person sees it in n8n's editor: Debian's Chromium (headless, 1440 × 900,
// driven by playwright-core) against the e2e n8n. It logs in, opens a workflow with each of our
// nodes and each node's panel, searches the node creator, opens each credential form and runs a
// credential test, and opens the execution of a simulated call. It checks what a person would:
// our icons render (not n8n's fallback), setup notices keep their copyable lines, no label is
// cut, the editor finds our output schemas (no 404) and offers their fields before any event,
// and the page throws no error. Key screenshots go to the run's folder, or to PBX_SCREENSHOTS
// (`PBX_SCREENSHOTS=docs npx jest --selectProjects e2e --testPathPattern editor` renews the
// README's pictures).
import type { Browser, Page } from 'playwright-core';

import { createKompaasFake } from '../fakes/kompaasApi';
import { startThreeCxWebApi } from '../fakes/threeCxWebApi';
import { startVoipcloudApi } from '../fakes/voipcloudApi';
import {
	cutTexts,
	iconsIn,
	launchBrowser,
	layoutSettled,
	logIn,
	noticesIn,
	openPage,
	screenshotDir,
	stepTimeout,
} from '../support/browser';
import {
	TOUR,
	createCredentials,
	createHistoryWorkflow,
	createTourWorkflow,
} from '../support/editorTour';
import { e2eContext } from '../support/e2eState';
import { report } from '../support/examples';
import { OWNER, waitForWebhook } from '../support/n8n';
import { sendScenario } from '../support/pbxSender';
import { loadScenario, renderScenario } from '../support/scenarios';
import { publishTriggerWorkflow } from '../support/workflows';

jest.setTimeout(600_000);

const context = e2eContext();
const shots = screenshotDir(`${context.workDir}/screenshots`);
const STEP = stepTimeout();

let browser: Browser;
let page: Page;
let seen: Awaited<ReturnType<typeof openPage>>;
let tourId: string;
let historyId: string;
let callsWorkflowId: string;
let executionId: string;
let compactWorkflowId: string;
let compactExecutionId: string;
let fakes: {
	voipcloud: Awaited<ReturnType<typeof startVoipcloudApi>>;
	threeCx: Awaited<ReturnType<typeof startThreeCxWebApi>>;
	kompaas: ReturnType<typeof createKompaasFake>;
};
const started = Date.now();
const timings: string[] = [];

async function step<T>(label: string, run: () => Promise<T>): Promise<T> {
	const at = Date.now();
	let done = false;
	try {
		const result = await run();
		done = true;
		return result;
	} finally {
		if (!done) {
			// Leave no panel or dialog open over the next test's page.
			await page.screenshot({ path: `${shots}/failed-${label.replace(/\W+/g, '-')}.png` });
			await openTour().catch(() => undefined);
		}
		timings.push(`${label} ${((Date.now() - at) / 1000).toFixed(1)} s`);
	}
}

async function shoot(name: string) {
	await page.screenshot({ path: `${shots}/${name}.png` });
}

const canvasNode = (name: string) =>
	page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);

async function openTour() {
	await page.goto(`${context.baseUrl}/workflow/${tourId}`);
	await canvasNode(TOUR[0].name).waitFor({ timeout: STEP });
}

async function openPanel(name: string) {
	await canvasNode(name).dblclick();
	await page.locator('[data-test-id="ndv"]').waitFor({ timeout: STEP });
	await page.locator('[data-test-id="node-parameters"]').waitFor({ timeout: STEP });
	// The panel settles (credentials, loaded options) before anyone reads it.
	await page.waitForLoadState('networkidle').catch(() => undefined);
}

async function closePanel() {
	// Escape in a dialog over the panel can close both.
	if (!(await page.locator('[data-test-id="ndv"]').isVisible())) return;
	await page.locator('[data-test-id="ndv-close-button"]').first().click();
	await page.locator('[data-test-id="ndv"]').waitFor({ state: 'hidden', timeout: STEP });
}

/**
 * The texts cut inside `root` once its layout has settled. A cut that lasts is reported; one
 * that only lasts while the editor lays out (a label measured before its width is known) is
 * not what a person sees, so the reading is repeated for up to 3 s until nothing is cut.
 */
async function cut(root: string) {
	await page.evaluate(layoutSettled, root);
	let texts = await page.evaluate(cutTexts, root);
	for (let attempt = 0; attempt < 15 && texts.length > 0; attempt++) {
		await page.waitForTimeout(200);
		texts = await page.evaluate(cutTexts, root);
	}
	return texts;
}

beforeAll(async () => {
	fakes = {
		voipcloud: await startVoipcloudApi({ history: { userCalls: 3 } }),
		threeCx: await startThreeCxWebApi(),
		kompaas: createKompaasFake(),
	};
	await fakes.kompaas.listen();
	const { credentials, threeCxSecret } = await createCredentials(context, fakes);
	tourId = await createTourWorkflow(context, credentials);
	historyId = await createHistoryWorkflow(context, credentials);

	// A published 3CX trigger that a simulated call (the README's dev scenario) ran through.
	const calls = await publishTriggerWorkflow(context, {
		name: 'Calls from 3CX',
		nodeType: 'threeCxWebhookTrigger',
		webhookPath: '3cx',
		parameters: { events: ['*'], output: 'normalized' },
		credentials: { threeCxWebhookApi: credentials.threeCxWebhookApi },
	});
	callsWorkflowId = calls.id;
	await waitForWebhook(calls.url);
	const scenario = renderScenario(loadScenario('3cx', 'queue-answered-second-agent'));
	await sendScenario(scenario, { url: calls.url, token: threeCxSecret });
	const executions = await context.api.waitForExecutions(calls.id, scenario.steps.length);
	executionId = executions[executions.length - 1].id;
	// The same call through a trigger with Options → Include Raw Payload off.
	const compact = await publishTriggerWorkflow(context, {
		name: 'Calls from 3CX, compact',
		nodeType: 'threeCxWebhookTrigger',
		webhookPath: '3cx',
		parameters: { events: ['*'], output: 'normalized', additionalOptions: { includeRaw: false } },
		credentials: { threeCxWebhookApi: credentials.threeCxWebhookApi },
	});
	compactWorkflowId = compact.id;
	await waitForWebhook(compact.url);
	await sendScenario(scenario, { url: compact.url, token: threeCxSecret });
	const compactExecutions = await context.api.waitForExecutions(compact.id, scenario.steps.length);
	compactExecutionId = compactExecutions[compactExecutions.length - 1].id;

	browser = await launchBrowser();
	seen = await openPage(browser);
	page = seen.page;
	page.setDefaultTimeout(STEP);
	await step('log in', () => logIn(page, context.baseUrl, OWNER));
});

afterAll(async () => {
	await browser?.close();
	await fakes?.voipcloud.close();
	await fakes?.threeCx.close();
	await fakes?.kompaas.close();
	report(
		`[editor] ${((Date.now() - started) / 1000).toFixed(0)} s in all (${timings.join(', ')}); ` +
			`schemas asked ${seen?.schemaRequests.length ?? 0}, 404 ${seen?.schemaRequests.filter((r) => r.status === 404).length ?? '?'}; screenshots in ${shots}`,
	);
});

describe('the editor with every PBX node', () => {
	test('the canvas shows each node with its own icon and a subtitle in words', async () => {
		await step('canvas', openTour);
		await page.waitForLoadState('networkidle').catch(() => undefined);
		const icons = await page.evaluate(
			iconsIn,
			'[data-test-id="canvas-node"][data-node-type^="n8n-nodes-pbx."]',
		);
		expect(icons.map((icon) => icon.name).sort()).toEqual(TOUR.map((node) => node.name).sort());
		for (const icon of icons) {
			expect(icon).toEqual({
				name: icon.name,
				src: expect.stringMatching(/^\/icons\/n8n-nodes-pbx\/dist\/icons\/[a-z0-9]+\.svg$/),
				loaded: true,
			});
		}
		const subtitles = Object.fromEntries(
			await Promise.all(
				TOUR.map(async (node) => [
					node.name,
					(await canvasNode(node.name).locator('[class*="_subtitle_"]').textContent())?.trim(),
				]),
			),
		);
		expect(subtitles).toEqual({
			'VoIPcloud Trigger': 'All events',
			VoIPcloud: 'Make a call',
			'3CX Webhook Trigger': 'Incoming Call Ended',
			'3CX WebAPI': 'Make a call',
			'KOMPaaS Trigger': '2 events',
			KOMPaaS: 'Get many webhooks',
			'PBX Call Event': 'Normalize VoIPcloud events',
		});
		await shoot('editor-canvas');
	});

	test.each(TOUR.map((node) => node.name))('the %s panel: notices, labels', async (name) => {
		await step(`panel ${name}`, async () => {
			await openPanel(name);
			const notices = await page.evaluate(noticesIn, '[data-test-id="node-parameters"]');
			for (const notice of notices) {
				// A notice that names a URL, a header or an ini key shows each as a line of its own.
				if (/URL|Header|\.ini/.test(notice.text)) expect(notice.lines.length).toBeGreaterThan(0);
			}
			if (name === '3CX Webhook Trigger') {
				expect(notices.map((notice) => notice.lines)).toEqual([
					[
						'WEBHOOK_URL = <Production URL>?token=<secret>',
						'WEBHOOK_POST_ENABLED = true',
						'HTTP_REQUEST_METHOD_POST = 1',
					],
					[
						'WEBHOOK_URL = <Production URL>?token=<secret>',
						'POST = 1',
						'WEBHOOK_POST_URL = <Production URL>?token=<secret>',
						'RECORDING_FULL_INFO = 1',
					],
				]);
				await shoot('panel-3cx-trigger');
			}
			if (name === 'KOMPaaS Trigger') {
				// The Setup choice is in the panel, and one event picker.
				await expect(
					page.locator('[data-test-id="parameter-input-setupMode"]').isVisible(),
				).resolves.toBe(true);
				await expect(page.locator('[data-test-id="parameter-input-events"]').count()).resolves.toBe(
					1,
				);
				await shoot('panel-kompaas-trigger');
			}
			expect(await cut('[data-test-id="ndv"]')).toEqual([]);
			await closePanel();
		});
	});

	test('before any run, the next node offers the call event fields, and mapping by drag and drop works', async () => {
		await step('schema preview', async () => {
			await page.goto(`${context.baseUrl}/workflow/${historyId}`);
			await openPanel('Call back');
			const input = '[data-test-id="ndv-input-panel"]';
			const pill = (path: string) => page.locator(`${input} [data-path="${path}"]`).first();
			await pill('.contact.number').waitFor();
			// The first screenful of fields (the list renders only the rows in view).
			for (const path of ['.event', '.callId', '.from.number', '.to.number', '.contact.number']) {
				await expect(pill(path).getAttribute('data-value')).resolves.toBe(`{{ $json${path} }}`);
			}
			// Drag contact → number onto Number to Call, as a person maps a field.
			const from = await pill('.contact.number').boundingBox();
			const to = await page.locator('[data-test-id="parameter-input-numberToCall"]').boundingBox();
			if (!from || !to) throw new Error('The field or the parameter is not on screen');
			await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
			await page.mouse.down();
			await page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2 + 5, {
				steps: 5,
			});
			await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 20 });
			await page.mouse.up();
			const mapped = page
				.locator('[data-test-id="parameter-input-numberToCall"]')
				.getByText('{{ $json.contact.number }}');
			await mapped.waitFor();
			await shoot('schema-preview');
			expect(await cut('[data-test-id="ndv"]')).toEqual([]);
			await closePanel();
		});
		// Every schema the editor asked of this package was there: the action operations', and the
		// triggers' (n8n 2.41 asks for them, though it shows no preview of a trigger's output).
		const ours = seen.schemaRequests.filter((r) => r.url.includes('/schemas/n8n-nodes-pbx.'));
		const history = ours.find((r) => /voipcloud\/1\.0\.0\/call\/getAll\.json$/.test(r.url));
		expect(history).toBeDefined();
		expect(ours.filter((r) => r.status !== 200)).toEqual([]);
		// The rest of the call event is in the schema n8n served, below the fold of the list.
		const served = (await (await fetch(history!.url)).json()) as {
			properties: Record<string, { properties?: Record<string, unknown> }>;
		};
		for (const field of ['answered', 'outcome', 'durationSec', 'recording', 'raw']) {
			expect(Object.keys(served.properties)).toContain(field);
		}
		expect(Object.keys(served.properties.recording.properties ?? {})).toContain('url');
	});

	test('the node creator finds each PBX, with its icon and a description of the app', async () => {
		await step('node creator', async () => {
			await openTour();
			for (const [search, names] of [
				['VoIPcloud', ['VoIPcloud']],
				// The creator drops "Trigger" from a trigger's name.
				['3CX', ['3CX WebAPI', '3CX Webhook']],
				['KOMPaaS', ['KOMPaaS']],
			] as const) {
				await page.locator('[data-test-id="node-creator-plus-button"]').first().click();
				const searchBar = page.locator('[data-test-id="node-creator-search-bar"]');
				await searchBar.fill(search);
				const creator = '[data-test-id="node-creator"]';
				// Every expected name, so that no list of the previous search is read.
				for (const name of names) {
					await page
						.locator(`${creator} [data-test-id="node-creator-item-name"]`)
						.getByText(name, { exact: true })
						.first()
						.waitFor();
				}
				const items = await page.$$eval(
					`${creator} [data-test-id="node-creator-item-name"]`,
					(names) =>
						names
							.map(
								(name) =>
									name.closest('[data-test-id$="-item"]') ?? name.parentElement!.parentElement!,
							)
							.map((element) => ({
								name: element
									.querySelector('[data-test-id="node-creator-item-name"]')
									?.textContent?.trim(),
								description: element
									.querySelector('[data-test-id="node-creator-item-description"]')
									?.textContent?.trim(),
								icon: element.querySelector('img')?.getAttribute('src') ?? null,
								loaded:
									((element.querySelector('img') as { naturalWidth?: number } | null)
										?.naturalWidth ?? 0) > 0,
							})),
				);
				const ours = items.filter((item) => names.includes(item.name as never));
				expect(ours.map((item) => item.name).sort()).toEqual([...names].sort());
				for (const item of ours) {
					expect(item.icon).toMatch(/^\/icons\/n8n-nodes-pbx\//);
					expect(item.loaded).toBe(true);
					// A trigger merged with the app's actions describes the app, not the trigger.
					if (item.name !== '3CX Webhook')
						expect(item.description).not.toMatch(/^Starts the workflow/);
				}
				if (search === 'VoIPcloud') await shoot('node-creator');
				await page.keyboard.press('Escape');
			}
		});
	});

	test('the trigger and the action panel find our nodes by what users type', async () => {
		// The codex aliases (nodes/*/*.node.json): a user looking for a phone system searches for it
		// by what it is, not only by the vendor's name.
		const BRANDS = ['VoIPcloud', '3CX', 'KOMPaaS'];
		const SEARCHES: Array<[string, string[]]> = [
			['pbx', BRANDS],
			['call', BRANDS],
			['phone', BRANDS],
			['3cx', ['3CX']],
			['voip', BRANDS],
			['kompaas', ['KOMPaaS']],
		];
		const creator = '[data-test-id="node-creator"]';
		const itemNames = `${creator} [data-test-id="node-creator-item-name"]`;
		/** The names the panel lists for a search, once every brand expected is among them. */
		async function search(term: string, brands: string[]) {
			const searchBar = page.locator('[data-test-id="node-creator-search-bar"]');
			await searchBar.fill(term);
			for (const brand of brands) {
				await page.locator(itemNames).filter({ hasText: brand }).first().waitFor({ timeout: STEP });
			}
			return page.$$eval(itemNames, (names) => names.map((name) => name.textContent?.trim() ?? ''));
		}
		const found: Record<string, Record<string, string[]>> = { trigger: {}, action: {} };
		await step('node panel searches', async () => {
			for (const [term, brands] of SEARCHES) {
				// The trigger panel: a new workflow's first step.
				await page.goto(`${context.baseUrl}/workflow/new`);
				await page.locator('[data-test-id="canvas-add-button"]').first().click();
				found.trigger[term] = await search(term, brands);
				await page.keyboard.press('Escape');
				// The action panel: what comes next in a workflow that has a trigger.
				await openTour();
				await page.locator('[data-test-id="node-creator-plus-button"]').first().click();
				found.action[term] = await search(term, brands);
				await page.keyboard.press('Escape');
			}
		});
		for (const panel of ['trigger', 'action']) {
			for (const [term, brands] of SEARCHES) {
				for (const brand of brands) {
					expect({
						panel,
						term,
						brand,
						found: found[panel][term].some((n) => n.includes(brand)),
					}).toEqual({
						panel,
						term,
						brand,
						found: true,
					});
				}
			}
		}
	});

	test('each credential form opens cut-free, and a wrong 3CX key is explained', async () => {
		await step('credentials', async () => {
			await openTour();
			for (const node of TOUR.filter((n) => n.credentials.length === 1)) {
				await openPanel(node.name);
				await page.locator('[data-test-id="credential-edit-button"]').first().click();
				const modal = page.locator('[data-test-id="editCredential-modal"]');
				await modal.waitFor();
				await page.waitForLoadState('networkidle').catch(() => undefined);
				expect(await cut('[data-test-id="editCredential-modal"]')).toEqual([]);
				const icon = await modal.locator('img').first().getAttribute('src');
				expect(icon).toMatch(/^\/icons\/n8n-nodes-pbx\//);
				if (node.name === '3CX WebAPI') {
					const key = modal.locator('[data-test-id="parameter-input-apiKey"] input').first();
					await key.fill('not-the-key');
					await modal.locator('[data-test-id="credential-save-button"]').click();
					await modal.getByText('More details').click();
					const banner = modal.getByText(/refused this Access Key/);
					await banner.waitFor();
					await expect(banner.textContent()).resolves.toMatch(/TCXWebAPI\.ini/);
					await shoot('credential-3cx-webapi');
					await key.fill(fakes.threeCx.key);
					await modal.locator('[data-test-id="credential-save-button"]').click();
					await modal.getByText(/Connection tested successfully/i).waitFor();
				}
				await page.keyboard.press('Escape');
				await modal.waitFor({ state: 'hidden' });
				await closePanel();
			}
		});
	});

	/** Opens an execution's trigger output in the Table view; the height of its row, in pixels. */
	async function tableRowHeight(workflowId: string, id: string, shot?: string) {
		await page.goto(`${context.baseUrl}/workflow/${workflowId}/executions/${id}`);
		const node = page.locator('[data-test-id="canvas-node"]').first();
		await node.waitFor();
		await node.dblclick();
		const output = page.locator('[data-test-id="output-panel"]');
		await output.getByText('Table', { exact: true }).first().click();
		await output.getByText('call.ended').first().waitFor();
		if (shot) await shoot(shot);
		expect(await cut('[data-test-id="ndv"]')).toEqual([]);
		const row = output.locator('table tbody tr').first();
		const height = (await row.boundingBox())?.height ?? 0;
		await closePanel();
		return height;
	}

	test('the execution of a simulated call shows the normalized event; without raw its row is compact', async () => {
		await step('execution', async () => {
			const full = await tableRowHeight(callsWorkflowId, executionId, 'execution');
			const compact = await tableRowHeight(compactWorkflowId, compactExecutionId);
			timings.push(`Table row ${Math.round(full)} px with raw, ${Math.round(compact)} px without`);
			// Without raw the tallest cells are the two-line parties (from, to, contact, agent).
			expect(compact).toBeGreaterThan(0);
			expect(compact).toBeLessThan(full / 2);
		});
	});

	test('no page error, and no 404 for our schemas', () => {
		expect(seen.pageErrors).toEqual([]);
		const schema404 = seen.failed.filter(
			(r) => r.status === 404 && r.url.includes('/schemas/n8n-nodes-pbx.'),
		);
		expect(schema404).toEqual([]);
		const ourFailures = seen.failed.filter((r) => r.url.includes('n8n-nodes-pbx'));
		expect(ourFailures).toEqual([]);
	});
});
