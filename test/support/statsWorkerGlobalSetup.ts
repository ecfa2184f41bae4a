// Vitest globalSetup (the 'unit' project): bundles the statistics worker once per run, so
// no test pays for esbuild inside its own time-out; test/support/statsWorker.ts finds it.
import { bundleStatsWorker } from './statsWorker';

export default function setup(): void {
  process.env.LUCKA_TEST_STATS_WORKER = bundleStatsWorker(`run-${process.pid}`);
}
