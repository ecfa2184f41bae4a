import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vitest/config';

/** Migrations are .sql files imported as text, as esbuild's text loader does in the build. */
const sqlAsText: Plugin = {
  name: 'sql-as-text',
  transform(code, id) {
    if (id.endsWith('.sql')) return { code: `export default ${JSON.stringify(code)};`, map: null };
    return undefined;
  },
};

/**
 * 'electron' resolves to a module that throws: a test must mock it (vi.mock), never load
 * the real package (newer versions try to download the runtime on first require).
 */
const resolve = {
  alias: { electron: fileURLToPath(new URL('./test/support/electronNotAvailable.ts', import.meta.url)) },
};

export default defineConfig({
  plugins: [sqlAsText],
  resolve,
  test: {
    projects: [
      {
        plugins: [sqlAsText],
        resolve,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
          environment: 'node',
          // A watchdog for hangs, not a speed check: integration tests boot real stores, services and
          // child processes, and must pass on a saturated 2-core machine (nothing here asserts a time).
          testTimeout: 30_000,
          hookTimeout: 30_000,
          // One throwaway PostgreSQL cluster per run (test/support/postgres.ts makes the databases).
          globalSetup: ['test/support/postgresGlobalSetup.ts', 'test/support/statsWorkerGlobalSetup.ts'],
        },
      },
      {
        plugins: [sqlAsText],
        resolve,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One browser at a time: the machine has two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
