#!/usr/bin/env node
// `npm run server` / `npm run server:admin`: builds only the two server bundles with esbuild
// when missing or older than any source they are made from (fast, no full build), then runs one.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const which = process.argv[2];
const entries = { main: 'build/server/main.cjs', admin: 'build/server/admin.cjs' };
/** Started by main.cjs as worker threads (reports off the event loop); found beside it. */
const worker = 'build/server/reportWorker.cjs';
if (!(which in entries)) {
  console.error('usage: node scripts/server.mjs main|admin [args…]');
  process.exit(2);
}

/** Newest modification time of the sources the bundles are built from. */
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(join(root, path)).mtimeMs);
    }
  };
  for (const dir of ['server', 'shared', 'electron/backend/guides']) walk(dir);
  return newest;
}

const outputs = [...Object.values(entries), worker].map((f) => join(root, f));
const stale =
  outputs.some((f) => !existsSync(f)) || Math.min(...outputs.map((f) => statSync(f).mtimeMs)) < newestSource();
if (stale) {
  const { build } = await import('esbuild');
  const options = {
    bundle: true,
    sourcemap: true,
    logLevel: 'warning',
    loader: { '.sql': 'text' },
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
  };
  await Promise.all([
    build({ ...options, entryPoints: [join(root, 'server/main.ts')], outfile: outputs[0] }),
    build({ ...options, entryPoints: [join(root, 'server/admin.ts')], outfile: outputs[1] }),
    build({ ...options, entryPoints: [join(root, 'server/reports/reportWorker.ts')], outfile: outputs[2] }),
  ]);
}

const child = spawn(process.execPath, ['--enable-source-maps', join(root, entries[which]), ...process.argv.slice(3)], {
  stdio: 'inherit',
});
// The server stops gracefully on these; pass them on rather than dying first.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
