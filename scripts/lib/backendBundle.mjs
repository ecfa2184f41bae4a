// Bundles one windowless backend entry (the office hub, a device runner) with esbuild, with
// the statistics worker its backend looks for beside it: a second or so, no full build.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** `entry` (relative to the repository) to `build/<dir>/<name>.cjs`; returns that file's path. */
export async function bundleBackendEntry(entry, dir, name) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const bundle = (from, out) =>
    build({
      entryPoints: [join(root, from)],
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
  const outfile = join(root, 'build', dir, `${name}.cjs`);
  await Promise.all([
    bundle(entry, outfile),
    bundle('electron/backend/stats/statsWorker.ts', join(root, 'build', dir, 'statsWorker.cjs')),
  ]);
  return outfile;
}

/** Runs a bundled entry with this script's arguments, passing signals on and its exit code back. */
export async function runBundled(outfile, args) {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['--enable-source-maps', outfile, ...args], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
