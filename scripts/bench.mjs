#!/usr/bin/env node
// `npm run bench [name …]`: bundles the benchmarks and runs them on Node.
import { execFileSync } from 'node:child_process';
import { runNpm } from './lib/npm.mjs';

execFileSync(process.execPath, ['scripts/ensure-deps.mjs'], { stdio: 'inherit' });
// The renderer too: the counter-render benchmark drives it in Chromium.
runNpm(['run', '--silent', 'build']);
execFileSync(process.execPath, ['build/bench/run.cjs', ...process.argv.slice(2)], { stdio: 'inherit' });
