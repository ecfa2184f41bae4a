import { describe, expect, it } from 'vitest';
import type { Answers } from '../../../shared/guide';
import { testBackend, testClock } from '../../support/backend';
import { miniPackage, withHash } from '../../support/guideFixture';
import { packageAt, publisherKey, signedText } from '../../support/guideSigning';
import { tempDir } from '../../support/temp';

const publisher = publisherKey();

/** A backend whose shipped guides are the fixture (its id_card guide), at an office of the given kind. */
async function officeWithVisit(officeId: string, dataDir?: string) {
  const clock = testClock('2026-03-30T09:00:00Z');
  const b = testBackend({
    dataDir,
    now: clock.now,
    shippedGuides: [withHash(miniPackage())],
    trustedKeys: [publisher.trusted],
  });
  await b.call('setup.save', { officeId, officerSignature: 'ANLA' });
  const visit = await b.call('visits.start', {});
  const withErrand = await b.call('visits.addErrand', { visitId: visit.id, agency: 'SKV', errandKind: 'skv.id_card' });
  return { ...b, visit, errandId: withErrand.errands[0]!.id };
}

const toDone: Answers = { kind: 'new', pnr: 40, docs: ['id_doc'], moved: '2026-03-29', photo: true };

describe('guides through the backend', () => {
  it('opening a guide for an errand pins the package version, and recording walks it again in the backend', async () => {
    const b = await officeWithVisit('stockholm');
    const bundle = await b.call('guides.open', { errandId: b.errandId });
    expect(bundle.guideRef).toBe('skv.id_card@1');
    expect(b.db.prepare('SELECT guide_ref FROM errands').get()).toEqual({ guide_ref: 'skv.id_card@1' });

    const visit = await b.call('guides.record', { errandId: b.errandId, answers: toDone });
    expect(visit.errands[0]).toMatchObject({ outcome: 'done', guideRef: 'skv.id_card@1', referralTo: null });
  });

  it("overriding the guide's outcome needs a reason from the fixed list; the guide's own outcome needs none", async () => {
    const b = await officeWithVisit('stockholm');
    await b.call('guides.open', { errandId: b.errandId });
    const recorded = await b.call('guides.record', { errandId: b.errandId, answers: toDone });
    expect(recorded.errands[0]).toMatchObject({ outcome: 'done', guideOutcome: 'done', outcomeReason: null });

    expect(await b.raw('visits.setOutcome', { errandId: b.errandId, outcome: 'referred' })).toMatchObject({
      ok: false,
      error: { code: 'OVERRIDE_REASON_REQUIRED', details: [{ path: 'reason', issue: 'required' }] },
    });
    expect(
      await b.raw('visits.setOutcome', { errandId: b.errandId, outcome: 'referred', reason: 'free text' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(b.db.prepare('SELECT outcome, outcome_reason FROM errands').get()).toEqual({
      outcome: 'done',
      outcome_reason: null,
    });

    const overridden = await b.call('visits.setOutcome', {
      errandId: b.errandId,
      outcome: 'referred',
      reason: 'visitor_choice',
    });
    expect(overridden.errands[0]).toMatchObject({
      outcome: 'referred',
      guideOutcome: 'done',
      outcomeReason: 'visitor_choice',
    });
    // Back to the guide's outcome: no reason needed, and none kept.
    const back = await b.call('visits.setOutcome', { errandId: b.errandId, outcome: 'done' });
    expect(back.errands[0]).toMatchObject({ outcome: 'done', outcomeReason: null });
  });

  it('at an office without ID-card photo the same answers refer to the nearest full-service offices', async () => {
    // Varberg issues no ID cards and refers to Halmstad or Göteborg (docs/domain.md).
    const b = await officeWithVisit('varberg');
    await b.call('guides.open', { errandId: b.errandId });
    const visit = await b.call('guides.record', { errandId: b.errandId, answers: toDone });
    expect(visit.errands[0]!.outcome).toBe('referred');
    expect(visit.errands[0]!.referralTo).toEqual(['halmstad', 'goteborg']);
  });

  it('refuses answers that do not reach an outcome, and answers shaped like a personnummer', async () => {
    const b = await officeWithVisit('stockholm');
    await b.call('guides.open', { errandId: b.errandId });
    const incomplete = await b.raw('guides.record', { errandId: b.errandId, answers: { kind: 'new' } });
    expect(incomplete).toMatchObject({ ok: false, error: { code: 'GUIDE_INCOMPLETE', details: [{ issue: 'pnr' }] } });
    for (const pnr of [198112189876, '198112189876', '811218-9876']) {
      const reply = await b.raw('guides.record', { errandId: b.errandId, answers: { ...toDone, pnr } });
      expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(b.db.prepare('SELECT outcome FROM errands').get()).toEqual({ outcome: null });
  });

  it('recording before opening is refused; a closed visit cannot be changed', async () => {
    const b = await officeWithVisit('stockholm');
    expect(await b.raw('guides.record', { errandId: b.errandId, answers: toDone })).toMatchObject({
      ok: false,
      error: { code: 'GUIDE_INCOMPLETE', details: [{ issue: 'not_opened' }] },
    });
    await b.call('guides.open', { errandId: b.errandId });
    await b.call('guides.record', { errandId: b.errandId, answers: toDone });
    await b.call('visits.close', { visitId: b.visit.id });
    expect(await b.raw('guides.open', { errandId: b.errandId })).toMatchObject({
      ok: false,
      error: { code: 'VISIT_CLOSED' },
    });
  });

  it('an errand kind without a guide says so', async () => {
    const b = await officeWithVisit('stockholm');
    const visit = await b.call('visits.addErrand', { visitId: b.visit.id, agency: 'SKV', errandKind: 'skv.other' });
    expect(await b.raw('guides.open', { errandId: visit.errands[1]!.id })).toMatchObject({
      ok: false,
      error: { code: 'GUIDE_NOT_FOUND' },
    });
    expect(await b.raw('guides.get', { errandKind: 'fk.eu_card' })).toMatchObject({
      ok: false,
      error: { code: 'GUIDE_NOT_FOUND' },
    });
  });

  it('lists the catalogue with Swedish titles', async () => {
    const b = await officeWithVisit('stockholm');
    expect(await b.call('guides.catalog', {})).toEqual([
      { errandKind: 'skv.id_card', agency: 'SKV', version: 1, verifiedOn: '2026-01-01', title: { sv: 'text g.title' } },
    ]);
  });

  it('a newer signed package is used for new errands; the errand in progress finishes on its pinned version', async () => {
    const dataDir = tempDir();
    const b = await officeWithVisit('stockholm', dataDir);
    await b.call('guides.open', { errandId: b.errandId });
    expect(await b.call('guides.import', { content: signedText(packageAt(2), publisher) })).toEqual({
      status: 'installed',
      id: 'skv',
      version: 2,
    });
    expect((await b.call('guides.packages', {})).map((p) => `${p.version}:${p.state}`)).toEqual([
      '2:active',
      '1:previous',
    ]);

    // The errand opened before the import is walked and recorded with version 1 ...
    const visit = await b.call('guides.record', { errandId: b.errandId, answers: toDone });
    expect(visit.errands[0]).toMatchObject({ outcome: 'done', guideRef: 'skv.id_card@1' });
    // ... a new one opens version 2, whose outcome text says so.
    const added = await b.call('visits.addErrand', { visitId: b.visit.id, agency: 'SKV', errandKind: 'skv.id_card' });
    const bundle = await b.call('guides.open', { errandId: added.errands[1]!.id });
    expect(bundle.guideRef).toBe('skv.id_card@2');
    expect(bundle.texts.sv['out.done']).toBe('Klart (version 2)');

    // A restart on the same data dir finds version 2 installed, without importing it again.
    b.close();
    const again = testBackend({ dataDir, shippedGuides: [withHash(miniPackage())], trustedKeys: [publisher.trusted] });
    expect((await again.call('guides.catalog', {}))[0]!.version).toBe(2);
  });

  it('a forged or unsigned package is refused with its reason, and the installed one stays', async () => {
    const b = await officeWithVisit('stockholm');
    const forged = JSON.parse(signedText(packageAt(2), publisher)) as { package: { texts: { sv: object } } };
    forged.package.texts.sv = { ...forged.package.texts.sv, 'out.done': 'Klart utan kontroll' };
    const cases: [string, string][] = [
      [JSON.stringify(forged), 'bad_signature'],
      [JSON.stringify(packageAt(2)), 'bad_format'],
      [signedText(packageAt(2), publisherKey()), 'unknown_key'],
      ['{"not": "json"', 'not_json'],
    ];
    for (const [content, reason] of cases) {
      expect(await b.raw('guides.import', { content }), reason).toMatchObject({
        ok: false,
        error: { code: 'GUIDE_PACKAGE_REJECTED', details: [{ issue: reason }] },
      });
    }
    expect((await b.call('guides.packages', {})).map((p) => `${p.version}:${p.state}`)).toEqual(['1:active']);
  });
});
