import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { computeContentHash } from '../../shared/node/packageHash';
import { staleSources } from '../../shared/guideSources';
import { formatIssue, parsePackage, validatePackage } from '../../shared/guideValidate';
import { stockholmDate } from '../../shared/time';
import { mermaidFor } from './diagram';
import { goldenFor } from './golden';
import { capabilitiesByKind, packageFiles, readJson } from './packages';
import { reportFor } from './report';

/**
 * `npm run guides:<command>`: check [files] prints every authoring error with its path
 * (facts without a source among them) and every source due for re-check; hash rewrites
 * the shipped packages' content hashes; golden and diagram write the reviewable logic
 * files and Mermaid diagrams; report writes the Swedish review report.
 * `--today=YYYY-MM-DD` sets the day sources are aged against (default: today in Stockholm).
 */
const root = resolve(process.cwd());
const [command, ...rest] = process.argv.slice(2);
const todayArg = rest.find((a) => a.startsWith('--today='));
const today = todayArg ? todayArg.slice('--today='.length) : stockholmDate(new Date());
const args = rest.filter((a) => !a.startsWith('--'));
const files = args.length ? args.map((a) => resolve(a)) : packageFiles(root);
const REPORT_FILE = 'docs/guides/granskningsrapport.md';

function check(): number {
  let failed = 0;
  for (const file of files) {
    const raw = readJson(file) as Record<string, unknown>;
    const { issues } = validatePackage(raw);
    const hash = computeContentHash(raw);
    if (raw.contentHash !== hash)
      issues.push({
        path: ['contentHash'],
        message: `is ${String(raw.contentHash)}, content hashes to ${hash} (npm run guides:hash)`,
      });
    if (issues.length) {
      failed++;
      console.log(`✗ ${file}`);
      for (const issue of issues) console.log(`  ${formatIssue(issue)}`);
    } else console.log(`✓ ${file}`);
    // Old sources are a reminder, not an error: a shipped package ages without changing.
    const pkg = parsePackage(raw).package;
    for (const issue of pkg ? staleSources(pkg, today) : []) console.log(`  ! ${formatIssue(issue)}`);
  }
  return failed ? 1 : 0;
}

function hash(): number {
  for (const file of files) {
    const raw = readJson(file) as Record<string, unknown>;
    raw.contentHash = computeContentHash(raw);
    writeFileSync(file, `${JSON.stringify(raw, null, 2)}\n`);
    console.log(`${basename(file)}: ${String(raw.contentHash)}`);
  }
  return 0;
}

function writeEach(dir: string, ext: string, render: (file: string) => [string, string][]): number {
  mkdirSync(join(root, dir), { recursive: true });
  for (const file of files) {
    for (const [name, text] of render(file)) {
      writeFileSync(join(root, dir, `${name}.${ext}`), text);
      console.log(`wrote ${dir}/${name}.${ext}`);
    }
  }
  return 0;
}

function valid(file: string) {
  const { package: pkg, issues } = validatePackage(readJson(file));
  if (!pkg) throw new Error(`${file} is not valid (npm run guides:check):\n${issues.map(formatIssue).join('\n')}`);
  return pkg;
}

const commands: Record<string, () => number> = {
  check,
  hash,
  golden: () =>
    writeEach('test/golden/guides', 'json', (file) =>
      valid(file).guides.map((g) => [
        g.errandKind,
        `${JSON.stringify(goldenFor(g, capabilitiesByKind(root)), null, 2)}\n`,
      ]),
    ),
  report: () => {
    writeFileSync(join(root, REPORT_FILE), reportFor(files.map(valid), today));
    console.log(`wrote ${REPORT_FILE}`);
    return 0;
  },
  diagram: () =>
    writeEach('docs/guides', 'mmd', (file) => {
      const pkg = valid(file);
      return pkg.guides.map((g) => [g.errandKind, mermaidFor(pkg, g)]);
    }),
};

const run = command ? commands[command] : undefined;
if (!run) {
  console.error(`usage: guides <${Object.keys(commands).join('|')}> [package files]`);
  process.exit(2);
}
process.exit(run());
