import { join, resolve } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { bootBackend } from '../../electron/backend/boot';
import { startHttpBridge } from '../../electron/backend/hosts/httpBridge';
import { CHROMIUM_PATH, launchChromium } from '../support/browser';
import { existsSync } from 'node:fs';

const ROOT = resolve(__dirname, '..', '..');
const CALLS = 30;

interface Figures {
  commitMedian: number;
  frameMedian: number;
  frameP95: number;
  frameMax: number;
}

const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;

/**
 * The counter view in Debian's Chromium with `waiting` tickets: an officer calls the
 * next ticket and puts it back, CALLS times. The renderer's own User Timing measures
 * (snapshot set → DOM committed → next frame) are read back from the page.
 */
async function measure(waiting: number): Promise<Figures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lucka-render-'));
  const backend = bootBackend({ dataDir, appVersion: 'bench' });
  const host = backend.host;
  let id = 1;
  const call = async (channel: string, input: unknown) => {
    const reply = await host.handle({ id: id++, channel, input });
    if (!reply.ok) throw new Error(`${channel}: ${JSON.stringify(reply.error)}`);
    return reply.result as never;
  };
  await call('setup.save', { officeId: 'stockholm', officerSignature: 'ANLA' });
  for (let i = 0; i < waiting; i++) await call('tickets.issue', { queueLetter: i % 2 ? 'A' : 'B', source: 'kiosk' });
  const bridge = await startHttpBridge({
    host,
    rendererDir: join(ROOT, 'build', 'renderer'),
    bridgeScript: join(ROOT, 'build', 'preview', 'bridge.js'),
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(bridge.url);
    await page.getByLabel('Min lucka').selectOption({ label: 'Lucka 1' });
    await page.getByRole('button', { name: 'Öppna luckan' }).click();
    await page.getByText('Lucka 1 är ledig.').waitFor();
    await page.evaluate(() => performance.clearMeasures());
    // Each shortcut once the previous action has finished (shortcuts do nothing while busy).
    for (let i = 0; i < CALLS; i++) {
      await page.locator('button[aria-keyshortcuts="Alt+N"]:enabled').waitFor();
      await page.keyboard.press('Alt+N');
      await page.locator('button[aria-keyshortcuts="Alt+K"]:enabled').waitFor();
      await page.keyboard.press('Alt+K');
      await page.getByText('Lucka 1 är ledig.').waitFor();
    }
    await page.waitForTimeout(200);
    const [commit, frame] = await page.evaluate(() => [
      performance.getEntriesByName('lucka:queue-commit').map((e) => e.duration),
      performance.getEntriesByName('lucka:queue-frame').map((e) => e.duration),
    ]);
    return {
      commitMedian: quantile(commit!, 0.5),
      frameMedian: quantile(frame!, 0.5),
      frameP95: quantile(frame!, 0.95),
      frameMax: Math.max(...frame!),
    };
  } finally {
    await browser.close();
    await bridge.close();
    backend.close();
  }
}

export async function runCounterRenderBenchmark(): Promise<void> {
  console.log('▶ counter-render: counter view in Chromium, re-render after a call with 500 vs 5 waiting tickets');
  if (!existsSync(CHROMIUM_PATH) || !existsSync(join(ROOT, 'build', 'renderer', 'index.html'))) {
    console.log(`  skipped: needs Chromium at ${CHROMIUM_PATH} and a built renderer (npm run build)`);
    return;
  }
  const baseline = await measure(5);
  const subject = await measure(500);
  const fmt = (f: Figures) =>
    `commit median ${f.commitMedian.toFixed(1)} ms, to next frame median ${f.frameMedian.toFixed(1)} ms (p95 ${f.frameP95.toFixed(1)}, max ${f.frameMax.toFixed(1)})`;
  console.log(`  500 waiting: ${fmt(subject)}`);
  console.log(`    5 waiting: ${fmt(baseline)}`);
  console.log(
    `  counter-render: commit ratio ${(subject.commitMedian / baseline.commitMedian).toFixed(2)}× vs 5 waiting; ` +
      `commit median ${(subject.commitMedian / 16.7).toFixed(2)} of a 60 Hz frame (target: within one frame)`,
  );
}
