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
