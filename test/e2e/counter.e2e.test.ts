import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/backend/boot';
import type { HttpBridge } from '../../electron/backend/hosts/httpBridge';
import { expectAccessible, shot, startE2eHost } from '../support/e2eHost';
import { DATABASE_FILE_NAME } from '../../db/open';
import { browserAvailable, launchChromium, firstRunSetup } from '../support/browser';

describe.runIf(browserAvailable())('the counter workflow in Chromium: queue, calling, visit, display, kiosk', () => {
  let browser: Browser;
  let context: BrowserContext;
  let backend: Backend;
  let bridge: HttpBridge;
  let counter: Page;
  let display: Page;
  let kiosk: Page;
  let dataDir: string;
  const problems: string[] = [];

  const myTicket = () => counter.locator('.my-ticket');
  const displayLatest = () => display.locator('.display-latest');

  beforeAll(async () => {
    ({ dataDir, backend, bridge } = await startE2eHost());
    browser = await launchChromium();
    context = await browser.newContext({
      viewport: { width: 1400, height: 900 },
      locale: 'sv-SE',
      timezoneId: 'Europe/Stockholm',
    });
    context.on('page', (p) => {
      p.on('console', (m) => m.type() === 'error' && problems.push(`${m.type()}: ${m.text()}`));
      p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    });
    counter = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
    backend?.close();
  });

  it('sets up a full-service office and opens counter 1', async () => {
    await counter.goto(bridge.url);
    await firstRunSetup(counter, 'stockholm', 'ANLA');
    await expect.poll(() => counter.getByRole('heading', { name: 'Kö', exact: true }).isVisible()).toBe(true);
    await counter.getByLabel('Min lucka').selectOption({ label: 'Lucka 1' });
    await counter.getByRole('button', { name: 'Öppna luckan' }).click();
    await expect.poll(() => myTicket().textContent()).toContain('Lucka 1 är ledig.');
  });

  it('issues three tickets in two queues, by button and by keyboard', async () => {
    await counter.getByRole('button', { name: /Skriv ut kölapp/ }).click();
    await expect.poll(() => counter.getByRole('heading', { name: 'Väntande (1)' }).isVisible()).toBe(true);
    await counter.keyboard.press('Alt+L'); // the shortcut does the same
    await expect.poll(() => counter.getByRole('heading', { name: 'Väntande (2)' }).isVisible()).toBe(true);
    await counter.getByLabel('Ny kölapp i kö').selectOption('B');
    await counter.getByRole('button', { name: /Skriv ut kölapp/ }).click();
    await expect.poll(() => counter.getByRole('heading', { name: 'Väntande (3)' }).isVisible()).toBe(true);
    const numbers = await counter.locator('.waiting tbody th').allTextContents();
    expect(numbers).toEqual(['A001', 'A002', 'B001']);
  });

  it('opens the waiting-room display in a second window', async () => {
    [display] = await Promise.all([
      context.waitForEvent('page'),
      counter.getByRole('button', { name: 'Öppna väntrumsskärm' }).click(),
    ]);
    await display.waitForLoadState();
    await expect.poll(() => displayLatest().textContent()).toContain('Ingen har ropats upp ännu.');
    await expect
      .poll(() => display.locator('.display-queues').textContent())
      .toMatch(/A Allmänt: 2.*B ID-kort och identitetskontroll: 1/s);
  });

  it('calls the next ticket; the display shows it at once (pushed, not polled)', async () => {
    await counter.keyboard.press('Alt+N');
    await expect.poll(() => myTicket().textContent()).toContain('A001');
    expect(await myTicket().textContent()).toContain('uppropad till Lucka 1');
    await expect.poll(() => displayLatest().textContent()).toBe('A001→Lucka 1');
  });

  it('marks a no-show, then recalls it when the visitor turns up', async () => {
    await counter.getByRole('button', { name: /Uteblev/ }).click();
    await expect.poll(() => counter.getByRole('heading', { name: 'Uteblev i dag' }).isVisible()).toBe(true);
    await expect.poll(() => myTicket().textContent()).toContain('Lucka 1 är ledig.');
    await counter.getByRole('button', { name: 'Ropa upp A001 igen' }).click();
    await expect.poll(() => myTicket().textContent()).toContain('A001');
    expect(await myTicket().textContent()).toContain('2 gånger');
    await expect.poll(() => displayLatest().textContent()).toBe('A001→Lucka 1');
  });

  it('transfers a waiting ticket to another queue, keeping its number', async () => {
    // A row's actions open under it, one row at a time.
    await counter.getByRole('button', { name: 'Åtgärder för A002' }).click();
    await counter.getByLabel('Flytta A002 till kö').selectOption('B');
    await counter.getByRole('button', { name: 'Flytta A002' }).click();
    await expect.poll(() => counter.locator('.waiting tbody tr').first().textContent()).toMatch(/^A002B/);
    await expect
      .poll(() => display.locator('.display-queues').textContent())
      .toMatch(/A Allmänt: 0.*B ID-kort och identitetskontroll: 2/s);
  });

  it('serves the called ticket with two errands for two agencies, and closes the visit', async () => {
    await counter.keyboard.press('Alt+B');
    await expect.poll(() => counter.locator('.visit .ticket-number').textContent()).toBe('A001');
    expect(await myTicket().textContent()).toContain('betjänas vid Lucka 1');

    for (const [agency, errand] of [
      ['Skatteverket', 'ID-kort'],
      ['Försäkringskassan', 'EU-kort'],
    ]) {
      await counter.getByLabel('Myndighet', { exact: true }).selectOption({ label: agency! });
      await counter.getByLabel('Ärende', { exact: true }).selectOption({ label: errand! });
      await counter.getByRole('button', { name: 'Lägg till ärende' }).click();
      await expect.poll(() => counter.getByLabel(new RegExp(`^Utfall för \\d\\. ${errand}`)).isVisible()).toBe(true);
    }
    await counter.getByLabel('Utfall för 1. ID-kort (Skatteverket)').selectOption({ label: 'Hänvisad' });
    await counter.getByLabel('Utfall för 2. EU-kort (Försäkringskassan)').selectOption({ label: 'Klart' });
    // The box shows what the store holds: it turns checked when the backend has saved it.
    await counter.getByRole('checkbox', { name: 'Tolk användes' }).first().click();
    await expect.poll(() => counter.getByRole('checkbox', { name: 'Tolk användes' }).first().isChecked()).toBe(true);
    await expectAccessible(counter, 'counter while serving');
    await shot(counter, '10-counter-serving');

    await counter.keyboard.press('Alt+A');
    await expect.poll(() => counter.getByText('Inget besök pågår.').isVisible()).toBe(true);
    const row = counter.locator('.log tbody tr').first();
    await expect.poll(() => row.textContent()).toContain('A001');
    expect(await row.textContent()).toContain('1. ID-kort (Skatteverket) – Hänvisad');
    expect(await row.textContent()).toContain('2. EU-kort (Försäkringskassan) – Klart');
    expect(await row.textContent()).toContain('tolk');
    await expect.poll(() => myTicket().textContent()).toContain('Lucka 1 är ledig.');
  });

  it('corrects the closed visit the same day, keeping the earlier version as history', async () => {
    await counter
      .getByRole('button', { name: /^Rätta besöket/ })
      .first()
      .click();
    // It asks why first; "Avbryt" leaves the visit closed.
    await counter.getByRole('button', { name: 'Avbryt' }).click();
    expect(await counter.getByText('Inget besök pågår.').isVisible()).toBe(true);
    await counter
      .getByRole('button', { name: /^Rätta besöket/ })
      .first()
      .click();
    await counter.getByLabel('Varför rättas besöket?').selectOption({ label: 'Fel utfall' });
    await counter.getByRole('button', { name: 'Öppna för rättning' }).click();
    await expect.poll(() => counter.getByText('rättas').isVisible()).toBe(true);
    await counter.getByLabel('Utfall för 1. ID-kort (Skatteverket)').selectOption({ label: 'Tid bokad' });
    await expect.poll(() => counter.getByLabel('Utfall för 1. ID-kort (Skatteverket)').inputValue()).toBe('booked');
    await counter.keyboard.press('Alt+A');
    await expect.poll(() => counter.getByText('Inget besök pågår.').isVisible()).toBe(true);
    const row = counter.locator('.log tbody tr').first();
    await expect.poll(() => row.textContent()).toContain('1. ID-kort (Skatteverket) – Tid bokad');
    await row.getByText('Visa tidigare version').click();
    await expect.poll(() => row.locator('.history').textContent()).toContain('1. ID-kort (Skatteverket) – Hänvisad');
    expect(await row.locator('.history').textContent()).toContain('Skäl: Fel utfall');
  });

  it("filters today's log by agency and by search over errand kinds", async () => {
    await counter.getByLabel('Visa myndighet').selectOption({ label: 'Migrationsverket' });
    await expect.poll(() => counter.getByText('Inga besök matchar filtret.').isVisible()).toBe(true);
    await counter.getByLabel('Visa myndighet').selectOption({ label: 'Alla' });
    await counter.getByLabel('Sök ärende').fill('eu-kort');
    await expect.poll(() => counter.locator('.log tbody tr').count()).toBe(1);
    await counter.getByLabel('Sök ärende').fill('');
    await expectAccessible(counter, 'counter with log');
    await shot(counter, '11-counter-log');
  });

  it('the display shows the latest calls and the queues, accessibly', async () => {
    expect(await displayLatest().textContent()).toBe('A001→Lucka 1');
    await expectAccessible(display, 'display');
    await shot(display, '12-display');
  });

  it('adds a queue in the queue settings; it gets a kiosk button', async () => {
    await counter.locator('.queue-settings summary').click();
    const form = counter.getByRole('form', { name: 'Ny kö' });
    await form.getByLabel('Bokstav (A–Z)').fill('c');
    await form.getByLabel('Namn').fill('Pension');
    await form.getByRole('checkbox', { name: 'Pensionsmyndigheten' }).check();
    await form.getByRole('button', { name: 'Lägg till kö' }).click();
    await expect.poll(() => counter.locator('.queue-stats').textContent()).toContain('Pension');
    await expectAccessible(counter, 'queue settings');
    await shot(counter, '15-queue-settings');
  });

  it('the kiosk issues a ticket with big buttons; the counter sees it arrive live', async () => {
    [kiosk] = await Promise.all([
      context.waitForEvent('page'),
      counter.evaluate(() => void window.open('./#/kiosk', 'kiosk')),
    ]);
    await kiosk.waitForLoadState();
    await expect.poll(() => kiosk.getByRole('heading', { name: 'Välkommen! Ta en kölapp' }).isVisible()).toBe(true);
    await expect.poll(() => kiosk.getByRole('button', { name: /Pension/ }).isVisible()).toBe(true);
    await expectAccessible(kiosk, 'kiosk');
    await shot(kiosk, '13-kiosk');
    await kiosk.getByRole('button', { name: /Allmänt/ }).click();
    await expect.poll(() => kiosk.locator('.kiosk-number').textContent()).toBe('A003');
    // The ticket names its queue and how many wait ahead in it.
    expect(await kiosk.locator('.kiosk-queue').textContent()).toBe('Allmänt');
    expect(await kiosk.locator('.kiosk-ahead').textContent()).toMatch(/^\d+ (person|personer) före dig i kön\.$/);
    await expectAccessible(kiosk, 'kiosk number');
    await shot(kiosk, '14-kiosk-number');
    await expect.poll(() => counter.locator('.waiting tbody th').allTextContents()).toContain('A003');
  });

  it('a booking number shaped like a personnummer is refused at the kiosk, in Swedish', async () => {
    await kiosk.getByRole('button', { name: 'Klar' }).click();
    await kiosk.getByLabel('Bokningsnummer').fill('19121212-1212');
    await kiosk.getByRole('button', { name: 'Checka in' }).click();
    await expect.poll(() => kiosk.getByRole('alert').textContent()).toContain('inget personnummer');
  });

  it('a well-formed booking number that is not booked says so, without the format rule', async () => {
    await kiosk.getByLabel('Bokningsnummer').fill('XYZ-999');
    await kiosk.getByRole('button', { name: 'Checka in' }).click();
    await expect.poll(() => kiosk.getByRole('alert').textContent()).toContain('Ingen bokning med det numret i dag');
    expect(await kiosk.getByRole('alert').textContent()).not.toContain('inget personnummer');
  });

  it('the visitor can choose English at the kiosk', async () => {
    await kiosk.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => kiosk.getByRole('button', { name: 'Check in' }).isVisible()).toBe(true);
    expect(await kiosk.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
    await expectAccessible(kiosk, 'kiosk in English');
    await kiosk.getByRole('button', { name: 'Svenska' }).click();
    await expect.poll(() => kiosk.getByRole('button', { name: 'Checka in' }).isVisible()).toBe(true);
  });

  it('books an appointment at the counter and checks it in when the visitor arrives', async () => {
    await counter.locator('.appointments summary').click();
    await counter.getByLabel('Tid', { exact: true }).fill('23:59');
    await counter.getByLabel('Bokningsnummer').fill('bk-100');
    await counter.getByRole('button', { name: 'Boka tid' }).click();
    await expect.poll(() => counter.locator('.appointments summary').textContent()).toBe('Bokade tider i dag (1)');
    await counter.getByRole('button', { name: 'Checka in BK-100' }).click();
    await expect.poll(() => counter.locator('.waiting tbody th').allTextContents()).toContain('T001');
    await expectAccessible(counter, 'counter with appointments');
  });

  it('kept every step of A001 as an event in the SQLite file', () => {
    const db = new BetterSqlite3(join(dataDir, DATABASE_FILE_NAME), { readonly: true });
    const events = db
      .prepare(
        `SELECT e.action FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE t.number = 'A001' ORDER BY e.id`,
      )
      .all()
      .map((r) => (r as { action: string }).action);
    expect(events).toEqual(['issue', 'call', 'no_show', 'recall', 'serve', 'finish']);
    const visit = db.prepare('SELECT waiting_seconds, counter_id FROM visits WHERE ticket_id IS NOT NULL').get() as {
      waiting_seconds: number;
    };
    expect(visit.waiting_seconds).toBeGreaterThanOrEqual(0);
    db.close();
  });

  it('ran without console errors', () => {
    expect(problems).toEqual([]);
  });
});
