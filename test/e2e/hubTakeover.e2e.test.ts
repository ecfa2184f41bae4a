import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, firstRunSetup, launchChromium, officerPage } from '../support/browser';
import { expectAccessible, shot, startE2eHost, type E2eHost } from '../support/e2eHost';
import { HUB_PASSPHRASE, stopServer, testHub } from '../support/hub';
import { freePort } from '../support/hubProcess';

/**
 * "Ta över kön" in Chromium: the e2e host is a counter paired with a hub (another backend
 * with its HTTPS host on 127.0.0.1), chosen as its standby in the device list; the hub dies; a supervisor
 * takes over from Settings, by keyboard, and the header then says this PC is the hub.
 */
describe.runIf(browserAvailable())('taking over a dead hub, in Chromium', () => {
  let browser: Browser;
  let host: E2eHost;
  let page: Page;
  let port: number;
  const problems: string[] = [];

  beforeAll(async () => {
    port = await freePort();
    host = await startE2eHost({ takeover: { port, listenHost: '127.0.0.1' } });
    browser = await launchChromium();
    page = await officerPage(browser, problems);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.bridge.close();
    host?.backend.close();
  });

  const call = async (channel: string, input: unknown) => {
    const reply = await host.backend.host.handle({ id: 1, channel, input });
    if (!reply.ok) throw new Error(`${channel}: ${JSON.stringify(reply.error)}`);
    return reply.result as Record<string, unknown>;
  };

  it('warns, asks for the passphrase, takes over by keyboard, and the header names the hub', async () => {
    const hub = await testHub();
    const added = await hub.addDevice('counter', 'Lucka 1');
    await call('hubLink.pair', { address: hub.address, code: added.code });
    await hub.supervisor();

    // The supervisor chooses the standby in the hub's device list (here from the paired PC).
    await page.goto(host.bridge.url);
    // This PC's own officer, at the hub's office (its setup is its own: decision 0008).
    await firstRunSetup(page);
    await page.getByRole('button', { name: 'Statistik' }).click();
    await page.getByLabel('Lösenfras', { exact: true }).fill(HUB_PASSPHRASE);
    await page.getByRole('button', { name: 'Logga in', exact: true }).click();
    await page.getByRole('button', { name: 'Gör Lucka 1 till reserv' }).click();
    await expect.poll(() => page.locator('.hub-devices tbody').textContent()).toContain('reserv för navet');
    expect(await page.locator('.hub-devices').textContent()).toContain('Reserven har en kopia av kön');
    await expectAccessible(page, 'hub devices with a standby');
    await shot(page, '63-hub-standby-chosen');
    await expect.poll(async () => (await call('hubLink.takeoverStatus', {})).standby, { timeout: 10_000 }).toBe(true);

    // Straight from the supervisor's view, the header's link opens Settings at the hub section.
    await page.locator('.hub-indicator').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('hub-link-title');
    await expect.poll(() => page.getByRole('heading', { name: 'Ta över kön' }).isVisible()).toBe(true);
    expect(await page.locator('#hub-takeover-warning').textContent()).toContain('Det går inte att ångra');
    await expectAccessible(page, 'take over the queue (standby)');
    await shot(page, '64-hub-takeover-standby');

    // The hub PC dies; a supervisor takes over here, by keyboard.
    await stopServer(hub.server);
    await page.getByLabel('Kontorets chefslösenfras').focus();
    await page.keyboard.type('fel lösenfras här');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.hub-takeover [role=alert]').textContent()).toContain('lösenfras');
    await page.getByLabel('Kontorets chefslösenfras').fill(HUB_PASSPHRASE);
    await page.getByRole('button', { name: 'Ta över kön' }).focus();
    await page.keyboard.press('Enter');
    // The window reloads everything (this PC's setup changed), and the header names the hub.
    await expect.poll(() => page.locator('.hub-indicator').textContent()).toBe('Den här datorn är navet');
    expect((await call('hubLink.takeoverStatus', {})).servingAfterTakeover).toBe(`https://127.0.0.1:${port}`);
    await expectAccessible(page, 'queue taken over');
    await shot(page, '65-hub-taken-over');
    expect(problems).toEqual([]);
  }, 60_000);
});
