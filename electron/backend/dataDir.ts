import { isAbsolute, resolve } from 'node:path';

/**
 * Where the store lives: `--data-dir=PATH` (or `--data-dir PATH`), else
 * LUCKA_DATA_DIR, else the host's default (Electron's userData in the product).
 */
export function resolveDataDir(argv: readonly string[], env: NodeJS.ProcessEnv, fallback: string): string {
  let chosen: string | undefined;
  argv.forEach((arg, i) => {
    if (arg.startsWith('--data-dir=')) chosen = arg.slice('--data-dir='.length);
    else if (arg === '--data-dir' && argv[i + 1]) chosen = argv[i + 1];
  });
  chosen ??= env.LUCKA_DATA_DIR || fallback;
  if (!chosen) throw new Error('No data directory: pass --data-dir=PATH or set LUCKA_DATA_DIR.');
  return isAbsolute(chosen) ? chosen : resolve(chosen);
}
