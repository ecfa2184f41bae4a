import { connect, createServer, type Server } from 'node:tls';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateHubCertificate } from '../../electron/backend/hub/certificate';
import { browserAvailable, confirmOffice, launchChromium, officerPage, pickOffice } from '../support/browser';
import { expectAccessible, shot, startE2eHost, type E2eHost } from '../support/e2eHost';
import { stopServer, testHub } from '../support/hub';
import { tempDirKept } from '../support/tempKept';

/**
 * Pairing a PC with its office hub from Settings, in Chromium: the device is the e2e host
 * (built renderer, real backend), the hub another backend with its own store and HTTPS
 * host on 127.0.0.1, and a man in the middle with his own certificate on a third port.
 */
describe.runIf(browserAvailable())('pairing with the office hub, in Chromium', () => {
  let browser: Browser;
  let host: E2eHost;
  let page: Page;
  let mitm: Server | null = null;
  const problems: string[] = [];

  beforeAll(async () => {
    host = await startE2eHost();
    browser = await launchChromium();
    page = await officerPage(browser, problems);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.bridge.close();
    host?.backend.close();
    mitm?.close();
  });

  async function pair(address: string, code: string): Promise<void> {
    await page.getByLabel('Navets adress').fill(address);
    await page.getByLabel('Kod från navet').fill(code);
    await page.getByRole('button', { name: 'Anslut till navet' }).click();
  }
  const alert = () => page.locator('.hub-link-settings [role=alert]').textContent();

  it('refuses a wrong code and a wrong certificate in Swedish, then pairs, and its own officer signs in at the hub office', async () => {
    const hub = await testHub();
    await page.goto(host.bridge.url);
    // A new PC can pair before any setup: the hub's office is what it will work in.
    await expect
      .poll(() => page.getByRole('heading', { name: 'Gemensam kö via nav', exact: true }).isVisible())
      .toBe(true);
    expect(await page.locator('.hub-link-state').textContent()).toBe('Den här datorn har en egen kö (inget nav).');

    await pair(hub.address, 'aaaabbbbcccc');
    expect(await page.getByLabel('Kod från navet').inputValue()).toBe('AAAA-BBBB-CCCC');
    await expect.poll(alert).toContain('Navet godtog inte koden');
    expect(await alert()).toContain('Koden finns inte på navet');

    // A man in the middle relays to the real hub with his own certificate: the real code fails.
    const stranger = await loadOrCreateHubCertificate(tempDirKept());
    mitm = createServer({ key: stranger.keyPem, cert: stranger.certPem }, (client) => {
      const upstream = connect({ host: '127.0.0.1', port: hub.server.port, rejectUnauthorized: false });
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((r) => mitm!.listen(0, '127.0.0.1', r));
    const { code } = await hub.addDevice('counter', 'Lucka 2');
    await pair(`127.0.0.1:${(mitm.address() as { port: number }).port}`, code);
    await expect.poll(alert).toContain('svarade en annan dator än navet');
    await expectAccessible(page, 'hub pairing refused');
    await shot(page, '60-hub-pairing-refused');

    await pair(hub.address, code);
    await expect
      .poll(async () => {
        const reply = await host.backend.host.handle({ id: 2, channel: 'hubLink.status', input: {} });
        return reply.ok ? (reply.result as { state: string }).state : null;
      })
      .toBe('connected');
    // The officer is this PC's own (never the hub's): first-run setup at the hub's office.
    await pickOffice(page, 'stockholm');
    await page.getByLabel('Din signatur').fill('ANLA');
    await page.getByRole('button', { name: 'Spara och börja' }).click();
    // The start-of-day screen names the office before the counter opens.
    await confirmOffice(page);
    await expect
      .poll(() => page.getByRole('heading', { name: 'Gemensam kö via nav', exact: true }).isVisible())
      .toBe(false);
    await expect
      .poll(() => page.locator('.hub-indicator').textContent())
      .toMatch(/^Ansluten till navet 127\.0\.0\.1:\d+$/);
    await expectAccessible(page, 'counter paired with the hub');
    await shot(page, '61-hub-paired-counter');
    const reply = await host.backend.host.handle({ id: 3, channel: 'setup.get', input: {} });
    expect(reply).toMatchObject({ ok: true, result: { officeId: 'stockholm', officerSignature: 'ANLA' } });

    // The hub goes away: the header says so by itself (the event stream dropped), and since when.
    await stopServer(hub.server);
    await expect.poll(() => page.locator('.hub-indicator').textContent()).toMatch(/^Navet nås inte sedan \d\d:\d\d$/);
    await shot(page, '62-hub-unreachable-header');

    // From the supervisor's view, the header's hub and sync links open Settings at their
    // section and Settings stay open (the route change used to reset them to the counter).
    const settingsShown = () => page.getByRole('heading', { name: 'Gemensam kö via nav', exact: true }).isVisible();
    for (const [link, section] of [
      ['.hub-indicator', 'hub-link-title'],
      ['.sync-indicator', 'sync-title'],
    ] as const) {
      await page.evaluate(() => (location.hash = '#/supervisor'));
      await expect.poll(() => page.locator('#supervisor-title').isVisible()).toBe(true);
      await page.locator(link).click();
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(section);
      // Long enough for a route change's re-initialisation to have closed them again.
      await page.waitForTimeout(500);
      expect(await settingsShown()).toBe(true);
      expect(await page.locator('#supervisor-title').count()).toBe(0);
      await page.locator('.back-to-counter').click();
    }
    expect(problems).toEqual([]);
  }, 60_000);
});
