#!/usr/bin/env node
// `npm run bench [name …]`: bundles the benchmarks and runs them on Node.
import { execFileSync } from 'node:child_process';

execFileSync(process.execPath, ['scripts/ensure-deps.mjs'], { stdio: 'inherit' });
// The renderer too: the counter-render benchmark drives it in Chromium.
execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
execFileSync(process.execPath, ['build/bench/run.cjs', ...process.argv.slice(2)], { stdio: 'inherit' });
