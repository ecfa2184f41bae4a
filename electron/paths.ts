import { join } from 'node:path';
import { APP_PAGE_URL } from './appProtocol';

/**
 * Where the built pieces sit relative to build/electron/main.cjs. Inside a packaged
 * app the native module is unpacked from the asar archive (electron-builder asarUnpack).
 */
export function appPaths(electronDir: string) {
  const nativeDir = join(electronDir, '..', 'native', 'electron').replace(/app\.asar([\\/]|$)/, 'app.asar.unpacked$1');
  return {
    preload: join(electronDir, 'preload.cjs'),
    backend: join(electronDir, 'backend.cjs'),
    /** The directory app://lucka/ serves (electron/appProtocol.ts). */
    rendererDir: join(electronDir, '..', 'renderer'),
    /** The same URL whatever the install path or its spelling (drive letter, %). */
    rendererUrl: APP_PAGE_URL,
    nativeDir,
    nativeBinding: join(nativeDir, 'better_sqlite3.node'),
  };
}
