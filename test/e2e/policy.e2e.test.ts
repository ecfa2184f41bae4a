import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/backend/boot';
import type { HttpBridge } from '../../electron/backend/hosts/httpBridge';
import { loadPolicy } from '../../electron/backend/policyFile';
import { browserAvailable, launchChromium } from '../support/browser';
import { expectAccessible, shot, startE2eHost } from '../support/e2eHost';
import { tempDirKept } from '../support/tempKept';

const run = browserAvailable();

describe.runIf(run)(
  "IT's policy in the UI: presets shown, locked settings not changeable, raw requests refused",
  () => {
    let browser: Browser;
    let backend: Backend;
    let bridge: HttpBridge;
    let page: Page;

    beforeAll(async () => {
      const path = join(tempDirKept(), 'policy.json');
      writeFileSync(
        path,
        JSON.stringify({
          version: 1,
          offices: ['storuman'],
          centralServiceUrl: 'https://127.0.0.1:9/lucka',
          language: 'sv',
          locked: ['office', 'centralServiceUrl', 'language'],
        }),
      );
      ({ backend, bridge } = await startE2eHost({ policy: loadPolicy(path) }));
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
    });

    afterAll(async () => {
      await browser?.close();
      await bridge?.close();
      backend?.close();
    });

    it('first run offers only the locked office and says it is locked; a raw request for another is refused', async () => {
      await page.goto(bridge.url);
      await expect.poll(() => page.getByRole('heading', { name: 'Kom igång' }).isVisible()).toBe(true);
      // The picker offers the one office the policy allows, chosen and not to be changed.
      const offices = page.locator('.office-picker input[type="radio"]');
      expect(await offices.count()).toBe(1);
      const office = offices.first();
      expect(await office.isDisabled()).toBe(true);
      expect(await office.isChecked()).toBe(true);
      expect(await office.inputValue()).toBe('storuman');
      await expect.poll(() => page.getByText('Låst av IT-avdelningens policy.').first().isVisible()).toBe(true);
      await expect.poll(() => page.getByRole('heading', { name: 'Inställt av IT' }).isVisible()).toBe(true);
      expect(await page.getByRole('combobox', { name: 'Språk' }).isDisabled()).toBe(true);
      await expectAccessible(page, 'setup under a policy');
      await shot(page, 'policy-setup');

      // The same request the form would send, for another office, straight to the backend.
      const reply = await page.evaluate(() =>
        (window as unknown as { lucka: { request(c: string, i: unknown): Promise<unknown> } }).lucka.request(
          'setup.save',
          {
            officeId: 'visby',
            officerSignature: 'ANLA',
          },
        ),
      );
      expect(reply).toMatchObject({ ok: false, error: { code: 'POLICY_LOCKED' } });

      await page.getByLabel('Din signatur').fill('ANLA');
      await page.getByRole('button', { name: 'Spara och börja' }).click();
      await expect
        .poll(async () => (await backend.host.handle({ id: 1, channel: 'setup.get', input: {} })) as unknown)
        .toMatchObject({
          ok: true,
          result: { officeId: 'storuman', officerSignature: 'ANLA' },
        });
    });
  },
);
