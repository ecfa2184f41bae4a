import type { Capability, OfficeKind } from '../../shared/domain';
import type { Guide } from '../../shared/guide';
import { describeStep, enumeratePaths } from '../../shared/guidePaths';

/** Dates count days back from today, so any fixed day gives the same golden. */
export const GOLDEN_DAY = '2026-01-15';

export interface GoldenPath {
  steps: string;
  outcome: string;
  at: string;
  referral?: unknown;
  documents?: string[];
}

/**
 * The logic of a guide without its text: for each office kind (and capability set),
 * every path as `node=answer → …` and where it ends. Reviewed as a diff when content changes.
 */
export function goldenFor(guide: Guide, offices: { kind: OfficeKind; capabilities: Capability[] }[]) {
  return {
    errandKind: guide.errandKind,
    offices: offices.map(({ kind, capabilities }) => ({
      kind,
      capabilities,
      paths: enumeratePaths(guide, { capabilities, today: GOLDEN_DAY }).map((p): GoldenPath => {
        const end = p.end;
        return {
          steps: p.steps.map((s) => describeStep(s, GOLDEN_DAY)).join(' → '),
          outcome: end.type === 'outcome' ? end.outcome : 'DEAD END',
          at: end.id,
          ...(end.type === 'outcome' && end.referral ? { referral: end.referral } : {}),
          ...(end.type === 'outcome' && end.documents ? { documents: end.documents } : {}),
        };
      }),
    })),
  };
}
