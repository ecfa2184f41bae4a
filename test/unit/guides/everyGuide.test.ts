import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeContentHash } from '../../../shared/node/packageHash';
import { AGENCIES, ALL_ERRAND_KINDS, OFFICE_KINDS } from '../../../shared/domain';
import type { GuidePackage } from '../../../shared/guide';
import { formatIssue, validatePackage } from '../../../shared/guideValidate';
import { enumeratePaths } from '../../../shared/guidePaths';
import { goldenFor, GOLDEN_DAY } from '../../../scripts/guides/golden';
import { capabilitiesByKind, packageFiles, readJson } from '../../../scripts/guides/packages';

/**
 * Every path of every shipped guide under every office kind: each ends at an outcome,
 * every node and every route is used somewhere, and the logic matches its reviewed
 * golden file (regenerate with `npm run guides:golden` and review the diff).
 */
const root = process.cwd();
const offices = capabilitiesByKind(root);
const packages = packageFiles(root).map((file) => ({ file, raw: readJson(file) as GuidePackage }));

describe('shipped guide packages', () => {
  it('cover every agency with at least 15 guides in all', () => {
    expect(packages.map((p) => p.raw.agency).sort()).toEqual([...AGENCIES].sort());
    const kinds = packages.flatMap((p) => p.raw.guides.map((g) => g.errandKind));
    expect(kinds.length).toBeGreaterThanOrEqual(15);
    expect(kinds.every((k) => (ALL_ERRAND_KINDS as readonly string[]).includes(k))).toBe(true);
  });

  it('are walked under every office kind of the registry', () => {
    expect(new Set(offices.map((o) => o.kind))).toEqual(new Set(OFFICE_KINDS));
  });

  for (const { file, raw } of packages) {
    describe(file.split('/').pop()!, () => {
      it('pass the validator and carry their content hash', () => {
        expect(validatePackage(raw).issues.map(formatIssue)).toEqual([]);
        expect(raw.contentHash, 'run npm run guides:hash').toBe(computeContentHash(raw));
      });

      for (const guide of raw.guides) {
        it(`${guide.errandKind}: every path ends at an outcome, every node and route is used`, () => {
          const usedNodes = new Set<string>();
          const usedRoutes = new Set<string>();
          for (const { capabilities } of offices) {
            for (const path of enumeratePaths(guide, { capabilities, today: GOLDEN_DAY })) {
              expect(path.deadEnd, `dead end at ${path.end.id}`).toBe(false);
              expect(path.end.type).toBe('outcome');
              usedNodes.add(path.end.id);
              for (const step of path.steps) {
                usedNodes.add(step.node.id);
                usedRoutes.add(`${step.node.id}:${step.route}`);
              }
            }
          }
          const allRoutes = guide.nodes.flatMap((n) => [
            ...(n.type === 'outcome' ? [] : n.next.map((_, i) => `${n.id}:${i}`)),
            ...(n.type === 'action' && n.otherwise ? [`${n.id}:otherwise`] : []),
          ]);
          expect(guide.nodes.map((n) => n.id).filter((id) => !usedNodes.has(id))).toEqual([]);
          expect(allRoutes.filter((r) => !usedRoutes.has(r))).toEqual([]);
        });

        it(`${guide.errandKind}: logic matches the reviewed golden`, () => {
          const golden = JSON.parse(readFileSync(join(root, 'test/golden/guides', `${guide.errandKind}.json`), 'utf8'));
          expect(goldenFor(guide, offices), 'run npm run guides:golden and review the diff').toEqual(golden);
        });
      }
    });
  }
});
