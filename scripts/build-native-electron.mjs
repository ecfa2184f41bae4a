#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into build/native/electron/better_sqlite3.node,
// leaving node_modules' Node-ABI build (used by tests and the preview) untouched. The
// backend process loads it through better-sqlite3's `nativeBinding` option.
// Needs network once: a prebuilt binary (prebuild-install) or Electron's headers (node-gyp).
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { electronVersion, expectedNativeStamp } from './electron-runtime.mjs';

const target = electronVersion();
const out = resolve('build/native/electron');
const work = resolve('build/native/src');
const binary = join(out, 'better_sqlite3.node');

rmSync(work, { recursive: true, force: true });
cpSync('node_modules/better-sqlite3', work, {
  recursive: true,
  filter: (src) => !src.includes(`${'better-sqlite3'}/build`),
});
mkdirSync(out, { recursive: true });

// npm config here may point node-gyp at Node's own headers (nodedir); Electron needs its own.
const env = { ...process.env };
for (const key of Object.keys(env))
  if (/^npm_config_(nodedir|target|runtime|disturl|dist_url)$/i.test(key)) delete env[key];
const run = (cmd, args) => execFileSync(cmd, args, { cwd: work, env, stdio: 'inherit' });

try {
  run(process.execPath, [
    resolve('node_modules/prebuild-install/bin.js'),
    '--runtime=electron',
    `--target=${target}`,
    '--verbose',
  ]);
} catch {
  console.log('No prebuilt binary could be fetched; compiling against Electron headers …');
  run(process.execPath, [
    resolve('node_modules/node-gyp/bin/node-gyp.js'),
    'rebuild',
    '--release',
    `--target=${target}`,
    '--dist-url=https://electronjs.org/headers',
  ]);
}
const built = join(work, 'build/Release/better_sqlite3.node');
if (!existsSync(built)) throw new Error(`No ${built} after the build`);
copyFileSync(built, binary);
// The stamp says what the binary was built for; main refuses to start the backend on a
// mismatch (after an Electron or better-sqlite3 bump) with a dialog, instead of crashing it.
writeFileSync(join(out, 'stamp.json'), JSON.stringify(expectedNativeStamp(), null, 2) + '\n');
rmSync(work, { recursive: true, force: true });
console.log(`better-sqlite3 for Electron ${target}: ${binary}`);
