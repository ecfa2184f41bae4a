#!/usr/bin/env node
// Runs the guide tooling (scripts/guides/cli.ts): bundled with esbuild on the fly, so it
// needs no separate build and always uses the same validator as the app.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';

const outfile = 'build/tools/guides.cjs';
await build({
  entryPoints: ['scripts/guides/cli.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
});
const result = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
