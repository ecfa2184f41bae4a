#!/usr/bin/env node
// `npm run scan:electron`: Electronegativity, the scanner security reviewers run on Electron
// apps, over the code that ships in the app (electron/, shared/, renderer/ and package.json,
// for the Electron version). Fails on any finding above LOW that is not in the reviewed
// allow-list (scripts/electronegativity-allowlist.json), on an allow-list entry that no
// longer matches a finding, on a file the scanner cannot parse, and on an inline
// `eng-disable` comment (it would hide a finding from this report).
//
// Why the sources and not build/: the bundles are .cjs, which the scanner does not read,
// and esbuild rewrites `new BrowserWindow(…)` to `new import_electron2.BrowserWindow(…)`,
// which its checks do not recognise: a scan of the bundles passes without seeing a window.
// Why a copy of those folders and not the repository: tests and scripts would be scanned
// as if they shipped, and a handler a test registers could satisfy a global check.
//
// `--root=DIR` scans another checkout (its test uses it on a tampered copy).
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const SHIPPED = ['package.json', 'electron', 'shared', 'renderer'];
const ALLOWLIST = 'scripts/electronegativity-allowlist.json';
// Reads Electron's release list from the web to say whether a newer patch has security
// fixes. This machine and CI reach only the npm registry; `npm outdated` covers it.
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];
const SEVERITY_ORDER = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH'];

const rootArg = process.argv.find((a) => a.startsWith('--root='));
const root = resolve(rootArg ? rootArg.slice('--root='.length) : '.');
const started = performance.now();

const require = createRequire(import.meta.url);
const scannerDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));
// At start the scanner asks a web host for newer translations of its messages (the `got`
// HTTP client); its shipped en-US texts are what we want, so that request is answered
// here with "nothing newer" instead of leaving the machine.
const gotPath = createRequire(join(scannerDir, 'dist', 'locales', 'i18n.js')).resolve('got');
require.cache[gotPath] = {
  id: gotPath,
  filename: gotPath,
  loaded: true,
  exports: () => Promise.resolve({ statusCode: 204, body: '' }),
};
const run = require(join(scannerDir, 'dist', 'runner.js'));

const allowlist = JSON.parse(readFileSync(join(root, ALLOWLIST), 'utf8'));
const stage = mkdtempSync(join(tmpdir(), 'lucka-electronegativity-'));
let failures = [];
try {
  for (const entry of SHIPPED) cpSync(join(root, entry), join(stage, entry), { recursive: true });
  failures = failures.concat(inlineDisables(stage));
  const result = await run({ input: stage, isRelative: true, excludeFromScan: EXCLUDED_CHECKS });
  failures = failures.concat(report(result));
} finally {
  rmSync(stage, { recursive: true, force: true });
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (failures.length > 0) {
  console.error(`\nelectronegativity: ${failures.length} problem(s) (${seconds} s):`);
  for (const f of failures) console.error(`  ✗ ${f}`);
  console.error(`Fix the code, or add the finding to ${ALLOWLIST} with the reason it is safe.`);
  process.exit(1);
}
console.log(`electronegativity: no finding above LOW outside the allow-list (${seconds} s)`);

/** Prints every finding with its verdict; returns what fails the step. */
function report({ issues, errors, globalChecks, atomicChecks }) {
  const failed = [];
  const used = new Set();
  console.log(`electronegativity: ${atomicChecks + globalChecks} checks over ${SHIPPED.join(', ')}`);
  const sorted = [...issues].sort((a, b) => b.severity.value - a.severity.value || a.file.localeCompare(b.file));
  for (const issue of sorted) {
    const sample = (issue.sample ?? '').trim();
    const where = `${issue.file}:${issue.location.line}`;
    const line = `${issue.severity.name.padEnd(6)} ${issue.id} ${where}${sample ? `  ${sample.slice(0, 100)}` : ''}`;
    const entry = allowlist.find((e) => e.check === issue.id && e.file === issue.file && e.code === sample);
    if (entry) {
      used.add(entry);
      console.log(`  allowed  ${line}\n           ↳ ${entry.reason}`);
    } else if (SEVERITY_ORDER.indexOf(issue.severity.name) > SEVERITY_ORDER.indexOf('LOW')) {
      console.log(`  FAIL     ${line}\n           ↳ ${issue.description} ${issue.shortenedURL ?? ''}`);
      failed.push(`${issue.severity.name} ${issue.id} at ${where}`);
    } else {
      console.log(`  notice   ${line}\n           ↳ ${issue.description}`);
    }
  }
  for (const entry of allowlist) {
    if (!used.has(entry)) failed.push(`allow-list entry matches no finding (remove it): ${entry.check} ${entry.file}`);
  }
  for (const error of errors) {
    const text = `${error.file}: ${error.message}`;
    if (error.tolerable) console.log(`  parser warning ${text}`);
    else failed.push(`could not parse ${text}`);
  }
  return failed;
}

/** `eng-disable` comments make the scanner drop findings silently; the allow-list says why. */
function inlineDisables(dir) {
  const found = [];
  for (const name of readdirSync(dir, { recursive: true })) {
    const path = join(dir, name);
    if (!/\.(m?[jt]sx?|html?)$/.test(name) || !statSync(path).isFile()) continue;
    if (/eng-disable/.test(readFileSync(path, 'utf8'))) found.push(`inline eng-disable comment in ${name}`);
  }
  return found;
}
