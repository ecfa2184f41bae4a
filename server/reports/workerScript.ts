import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

let built: Promise<string> | undefined;

/** What the worker may be built from: a change to any of these files is a new bundle. */
const SOURCE_DIRS = ['server', 'shared', 'assets/guides'];

function sourceStamp(root: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        const s = statSync(join(root, path));
        hash.update(`${path}:${s.mtimeMs}:${s.size}\n`);
      }
    }
  };
  for (const dir of SOURCE_DIRS) if (existsSync(join(root, dir))) walk(dir);
  return hash.digest('hex').slice(0, 16);
}

/**
 * The report worker's script. The service's bundle (build/server, scripts/server.mjs) has
 * reportWorker.cjs beside it. Run from the TypeScript sources (tests), the worker is bundled
 * with esbuild (a dev dependency) into node_modules/.cache, where its packages resolve, named
 * by a stamp of its sources so that test files share one bundle until a source changes.
 */
export function reportWorkerScript(): Promise<string> {
  const bundled = join(__dirname, 'reportWorker.cjs');
  if (existsSync(bundled)) return Promise.resolve(bundled);
  built ??= (async () => {
    const root = resolve(__dirname, '..', '..');
    const dir = join(root, 'node_modules', '.cache', 'lucka-server');
    const out = join(dir, `reportWorker-${sourceStamp(root)}.cjs`);
    if (existsSync(out)) return out;
    mkdirSync(dir, { recursive: true });
    const partial = `${out}.${process.pid}.${Date.now()}.tmp`;
    const { build } = await import('esbuild');
    await build({
      entryPoints: [join(root, 'server', 'reports', 'reportWorker.ts')],
      outfile: partial,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      packages: 'external',
      loader: { '.sql': 'text' },
      logLevel: 'warning',
    });
    // Atomic: another test process building the same stamp at once writes the same bytes.
    renameSync(partial, out);
    return out;
  })();
  return built;
}
