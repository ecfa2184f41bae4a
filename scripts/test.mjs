#!/usr/bin/env node
// `npm test`: everything CI checks, in order: install if needed, build, type-check,
// lint, the Electron security scan (Electronegativity), then vitest (unit + integration +
// end-to-end in Chromium). Ends with one plain summary line ("tests: N passed, N failed,
// N skipped").
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { npmCommand } from './lib/npm.mjs';

const [npmProgram, ...npmLead] = npmCommand();
const npm = (...args) => [npmProgram, [...npmLead, ...args]];
function step(title, cmd, args) {
  console.log(`\n▶ ${title}`);
  execFileSync(cmd, args, { stdio: 'inherit' });
}

try {
  step('dependencies', process.execPath, ['scripts/ensure-deps.mjs']);
  step('build', ...npm('run', '--silent', 'build'));
  step('type-check', ...npm('run', '--silent', 'typecheck'));
  step('lint', ...npm('run', '--silent', 'lint'));
  step('electronegativity', process.execPath, ['scripts/electronegativity.mjs']);
} catch {
  console.error('\ntests: 0 passed, 1 failed (a step before the tests failed; see above)');
  process.exit(1);
}

console.log('\n▶ tests');
const results = 'build/test-results.json';
const vitest = spawnSync(
  process.execPath,
  [
    'node_modules/vitest/vitest.mjs',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${results}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);
if (existsSync(results)) {
  const r = JSON.parse(readFileSync(results, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped\n`);
}
process.exit(vitest.status ?? 1);
