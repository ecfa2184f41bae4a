#!/usr/bin/env node
// `npm run hub -- --data-dir PATH --port N [--listen ADDRESS]`: an office hub with no window.
// Bundles the hub's entry with esbuild (a second or so; no full build), then runs it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outfile = join(root, 'build/hub/hub.cjs');
const bundle = (entry, out) =>
  build({
    entryPoints: [join(root, entry)],
    outfile: out,
    bundle: true,
    sourcemap: true,
    logLevel: 'warning',
    loader: { '.sql': 'text' },
    define: { __APP_VERSION__: JSON.stringify(pkg.version) },
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
  });
// The hub boots a whole backend: its supervisors' reports and exports run in the statistics
// worker, which the backend looks for beside its own bundle.
await Promise.all([
  bundle('electron/backend/hosts/hubMain.ts', outfile),
  bundle('electron/backend/stats/statsWorker.ts', join(root, 'build/hub/statsWorker.cjs')),
]);
const child = spawn(process.execPath, ['--enable-source-maps', outfile, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
