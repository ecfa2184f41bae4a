import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

let built: Promise<string> | undefined;

/**
 * The report worker's script. The service's bundle (build/server, scripts/server.mjs) has
 * reportWorker.cjs beside it. Run from the TypeScript sources (tests), the worker is bundled
 * once per process with esbuild (a dev dependency) into node_modules/.cache, where its
 * packages resolve, and removed at exit.
 */
export function reportWorkerScript(): Promise<string> {
  const bundled = join(__dirname, 'reportWorker.cjs');
  if (existsSync(bundled)) return Promise.resolve(bundled);
  built ??= (async () => {
    const root = resolve(__dirname, '..', '..');
    const dir = join(root, 'node_modules', '.cache', 'lucka-server');
    mkdirSync(dir, { recursive: true });
    const out = join(dir, `reportWorker-${process.pid}-${Date.now()}.cjs`);
    const { build } = await import('esbuild');
    await build({
      entryPoints: [join(root, 'server', 'reports', 'reportWorker.ts')],
      outfile: out,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      packages: 'external',
      loader: { '.sql': 'text' },
      logLevel: 'warning',
    });
    process.once('exit', () => rmSync(out, { force: true }));
    return out;
  })();
  return built;
}
