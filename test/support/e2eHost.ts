import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { bootBackend, type Backend } from '../../electron/backend/boot';
import { startHttpBridge, type HttpBridge } from '../../electron/backend/hosts/httpBridge';
import type { TrustedKey } from '../../shared/node/signatures';
import type { SyncOptions } from '../../electron/backend/sync/syncService';
import type { PolicyState } from '../../shared/policy';
import { axeViolations } from './axe';
import { tempDirKept } from './tempKept';
import { statsWorkerFile } from './statsWorker';
import { TEST_PAIRING_COST_N, TEST_PASSPHRASE_COST_N } from './testCosts';

export const ROOT = resolve(__dirname, '..', '..');
export const RENDERER = join(ROOT, 'build', 'renderer');
export const BRIDGE = join(ROOT, 'build', 'preview', 'bridge.js');
export const ARTIFACTS = join(ROOT, 'test', 'artifacts');

export interface E2eHost {
  dataDir: string;
  backend: Backend;
  bridge: HttpBridge;
}

/** The built renderer behind the loopback host, with the real handlers over a real SQLite file in a temp dir. */
export async function startE2eHost(
  options: {
    trustedKeys?: readonly TrustedKey[];
    sync?: Partial<SyncOptions>;
    policy?: PolicyState;
    now?: () => Date;
    /** Exports pause after their first progress until cancelled (a test acts while one surely runs). */
    holdExports?: boolean;
    /** Where the PC serves the queue if it takes over a dead hub (hub/takeover.ts). */
    takeover?: { port: number; listenHost: string };
  } = {},
): Promise<E2eHost> {
  if (!existsSync(join(RENDERER, 'index.html')) || !existsSync(BRIDGE)) {
    throw new Error('The renderer is not built: run `npm run build` (npm test does it for you).');
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const dataDir = tempDirKept();
  // The backend's log goes to a file in the data dir, as a crash report would, so tests can scan it.
  const logFile = join(dataDir, 'backend.log');
  writeFileSync(logFile, '');
  const backend = bootBackend({
    dataDir,
    appVersion: 'e2e',
    dailyBackup: true,
    trustedKeys: options.trustedKeys,
    // A test's own clock for the backend (midnight, DST days); the browser keeps real time.
    now: options.now,
    // The uploader's rounds stay off (tests press "Synka nu"); its timeouts and backoff can be shortened.
    sync: options.sync,
    log: (entry) => appendFileSync(logFile, `${JSON.stringify(entry)}\n`),
    passphraseCostN: TEST_PASSPHRASE_COST_N,
    policy: options.policy,
    pairingCostN: TEST_PAIRING_COST_N,
    statsWorkerFile: statsWorkerFile(),
    holdExports: options.holdExports,
    takeover: options.takeover,
  });
  const bridge = await startHttpBridge({
    host: backend.host,
    rendererDir: RENDERER,
    bridgeScript: BRIDGE,
    downloads: (key) => backend.context?.statsJobs.takeDownload(key) ?? null,
  });
  return { dataDir, backend, bridge };
}

/** A full-page screenshot under test/artifacts/ (ignored by git), to look at. */
export function shot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** axe-core finds nothing against WCAG 2.1 A and AA. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, `axe violations on ${where}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}
