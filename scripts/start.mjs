#!/usr/bin/env node
// `npm start`: builds, then runs the real Electron app. The runtime (and an Electron-ABI
// build of better-sqlite3) is fetched on first use; where that cannot be done, say so in
// two plain lines and open the browser preview instead.
import { execFileSync, spawn } from 'node:child_process';
import { downloadElectron, electronBinary, nativeBuildFits } from './electron-runtime.mjs';
import { exitCodeFor, sandboxArgs } from './lib/electron-launch.mjs';
import { runNpm } from './lib/npm.mjs';

execFileSync(process.execPath, ['scripts/ensure-deps.mjs'], { stdio: 'inherit' });
runNpm(['run', '--silent', 'build']);

function fallBackToPreview(why) {
  console.log(`Lucka: ${why}`);
  console.log(
    'Opening the browser preview instead (npm run preview); on a machine that can reach GitHub, npm start runs the real app.',
  );
  const child = spawn(process.execPath, ['build/preview/server.cjs', ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(exitCodeFor(code, signal)));
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
  // Rebuilt when missing or stamped for another Electron or better-sqlite3 version.
  let nativeReady = nativeBuildFits();
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
    // The sandbox stays on unless this machine cannot start it (root; AppArmor without a SUID helper).
    const sandbox = sandboxArgs(binary);
    if (sandbox.note) console.log(`Lucka: ${sandbox.note}`);
    const child = spawn(binary, ['.', ...sandbox.args, ...process.argv.slice(2)], { stdio: 'inherit' });
    for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
    // A crash by a signal is a failure, not exit 0.
    child.on('exit', (code, signal) => process.exit(exitCodeFor(code, signal)));
  }
}
