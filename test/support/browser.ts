import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium), or LUCKA_CHROMIUM. */
export const CHROMIUM_PATH = process.env.LUCKA_CHROMIUM ?? '/usr/bin/chromium';

/** CI (and anyone who sets LUCKA_E2E_REQUIRED=1) fails without a browser; locally the suite skips, loudly. */
export const E2E_REQUIRED = Boolean(process.env.CI) || process.env.LUCKA_E2E_REQUIRED === '1';

export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  const notice = `No Chromium at ${CHROMIUM_PATH}: install it with 'apt-get install chromium' or set LUCKA_CHROMIUM.`;
  if (E2E_REQUIRED) throw new Error(`${notice} End-to-end tests are required here (CI or LUCKA_E2E_REQUIRED=1).`);
  console.warn(`\n${'!'.repeat(78)}\n!! SKIPPING END-TO-END TESTS. ${notice}\n${'!'.repeat(78)}\n`);
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // As root in a container Chromium needs --no-sandbox; the rest keep it off a closed network.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/**
 * A page as a Swedish officer's screen: 1400×900 unless told (a zoom is a device scale factor),
 * sv-SE, Stockholm time, downloads on; console errors and page errors are collected into
 * `problems` (tests assert it stays empty).
 */
export async function officerPage(
  browser: Browser,
  problems: string[],
  screen: { width: number; height: number; zoom?: number } = { width: 1400, height: 900 },
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: screen.width, height: screen.height },
    deviceScaleFactor: screen.zoom ?? 1,
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  return page;
}

/** Picks an office in the office picker (search, then its radio button), as an officer does. */
export async function pickOffice(page: Page, officeId: string): Promise<void> {
  await page.locator(`.office-picker input[type="radio"][value="${officeId}"]`).check();
}

/** The start-of-day screen: the officer confirms the office named on it, and the counter opens. */
export async function confirmOffice(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Ja, jag arbetar här' }).click();
}

/** First-run setup at an office (Stockholm) as an officer (ANLA), confirmed on the start-of-day screen. */
export async function firstRunSetup(page: Page, officeId = 'stockholm', signature = 'ANLA'): Promise<void> {
  await pickOffice(page, officeId);
  await page.getByLabel('Din signatur').fill(signature);
  await page.getByRole('button', { name: 'Spara och börja' }).click();
  await confirmOffice(page);
}

/** First-run setup at Stockholm as officer ANLA, then counter "Lucka 1" opened: the start of most counter tests. */
export async function openFirstCounter(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await firstRunSetup(page);
  await page.getByLabel('Min lucka').selectOption({ label: 'Lucka 1' });
  await page.getByRole('button', { name: 'Öppna luckan' }).click();
}
