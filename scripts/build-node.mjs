#!/usr/bin/env node
// Bundles every Node-side entry with esbuild: the Electron main, preload and backend
// processes, the preview host and the benchmarks. Migrations (.sql) are bundled as
// text; electron stays external. The Electron bundles carry everything they run (the
// installed app ships no node_modules): the backend bundles better-sqlite3's JavaScript
// and loads its Electron-ABI binary through `nativeBinding`.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const sqlitePkg = JSON.parse(
  readFileSync(new URL('../node_modules/better-sqlite3/package.json', import.meta.url), 'utf8'),
);
const common = {
  bundle: true,
  sourcemap: true,
  logLevel: 'warning',
  loader: { '.sql': 'text' },
  define: {
    __APP_VERSION__: JSON.stringify(pkg.version),
    // What the Electron-ABI driver's stamp must say (electron/nativeStamp.ts).
    __BETTER_SQLITE3_VERSION__: JSON.stringify(sqlitePkg.version),
  },
  external: ['electron', 'better-sqlite3'],
};
const node = { ...common, platform: 'node', target: 'node20', format: 'cjs' };

// The statistics worker thread (issue 12) beside every bundle that boots a backend.
const statsWorker = (dir) =>
  build({ ...node, entryPoints: ['electron/backend/stats/statsWorker.ts'], outfile: `build/${dir}/statsWorker.cjs` });

await Promise.all([
  statsWorker('electron'),
  statsWorker('preview'),
  statsWorker('bench'),
  build({ ...node, entryPoints: ['electron/index.ts'], outfile: 'build/electron/main.cjs' }),
  // Sandboxed preload: may require only 'electron' (and a few shims); everything else is bundled.
  build({ ...node, entryPoints: ['electron/preload.ts'], outfile: 'build/electron/preload.cjs' }),
  build({
    ...node,
    entryPoints: ['electron/backend/entry.ts'],
    outfile: 'build/electron/backend.cjs',
    external: ['electron'],
  }),
  build({
    ...node,
    entryPoints: ['electron/backend/hosts/previewMain.ts'],
    outfile: 'build/preview/server.cjs',
    // Fastify and friends load fine from node_modules; bundling them buys nothing.
    packages: 'external',
  }),
  build({
    ...common,
    platform: 'browser',
    target: 'chrome130',
    format: 'iife',
    entryPoints: ['renderer/preview/bridgeClient.ts'],
    outfile: 'build/preview/bridge.js',
  }),
  build({ ...node, entryPoints: ['test/bench/run.ts'], outfile: 'build/bench/run.cjs', packages: 'external' }),
  // The central statistics service and its admin CLI (also built on demand by scripts/server.mjs).
  build({ ...node, entryPoints: ['server/main.ts'], outfile: 'build/server/main.cjs', packages: 'external' }),
  build({ ...node, entryPoints: ['server/admin.ts'], outfile: 'build/server/admin.cjs', packages: 'external' }),
  build({
    ...node,
    entryPoints: ['server/reports/reportWorker.ts'],
    outfile: 'build/server/reportWorker.cjs',
    packages: 'external',
  }),
]);
console.log('built build/electron, build/preview, build/bench, build/server');
