// Runs a TypeScript tool of the repo: bundled with esbuild on the fly into build/tools/, so it
// needs no separate build and always uses the same code as the app (validator, signatures).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { basename } from 'node:path';

export async function runTs(entry, args) {
  const outfile = `build/tools/${basename(entry, '.ts')}.cjs`;
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
  });
  const result = spawnSync(process.execPath, [outfile, ...args], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
