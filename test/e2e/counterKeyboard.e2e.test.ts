import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/backend/boot';
import type { HttpBridge } from '../../electron/backend/hosts/httpBridge';
import { browserAvailable, launchChromium, officerPage, openFirstCounter } from '../support/browser';
import { expectAccessible, startE2eHost } from '../support/e2eHost';

/** A test personnummer (the guide keeps only the age; guides.e2e checks it is stored nowhere). */
const PERSONNUMMER = '19811218-9876';

/**
 * One whole visit by keyboard alone: call → serve → errand → guide → outcome → close, in at
 * most 25 keystrokes (what is typed into a field not counted), with focus checked after
 * every action to be where the next action is.
 */
describe.runIf(browserAvailable())('a whole visit by keyboard', () => {
  let browser: Browser;
  let backend: Backend;
  let bridge: HttpBridge;
  let page: Page;
  let keystrokes = 0;
  const problems: string[] = [];

  const press = async (key: string) => {
    keystrokes++;
    await page.keyboard.press(key);
  };
  /** What has focus, as the officer would name it. */
  const focused = () =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return { id: el?.id ?? '', tag: el?.tagName ?? '', text: (el?.textContent ?? '').trim() };
    });
  const focusIs = (id: string) => expect.poll(async () => (await focused()).id).toBe(id);

  beforeAll(async () => {
    ({ backend, bridge } = await startE2eHost());
    browser = await launchChromium();
    page = await officerPage(browser, problems, { width: 1280, height: 720 });
  });

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
    backend?.close();
  });

  it('opens a counter with one ticket waiting', async () => {
    await openFirstCounter(page, bridge.url);
    await expect.poll(() => page.locator('.my-ticket').textContent()).toContain('Lucka 1 är ledig.');
    await page.keyboard.press('Alt+L');
    await expect.poll(() => page.locator('.waiting tbody th').allTextContents()).toEqual(['A001']);
  });

  it('calls, serves, adds an errand, walks its guide, saves the outcome and closes in ≤ 25 keys', async () => {
    await press('Alt+N');
    await expect.poll(() => page.locator('.my-ticket').textContent()).toContain('A001');
    await focusIs('action-serve');

    await press('Enter');
    await expect.poll(() => page.locator('.visit .ticket-number').textContent()).toBe('A001');
    await focusIs('errand-agency');

    await press('s'); // Skatteverket
    await expect.poll(() => page.locator('#errand-agency').inputValue()).toBe('SKV');
    await press('Tab');
    await focusIs('errand-kind');
    await press('i'); // ID-kort
    await expect.poll(() => page.locator('#errand-kind').inputValue()).toBe('skv.id_card');
    await press('Enter');
    const errandId = await page
      .locator('fieldset.errand')
      .first()
      .evaluate((el) => el.querySelector('select')!.id);
    await focusIs(errandId.replace(/^outcome-/, 'guide-open-'));

    await press('Enter');
    await expect.poll(() => page.locator('#guide-step-title').textContent()).toMatch(/bokad tid/i);
    // Focus is on the step's own control ("Nästa"), not on a link in the step's extras.
    await expect.poll(async () => (await focused()).text).toBe('Nästa');
    await expectAccessible(page, 'guide opened by keyboard');

    // On through the guide: Enter on the focused control; a field is typed into first.
    for (let step = 0; step < 10 && (await focused()).id !== 'guide-record'; step++) {
      const before = await page.locator('#guide-step-title').textContent();
      if ((await focused()).tag === 'INPUT') await page.keyboard.type(PERSONNUMMER);
      await press('Enter');
      await expect
        .poll(
          async () =>
            (await focused()).id === 'guide-record' ||
            (await page.locator('#guide-step-title').textContent()) !== before,
        )
        .toBe(true);
      const now = await focused();
      expect(now.tag, 'focus after a guide step').not.toBe('BODY');
    }
    await focusIs('guide-record');

    await press('Enter');
    await expect
      .poll(() => page.locator('.visit-foot .notice').textContent())
      .toBe('Utfallet sparat i 1. ID-kort (Skatteverket): Klart.');
    await focusIs('close-visit');
    expect(await page.getByRole('button', { name: 'Gå igenom guiden igen' }).count()).toBe(1);
    await expectAccessible(page, 'outcome saved');

    await press('Enter');
    await expect.poll(() => page.getByText('Inget besök pågår.').isVisible()).toBe(true);
    await focusIs('action-callNext');
    expect(await page.locator('.log tbody tr').first().textContent()).toContain('1. ID-kort (Skatteverket) – Klart');

    expect(keystrokes).toBeLessThanOrEqual(25);
    console.log(`a whole visit by keyboard: ${keystrokes} keystrokes`);
  });

  it('ran without console errors', () => {
    expect(problems).toEqual([]);
  });
});
