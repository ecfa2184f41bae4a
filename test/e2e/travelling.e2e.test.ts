import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/run';
import { browserAvailable, confirmOffice, launchChromium, officerPage, pickOffice } from '../support/browser';
import { ARTIFACTS, expectAccessible, startE2eHost, type E2eHost } from '../support/e2eHost';
import { enrollmentCodeFor } from '../support/enrollmentCode';
import { tempDirKept } from '../support/tempKept';

/**
 * Issue 18 as a travelling officer meets it, at 1280×720 in Chromium, against the real
 * backend and a real statistics service: the start-of-day screen, the picker with look-alike
 * names, the sync status per office, and the header that names the office on every view
 * and never scrolls away.
 */
describe.runIf(browserAvailable())('the travelling officer, in Chromium', () => {
  let browser: Browser;
  let host: E2eHost;
  let server: RunningServer;
  let page: Page;
  const problems: string[] = [];
  // The backend's clock: moved to the next morning to see the start-of-day question again.
  let now = new Date();
  const summary = () => page.locator('.sync-summary').textContent();
  const headerOffice = () => page.locator('.header-office-name').textContent();

  async function closeWalkIn(): Promise<void> {
    await page.getByRole('button', { name: /Starta besök utan kölapp/ }).click();
    await page.getByLabel('Myndighet', { exact: true }).selectOption({ label: 'Skatteverket' });
    await page.getByLabel('Ärende', { exact: true }).selectOption({ label: 'ID-kort' });
    await page.getByRole('button', { name: 'Lägg till ärende' }).click();
    await page.getByLabel('Utfall för 1. ID-kort (Skatteverket)').selectOption({ label: 'Klart' });
    await page.getByRole('button', { name: /Avsluta besök/ }).click();
    await expect.poll(() => page.getByText('Inget besök pågår.').isVisible()).toBe(true);
  }

  /** Options of the picker as shown: name and the line under it. */
  const pickerRows = () =>
    page
      .locator('.office-option')
      .evaluateAll((labels) =>
        labels.map((l) => [
          l.querySelector('.office-option-name')?.textContent,
          l.querySelector('.office-option-meta')?.textContent,
        ]),
      );

  /** The header is on screen, at the top, naming the office, however far the page scrolled. */
  async function expectHeaderInView(office: string): Promise<void> {
    const box = await page.locator('.app-header').boundingBox();
    expect(box?.y).toBe(0);
    // One line at 1280 px, however many offices the sync status names (3.5rem).
    expect(box?.height).toBeLessThanOrEqual(56);
    expect(await headerOffice()).toBe(office);
    expect(await page.locator('.header-office-name').isVisible()).toBe(true);
  }

  /** What the officer sees at 1280×720 (no full-page capture: the sticky header is the point). */
  const viewShot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });

  beforeAll(async () => {
    server = await startServer({ dataDir: tempDirKept('lucka-e2e-travel-server-'), logger: false });
    host = await startE2eHost({ now: () => new Date(now), sync: { timeoutMs: 3_000 } });
    browser = await launchChromium();
    page = await officerPage(browser, problems, { width: 1280, height: 720 });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.bridge.close();
    host?.backend.close();
    await server?.close();
  });

  it('first run: the picker searches, and shows municipality and kind to tell Växjö from Växjö Araby', async () => {
    await page.goto(host.bridge.url);
    await expect.poll(() => page.getByRole('heading', { name: 'Kom igång' }).isVisible()).toBe(true);
    // Nothing known about where the device is: alphabetical, and it says so.
    expect(await page.locator('.office-picker .hint').textContent()).toContain('I bokstavsordning.');
    await page.getByLabel('Sök kontor (ort eller namn)').fill('vaxjo');
    await expect.poll(pickerRows).toEqual([
      ['Växjö', 'Kommun: Växjö · fullservicekontor'],
      ['Växjö Araby', 'Kommun: Växjö · flexibelt kontor med placerad personal'],
    ]);
    expect(await page.locator('.office-picker [role=status]').textContent()).toBe('2 kontor visas.');
    await expectAccessible(page, 'office picker, look-alike names');
    await viewShot('70-travel-picker-lookalikes');

    await page.getByLabel('Sök kontor (ort eller namn)').fill('tingsryd');
    await pickOffice(page, 'tingsryd');
    await page.getByLabel('Din signatur').fill('ANLA');
    await page.getByRole('button', { name: 'Spara och börja' }).click();
  });

  it('the start of the day names the office large, with municipality and kind, before the counter opens', async () => {
    await expect
      .poll(() => page.getByRole('heading', { name: 'Arbetar du på det här kontoret i dag?' }).isVisible())
      .toBe(true);
    expect(await page.locator('.office-confirm-name').textContent()).toBe('Servicekontor Tingsryd');
    expect(await page.locator('.office-confirm-meta').textContent()).toBe(
      'Kommun: Tingsryd · flexibelt kontor utan placerad personal',
    );
    // The counter is not there until the office is confirmed.
    expect(await page.getByRole('button', { name: /Starta besök utan kölapp/ }).count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Ja, jag arbetar här');
    await expectAccessible(page, 'start of day');
    await viewShot('71-travel-start-of-day');
    await confirmOffice(page);
    await expect
      .poll(() => page.locator('.office-confirmed').textContent())
      .toContain('Bekräftat: du arbetar på Servicekontor Tingsryd i dag.');
    await page.getByLabel('Min lucka').selectOption({ label: 'Lucka 1' });
    await page.getByRole('button', { name: 'Öppna luckan' }).click();
    await expectHeaderInView('Tingsryd');
    await expectAccessible(page, 'counter after the confirmation');
    await viewShot('72-travel-confirmed');
  });

  it('connected for Tingsryd only: its visit is sent and the header says synced', async () => {
    await closeWalkIn();
    await page.getByRole('button', { name: 'Inställningar' }).click();
    await page.getByLabel('Tjänstens adress').fill(server.url);
    await page.getByLabel('Engångskod').fill(await enrollmentCodeFor(server.store, 'tingsryd'));
    await page.getByRole('button', { name: 'Anslut', exact: true }).click();
    await page.getByRole('button', { name: 'Synka nu' }).click();
    await expect.poll(summary).toMatch(/^Synkad \d\d:\d\d$/);
    expect(await server.store.countEvents()).toMatchObject({ total: 1 });
  });

  it('switching office: the picker starts nearest Tingsryd, and the switch is confirmed on its own screen', async () => {
    await page.getByLabel('Sök kontor (ort eller namn)').fill('');
    expect(await page.locator('.office-picker .hint').textContent()).toContain('Närmast Tingsryd först (fågelvägen).');
    const rows = await pickerRows();
    expect(rows[0]).toEqual([
      'Tingsryd',
      'Kommun: Tingsryd · flexibelt kontor utan placerad personal · här var datorn senast',
    ]);
    // Then outwards by straight-line distance: the kilometres never go down.
    const km = rows.slice(1).map(([, meta]) => Number(/· (\d+) km$/.exec(meta ?? '')?.[1]));
    expect(km.every((k, i) => Number.isFinite(k) && (i === 0 || k >= km[i - 1]!))).toBe(true);
    expect(rows.slice(1, 3).map(([name]) => name)).toEqual(['Växjö', 'Växjö Araby']);

    // The header names the office on Settings too, and stays at the top when Settings scrolls.
    await page.mouse.wheel(0, 2000);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    await expectHeaderInView('Tingsryd');
    await expectAccessible(page, 'settings scrolled');
    await viewShot('73-travel-settings-scrolled-header');

    await pickOffice(page, 'vaxjo-araby');
    await page.getByRole('button', { name: 'Spara ändringar' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Byt till det här kontoret?' }).isVisible()).toBe(true);
    expect(await page.locator('.office-confirm-name').textContent()).toBe('Servicekontor Växjö Araby');
    expect(await page.locator('.office-confirm-meta').textContent()).toBe(
      'Kommun: Växjö · flexibelt kontor med placerad personal',
    );
    await expectAccessible(page, 'switch confirmation');
    await viewShot('74-travel-switch-confirm');
    await confirmOffice(page);
    await expect
      .poll(() => page.locator('.office-confirmed').textContent())
      .toContain('Sparat: du arbetar nu på Servicekontor Växjö Araby.');
    expect(await headerOffice()).toBe('Växjö Araby');
    expect(await page.locator('.header-office-meta').textContent()).toBe('Växjö');
  });

  it('per office: Araby waits (not connected for it) while Tingsryd is synced; never plain "Synkad"', async () => {
    await page.getByLabel('Min lucka').selectOption({ label: 'Lucka 1' });
    await page.getByRole('button', { name: 'Öppna luckan' }).click();
    await closeWalkIn();
    await closeWalkIn();
    // The device knows its offices from its enrollment: Araby's visits wait, and it says why.
    await expect
      .poll(summary)
      .toMatch(/^Växjö Araby: 2 väntar, ej ansluten för kontoret · Tingsryd: synkad \d\d:\d\d$/);
    await page.locator('.sync-button').click();
    // A round asks the service again (the admin may have added Araby): still not, so still waiting.
    await page.getByRole('button', { name: 'Synka nu' }).click();
    await expect.poll(() => page.locator('.sync-result').textContent()).toMatch(/Synkat \d\d:\d\d/);
    await expect
      .poll(summary)
      .toMatch(/^Växjö Araby: 2 väntar, ej ansluten för kontoret · Tingsryd: synkad \d\d:\d\d$/);
    expect(await page.locator('.sync-indicator').getAttribute('data-tone')).toBe('warn');
    // Each office also on its own line for screen readers and the tooltip (the header line may be cut).
    expect(await page.locator('#sync-indicator-detail').textContent()).toMatch(
      /Växjö Araby: 2 väntar, ej ansluten för kontoret Tingsryd: synkad \d\d:\d\d/,
    );
    expect(await page.locator('.sync-details').textContent()).toContain(
      'Datorn är inte ansluten för det här kontoret, så besöken skickas inte härifrån.',
    );
    await expectAccessible(page, 'sync per office, one not connected');
    await viewShot('75-travel-sync-per-office');

    // The admin adds Araby to the computer's offices: the next sync sends its visits.
    const device = (await server.store.listDevices())[0]!;
    await server.store.setDeviceOffices(device.id, ['tingsryd', 'vaxjo-araby']);
    await page.getByRole('button', { name: 'Synka nu' }).click();
    await expect.poll(summary).toMatch(/^Växjö Araby: synkad \d\d:\d\d · Tingsryd: synkad \d\d:\d\d$/);
    expect(await server.store.countEvents()).toMatchObject({ total: 3 });
    await page.getByRole('button', { name: 'Tillbaka till disken' }).click();
  });

  it('the counter header stays on top when the page scrolls; the next morning asks again', async () => {
    await page.mouse.wheel(0, 2000);
    await expectHeaderInView('Växjö Araby');
    await viewShot('76-travel-counter-scrolled-header');

    now = new Date(now.getTime() + 24 * 3600_000);
    await page.reload();
    await expect
      .poll(() => page.getByRole('heading', { name: 'Arbetar du på det här kontoret i dag?' }).isVisible())
      .toBe(true);
    expect(await page.locator('.office-confirm-name').textContent()).toBe('Servicekontor Växjö Araby');
    await page.getByRole('button', { name: 'Välj ett annat kontor' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Inställningar' }).isVisible()).toBe(true);
    expect(problems).toEqual([]);
  });
});
