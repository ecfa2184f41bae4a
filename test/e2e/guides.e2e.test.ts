import BetterSqlite3 from 'better-sqlite3';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import skv from '../../assets/guides/skv.json';
import { DATABASE_FILE_NAME } from '../../db/open';
import { computeContentHash } from '../../shared/node/packageHash';
import { withContentHash } from '../../shared/node/publisherSigning';
import { GuidePackageSchema } from '../../shared/guide';
import { browserAvailable, launchChromium, firstRunSetup } from '../support/browser';
import { expectAccessible, shot, startE2eHost, type E2eHost } from '../support/e2eHost';
import { publisherKey, signedText } from '../support/guideSigning';

/** A valid personnummer (Skatteverket's test series); typed into the guide, it must be written nowhere. */
const PERSONNUMMER = '19811218-9876';
const PNR_FORMS = ['198112189876', '8112189876', '811218-9876', '19811218-9876'];

/** Every file under a folder (database, WAL, backups, installed packages, the backend log). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe.runIf(browserAvailable())('the guided e-service view in Chromium', () => {
  const key = publisherKey();
  let browser: Browser;
  let context: BrowserContext;
  const hosts: E2eHost[] = [];
  const problems: string[] = [];

  async function counterAt(officeId: string, signature: string): Promise<Page> {
    const host = await startE2eHost({ trustedKeys: [key.trusted] });
    hosts.push(host);
    const page = await context.newPage();
    // A step that cannot happen fails with its locator, not as a test timeout.
    page.setDefaultTimeout(10_000);
    page.on('console', (m) => m.type() === 'error' && problems.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.goto(host.bridge.url);
    await firstRunSetup(page, officeId, signature);
    await page.getByLabel('Min lucka').selectOption({ label: 'Lucka 1' });
    await page.getByRole('button', { name: 'Öppna luckan' }).click();
    await expect.poll(() => page.locator('.my-ticket').textContent()).toContain('Lucka 1 är ledig.');
    // A visitor arrives, is called and served.
    await page.getByRole('button', { name: /Skriv ut kölapp/ }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Väntande (1)' }).isVisible()).toBe(true);
    await page.keyboard.press('Alt+N');
    await expect.poll(() => page.locator('.my-ticket').textContent()).toContain('A001');
    await page.keyboard.press('Alt+B');
    await expect.poll(() => page.locator('.visit .ticket-number').textContent()).toBe('A001');
    return page;
  }

  async function addErrand(page: Page, agency: string, errand: string) {
    await page.getByLabel('Myndighet', { exact: true }).selectOption({ label: agency });
    await page.getByLabel('Ärende', { exact: true }).selectOption({ label: errand });
    await page.getByRole('button', { name: 'Lägg till ärende' }).click();
    await expect.poll(() => page.getByLabel(new RegExp(`^Utfall för \\d\\. ${errand}`)).isVisible()).toBe(true);
  }

  const step = (page: Page) => page.locator('#guide-step-title');
  const outcome = (page: Page) => page.locator('.guide-outcome');

  beforeAll(async () => {
    browser = await launchChromium();
    context = await browser.newContext({
      viewport: { width: 1400, height: 900 },
      locale: 'sv-SE',
      timezoneId: 'Europe/Stockholm',
    });
  });

  afterAll(async () => {
    await browser?.close();
    for (const host of hosts) {
      await host.bridge.close();
      host.backend.close();
    }
  });

  describe('at a full-service office (Stockholm)', () => {
    let page: Page;
    it('sets up the office and serves a visitor at counter 1', async () => {
      page = await counterAt('stockholm', 'ANLA');
    });

    it('walks an ID-kort errand to done, checking the personnummer on the way', async () => {
      await addErrand(page, 'Skatteverket', 'ID-kort');
      await page.getByRole('button', { name: 'Öppna guiden för ärendet' }).click();
      await expect.poll(() => step(page).textContent()).toMatch(/bokad tid/i);
      expect(await page.locator('.guide').textContent()).toContain('400');
      // The booking step's claims are not verified against Skatteverket's own page: the officer is told.
      expect(await page.locator('.guide-unverified').textContent()).toContain('ej verifierad');
      expect(await page.locator('.guide-meta').textContent()).toContain('alla uppgifter är inte verifierade');
      await expectAccessible(page, 'guide: first step');
      await shot(page, '20-guide-id-card-start');
      await page.getByRole('button', { name: 'Nästa', exact: true }).click();
      // The personnummer step (13 years, folkbokförd) is verified against the legal guidance: no mark.
      await expect.poll(() => step(page).textContent()).toMatch(/personnummer/i);
      expect(await page.locator('.guide-unverified').count()).toBe(0);

      // A number with an impossible date is refused, in Swedish, and nothing moves on.
      await page.getByLabel('Personnummer eller samordningsnummer').fill('811318-9875');
      await page.getByRole('button', { name: 'Kontrollera' }).click();
      await expect.poll(() => page.locator('#guide-pnr-hint').textContent()).toContain('inte ett giltigt datum');
      await expectAccessible(page, 'guide: personnummer error');
      await shot(page, '21-guide-personnummer-error');
      await page.getByLabel('Personnummer eller samordningsnummer').fill(PERSONNUMMER);
      await page.getByRole('button', { name: 'Kontrollera' }).click();

      // Adults skip guardian consent: the fee question comes next, answered by key.
      await expect.poll(() => step(page).textContent()).toMatch(/avgift/i);
      expect(await page.locator('.guide-path').textContent()).toContain('44 år');
      await page.keyboard.press('1'); // Ja, betald
      await expect.poll(() => step(page).textContent()).toMatch(/identitet/i);
      await expectAccessible(page, 'guide: choice step');
      await shot(page, '22-guide-identity-choice');
      await page.keyboard.press('1'); // approved ID document
      await expect.poll(() => page.getByRole('button', { name: 'Klart, gå vidare' }).isVisible()).toBe(true);
      await page.getByRole('button', { name: 'Klart, gå vidare' }).click();

      await expect.poll(() => outcome(page).textContent()).toContain('Klart: ansökan inlämnad');
      await expectAccessible(page, 'guide: outcome done');
      await shot(page, '23-guide-id-card-done');
      await page.getByRole('button', { name: 'Spara utfallet i ärendet' }).click();
      await expect.poll(() => page.getByLabel('Utfall för 1. ID-kort (Skatteverket)').inputValue()).toBe('done');
      // The guide is finished: the button offers to walk it again, not to "continue".
      expect(await page.getByRole('button', { name: 'Gå igenom guiden igen' }).count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Fortsätt i guiden' }).count()).toBe(0);
      expect(await page.locator('.visit-foot .notice').textContent()).toBe(
        'Utfallet sparat i 1. ID-kort (Skatteverket): Klart.',
      );

      // Another outcome than the guide's asks why (a fixed list); cancelling keeps the guide's.
      const outcomeSelect = page.getByLabel('Utfall för 1. ID-kort (Skatteverket)');
      await outcomeSelect.selectOption({ label: 'Hänvisad' });
      await page.getByRole('button', { name: 'Avbryt' }).click();
      await expect.poll(() => outcomeSelect.inputValue()).toBe('done');
      await outcomeSelect.selectOption({ label: 'Hänvisad' });
      await expect.poll(() => page.getByText('Guiden kom fram till Klart. Varför Hänvisad?').isVisible()).toBe(true);
      await expectAccessible(page, 'override reason');
      await page.getByLabel('Skäl', { exact: true }).selectOption({ label: 'Besökaren ville något annat' });
      await page.getByRole('button', { name: 'Spara utfallet', exact: true }).click();
      await expect
        .poll(() => page.getByText('Avviker från guidens utfall (Klart): Besökaren ville något annat').isVisible())
        .toBe(true);
      expect(await outcomeSelect.inputValue()).toBe('referred');
      // Back to the guide's outcome needs no reason.
      await outcomeSelect.selectOption({ label: 'Klart' });
      await expect.poll(() => page.locator('.override').count()).toBe(0);
      await expect.poll(() => outcomeSelect.inputValue()).toBe('done');
    });

    it('walks an inflyttning with a failed document check to needs_documents', async () => {
      await addErrand(page, 'Skatteverket', 'Inflyttning till Sverige');
      await page.getByRole('button', { name: 'Öppna guiden för ärendet' }).click();
      // Not yet sent in the e-service; the visitor has a booked time for the identity check.
      await expect.poll(() => step(page).textContent()).toMatch(/Flytta till Sverige/);
      await page.keyboard.press('2');
      await expect.poll(() => step(page).textContent()).toMatch(/bokad tid/i);
      await page.keyboard.press('1');
      await expect.poll(() => step(page).textContent()).toMatch(/alla som flyttar in/i);
      await page.getByRole('button', { name: 'Nästa', exact: true }).click();
      // Only the passport is there: the rest of the required documents are missing.
      await expect.poll(() => page.locator('.guide-checklist').isVisible()).toBe(true);
      await page.locator('.guide-checklist input[type=checkbox]').first().check();
      await expectAccessible(page, 'guide: checklist');
      await shot(page, '24-guide-immigration-checklist');
      await page.getByRole('button', { name: 'Nästa', exact: true }).click();
      await expect.poll(() => outcome(page).textContent()).toContain('Komplettering');
      expect(await outcome(page).textContent()).toContain('Handlingar som behövs');
      await shot(page, '25-guide-immigration-needs-documents');
      await page.getByRole('button', { name: 'Spara utfallet i ärendet' }).click();
      await expect
        .poll(() => page.getByLabel('Utfall för 2. Inflyttning till Sverige (Skatteverket)').inputValue())
        .toBe('needs_documents');
    });

    it('recorded both outcomes and pinned the guide version in the SQLite file', async () => {
      await page.keyboard.press('Alt+A');
      await expect.poll(() => page.getByText('Inget besök pågår.').isVisible()).toBe(true);
      const db = new BetterSqlite3(join(hosts[0]!.dataDir, DATABASE_FILE_NAME), { readonly: true });
      const rows = db
        .prepare('SELECT errand_kind, outcome, guide_ref, referral_to FROM errands ORDER BY position')
        .all();
      db.close();
      expect(rows).toEqual([
        { errand_kind: 'skv.id_card', outcome: 'done', guide_ref: `skv.id_card@${skv.version}`, referral_to: null },
        {
          errand_kind: 'skv.immigration',
          outcome: 'needs_documents',
          guide_ref: `skv.immigration@${skv.version}`,
          referral_to: null,
        },
      ]);
    });

    it('refuses a tampered guide package, keeps the installed one, then installs the genuine newer one', async () => {
      await page.keyboard.press('Alt+G');
      await expect.poll(() => page.getByRole('heading', { name: 'Guidepaket' }).isVisible()).toBe(true);
      const next = withContentHash(GuidePackageSchema.parse({ ...skv, version: skv.version + 1 }));
      const signed = JSON.parse(signedText(next, key)) as {
        package: { texts: { sv: Record<string, string> }; contentHash: string };
      };
      // Changed after signing: the hash would be recomputed by a forger, the signature cannot be.
      signed.package.texts.sv['id_card.done.title'] = 'Klart utan att kontrollera något';
      signed.package.contentHash = computeContentHash(signed.package);
      await page.getByLabel('Importera ett signerat guidepaket från fil').setInputFiles({
        name: 'skv-forged.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(signed)),
      });
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('Signaturen stämmer inte');
      await shot(page, '26-guide-import-rejected');
      const skvRow = page.locator('.guide-packages tbody tr', { hasText: 'Skatteverket' });
      expect(await skvRow.allTextContents()).toEqual([expect.stringContaining(`${skv.version}`)]);
      expect(await skvRow.count()).toBe(1);

      // The same package as the publisher's tool writes it (pretty-printed, ~75 kB), untouched: installed.
      await page.getByLabel('Importera ett signerat guidepaket från fil').setInputFiles({
        name: 'skv-v2.json',
        mimeType: 'application/json',
        buffer: Buffer.from(signedText(next, key)),
      });
      await expect
        .poll(() => page.getByRole('status').filter({ hasText: 'installerad' }).textContent())
        .toContain(`Skatteverket: version ${skv.version + 1} är installerad och används nu.`);
      await expect.poll(() => skvRow.count()).toBe(2);

      // New lookups use the new version; the errands recorded earlier keep their pinned one.
      await page.getByRole('button', { name: 'Ansöka om ID-kort' }).click();
      await expect.poll(() => page.locator('.guide-meta').textContent()).toContain(`version ${skv.version + 1}`);
      await expectAccessible(page, 'guide lookup');
      await page.keyboard.press('Escape');
    });
  });

  describe('at a flexible office without ID-card photo (Varberg)', () => {
    let page: Page;
    it('sets up the office and serves a visitor at counter 1', async () => {
      page = await counterAt('varberg', 'BOKA');
    });

    it('refers the ID-kort errand to the nearest full-service offices, by name and municipality', async () => {
      await addErrand(page, 'Skatteverket', 'ID-kort');
      await page.getByRole('button', { name: 'Öppna guiden för ärendet' }).click();
      await page.getByRole('button', { name: 'Nästa', exact: true }).click();
      await expect.poll(() => outcome(page).textContent()).toContain('Hänvisad');
      const offices = await page.locator('.guide-referral li').allTextContents();
      expect(offices).toHaveLength(2);
      expect(offices[0]).toMatch(/Halmstad.*Halmstads? kommun.*km/);
      expect(offices[1]).toMatch(/Göteborg/);
      await expectAccessible(page, 'guide: referral');
      await shot(page, '27-guide-id-card-referral');
      await page.getByRole('button', { name: 'Spara utfallet i ärendet' }).click();
      await expect.poll(() => page.getByLabel('Utfall för 1. ID-kort (Skatteverket)').inputValue()).toBe('referred');
      expect(await page.locator('.errand').textContent()).toContain(
        'Hänvisad till: Servicekontor Halmstad, Servicekontor Göteborg',
      );
      await page.keyboard.press('Alt+A');
      await expect.poll(() => page.getByText('Inget besök pågår.').isVisible()).toBe(true);
    });
  });

  it('wrote the personnummer nowhere: not the database, WAL, backups, packages, logs or browser storage', async () => {
    const needles = PNR_FORMS.flatMap((form) => [Buffer.from(form, 'utf8'), Buffer.from(form, 'utf16le')]);
    const holdsPersonnummer = (bytes: Buffer) => needles.some((needle) => bytes.includes(needle));
    // The scan itself can see one, in either encoding.
    expect(holdsPersonnummer(Buffer.from(`x${PNR_FORMS[2]}y`, 'utf16le'))).toBe(true);
    // Both offices ran their walks, so there is something to scan.
    expect(hosts).toHaveLength(2);
    const scanned: string[] = [];
    for (const host of hosts) {
      // Nothing is checkpointed first: the WAL is scanned as it is, next to the main file.
      for (const file of filesUnder(host.dataDir)) {
        scanned.push(file);
        expect(holdsPersonnummer(readFileSync(file)), `${file} holds a personnummer`).toBe(false);
      }
    }
    expect(scanned.some((f) => f.endsWith(DATABASE_FILE_NAME))).toBe(true);
    expect(scanned.some((f) => f.endsWith('backend.log'))).toBe(true);
    for (const page of context.pages()) {
      const storage = await page.evaluate(
        () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
      );
      for (const form of PNR_FORMS) expect(storage).not.toContain(form);
    }
  });

  it('ran without console errors', () => {
    expect(problems).toEqual([]);
  });
});
