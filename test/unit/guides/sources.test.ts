import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GuideNode } from '../../../shared/guide';
import { guideVerifiedOn, staleSources } from '../../../shared/guideSources';
import { formatIssue, validatePackage } from '../../../shared/guideValidate';
import { reportFor } from '../../../scripts/guides/report';
import { miniPackage, withHash } from '../../support/guideFixture';
import { tempDir } from '../../support/temp';

/** The fixture with the claim of its checklist (a document list and a fee) taken away. */
function withUnsourcedChecklist() {
  const pkg = miniPackage();
  delete (pkg.guides[0]!.nodes.find((n) => n.id === 'docs') as GuideNode).claim;
  return pkg;
}

describe('claims and sources', () => {
  it('a fact without a source is an error, with its path', () => {
    expect(validatePackage(withUnsourcedChecklist()).issues.map(formatIssue)).toEqual([
      'guides[0].nodes[2]: unsourced fact: node "docs" states a fact and names no source',
    ]);
    const pkg = miniPackage();
    delete pkg.fees[0]!.claim;
    expect(validatePackage(pkg).issues.map(formatIssue)).toEqual([
      'fees[0]: unsourced fact: fee "card_fee" states a fact and names no source',
    ]);
  });

  it('a claim marked verified needs a source read on a date, and cites only known sources', () => {
    const pkg = miniPackage();
    pkg.fees[0]!.claim = { sources: [{ source: 'skv_id' }], status: 'verified' };
    pkg.links[0]!.claim = { sources: [{ source: 'nowhere', readOn: '2026-01-01' }], status: 'verified' };
    expect(validatePackage(pkg).issues.map(formatIssue)).toEqual([
      'fees[0].claim: fee "card_fee" is marked verified, but no cited source has the date it was read',
      'links[0].claim.sources[0].source: unknown source "nowhere"',
    ]);
  });

  it('an unverified claim with an unread source passes: it is marked on purpose', () => {
    const pkg = miniPackage();
    pkg.fees[0]!.claim = { sources: [{ source: 'skv_id' }], status: 'unverified', note: 'ingen lagrad kopia' };
    expect(validatePackage(pkg).issues).toEqual([]);
  });

  it('sources read more than 12 months ago are due for re-check', () => {
    const pkg = miniPackage();
    expect(staleSources(pkg, '2026-12-31')).toEqual([]);
    const stale = staleSources(pkg, '2027-01-02').map(formatIssue);
    expect(stale).toContain(
      'fees[0].claim.sources[0].readOn: source "skv_id" read on 2026-01-01, 366 days ago: due for re-check',
    );
  });

  it('verified on: a date only when every claim of the guide is verified', () => {
    const pkg = miniPackage();
    expect(guideVerifiedOn(pkg, pkg.guides[0]!)).toBe('2026-01-01');
    pkg.fees[0]!.claim = { sources: [{ source: 'skv_id' }], status: 'unverified' };
    expect(guideVerifiedOn(pkg, pkg.guides[0]!)).toBeNull();
  });

  it('guides:check reports the unsourced fact of a package file and fails', () => {
    const file = join(tempDir(), 'skv.json');
    writeFileSync(file, JSON.stringify(withHash(withUnsourcedChecklist())));
    const run = spawnSync(process.execPath, ['scripts/guides.mjs', 'check', file], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('guides[0].nodes[2]: unsourced fact: node "docs" states a fact and names no source');
  });

  it('the review report lists each claim with its source, read date and status, in Swedish', () => {
    const pkg = miniPackage();
    pkg.fees[0]!.claim = { sources: [{ source: 'skv_id' }], status: 'unverified', note: 'ingen lagrad kopia' };
    const report = reportFor([pkg], '2026-12-02');
    expect(report).toContain('| SKV | 1 | 7 | 6 | 1 | 0 |');
    expect(report).toContain(
      '| Avgift `card_fee` | text fee.card — 400 kr | [Id-kort](https://www.skatteverket.se/id-kort): ej läst (ingen lagrad kopia) | **ej verifierad** | ingen lagrad kopia |',
    );
    expect(report).toContain('[Id-kort](https://www.skatteverket.se/id-kort): läst 2026-01-01 | verifierad |');
  });
});
