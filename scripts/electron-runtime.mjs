// Where the Electron runtime is (or is not), and fetching it on demand. The electron
// package's own install script is disabled by default (package.json allowScripts),
// so `npm install` never tries the download; `npm start` does, when it is needed.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ELECTRON_DIR = 'node_modules/electron';

export function electronVersion() {
  return JSON.parse(readFileSync(join(ELECTRON_DIR, 'package.json'), 'utf8')).version;
}

/** What build/native/electron/stamp.json must say for the Electron-ABI driver to fit this checkout. */
export function expectedNativeStamp() {
  const sqlite = JSON.parse(readFileSync('node_modules/better-sqlite3/package.json', 'utf8')).version;
  return { electron: electronVersion(), betterSqlite3: sqlite };
}

/** True when the Electron-ABI driver exists and its stamp matches this checkout's versions. */
export function nativeBuildFits(dir = 'build/native/electron') {
  try {
    const stamp = JSON.parse(readFileSync(join(dir, 'stamp.json'), 'utf8'));
    const want = expectedNativeStamp();
    return (
      existsSync(join(dir, 'better_sqlite3.node')) &&
      stamp.electron === want.electron &&
      stamp.betterSqlite3 === want.betterSqlite3
    );
  } catch {
    return false;
  }
}

/** Path of the runtime binary, or null when it has not been downloaded. */
export function electronBinary() {
  const pathFile = join(ELECTRON_DIR, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(ELECTRON_DIR, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/** Runs the electron package's installer (downloads from GitHub). Returns true on success. */
export function downloadElectron() {
  try {
    execFileSync(process.execPath, [join(ELECTRON_DIR, 'install.js')], { stdio: 'pipe', timeout: 10 * 60_000 });
    return electronBinary() !== null;
  } catch {
    return false;
  }
}
