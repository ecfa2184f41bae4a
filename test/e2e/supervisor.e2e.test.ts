import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stockholmDate } from '../../shared/time';
import { presetRange } from '../../renderer/supervisor/ranges';
import { browserAvailable, launchChromium, officerPage, firstRunSetup } from '../support/browser';
import { expectAccessible, shot, startE2eHost, type E2eHost } from '../support/e2eHost';
import { seedArrivals, type SeedArrival } from '../support/statsSeed';

const PASSPHRASE = 'handledare på kontoret';
/** Reports and exports run in a worker thread (issue 12): its start takes a moment on a busy machine. */
const REPORT_WAIT = { timeout: 30_000 };

/** Last week at Stockholm: 6 arrivals a day, one of them a no-show, two errands on the first visit. */
function lastWeek(): { arrivals: SeedArrival[]; from: string; to: string } {
  const { from, to } = presetRange('lastWeek', stockholmDate(new Date()));
  const arrivals: SeedArrival[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10);
    arrivals.push({ officeId: 'stockholm', date, at: '09:05', ticket: true, noShow: true });
    for (let i = 0; i < 5; i++)
      arrivals.push({
        officeId: 'stockholm',
        date,
        at: `${10 + i}:15`,
        ticket: true,
        waitSeconds: 300 * (i + 1),
        serviceSeconds: 600,
        errands:
          i === 0
            ? [
                { agency: 'SKV', kind: 'skv.id_card', outcome: 'done' },
                { agency: 'FK', kind: 'fk.eu_card', outcome: 'referred', lacksEid: true },
              ]
            : [
                {
                  agency: i % 2 ? 'PM' : 'AF',
                  kind: i % 2 ? 'pm.general_pension' : 'af.registration',
                  outcome: 'done',
                },
              ],
      });
  }
  return { arrivals, from, to };
}

/** The DST change days of 2026, as lived: 01:30 and 03:10 in spring (no 02); 02:30 twice in autumn. */
const DST_DAYS: SeedArrival[] = [
  { officeId: 'stockholm', date: '2026-03-29', at: { utc: '2026-03-29T00:30:00Z' }, ticket: true, noShow: true },
  { officeId: 'stockholm', date: '2026-03-29', at: { utc: '2026-03-29T01:10:00Z' }, ticket: true, noShow: true },
  { officeId: 'stockholm', date: '2026-10-25', at: { utc: '2026-10-25T00:30:00Z' }, ticket: true, noShow: true },
  { officeId: 'stockholm', date: '2026-10-25', at: { utc: '2026-10-25T01:30:00Z' }, ticket: true, noShow: true },
];

