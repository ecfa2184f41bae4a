#!/usr/bin/env node
// Renders assets/build/icon.svg to assets/build/icon.png (512x512, transparent corners) in
// Debian's Chromium, the browser the e2e tests use. Run after changing the SVG; the PNG is
// committed because electron-builder reads it from assets/build (buildResources).
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const svg = readFileSync(new URL('../assets/build/icon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
try {
  const page = await browser.newPage({ viewport: { width: 512, height: 512 } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({
    path: new URL('../assets/build/icon.png', import.meta.url).pathname,
    omitBackground: true,
  });
} finally {
  await browser.close();
}
