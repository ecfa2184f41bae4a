import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchChromium, officerPage } from '../support/browser';
import { expectAccessible, shot } from '../support/e2eHost';
import {
  bundleOfficeEntries,
  prepareHub,
  startDeviceProcess,
  startHubProcess,
  type DeviceProcess,
} from '../support/officeProcesses';
import { tempDirKept } from '../support/tempKept';

/**
 * The waiting-room screen of an office, in Chromium: the hub, a counter PC and the display
 * PC are three processes with their own data dirs; the page is served by the display's
 * process (`npm run device -- --screens`), and the call is made at the counter's.
 */
describe.runIf(browserAvailable())('a call at one counter on the display of another PC, in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let counter: DeviceProcess;
  let counterId: string;
  const problems: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    const bundles = await bundleOfficeEntries();
    const hubDir = tempDirKept();
    const prepared = await prepareHub(hubDir, {
      counters: 1,
      devices: [
        { role: 'counter', name: 'Lucka 1' },
        { role: 'display', name: 'Väntrum' },
      ],
    });
    counterId = prepared.counterIds[0]!;
    const hub = await startHubProcess(bundles, hubDir);
    counter = await startDeviceProcess(bundles, { dataDir: tempDirKept(), pair: hub.address, code: prepared.codes[0] });
    const display = await startDeviceProcess(bundles, {
      dataDir: tempDirKept(),
      pair: hub.address,
      code: prepared.codes[1],
      screens: true,
    });
    expect(display.link).toMatchObject({ state: 'connected', role: 'display' });
    browser = await launchChromium();
    page = await officerPage(browser, problems, { width: 1920, height: 1080 });
    page.on('request', (r) => requests.push(r.url()));
    // The display's own route, with the display process's token in the fragment.
    const url = new URL(display.screens!);
    const token = /token=([^&]+)/.exec(url.hash)![1]!;
    await page.goto(`${url.origin}/#/display&token=${token}`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('shows a number called at another PC as soon as the hub pushes it, without polling', async () => {
    await expect.poll(() => page.locator('.display-latest').textContent()).toContain('Ingen har ropats upp ännu.');
    await counter.call('counters.open', { counterId, officerSignature: 'ANLA' });
    await counter.call('tickets.issue', { queueLetter: 'A', source: 'officer' });
    await expect.poll(() => page.locator('.display-queues').textContent()).toMatch(/A Allmänt: 1/);

    // Nothing polls: a quiet second passes without a single request from the page.
    const before = requests.length;
    await page.waitForTimeout(1000);
    expect(requests.slice(before)).toEqual([]);

    const started = Date.now();
    const ticket = await counter.call('tickets.callNext', { counterId });
    await expect.poll(() => page.locator('.display-latest').textContent()).toBe(`${ticket!.number}→Lucka 1`);
    // The figure, not an assertion (no test depends on the machine's speed): `npm run bench hub-push`.
    console.log(`  display showed ${ticket!.number} ${Date.now() - started} ms after the call at the counter`);
    expect(await page.locator('.display-queues').textContent()).toMatch(/A Allmänt: 0/);
    await expectAccessible(page, 'display paired with the hub');
    await shot(page, '62-hub-display-other-pc');
    expect(problems).toEqual([]);
  });
});
