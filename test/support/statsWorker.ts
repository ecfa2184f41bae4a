import { buildSync } from 'esbuild';
import { mkdirSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
let built: string | null = null;

/**
 * The statistics worker (electron/backend/stats/statsWorker.ts) bundled for this test
 * process, as scripts/build-node.mjs bundles it for the app: a worker thread runs
 * JavaScript, not the TypeScript vitest transforms. Written under node_modules/.cache so
 * that `better-sqlite3` (left external, native) resolves from the repository.
 */
export function statsWorkerFile(): string {
  built ??= process.env.LUCKA_TEST_STATS_WORKER ?? bundleStatsWorker(`pid-${process.pid}`);
  return built;
}

/** Bundles the worker to a file of its own (`name`), written whole before it is used. */
export function bundleStatsWorker(name: string): string {
  const dir = join(ROOT, 'node_modules', '.cache', 'lucka-test');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `statsWorker-${name}.cjs`);
  buildSync({
    entryPoints: [join(ROOT, 'electron', 'backend', 'stats', 'statsWorker.ts')],
    outfile: `${file}.tmp`,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['better-sqlite3'],
    logLevel: 'warning',
  });
  renameSync(`${file}.tmp`, file);
  return file;
}
