#!/usr/bin/env node
// `npm run bench [name …]`: bundles the benchmarks and runs them on Node.
import { execFileSync } from 'node:child_process';

execFileSync(process.execPath, ['scripts/ensure-deps.mjs'], { stdio: 'inherit' });
execFileSync(process.execPath, ['scripts/build-node.mjs'], { stdio: 'inherit' });
execFileSync(process.execPath, ['build/bench/run.cjs', ...process.argv.slice(2)], { stdio: 'inherit' });
