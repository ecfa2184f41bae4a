import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Where the built pieces sit relative to build/electron/main.cjs. Inside a packaged
 * app the native module is unpacked from the asar archive (electron-builder asarUnpack).
 */
export function appPaths(electronDir: string) {
  const renderer = join(electronDir, '..', 'renderer', 'index.html');
  return {
    preload: join(electronDir, 'preload.cjs'),
    backend: join(electronDir, 'backend.cjs'),
    renderer,
    rendererUrl: pathToFileURL(renderer).href,
    nativeBinding: join(electronDir, '..', 'native', 'electron', 'better_sqlite3.node').replace(
      /app\.asar([\\/])/,
      'app.asar.unpacked$1',
    ),
  };
}
