import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/backend/boot';
import type { HttpBridge } from '../../electron/backend/hosts/httpBridge';
import { browserAvailable, launchChromium, officerPage, openFirstCounter } from '../support/browser';
import { ARTIFACTS, expectAccessible, startE2eHost } from '../support/e2eHost';

/**
 * The counter screen holds up for a whole morning at a laptop's and a desktop's size, and at
 * 200 % zoom (the same screens with twice the device pixels): the current ticket, the queue
 * and "Avsluta besök" stay in view, and the page never scrolls sideways (WCAG 1.4.10).
 */
const SIZES = [
  { name: '1280x720', width: 1280, height: 720, zoom: 1 },
  { name: '1440x900', width: 1440, height: 900, zoom: 1 },
  { name: '1280x720-zoom200', width: 640, height: 360, zoom: 2 },
  { name: '1440x900-zoom200', width: 720, height: 450, zoom: 2 },
] as const;

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

describe.runIf(browserAvailable())('the counter screen through a morning, at every size', () => {
  for (const size of SIZES) {
    describe(size.name, () => {
      let browser: Browser;
      let backend: Backend;
      let bridge: HttpBridge;
      let page: Page;
      const problems: string[] = [];
      const zoomed = size.zoom > 1;

      /** The element's box, cut by every ancestor that clips (a panel scrolling inside itself). */
      const box = (locator: Locator) =>
        locator.evaluate((el): Box & { clipped: boolean } => {
          const r = el.getBoundingClientRect();
          const b = { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
          let clipped = false;
          for (let p = el.parentElement; p && p !== document.documentElement; p = p.parentElement) {
            const style = getComputedStyle(p);
            if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
            const c = p.getBoundingClientRect();
            if (b.top < c.top - 1 || b.bottom > c.bottom + 1 || b.left < c.left - 1 || b.right > c.right + 1)
              clipped = true;
          }
          return { ...b, clipped };
        });
      const viewport = () => page.evaluate(() => ({ width: window.innerWidth, height: window.innerHeight }));

      /** Nothing is wider than the window: no sideways scrolling, anywhere. */
      async function expectNoSidewaysScroll(where: string) {
        const widths = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          client: document.documentElement.clientWidth,
          scrollX: window.scrollX,
          // Panels that scroll inside themselves must not scroll sideways either.
          inner: [...document.querySelectorAll('.counter, .counter > *, .visit-body, .waiting')]
            .filter((el) => el.scrollWidth > el.clientWidth + 1)
            .map((el) => el.className),
        }));
        expect(widths.scroll, `page wider than the window (${where})`).toBeLessThanOrEqual(widths.client);
        expect(widths.scrollX, where).toBe(0);
        expect(widths.inner, `panels scrolling sideways (${where})`).toEqual([]);
      }

      /**
       * At 1:1 the element is inside the viewport as the page stands, with the page not
       * scrolled at all; zoomed (one column, page scrolls down) it fits the width once scrolled to.
       */
      async function expectInView(locator: Locator, what: string) {
        if (zoomed) await locator.scrollIntoViewIfNeeded();
        const b = await box(locator);
        const v = await viewport();
        expect(b.clipped, `${what}: hidden by a panel's own scrolling`).toBe(false);
        expect(b.left, `${what}: left edge`).toBeGreaterThanOrEqual(0);
        expect(b.right, `${what}: right edge`).toBeLessThanOrEqual(v.width);
        if (!zoomed) {
          expect(b.top, `${what}: top edge`).toBeGreaterThanOrEqual(0);
          expect(b.bottom, `${what}: bottom edge`).toBeLessThanOrEqual(v.height);
          expect(await page.evaluate(() => window.scrollY), `${what}: page scrolled`).toBe(0);
        }
      }

      const currentTicket = () => page.locator('.my-ticket');
      /** The queue as the officer needs it: the next ticket to be called (or "nobody waiting"). */
      const queueHead = () => page.locator('.waiting tbody tr:first-child, .waiting > p').first();
      const closeVisit = () => page.getByRole('button', { name: /^Avsluta besök/ });

      async function checkState(state: string, withVisit: boolean) {
        await expectNoSidewaysScroll(state);
        await expectInView(currentTicket(), `${state}: current ticket`);
        await expectInView(queueHead(), `${state}: queue`);
        if (withVisit) await expectInView(closeVisit(), `${state}: Avsluta besök`);
        await expectAccessible(page, `${size.name} ${state}`);
        if (zoomed) await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: join(ARTIFACTS, `after-${size.name}-${state}.png`) });
      }

      beforeAll(async () => {
        ({ backend, bridge } = await startE2eHost());
        browser = await launchChromium();
        page = await officerPage(browser, problems, size);
      });

      afterAll(async () => {
        await browser?.close();
        await bridge?.close();
        backend?.close();
      });

      it('opens a counter and issues tickets in two queues', async () => {
        await openFirstCounter(page, bridge.url);
        await expect.poll(() => currentTicket().textContent()).toContain('Lucka 1 är ledig.');
        for (const letter of ['A', 'A', 'A', 'B', 'B']) {
          await page.getByLabel('Ny kölapp i kö').selectOption(letter);
          const before = await page.locator('.waiting tbody th').count();
          await page.getByRole('button', { name: /Skriv ut kölapp/ }).click();
          await expect.poll(() => page.locator('.waiting tbody th').count()).toBe(before + 1);
        }
        expect(await page.locator('.waiting tbody th').allTextContents()).toEqual([
          'A001',
          'A002',
          'A003',
          'B001',
          'B002',
        ]);
        // Waits read as minutes, never as m:ss.
        expect(await page.locator('.waiting tbody td').nth(1).textContent()).toBe('0 min');
        await checkState('01-idle', false);
      });

      it('calls, marks a no-show and recalls it', async () => {
        await page.getByRole('button', { name: /^Kalla nästa/ }).click();
        await expect.poll(() => currentTicket().textContent()).toContain('A001');
        await page.getByRole('button', { name: /^Uteblev/ }).click();
        await expect.poll(() => currentTicket().textContent()).toContain('Lucka 1 är ledig.');
        await page.getByRole('button', { name: 'Ropa upp A001 igen' }).click();
        await expect.poll(() => currentTicket().textContent()).toContain('2 gånger');
        await checkState('02-called', false);
      });

      it('transfers a waiting ticket from its row menu; nothing scrolls sideways after', async () => {
        await page.getByRole('button', { name: 'Åtgärder för A002' }).click();
        await page.getByLabel('Flytta A002 till kö').selectOption('B');
        await checkState('03-row-actions-open', false);
        await page.getByRole('button', { name: 'Flytta A002' }).click();
        await expect.poll(() => page.locator('.waiting tbody tr').first().textContent()).toMatch(/^A002B/);
        // The menu closed and focus went back to the row's button.
        await expect.poll(() => page.locator('.row-detail').count()).toBe(0);
        await expect
          .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
          .toBe('Åtgärder för A002');
        await checkState('04-after-transfer', false);
      });

      it('serves with two errands; the visit scrolls inside itself with "Avsluta besök" in view', async () => {
        await page.getByRole('button', { name: /^Betjäna/ }).click();
        await expect.poll(() => page.locator('.visit .ticket-number').textContent()).toBe('A001');
        for (const [agency, errand] of [
          ['Skatteverket', 'ID-kort'],
          ['Försäkringskassan', 'EU-kort'],
        ] as const) {
          await page.getByLabel('Myndighet', { exact: true }).selectOption({ label: agency });
          await page.getByLabel('Ärende', { exact: true }).selectOption({ label: errand });
          await page.getByRole('button', { name: 'Lägg till ärende' }).click();
          await expect.poll(() => page.getByLabel(new RegExp(`^Utfall för \\d\\. ${errand}`)).count()).toBe(1);
        }
        await expectInView(page.locator('.visit .ticket-number'), 'visit ticket number');
        await checkState('05-visit-two-errands', true);
      });

      it('walks the first errand in its guide and saves the outcome, with a confirmation', async () => {
        await page.keyboard.press('Alt+O');
        await expect.poll(() => page.locator('.guide').count()).toBe(1);
        await checkState('06-guide', false);
        // Through the guide by Enter alone on a focused option, typing only into fields.
        for (let i = 0; i < 15 && (await page.locator('#guide-record').count()) === 0; i++) {
          const tag = await page.evaluate(() => document.activeElement?.tagName);
          if (tag === 'INPUT') await page.keyboard.type('19811218-9876');
          await page.keyboard.press('Enter');
          await page.waitForFunction(() => document.activeElement !== document.body).catch(() => {});
        }
        await page.locator('#guide-record').click();
        await expect
          .poll(() => page.locator('.visit-foot .notice').textContent())
          .toMatch(/^Utfallet sparat i 1\. ID-kort/);
        await page.getByLabel('Utfall för 2. EU-kort (Försäkringskassan)').selectOption({ label: 'Klart' });
        await checkState('07-outcomes-saved', true);
      });

      it('closes the visit; the page is back where it was', async () => {
        await closeVisit().click();
        await expect.poll(() => page.getByText('Inget besök pågår.').isVisible()).toBe(true);
        await checkState('08-closed', false);
      });

      it('corrects the closed visit from the log; the reopened visit is in view', async () => {
        await page
          .getByRole('button', { name: /^Rätta besöket/ })
          .first()
          .click();
        await page.getByLabel('Varför rättas besöket?').selectOption({ label: 'Fel utfall' });
        await page.getByRole('button', { name: 'Öppna för rättning' }).click();
        await expect.poll(() => page.getByText('rättas').isVisible()).toBe(true);
        // My figures keep counting the visit while it is reopened.
        expect(await page.locator('.my-figures').textContent()).toMatch(/^Dina siffror i dag: 1 /);
        await checkState('09-correcting', true);
        await closeVisit().click();
        await expect.poll(() => page.getByText('Inget besök pågår.').isVisible()).toBe(true);
      });

      it('ran without console errors', () => {
        expect(problems).toEqual([]);
      });
    });
  }
});
