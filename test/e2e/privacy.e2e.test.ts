import BetterSqlite3 from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Personnummer from 'personnummer';
import { chromium, type BrowserContext, type Download, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/run';
import type { LuckaBridge } from '../../shared/api';
import { stockholmDate } from '../../shared/time';
import { CHROMIUM_PATH, browserAvailable, firstRunSetup } from '../support/browser';
import { startE2eHost, type E2eHost } from '../support/e2eHost';
import { scanForNumbers } from '../support/privacyScan';
import { tempDirKept } from '../support/tempKept';
import { enrollmentCodeFor } from '../support/enrollmentCode';

/**
 * The standing privacy test (issue 15). An officer's synced day in a real Chromium with its
 * own profile folder, against the real backend and a real central service that logs to a
 * file: personal identity numbers typed into every free-text field (all refused, in Swedish)
 * and into the guide's personnummer step (checked in memory, kept as an age), visits,
 * enrollment, an offline statistics file, "Synka nu", the supervisor's CSV and XLSX exports.
 * Then every file Lucka, the browser and the service wrote is scanned for every number typed,
 * in every spelling the rule knows; a control number planted on purpose (browser storage, a
 * SQLite WAL, an XLSX, UTF-16 text) proves the scan can find one where it looks.
 */

/** Valid numbers (right date and check digit), as the tests type them. */
const TYPED = {
  personnummer: '19900101-0017',
  samordningsnummer: '701063-2391',
  guide: '19811218-9876',
};
/** The positive control: never typed, only planted. */
const CONTROL = '19640823-3234';

describe.runIf(browserAvailable())('no personal identity number in any file Lucka or the service wrote', () => {
  let root: string;
  let profileDir: string;
  let downloads: string;
  let controls: string;
  let serverDir: string;
  let host: E2eHost;
  let server: RunningServer;
  let context: BrowserContext;
  let page: Page;
  let openControl: BetterSqlite3.Database | undefined;
  const problems: string[] = [];
  const today = stockholmDate(new Date());

  const alertWith = (text: string) => page.locator('[role=alert]').filter({ hasText: text });

  async function save(download: Download): Promise<void> {
    await download.saveAs(join(downloads, download.suggestedFilename()));
  }

  const validCode = (officeId: string) => enrollmentCodeFor(server.store, officeId);

  async function startWalkIn(): Promise<void> {
    await page.getByRole('button', { name: /Starta besök utan kölapp/ }).click();
    await page.getByLabel('Myndighet', { exact: true }).selectOption({ label: 'Skatteverket' });
    await page.getByLabel('Ärende', { exact: true }).selectOption({ label: 'ID-kort' });
    await page.getByRole('button', { name: 'Lägg till ärende' }).click();
    await expect.poll(() => page.getByLabel('Utfall för 1. ID-kort (Skatteverket)').isVisible()).toBe(true);
  }

  async function closeVisit(): Promise<void> {
    await page.getByLabel('Utfall för 1. ID-kort (Skatteverket)').selectOption({ label: 'Klart' });
    await page.getByRole('button', { name: /Avsluta besök/ }).click();
    await expect.poll(() => page.getByText('Inget besök pågår.').isVisible()).toBe(true);
  }

  beforeAll(async () => {
    for (const n of [...Object.values(TYPED), CONTROL])
      expect(Personnummer.valid(n, { allowCoordinationNumber: true, allowInterimNumber: false }), n).toBe(true);
    root = tempDirKept('lucka-e2e-privacy-');
    const sub = (name: string) => {
      mkdirSync(join(root, name));
      return join(root, name);
    };
    [profileDir, downloads, controls, serverDir] = [sub('profile'), sub('downloads'), sub('controls'), sub('server')];
    const serviceLog = join(serverDir, 'service.log');
    server = await startServer({
      dataDir: serverDir,
      logger: { level: 'info', stream: { write: (line) => appendFileSync(serviceLog, line) } },
    });
    host = await startE2eHost({ sync: { timeoutMs: 3_000 } });
    // A persistent profile, so what the browser stores lands in files the scan can read.
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync', '--disable-dev-shm-usage'],
      viewport: { width: 1400, height: 900 },
      locale: 'sv-SE',
      timezoneId: 'Europe/Stockholm',
      acceptDownloads: true,
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(10_000);
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
  });

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await host?.bridge.close();
    host?.backend.close();
    await server?.close();
    openControl?.close();
  });

  it('sets up the office', async () => {
    await page.goto(host.bridge.url);
    await firstRunSetup(page, 'stockholm', 'ANLA');
    await expect.poll(() => page.getByRole('button', { name: /Starta besök utan kölapp/ }).isVisible()).toBe(true);
  });

  it('refuses a personnummer in a note, in any spelling, and says why in Swedish', async () => {
    await startWalkIn();
    const note = page.getByLabel('Anteckning (känslig)');
    for (const spelling of [
      `Ring tillbaka, pnr ${TYPED.personnummer.replace('-', '\u2013')}`,
      `Samordningsnr ${'７０１０６３'}\u200b-2391`,
      `${TYPED.personnummer.slice(0, 4)} ${TYPED.personnummer.slice(4, 6)} ${TYPED.personnummer.slice(6)}`,
    ]) {
      await note.fill(spelling);
      await note.blur();
      await expect.poll(() => alertWith('kan vara ett personnummer').count()).toBe(1);
      await page.getByRole('button', { name: 'Stäng meddelandet' }).click();
    }
    // What a note is for still works.
    await note.fill('Behöver tolk nästa gång.');
    await note.blur();
    await expect.poll(() => page.locator('[role=alert]').count()).toBe(0);
  });

  it('checks a personnummer in the guide, in memory only, and keeps the age', async () => {
    await page.getByRole('button', { name: 'Öppna guiden för ärendet' }).click();
    await page.getByRole('button', { name: 'Nästa', exact: true }).click();
    await page.getByLabel('Personnummer eller samordningsnummer').fill(TYPED.guide);
    await page.getByRole('button', { name: 'Kontrollera' }).click();
    await expect.poll(() => page.locator('.guide-path').textContent()).toMatch(/\d+ år/);
    await page.keyboard.press('Escape');
    await closeVisit();
  });

  it('refuses a personnummer as a queue name and as a booking reference', async () => {
    await page.locator('.queue-settings summary').click();
    const form = page.getByRole('form', { name: 'Ny kö' });
    await form.getByLabel('Bokstav (A–Z)').fill('p');
    await form.getByLabel('Namn').fill(`Kö ${TYPED.samordningsnummer}`);
    await form.getByRole('button', { name: 'Lägg till kö' }).click();
    await expect.poll(() => alertWith('kan vara ett personnummer').count()).toBe(1);
    await page.getByRole('button', { name: 'Stäng meddelandet' }).click();

    await page.locator('.appointments summary').click();
    await page.getByLabel('Tid', { exact: true }).fill('23:59');
    await page.getByLabel('Bokningsnummer').fill(`PNR${TYPED.personnummer.replace('-', '\u2010')}`);
    await page.getByRole('button', { name: 'Boka tid' }).click();
    await expect.poll(() => alertWith('inget personnummer').count()).toBe(1);
    await page.getByRole('button', { name: 'Stäng meddelandet' }).click();
  });

  it('a request the HTTP framework would refuse (a __proto__ key) gets the typed reply, not "unavailable"', async () => {
    const reply = await page.evaluate(() =>
      (window as unknown as { lucka: LuckaBridge }).lucka.request(
        'sync.enroll',
        JSON.parse('{"serverUrl":"https://x.example","__proto__":{"a":1}}'),
      ),
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(reply.id).toBeGreaterThan(0);
    const raw = await page.evaluate(async () => {
      const token = sessionStorage.getItem('lucka.previewToken');
      const post = (body: string) =>
        fetch('./__lucka/request', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body,
        }).then(async (r) => ({ status: r.status, body: await r.json() }));
      return [
        await post('{"id":77,"channel":"app.status","input":{},"__proto__":{"x":1}}'),
        await post('{"id":78,"channel":"visits.close","input":{"visitId":"x","__proto__":{}}}'),
        await post('{"id":79,'),
      ];
    });
    expect(raw).toEqual([
      { status: 200, body: { id: 77, ok: false, error: expect.objectContaining({ code: 'BAD_REQUEST' }) } },
      { status: 200, body: { id: 78, ok: false, error: expect.objectContaining({ code: 'VALIDATION' }) } },
      { status: 200, body: { id: -1, ok: false, error: expect.objectContaining({ code: 'BAD_REQUEST' }) } },
    ]);
    expect(await page.locator('.banner').count()).toBe(0);
  });

  it('refuses a personnummer as the device name, then connects, exports the statistics file and syncs', async () => {
    await startWalkIn();
    await closeVisit();
    await page.locator('.sync-button').click();
    await page.getByLabel('Tjänstens adress').fill(server.url);
    await page.getByLabel('Engångskod').fill(await validCode('stockholm'));
    await page
      .getByLabel('Datorns namn')
      .fill(`Disk ${TYPED.personnummer.replace(/\d/g, (d) => String.fromCodePoint(0x0660 + Number(d)))}`);
    await page.getByRole('button', { name: 'Anslut', exact: true }).click();
    await expect
      .poll(() => page.locator('.sync-settings [role=alert]').textContent())
      .toContain('Aldrig en persons namn eller personnummer');
    await page.getByLabel('Datorns namn').fill('Disk 1');
    await page.getByRole('button', { name: 'Anslut', exact: true }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Synka nu' }).isVisible()).toBe(true);

    const [bundle] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exportera statistikfil' }).click(),
    ]);
    await save(bundle);
    await page.getByRole('button', { name: 'Synka nu' }).click();
    await expect.poll(() => page.locator('.sync-result').textContent()).toMatch(/0 statistikposter kvar att skicka/);
    expect(await server.store.currentEvents('stockholm', today, today)).toHaveLength(2);
  });

  it("exports the supervisor's figures as CSV and XLSX", async () => {
    await page.getByRole('button', { name: 'Tillbaka till disken' }).click();
    await page.getByRole('button', { name: 'Statistik' }).click();
    const passphrase = 'en lång lösenfras för test';
    await page.getByLabel('Lösenfras', { exact: true }).fill(passphrase);
    await page.getByLabel('Upprepa lösenfrasen').fill(passphrase);
    await page.getByRole('button', { name: 'Spara lösenfrasen och logga in' }).click();
    await page.getByRole('button', { name: 'I dag' }).click();
    for (const table of ['Dagliga siffror', 'Besöksrader (ett ärende per rad)']) {
      const row = page.getByRole('group', { name: table });
      for (const format of ['CSV för Excel', 'Excel (XLSX)']) {
        const [file] = await Promise.all([
          page.waitForEvent('download'),
          row.getByRole('button', { name: format }).click(),
        ]);
        await save(file);
      }
    }
  });

  it('plants the control number where the scan must find it', async () => {
    // In the browser's storage, spelled in fullwidth digits with an en dash.
    const fullwidth = CONTROL.replace(/\d/g, (d) => String.fromCodePoint(0xff10 + Number(d))).replace('-', '\u2013');
    await page.evaluate((value) => localStorage.setItem('privacy-control', value), fullwidth);
    // In a SQLite file's WAL (not checkpointed), with a zero-width space inside.
    const db = new BetterSqlite3(join(controls, 'control.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE t (x TEXT)');
    db.prepare('INSERT INTO t VALUES (?)').run(CONTROL.replace('-', '\u200b-'));
    // In an XLSX cell (compressed inside the zip), with spaced groups.
    const book = new ExcelJS.Workbook();
    book.addWorksheet('x').addRow([`${CONTROL.slice(0, 4)} ${CONTROL.slice(4, 6)} ${CONTROL.slice(6)}`]);
    await book.xlsx.writeFile(join(controls, 'control.xlsx'));
    // As UTF-16 text, with dots.
    writeFileSync(join(controls, 'control.txt'), CONTROL.replace(/(\d{4})(\d\d)(\d\d)-/, '$1.$2.$3.'), 'utf16le');
    db.close(); // checkpointed into control.sqlite itself
    // And one left open, as in a running app: the row is only in control-wal.sqlite-wal.
    openControl = new BetterSqlite3(join(controls, 'control-wal.sqlite'));
    openControl.pragma('journal_mode = WAL');
    openControl.pragma('wal_autocheckpoint = 0');
    openControl.exec('CREATE TABLE t (x TEXT)');
    openControl.prepare('INSERT INTO t VALUES (?)').run(`pnr ${CONTROL}`);
  });

  it('no file written holds a number that was typed; the control is found wherever it was planted', async () => {
    // Closing the browser flushes its storage to the profile folder.
    await context.close();
    const { findings, scanned } = scanForNumbers(
      [host.dataDir, serverDir, profileDir, downloads, controls],
      [...Object.values(TYPED), CONTROL],
    );
    // Everything that should be there was read.
    const names = scanned.map((f) => f.slice(root.length));
    expect(scanned.some((f) => f.startsWith(host.dataDir) && f.endsWith('-wal'))).toBe(true);
    expect(scanned.some((f) => f.startsWith(join(host.dataDir, 'backups')))).toBe(true);
    expect(scanned.some((f) => f.startsWith(join(host.dataDir, 'guides')))).toBe(true);
    expect(scanned.some((f) => f.endsWith('backend.log'))).toBe(true);
    expect(names.filter((f) => f.startsWith('/downloads/')).length).toBeGreaterThanOrEqual(3);
    expect(names).toContain('/server/service.log');
    expect(scanned.some((f) => f.startsWith(serverDir) && f.endsWith('-wal'))).toBe(true);

    const typedFindings = findings.filter((f) => f.numbers.some((n) => n !== CONTROL));
    expect(typedFindings, JSON.stringify(typedFindings, null, 2)).toEqual([]);
    const control = findings.map((f) => f.file.slice(root.length)).sort();
    expect(control.filter((f) => f.startsWith('/controls/'))).toEqual(
      expect.arrayContaining([
        '/controls/control-wal.sqlite-wal',
        '/controls/control.sqlite',
        '/controls/control.txt',
        '/controls/control.xlsx',
      ]),
    );
    expect(control.some((f) => f.startsWith('/profile/') && /Local Storage/.test(f))).toBe(true);
    expect(problems).toEqual([]);
  });
});
