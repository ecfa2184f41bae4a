#!/usr/bin/env node
// `npm start`: builds, then runs the real Electron app. The runtime (and an Electron-ABI
// build of better-sqlite3) is fetched on first use; where that cannot be done, say so in
// two plain lines and open the browser preview instead.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { downloadElectron, electronBinary } from './electron-runtime.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
execFileSync(process.execPath, ['scripts/ensure-deps.mjs'], { stdio: 'inherit' });
execFileSync(npm, ['run', '--silent', 'build'], { stdio: 'inherit' });

function fallBackToPreview(why) {
  console.log(`Lucka: ${why}`);
  console.log(
    'Opening the browser preview instead (npm run preview); on a machine that can reach GitHub, npm start runs the real app.',
  );
  const child = spawn(process.execPath, ['build/preview/server.cjs', ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

let binary = electronBinary();
if (!binary && process.env.LUCKA_NO_ELECTRON_DOWNLOAD !== '1') {
  console.log('Fetching the Electron runtime (first run) …');
  binary = downloadElectron() ? electronBinary() : null;
}
if (!binary) {
  fallBackToPreview(
    'the Electron runtime is not installed and cannot be downloaded here (its download server is out of reach).',
  );
} else {
  let nativeReady = existsSync('build/native/electron/better_sqlite3.node');
  if (!nativeReady) {
    try {
      execFileSync(process.execPath, ['scripts/build-native-electron.mjs'], { stdio: 'inherit' });
      nativeReady = true;
    } catch {
      nativeReady = false;
    }
  }
  if (!nativeReady) {
    fallBackToPreview('the SQLite driver could not be built for Electron here (Electron headers are out of reach).');
  } else {
    // Electron refuses to run as root without --no-sandbox; the renderer sandbox stays on otherwise.
    const args = ['.', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), ...process.argv.slice(2)];
    const child = spawn(binary, args, { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
  }
}
