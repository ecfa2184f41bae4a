#!/usr/bin/env node
// `npm run dist [-- --dir] [-- --stand-in] [-- electron-builder args]`: installers with
// electron-builder (electron-builder.yml) for this platform, or the targets given
// (`--win nsis msi`, `--linux deb`). Steps that need the network say so in one line.
//   --dir        the unpacked app only (release/linux-unpacked or win-unpacked), no installer
//   --stand-in   package against a stand-in Electron distribution (scripts/lib/stand-in-electron.mjs)
//                and, where no Electron-ABI driver is built, a stand-in driver: for checking
//                what goes into the package without the network; the result does not run
//   --output=DIR where the result goes (default release/)
//   --skip-build use the build/ that is there (tests, after npm test's build)
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { electronBinary, electronVersion, expectedNativeStamp, nativeBuildFits } from './electron-runtime.mjs';
import { makeStandInElectron } from './lib/stand-in-electron.mjs';
import { runNpm } from './lib/npm.mjs';

const args = process.argv.slice(2);
const has = (flag) => args.includes(flag);
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const standIn = has('--stand-in');
const needsNetwork = (what, todo) => {
  console.error(`Lucka dist: ${what} needs the network, which this machine lacks; ${todo}`);
  process.exit(2);
};

if (!has('--skip-build')) runNpm(['run', '--silent', 'build']);
if (!existsSync('build/electron/main.cjs')) {
  console.error('Lucka dist: no build/ (run npm run build first)');
  process.exit(1);
}

// The Electron-ABI SQLite driver (prebuilt download or Electron's headers).
if (!nativeBuildFits()) {
  if (standIn) useStandInDriver();
  else {
    try {
      execFileSync(process.execPath, ['scripts/build-native-electron.mjs'], { stdio: 'pipe' });
    } catch {
      needsNetwork(
        `the Electron build of better-sqlite3 (${JSON.stringify(expectedNativeStamp())})`,
        'run npm run build:native:electron where GitHub and electronjs.org are reachable, or add --stand-in to check the package layout only.',
      );
    }
  }
}

const config = {};
if (standIn) {
  config.electronDist = makeStandInElectron(mkdtempSync(join(tmpdir(), 'lucka-electron-dist-')), electronVersion());
} else if (!electronBinary() && !has('--dir')) {
  // electron-builder downloads the runtime for each target platform itself; say so first.
  console.log(
    'Lucka dist: electron-builder will download the Electron runtime (and NSIS/WiX for Windows) from GitHub.',
  );
}
const output = option('output');
if (output) config.directories = { output: resolve(output) };

const builderArgs = ['--config', 'electron-builder.yml', '--publish', 'never'];
if (has('--dir')) builderArgs.push('--dir');
// Anything else goes to electron-builder as given (e.g. `--win nsis msi`, `--linux deb`).
const ours = (a) => ['--dir', '--stand-in', '--skip-build'].includes(a) || a.startsWith('--output=');
const passThrough = args.filter((a) => !ours(a));
builderArgs.push(...passThrough);
// The stand-in is a Linux layout.
if (standIn && !passThrough.includes('--linux')) builderArgs.push('--linux');
try {
  execFileSync(
    process.execPath,
    [
      'node_modules/electron-builder/cli.js',
      ...builderArgs,
      ...Object.entries(config).flatMap(([k, v]) => flattenConfig(k, v)),
    ],
    { stdio: 'inherit' },
  );
} catch {
  console.error(
    'Lucka dist: electron-builder failed (see above). Where it tried a download (Electron, NSIS, WiX, fpm), this machine has no network for it: build installers on the packaging machine (README: Packaging).',
  );
  process.exit(1);
}

const outDir = resolve(output ?? 'release');
for (const unpacked of ['linux-unpacked', 'win-unpacked']) {
  const resources = join(outDir, unpacked, 'resources');
  if (!existsSync(join(resources, 'app.asar'))) continue;
  const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  console.log(
    `Lucka dist: ${join(outDir, unpacked)}: app.asar ${mb(statSync(join(resources, 'app.asar')).size)}, ` +
      `unpacked native ${mb(sizeOf(join(resources, 'app.asar.unpacked')))}, whole app ${mb(sizeOf(join(outDir, unpacked)))}` +
      (standIn ? ' (a stand-in Electron: the real runtime comes on top)' : ''),
  );
}

/** Stand-in: the Node-ABI binary in the driver's place, stamped so that main refuses it with its dialog should anyone start this package. */
function useStandInDriver() {
  mkdirSync('build/native/electron', { recursive: true });
  copyFileSync(
    'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
    'build/native/electron/better_sqlite3.node',
  );
  writeFileSync(
    'build/native/electron/stamp.json',
    JSON.stringify({ electron: 'stand-in (Node ABI)', betterSqlite3: expectedNativeStamp().betterSqlite3 }) + '\n',
  );
}

/** Bytes in a file or directory tree. */
function sizeOf(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}

/** electron-builder's `-c.key=value` overrides for a small config object. */
function flattenConfig(key, value) {
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => flattenConfig(`${key}.${k}`, v));
  return [`-c.${key}=${value}`];
}
