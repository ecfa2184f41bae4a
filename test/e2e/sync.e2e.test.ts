import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/run';
import { stockholmDate } from '../../shared/time';
import { browserAvailable, launchChromium, officerPage, firstRunSetup } from '../support/browser';
import { expectAccessible, shot, startE2eHost, type E2eHost } from '../support/e2eHost';
import { tempDirKept } from '../support/tempKept';
import { enrollmentCodeFor } from '../support/enrollmentCode';

/**
 * The sync feature as an officer meets it, against a REAL central statistics service
 * (server/run.ts over SQLite in a temp dir) and the real backend: not connected, connect
 * with a one-time code, sync, export the statistics file, lose the network.
 */
describe.runIf(browserAvailable())('sync with the statistics service, in Chromium', () => {
  let browser: Browser;
  let host: E2eHost;
  let server: RunningServer;
  let page: Page;
  const problems: string[] = [];
  const today = stockholmDate(new Date());
  const summary = () => page.locator('.sync-summary').textContent();

  const validCode = (officeId: string) => enrollmentCodeFor(server.store, officeId);

  /** A walk-in visit with one finished errand, closed: one event in the outbox. */
  async function closeWalkIn(): Promise<void> {
    await page.getByRole('button', { name: /Starta besök utan kölapp/ }).click();
    await page.getByLabel('Myndighet', { exact: true }).selectOption({ label: 'Skatteverket' });
    await page.getByLabel('Ärende', { exact: true }).selectOption({ label: 'ID-kort' });
    await page.getByRole('button', { name: 'Lägg till ärende' }).click();
    await page.getByLabel('Utfall för 1. ID-kort (Skatteverket)').selectOption({ label: 'Klart' });
    await page.getByRole('button', { name: /Avsluta besök/ }).click();
    await expect.poll(() => page.getByText('Inget besök pågår.').isVisible()).toBe(true);
  }

  async function openSettings(): Promise<void> {
    await page.locator('.sync-button').click();
    await expect.poll(() => page.getByRole('heading', { name: 'Statistiktjänsten' }).isVisible()).toBe(true);
  }

  beforeAll(async () => {
    server = await startServer({ dataDir: tempDirKept('lucka-e2e-server-'), logger: false });
    // Short timeouts: a stopped service must fail the round at once, not after 15 s.
    host = await startE2eHost({ sync: { timeoutMs: 3_000 } });
    browser = await launchChromium();
    page = await officerPage(browser, problems);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.bridge.close();
    host?.backend.close();
    await server?.close();
  });

  it('a new office is not connected, and a closed visit waits', async () => {
    await page.goto(host.bridge.url);
    await firstRunSetup(page, 'stockholm', 'ANLA');
    await expect.poll(summary).toBe('Ej ansluten');
    await closeWalkIn();
    await expect.poll(summary).toBe('Ej ansluten · 1 statistikpost att skicka');
    await expectAccessible(page, 'counter with the sync status');
    await shot(page, '40-sync-header-not-connected');
  });

  it('refuses a plain-http address and a wrong code, in Swedish', async () => {
    await openSettings();
    // The header's status leads to Settings with the focus on the Sync section.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('sync-title');
    await page.getByLabel('Tjänstens adress').fill('http://statistik.example.se');
    await page.getByLabel('Engångskod').fill('aaaabbbbcccc');
    expect(await page.getByLabel('Engångskod').inputValue()).toBe('AAAA-BBBB-CCCC');
    await page.getByRole('button', { name: 'Anslut', exact: true }).click();
    const alert = page.locator('.sync-settings [role=alert]');
    await expect
      .poll(() => alert.textContent())
      .toContain('Adressen måste börja med https://, utom till den här datorn.');

    await page.getByLabel('Tjänstens adress').fill(server.url);
    await page.getByRole('button', { name: 'Anslut', exact: true }).click();
    await expect.poll(() => alert.textContent()).toContain('Koden gäller inte');
    expect(await alert.textContent()).toContain('Datorn kunde inte anslutas till statistiktjänsten.');
    await expectAccessible(page, 'sync settings with a wrong code');
    await shot(page, '41-sync-wrong-code');
  });

  it('connects with a valid one-time code', async () => {
    await page.getByLabel('Engångskod').fill(await validCode('stockholm'));
    await page.getByRole('button', { name: 'Anslut', exact: true }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Synka nu' }).isVisible()).toBe(true);
    expect(await page.locator('.sync-settings [role=alert]').count()).toBe(0);
    const details = page.locator('.sync-details');
    expect(await details.textContent()).toContain(server.url);
    // The offices the service trusts this computer for, and each office's own line.
    expect(await details.textContent()).toContain('Kontor datorn är ansluten förStockholm');
    expect(await details.textContent()).toContain('Stockholm1 väntar');
    expect(await details.textContent()).toContain(
      'i en fil som bara din användare kan läsa (utan operativsystemets kryptering)',
    );
    await expect.poll(summary).toBe('Stockholm: 1 väntar');
    await expectAccessible(page, 'sync settings, connected');
    await shot(page, '42-sync-connected');
  });

  it('exports the pending visit as a signed statistics file, with the key fingerprint shown', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exportera statistikfil' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^lucka-statistik-stockholm-.*\.json$/);
    const bundle = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { format: string; events: unknown[] };
    expect(bundle.format).toBe('lucka-stats-bundle/2');
    expect(bundle.events).toHaveLength(1);
    await expect
      .poll(() => page.locator('.sync-export > [role=status]').textContent())
      .toContain('(1 besök från Stockholm)');
    expect(await page.locator('.sync-fingerprint .mono').textContent()).toMatch(/^[0-9a-f]{16}$/);
    // Still pending: the file may be lost; only the service's confirmation clears it.
    await expect.poll(summary).toBe('Stockholm: 1 väntar');
  });

  it('"Synka nu" sends the visit: synced, nothing waiting, and the service holds it', async () => {
    await page.getByRole('button', { name: 'Synka nu' }).click();
    await expect.poll(summary).toMatch(/^Synkad \d\d:\d\d$/);
    await expect
      .poll(() => page.locator('.sync-result').textContent())
      .toMatch(/Synkat \d\d:\d\d\. 0 statistikposter kvar att skicka\./);
    const events = await server.store.currentEvents('stockholm', today, today);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ officeId: 'stockholm', status: 'served' });
    await expectAccessible(page, 'sync settings, synced');
    await shot(page, '43-sync-synced');

    // Nothing left for a file: said plainly.
    await page.getByRole('button', { name: 'Exportera statistikfil' }).click();
    await expect
      .poll(() => page.locator('.sync-settings [role=alert]').textContent())
      .toContain('Det finns inget att exportera.');
    await page.getByRole('button', { name: 'Stäng meddelandet' }).click();
  });

  it('without the service: the visit waits and the officer is told why, in Swedish', async () => {
    await server.close();
    await page.getByRole('button', { name: 'Tillbaka till disken' }).click();
    await closeWalkIn();
    // Never "Synkad" while anything waits (issue 18): the office says what waits.
    await expect.poll(summary).toBe('Stockholm: 1 väntar');
    await openSettings();
    await page.getByRole('button', { name: 'Synka nu' }).click();
    const offline = 'Ingen kontakt med statistiktjänsten. Besöken sparas här och skickas när nätet är tillbaka.';
    await expect.poll(() => page.locator('.sync-result').textContent()).toBe(offline);
    await expect.poll(summary).toBe('Offline · 1 statistikpost att skicka');
    expect(await page.locator('.sync-button').getAttribute('title')).toContain(offline);
    expect(await page.locator('.sync-details').textContent()).toContain(offline);
    await expectAccessible(page, 'sync settings, offline');
    await shot(page, '44-sync-offline');

    // English second: the same status in English.
    await page.getByLabel('Språk').selectOption('en');
    await expect.poll(summary).toBe('Offline · 1 statistics record to send');
    await expectAccessible(page, 'sync settings, offline, English');
    await shot(page, '45-sync-offline-english');
    await page.getByLabel('Language').selectOption('sv');
  });

  it('disconnects only after asking, by keyboard; the waiting visit stays', async () => {
    await page.getByRole('button', { name: 'Koppla från' }).click();
    await expect.poll(() => page.getByText('Koppla från datorn från statistiktjänsten?').isVisible()).toBe(true);
    // The confirm button has the focus: Enter answers it.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Ja, koppla från');
    await expectAccessible(page, 'sync settings, confirm disconnect');
    await shot(page, '46-sync-confirm-disconnect');
    await page.keyboard.press('Enter');
    await expect.poll(summary).toBe('Ej ansluten · 1 statistikpost att skicka');
    expect(await page.getByLabel('Engångskod').isVisible()).toBe(true);
    expect(problems).toEqual([]);
  });
});
