import { describe, expect, it } from 'vitest';
import type { Answers } from '../../../shared/guide';
import { describeStep, enumeratePaths } from '../../../shared/guidePaths';
import { stepBack, walk, type WalkContext } from '../../../shared/guideWalk';
import { miniPackage } from '../../support/guideFixture';

const guide = miniPackage().guides[0]!;
const fullService: WalkContext = { capabilities: ['biometrics', 'id_card_photo'], today: '2026-03-30' };
const flexible: WalkContext = { capabilities: [], today: '2026-03-30' };

describe('guide walker', () => {
  it('stops at the first node without an answer', () => {
    const state = walk(guide, fullService, { kind: 'new' });
    expect(state.current.id).toBe('pnr');
    expect(state.path.map((s) => s.node.id)).toEqual(['kind']);
    expect(state.outcome).toBeNull();
  });

  it('ignores answers that do not fit the node', () => {
    expect(walk(guide, fullService, { kind: 'maybe' }).current.id).toBe('kind');
    expect(walk(guide, fullService, { kind: 'new', pnr: -1 }).current.id).toBe('pnr');
  });

  it('walks to done at a full-service office and to a referral without the photo equipment', () => {
    const answers: Answers = { kind: 'new', pnr: 40, docs: ['id_doc'], moved: '2026-03-29', photo: true };
    const here = walk(guide, fullService, answers);
    expect(here.outcome?.id).toBe('done');
    const there = walk(guide, flexible, answers);
    expect(there.outcome?.id).toBe('refer');
    expect(there.path.at(-1)).toMatchObject({ route: 'otherwise' });
  });

  it('applies conditional checklist items: under 18 needs consent', () => {
    const minor = walk(guide, fullService, { kind: 'new', pnr: 15, docs: ['id_doc'], moved: '2026-03-29' });
    expect(minor.outcome?.id).toBe('missing');
    const withConsent = walk(guide, fullService, {
      kind: 'new',
      pnr: 15,
      docs: ['id_doc', 'consent'],
      moved: '2026-03-29',
    });
    expect(withConsent.current.id).toBe('photo');
  });

  it('counts date answers in days before today', () => {
    const base = { kind: 'new', pnr: 40, docs: ['id_doc'] };
    expect(walk(guide, fullService, { ...base, moved: '2026-03-23' }).current.id).toBe('photo');
    expect(walk(guide, fullService, { ...base, moved: '2026-03-22' }).current.id).toBe('late');
  });

  it('going back drops only the last answer; later answers still on the path are kept', () => {
    const answers = { kind: 'new', pnr: 40, docs: ['id_doc'], moved: '2026-03-29' };
    const state = walk(guide, fullService, answers);
    expect(state.current.id).toBe('photo');
    const back = stepBack(state, answers);
    expect(walk(guide, fullService, back).current.id).toBe('moved');
    // Changing an earlier answer keeps the later ones that still apply.
    const changed = walk(guide, fullService, { ...back, kind: 'renew', moved: '2026-03-29' });
    expect(changed.current.id).toBe('photo');
  });

  it('enumerates every behaviour: each option, each side of each threshold, checklists complete or not', () => {
    const paths = enumeratePaths(guide, fullService).map(
      (p) => `${p.steps.map((s) => describeStep(s, fullService.today)).join(' → ')} ⇒ ${p.end.id}`,
    );
    expect(paths).toContain('kind=new → pnr=12 ⇒ too_young');
    expect(paths).toContain(
      'kind=renew → pnr=17 → docs=[id_doc,consent,old_card] → moved=8d_ago → late → photo ⇒ done',
    );
    expect(paths).toContain('kind=new → pnr=17 → docs=[old_card] ⇒ missing');
    expect(paths.every((p) => !p.includes('DEAD'))).toBe(true);
    // 2 kinds × (1 too young + 3 ages × 2 checklist variants, of which the complete one × 2 dates) = 2 × (1 + 3 × 3)
    expect(paths).toHaveLength(20);
  });
});
