import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stockholmDate } from '../../shared/time';
import { seedClosedVisits } from '../bench/seed';
import { browserAvailable, launchChromium, officerPage } from '../support/browser';
import { shot, startE2eHost, type E2eHost } from '../support/e2eHost';

const PASSPHRASE = 'handledare på kontoret';
/** About a hundred days of a busy office: an export of its visit rows runs long enough to watch. */
const VISITS = 100_000;
/** The report and the export run in a worker over a big store: on a busy machine, seconds. */
const WAIT = { timeout: 60_000 };

/**
 * Issue 12: an export of a long range runs off the request path. While it runs the panel
 * shows rows done of rows total and can cancel it, and the counter in another page calls
 * the next ticket meanwhile.
 */
describe.runIf(browserAvailable())('a long export beside the counter', { timeout: 300_000 }, () => {
  let browser: Browser;
  let host: E2eHost;
  let supervisor: Page;
  let counter: Page;
  const problems: string[] = [];
  const to = stockholmDate(new Date());
  const from = stockholmDate(new Date(Date.now() - 110 * 86_400_000));

  beforeAll(async () => {
    // The export pauses after its first rows until cancelled: the counter acts while it surely runs.
    host = await startE2eHost({ holdExports: true });
    const db = host.backend.context!.store.db;
    seedClosedVisits(db, 'stockholm', VISITS);
    let id = 1;
    const call = async (channel: string, input: unknown) => {
      const reply = await host.backend.host.handle({ id: id++, channel, input });
      if (!reply.ok) throw new Error(`${channel}: ${JSON.stringify(reply.error)}`);
    };
    await call('setup.save', { officeId: 'stockholm', officerSignature: 'ANLA' });
    await call('setup.confirmOffice', { officeId: 'stockholm' });
    await call('supervisor.setPassphrase', { officeId: 'stockholm', passphrase: PASSPHRASE });
    for (let i = 0; i < 2; i++) await call('tickets.issue', { queueLetter: 'A', source: 'kiosk' });
    browser = await launchChromium();
    supervisor = await officerPage(browser, problems);
    counter = await supervisor.context().newPage();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await host?.bridge.close();
    host?.backend.close();
  });

  it('the counter opens a counter in one page; the supervisor shows a hundred days in another', async () => {
    await counter.goto(host.bridge.url);
    await counter.getByLabel('Min lucka').selectOption({ label: 'Lucka 1' });
    await counter.getByRole('button', { name: 'Öppna luckan' }).click();
    await expect.poll(() => counter.locator('.my-ticket').textContent()).toContain('Lucka 1 är ledig.');

    await supervisor.goto(host.bridge.url);
    await supervisor.getByRole('button', { name: 'Statistik' }).click();
    await supervisor.getByLabel('Lösenfras', { exact: true }).fill(PASSPHRASE);
    await supervisor.getByRole('button', { name: 'Logga in', exact: true }).click();
    await expect.poll(() => supervisor.locator('.kpis').isVisible(), WAIT).toBe(true);
    await supervisor.getByRole('button', { name: 'Välj datum' }).click();
    await supervisor.getByLabel('Från och med').fill(from);
    await supervisor.getByLabel('Till och med').fill(to);
    await supervisor.getByRole('button', { name: 'Visa', exact: true }).click();
    await expect
      .poll(
        async () =>
          (await supervisor.locator('.kpi', { hasText: 'Ankomna' }).locator('dd').textContent())!.replace(/\s/g, ''),
        WAIT,
      )
      // The seeded visits and today's two tickets.
      .toBe(String(VISITS + 2));
  });

  it('shows rows done of rows total, the counter calls the next ticket meanwhile, and cancel stops it', async () => {
    const row = supervisor.getByRole('group', { name: 'Besöksrader (ett ärende per rad)' });
    await row.getByRole('button', { name: 'Excel (XLSX)' }).click();
    const progress = supervisor.getByTestId('export-progress');
    // Numbers as Swedish writes them (100 000, with a no-break space): compared without spaces.
    await expect.poll(async () => (await progress.textContent())!.replace(/\s/g, ''), WAIT).toMatch(`av${VISITS}rader`);
    const rowsDone = async () => Number((await progress.textContent())!.split(' av ')[0]!.replace(/\s/g, ''));
    await shot(supervisor, '33-supervisor-export-progress');

    // The counter, in its own page, calls the next ticket while the export runs …
    await counter.getByRole('button', { name: 'Kalla nästa' }).click();
    await expect.poll(() => counter.locator('.my-ticket').textContent(), WAIT).toContain('A001');
    // … and the export is still running: not all its rows are written yet.
    expect(await progress.isVisible()).toBe(true);
    expect(await rowsDone()).toBeLessThan(VISITS);

    await supervisor.getByRole('button', { name: 'Avbryt exporten' }).click();
    await expect
      .poll(() => supervisor.getByRole('status').filter({ hasText: 'Exporten avbröts' }).isVisible(), WAIT)
      .toBe(true);
    await expect.poll(() => progress.count(), WAIT).toBe(0);
    // Its half-written file is gone with it.
    const exportsDir = join(host.dataDir, 'exports');
    expect(existsSync(exportsDir) ? readdirSync(exportsDir) : []).toEqual([]);
    expect(problems).toEqual([]);
  });
});