describe.runIf(browserAvailable())('the supervisor dashboard in Chromium', () => {
  let browser: Browser;
  let host: E2eHost;
  let page: Page;
  const week = lastWeek();
  const problems: string[] = [];

  beforeAll(async () => {
    host = await startE2eHost();
    seedArrivals(host.backend.context!.store.db, [...week.arrivals, ...DST_DAYS]);
    browser = await launchChromium();
    page = await officerPage(browser, problems);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.bridge.close();
    host?.backend.close();
  });

  it("the statistics are closed until the supervisor sets the first passphrase on the office's own device", async () => {
    await page.goto(host.bridge.url);
    await firstRunSetup(page, 'stockholm', 'ANLA');
    await page.getByRole('button', { name: 'Statistik' }).click();
    await expect
      .poll(() => page.getByRole('heading', { name: 'Ange en lösenfras för handledare' }).isVisible())
      .toBe(true);
    expect(await page.locator('.kpis').count()).toBe(0);
    await expectAccessible(page, 'supervisor: first passphrase');
    await shot(page, '30-supervisor-first-passphrase');
    await page.getByLabel('Lösenfras', { exact: true }).fill(PASSPHRASE);
    await page.getByLabel('Upprepa lösenfrasen').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Spara lösenfrasen och logga in' }).click();
    await expect.poll(() => page.locator('.kpis').isVisible(), REPORT_WAIT).toBe(true);
  });

  it('opens on today; last week shows the figures seeded, the four charts, and their tables', async () => {
    await expect
      .poll(() => page.getByRole('button', { name: 'I dag', exact: true }).getAttribute('aria-pressed'))
      .toBe('true');
    await page.getByRole('button', { name: 'Förra veckan' }).click();
    await expect
      .poll(() => page.getByRole('button', { name: 'Förra veckan' }).getAttribute('aria-pressed'))
      .toBe('true');
    // Intl writes a no-break space before % in Swedish: compare with plain spaces.
    const kpi = async (label: string) =>
      (await page.locator('.kpi', { hasText: label }).locator('dd').textContent())!.replace(/\s/g, ' ');
    // The week's report comes from a worker thread: wait for it, then read the rest of it.
    await expect.poll(() => kpi('Ankomna'), REPORT_WAIT).toBe('42');
    expect(await kpi('Betjänade')).toBe('35');
    expect(await kpi('Uteblivna')).toBe('7 (16,7 %)');
    expect(await kpi('Ärenden')).toBe('42');
    expect(await kpi('Medelväntetid')).toBe('15 min');
    expect(await kpi('Väntade över 20 min')).toBe('20 %'); // only the 25-minute wait; 20 minutes exactly is not over
    expect(await kpi('Utan e-legitimation')).toBe('7');
    expect(await page.locator('.chart .recharts-wrapper').count()).toBe(4);
    expect(await page.locator('.chart .recharts-bar-rectangle').count()).toBeGreaterThan(10);
    await page.getByText('Visa som tabell').first().click();
    expect(await page.locator('.chart-table').first().locator('tbody tr').count()).toBeGreaterThan(3);
    await expectAccessible(page, 'supervisor dashboard');
    await shot(page, '31-supervisor-dashboard-last-week');
  });

  it('exports last week as CSV for Swedish Excel and as XLSX, named by office and range', async () => {
    const row = page.getByRole('group', { name: 'Dagliga siffror' });
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: 'CSV för Excel' }).click(),
    ]);
    expect(csv.suggestedFilename()).toBe(`lucka-stockholm-${week.from}_${week.to}-dagliga-siffror.csv`);
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text.startsWith('\uFEFFDatum;Ankomna;Betjänade;Uteblivna')).toBe(true);
    expect(text).toContain(`${week.from};6;5;1;16,7;`);
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Sparad' }).textContent(), REPORT_WAIT)
      .toContain('dagliga-siffror.csv');

    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: 'Excel (XLSX)' }).click(),
    ]);
    expect(xlsx.suggestedFilename()).toBe(`lucka-stockholm-${week.from}_${week.to}-dagliga-siffror.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync((await xlsx.path())!) as unknown as ArrayBuffer);
    const days = book.getWorksheet('Dagar')!;
    expect(days.getRow(2).getCell(1).value).toEqual(new Date(`${week.from}T00:00:00Z`)); // a real date cell
    expect(days.getRow(2).getCell(2).value).toBe(6);
    expect(days.getRow(9).getCell(1).value).toBe('Totalt');
    expect(days.getRow(9).getCell(2).value).toBe(42);
    expect(days.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    await shot(page, '32-supervisor-exported');
  });

  it('shows the hours of the DST change days as they were lived', async () => {
    const hoursOf = async (day: string) => {
      await page.getByRole('button', { name: 'Välj datum' }).click();
      await page.getByLabel('Från och med').fill(day);
      await page.getByLabel('Till och med').fill(day);
      await page.getByRole('button', { name: 'Visa', exact: true }).click();
      await expect
        .poll(() => page.locator('.report-title').textContent())
        .toContain(day.slice(8, 10).replace(/^0/, ''));
      const figure = page.locator('figure.chart').first();
      const details = figure.locator('details');
      if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').click();
      return figure.locator('tbody th').allTextContents();
    };
    // Spring: 01 then 03; the 02 that did not exist is not there.
    await expect.poll(() => hoursOf('2026-03-29')).toEqual(['01', '03']);
    // Autumn: the two 02 hours apart, each with its arrival.
    await expect.poll(() => hoursOf('2026-10-25')).toEqual(['02 (sommartid)', '02 (vintertid)']);
    await expectAccessible(page, 'supervisor: the autumn DST day');
    await shot(page, '33-supervisor-dst-autumn');
  });

  it('a wrong passphrase is refused in Swedish and counts down to the lockout', async () => {
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Logga in som handledare' }).isVisible()).toBe(true);
    await page.getByLabel('Lösenfras', { exact: true }).fill('inte rätt lösenfras');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await expect.poll(() => page.locator('#supervisor-passphrase-hint').textContent()).toContain('4 försök kvar');
    expect(await page.getByRole('alert').textContent()).toContain('Fel lösenfras');
    await expectAccessible(page, 'supervisor: wrong passphrase');
    await shot(page, '33-supervisor-wrong-passphrase');
    await page.getByLabel('Lösenfras', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await expect.poll(() => page.locator('.kpis').isVisible(), REPORT_WAIT).toBe(true);
  });

  it('going back to the counter ends the login: the next visit to Statistik asks again', async () => {
    await page.getByRole('link', { name: 'Tillbaka till disken' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Kö', exact: true }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Statistik' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Logga in som handledare' }).isVisible()).toBe(true);
    expect(await page.locator('.kpis').count()).toBe(0);
  });

  it('ran without console errors', () => {
    expect(problems).toEqual([]);
  });
});
