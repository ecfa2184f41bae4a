import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { E2eHost } from '../support/e2eHost';
import { ARTIFACTS, expectAccessible, startE2eHost } from '../support/e2eHost';
import { browserAvailable, launchChromium, firstRunSetup } from '../support/browser';

/** The queue runs past midnight: the ticket issued at 23:55 is still there at 00:03, and callable. */
describe.runIf(browserAvailable())('a ticket left waiting at midnight, in Chromium', () => {
  let now = new Date('2026-11-23T22:50:00Z'); // 23:50 in Stockholm
  let host: E2eHost;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    host = await startE2eHost({ now: () => new Date(now) });
    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: { width: 1280, height: 720 },
      locale: 'sv-SE',
      timezoneId: 'Europe/Stockholm',
    });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.bridge.close();
    host?.backend.close();
  });

  it('issues a ticket at 23:55', async () => {
    await page.goto(host.bridge.url);
    await firstRunSetup(page, 'stockholm', 'ANLA');
    await page.getByLabel('Min lucka').selectOption({ label: 'Lucka 1' });
    await page.getByRole('button', { name: 'Öppna luckan' }).click();
    now = new Date('2026-11-23T22:55:00Z');
    await page.keyboard.press('Alt+L');
    await expect.poll(() => page.locator('.waiting tbody th').allTextContents()).toEqual(['A001']);
  });

  it("after midnight the queue shows A001 apart from today's tickets, and it is called by hand", async () => {
    now = new Date('2026-11-23T23:03:00Z'); // 00:03 on the 24th
    // Today's first ticket (the numbers start over): the queue reloads.
    await page.keyboard.press('Alt+L');
    await expect.poll(() => page.locator('.waiting tbody th').allTextContents()).toEqual(['A001']);
    const carried = page.locator('.carried-over');
    await expect.poll(() => carried.locator('h2').textContent()).toBe('Väntar kvar från i går (1)');
    expect(await carried.textContent()).toContain('A001 från 23:55 i går');
    await expectAccessible(page, 'carried-over ticket');
    await page.screenshot({ path: join(ARTIFACTS, 'after-midnight-carried-over.png') });

    await carried.getByRole('button', { name: 'Kalla A001' }).click();
    await expect.poll(() => page.locator('.my-ticket').textContent()).toContain('A001 uppropad till Lucka 1');
    await expect.poll(() => carried.count()).toBe(0);
    // Today's A001 is still waiting: the one called was yesterday's.
    expect(await page.locator('.waiting tbody th').allTextContents()).toEqual(['A001']);
  });
});
