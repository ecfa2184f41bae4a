import BetterSqlite3 from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { CONTENT_SECURITY_POLICY_META } from '../../shared/csp';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootBackend, type Backend } from '../../electron/backend/boot';
import { startHttpBridge, type HttpBridge } from '../../electron/backend/hosts/httpBridge';
import { BRIDGE, RENDERER, expectAccessible, shot, startE2eHost } from '../support/e2eHost';
import { DATABASE_FILE_NAME } from '../../db/open';
import { browserAvailable, confirmOffice, launchChromium, pickOffice } from '../support/browser';

const run = browserAvailable();

describe.runIf(run)('the slice in a real Chromium, against the real handlers and a real SQLite file', () => {
  let browser: Browser;
  let backend: Backend;
  let bridge: HttpBridge;
  let page: Page;
  let dataDir: string;
  const problems: string[] = [];

  beforeAll(async () => {
    ({ dataDir, backend, bridge } = await startE2eHost());
    browser = await launchChromium();
    page = await browser.newPage({
      viewport: { width: 1280, height: 800 },
      locale: 'sv-SE',
      timezoneId: 'Europe/Stockholm',
    });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  });

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
    backend?.close();
  });

  it('first run: choose the office and enter the signature', async () => {
    await page.goto(bridge.url);
    await expect.poll(() => page.getByRole('heading', { name: 'Kom igång' }).isVisible()).toBe(true);
    expect(page.url()).not.toContain('token='); // the token leaves the address bar at once
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('sv');

    // A bad signature is refused with a Swedish explanation, and nothing is saved.
    await pickOffice(page, 'storuman');
    await page.getByLabel('Din signatur').fill('A');
    await page.getByRole('button', { name: 'Spara och börja' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('Signaturen ska vara 2–8 bokstäver, ev. följda av en eller två siffror.');
    await expectAccessible(page, 'setup with error');
    await shot(page, '01-setup-error');

    await page.getByLabel('Din signatur').fill('anla');
    await page.getByRole('button', { name: 'Spara och börja' }).click();
    await confirmOffice(page);
    await expect.poll(() => page.getByRole('heading', { name: 'Pågående besök' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText('Handläggare ANLA').isVisible()).toBe(true);
    await expectAccessible(page, 'empty counter');
    await shot(page, '02-counter-empty');
  });

  it("start a visit, add two errands, refuse to close without outcomes, close, see it in today's log", async () => {
    await page.getByRole('button', { name: /Starta besök utan kölapp/ }).click();
    await expect.poll(() => page.getByText(/Besöket startade \d\d:\d\d/).isVisible()).toBe(true);

    await page.getByLabel('Myndighet', { exact: true }).selectOption({ label: 'Skatteverket' });
    await page.getByLabel('Ärende', { exact: true }).selectOption({ label: 'ID-kort' });
    await page.getByRole('button', { name: 'Lägg till ärende' }).click();
    await expect.poll(() => page.getByLabel('Utfall för 1. ID-kort (Skatteverket)').isVisible()).toBe(true);

    await page.getByLabel('Myndighet', { exact: true }).selectOption({ label: 'Försäkringskassan' });
    await page.getByLabel('Ärende', { exact: true }).selectOption({ label: 'EU-kort' });
    // Keyboard only: from the errand field, Tab to the button and press Enter.
    await page.getByLabel('Ärende', { exact: true }).focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByLabel('Utfall för 2. EU-kort (Försäkringskassan)').isVisible()).toBe(true);

    await page.getByRole('button', { name: /Avsluta besök/ }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('Besöket kan inte avslutas ännu.');
    expect(await alert.textContent()).toContain('Välj utfall för ärende 1.');
    expect(await alert.textContent()).toContain('Välj utfall för ärende 2.');
    await expectAccessible(page, 'visit with error');
    await shot(page, '03-visit-incomplete');

    await page.getByLabel('Utfall för 1. ID-kort (Skatteverket)').selectOption({ label: 'Hänvisad' });
    await page.getByLabel('Utfall för 2. EU-kort (Försäkringskassan)').selectOption({ label: 'Klart' });
    await expect.poll(() => page.getByRole('alert').count()).toBe(0);
    await page.getByRole('button', { name: /Avsluta besök/ }).click();

    await expect.poll(() => page.getByText('Inget besök pågår.').isVisible()).toBe(true);
    const row = page.locator('tbody tr');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('1. ID-kort (Skatteverket) – Hänvisad');
    expect(await row.textContent()).toContain('2. EU-kort (Försäkringskassan) – Klart');
    expect(await row.textContent()).toMatch(/Avslutat \d\d:\d\d/);
    await expectAccessible(page, "today's log");
    await shot(page, '04-log');
  });

  it('speaks English when asked, and keeps it after a reload', async () => {
    await page.getByLabel('Språk').selectOption('en');
    await expect.poll(() => page.getByRole('heading', { name: "Today's log" }).isVisible()).toBe(true);
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { name: 'Current visit' }).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await expectAccessible(page, 'English counter');
    await shot(page, '05-english');
    await page.getByLabel('Language').selectOption('sv');
  });

  it('stored the visit in the SQLite file, with no visitor data', async () => {
    const reopened = new BetterSqlite3(join(dataDir, DATABASE_FILE_NAME), { readonly: true, fileMustExist: true });
    const visits = reopened.prepare('SELECT * FROM visits').all() as Record<string, unknown>[];
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({ office_id: 'storuman', officer_signature: 'ANLA' });
    expect(visits[0]!.closed_at).toEqual(expect.any(String));
    expect(reopened.prepare('SELECT agency, errand_kind, outcome FROM errands ORDER BY position').all()).toEqual([
      { agency: 'SKV', errand_kind: 'skv.id_card', outcome: 'referred' },
      { agency: 'FK', errand_kind: 'fk.eu_card', outcome: 'done' },
    ]);
    reopened.close();
  });

  it('shows that the backend is gone, and reconnects when it is back', async () => {
    const { port } = new URL(bridge.origin);
    await bridge.close();
    backend.close();

    await page.getByRole('button', { name: /Starta besök utan kölapp/ }).click();
    const banner = page.locator('.banner');
    await expect.poll(() => banner.textContent()).toContain('Kontakten med databasen bröts');
    expect(await page.getByRole('alert').textContent()).toContain('Databasen svarade inte.');
    await shot(page, '06-reconnecting');

    backend = bootBackend({ dataDir, appVersion: 'e2e' });
    bridge = await startHttpBridge({
      host: backend.host,
      rendererDir: RENDERER,
      bridgeScript: BRIDGE,
      port: Number(port),
      token: bridge.token,
    });
    await expect.poll(() => banner.count(), { timeout: 10_000 }).toBe(0);
    // State reloaded from the store: the visit closed before the outage is still listed.
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    // The failed request made no visit; the failed fetch is the only console noise allowed.
    expect(await page.getByText('Inget besök pågår.').isVisible()).toBe(true);
    problems.splice(
      0,
      problems.length,
      ...problems.filter((p) => !p.includes('Failed to load resource') && !p.includes('ERR_CONNECTION_REFUSED')),
    );
  });

  it('ships the strict CSP inside index.html, where it applies to file:// loads in Electron', () => {
    const html = readFileSync(join(RENDERER, 'index.html'), 'utf8');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY_META}"`);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline scripts
  });

  it('ran without console errors or CSP violations', () => {
    expect(problems).toEqual([]);
  });

  it('refuses the bridge without the token, from another origin, or by another Host name', async () => {
    const body = JSON.stringify({ id: 1, channel: 'setup.get', input: {} });
    const post = (headers: Record<string, string>) =>
      fetch(`${bridge.origin}/__lucka/request`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    expect((await post({})).status).toBe(401);
    expect((await post({ authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await post({ authorization: `Bearer ${bridge.token}`, origin: 'https://evil.example' })).status).toBe(403);
    expect((await post({ authorization: `Bearer ${bridge.token}` })).status).toBe(200);
  });
});
