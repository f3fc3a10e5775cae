// Debian's Chromium driven by playwright-core, headless, for the editor test. `.ci/run` installs
// the chromium package when it is missing; playwright downloads no browser of its own.
const { existsSync, mkdirSync } = require('node:fs');
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.PBX_CHROMIUM || '/usr/bin/chromium';

// This machine's network is closed: without the background-networking flags Chromium keeps
// trying Google's hosts. Root needs --no-sandbox.
const FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

async function launchBrowser() {
	if (!existsSync(CHROMIUM)) {
		throw new Error(
			`No Chromium at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium), as .ci/run does`,
		);
	}
	return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/**
 * A page at 1440 × 900 that records what a person would notice: uncaught errors in the page,
 * and every HTTP answer of 400 or more.
 */
async function openPage(browser) {
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	const page = await context.newPage();
	const pageErrors = [];
	const failed = [];
	const schemaRequests = [];
	page.on('pageerror', (error) => pageErrors.push(error.message));
	page.on('response', (response) => {
		const url = response.url();
		if (url.includes('/schemas/')) schemaRequests.push({ url, status: response.status() });
		if (response.status() >= 400) failed.push({ url, status: response.status() });
	});
	return { context, page, pageErrors, failed, schemaRequests };
}

async function logIn(page, baseUrl, { email, password }) {
	await page.goto(`${baseUrl}/signin`);
	await page.locator('input[type=email], input[name=emailOrLdapLoginId]').first().fill(email);
	await page.locator('input[type=password]').first().fill(password);
	await page.keyboard.press('Enter');
	await page.waitForURL((url) => !url.pathname.includes('signin'));
}

// Run in the page: what a person checks by looking.

/** Labels and titles cut with an ellipsis inside `root`: their text. */
function cutTexts(root) {
	const scope = typeof root === 'string' ? document.querySelector(root) : root;
	if (!scope) return [];
	return [...scope.querySelectorAll('*')]
		.filter((element) => {
			const style = getComputedStyle(element);
			return (
				style.textOverflow === 'ellipsis' &&
				element.offsetParent !== null &&
				element.scrollWidth > element.clientWidth + 1
			);
		})
		.map((element) => element.textContent.trim());
}

/**
 * Resolves once `root` has stopped moving: the fonts are loaded and every animation or
 * transition inside it that ends has ended (a dialog still growing in cuts its title).
 */
async function layoutSettled(root) {
	await document.fonts.ready;
	const scope = document.querySelector(root);
	if (!scope) return;
	const ending = scope
		.getAnimations({ subtree: true })
		.filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity);
	await Promise.all(ending.map((animation) => animation.finished.catch(() => undefined)));
	await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
}

/** The node icons in `selector`: their source, and whether the image loaded. */
function iconsIn(selector) {
	return [...document.querySelectorAll(selector)].map((element) => {
		const image = element.querySelector('img');
		return {
			name: element.getAttribute('data-node-name') ?? element.textContent.trim().slice(0, 40),
			src: image?.getAttribute('src') ?? null,
			loaded: !!image && image.complete && image.naturalWidth > 0,
		};
	});
}

/** The notices shown in `root`: their text and the text of each list item. */
function noticesIn(root) {
	const scope = document.querySelector(root);
	if (!scope) return [];
	return [...scope.querySelectorAll('.notice')].map((notice) => ({
		text: notice.textContent.trim(),
		lines: [...notice.querySelectorAll('li')].map((item) => item.textContent.trim()),
	}));
}

/** How long one browser step may wait for the editor (PBX_EDITOR_STEP_MS; 2 minutes on a busy machine). */
function stepTimeout() {
	return Number(process.env.PBX_EDITOR_STEP_MS) || 120_000;
}

function screenshotDir(defaultDir) {
	const dir = process.env.PBX_SCREENSHOTS || defaultDir;
	mkdirSync(dir, { recursive: true });
	return dir;
}

module.exports = {
	CHROMIUM,
	cutTexts,
	iconsIn,
	layoutSettled,
	launchBrowser,
	logIn,
	noticesIn,
	openPage,
	screenshotDir,
	stepTimeout,
};
