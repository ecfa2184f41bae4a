// Runs a TypeScript tool of the repo: bundled with esbuild on the fly, so it needs no separate
// build and always uses the same code as the app (validator, signatures). Each run bundles to
// its own temporary file, so two runs at once (tests in parallel) never read each other's half.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export async function runTs(entry, args) {
  const dir = mkdtempSync(join(tmpdir(), 'lucka-tool-'));
  const outfile = join(dir, `${basename(entry, '.ts')}.cjs`);
  try {
    await build({
      entryPoints: [join(ROOT, entry)],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      logLevel: 'warning',
    });
    const result = spawnSync(process.execPath, [outfile, ...args], { stdio: 'inherit' });
    process.exitCode = result.status ?? 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
