#!/usr/bin/env node
// `npm run preview [-- --data-dir=PATH --port=N]`: builds, then serves the app to a
// browser on 127.0.0.1 with the real backend (see electron/backend/hosts/previewMain.ts).
import { execFileSync, spawn } from 'node:child_process';
import { exitCodeFor } from './lib/electron-launch.mjs';
import { runNpm } from './lib/npm.mjs';

execFileSync(process.execPath, ['scripts/ensure-deps.mjs'], { stdio: 'inherit' });
runNpm(['run', '--silent', 'build']);
const child = spawn(process.execPath, ['build/preview/server.cjs', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(exitCodeFor(code, signal)));
