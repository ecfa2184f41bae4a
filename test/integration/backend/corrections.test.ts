import BetterSqlite3 from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dailyBackup } from '../../../db/backups';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME } from '../../../db/open';
import { testBackend, testClock } from '../../support/backend';

async function closedVisit(at = '2026-11-23T09:00:00Z') {
  const clock = testClock(at);
  const t = testBackend({ now: clock.now });
  await t.call('setup.save', { officeId: 'storuman', officerSignature: 'ANLA' });
  const visit = await t.call('visits.start', {});
  const v = await t.call('visits.addErrand', { visitId: visit.id, agency: 'SKV', errandKind: 'skv.moving' });
  await t.call('visits.setOutcome', { errandId: v.errands[0]!.id, outcome: 'done' });
  await t.call('visits.close', { visitId: visit.id });
  return { ...t, clock, visitId: visit.id, errandId: v.errands[0]!.id };
}

describe('correcting a visit', () => {
  it('keeps the reason a visit was reopened for (a fixed code), and refuses free text', async () => {
    const t = await closedVisit();
    expect(
      await t.raw('visits.reopen', { visitId: t.visitId, reason: 'the visitor said 19121212-1212' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    await t.call('visits.reopen', { visitId: t.visitId, reason: 'wrong_outcome' });
    await t.call('visits.close', { visitId: t.visitId });
    expect((await t.call('visits.history', { visitId: t.visitId })).map((c) => c.reason)).toEqual(['wrong_outcome']);
  });

  it('reopens on the same day, keeps the earlier version as history, and closes again', async () => {
    const t = await closedVisit();
    t.clock.set('2026-11-23T11:00:00Z');
    const reopened = await t.call('visits.reopen', { visitId: t.visitId });
    expect(reopened).toMatchObject({ closedAt: null, corrections: 1 });
    await t.call('visits.setOutcome', { errandId: t.errandId, outcome: 'referred' });
    await t.call('visits.close', { visitId: t.visitId });

    const history = await t.call('visits.history', { visitId: t.visitId });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ officerSignature: 'ANLA', at: '2026-11-23T11:00:00.000Z' });
    expect(history[0]!.before.errands[0]!.outcome).toBe('done');
    const [now] = (await t.call('visits.today', {})).visits;
    expect(now!.errands[0]!.outcome).toBe('referred');
    expect(now!.corrections).toBe(1);
    // Closed again at its first end (09:00), not at the correction: service time stays true.
    expect(now!.closedAt).toBe('2026-11-23T09:00:00.000Z');
  });

  it("refuses to reopen another officer's visit", async () => {
    const t = await closedVisit();
    await t.call('setup.save', { officeId: 'storuman', officerSignature: 'BOBE' });
    expect(await t.raw('visits.reopen', { visitId: t.visitId })).toMatchObject({
      ok: false,
      error: { code: 'OTHER_OFFICER' },
    });
  });

  it('refuses to reopen an open visit, or one from another day', async () => {
    const t = await closedVisit();
    await t.call('visits.reopen', { visitId: t.visitId });
    expect(await t.raw('visits.reopen', { visitId: t.visitId })).toMatchObject({
      ok: false,
      error: { code: 'VISIT_OPEN' },
    });
    await t.call('visits.close', { visitId: t.visitId });
    t.clock.set('2026-11-23T23:30:00Z'); // 00:30 the next day in Stockholm
    expect(await t.raw('visits.reopen', { visitId: t.visitId })).toMatchObject({
      ok: false,
      error: { code: 'VISIT_NOT_TODAY' },
    });
  });
});

/** An open visit with one Pensionsmyndigheten errand, on Friday 27 Nov 2026 at 15:00 Stockholm. */
async function openErrandOnFriday() {
  const clock = testClock('2026-11-27T14:00:00Z');
  const t = testBackend({ now: clock.now });
  await t.call('setup.save', { officeId: 'storuman', officerSignature: 'ANLA' });
  const visit = await t.call('visits.start', {});
  const v = await t.call('visits.addErrand', { visitId: visit.id, agency: 'PM', errandKind: 'pm.housing_supplement' });
  return { t, clock, errandId: v.errands[0]!.id };
}

describe('errand flags and notes', () => {
  it('stores flags and a note marked for purge at the end of the next working day', async () => {
    const { t, errandId } = await openErrandOnFriday();
    const updated = await t.call('visits.updateErrand', {
      errandId,
      lacksEid: true,
      interpreter: true,
      language: 'ar',
      note: 'Återkommer med hyresavtal',
    });
    expect(updated.errands[0]).toMatchObject({
      lacksEid: true,
      interpreter: true,
      language: 'ar',
      note: 'Återkommer med hyresavtal',
      notePurgeAfter: '2026-11-30T23:00:00.000Z', // end of Monday
    });
    // Only the fields given change.
    const again = await t.call('visits.updateErrand', { errandId, interpreter: false });
    expect(again.errands[0]).toMatchObject({ lacksEid: true, interpreter: false, note: 'Återkommer med hyresavtal' });
  });

  it('purges notes once their time has come, and nothing else', async () => {
    const { t, clock, errandId } = await openErrandOnFriday();
    await t.call('visits.updateErrand', { errandId, note: 'KÄNSLIGT-123', lacksEid: true });

    clock.set('2026-11-30T22:59:59Z');
    expect(t.backend.maintain()).toEqual({ notesPurged: 0 });
    clock.set('2026-11-30T23:00:00Z');
    expect(t.backend.maintain()).toEqual({ notesPurged: 1 });
    const [errand] = (await t.call('visits.current', {}))!.errands;
    expect(errand).toMatchObject({ note: null, notePurgeAfter: null, lacksEid: true });

    // Gone from the bytes on disk too: the database file and its WAL.
    t.close();
    const file = join(t.dataDir, DATABASE_FILE_NAME);
    for (const f of [file, `${file}-wal`]) {
      if (existsSync(f)) expect(readFileSync(f).includes('KÄNSLIGT-123'), f).toBe(false);
    }
    const db = new BetterSqlite3(file, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM errands WHERE note IS NOT NULL').get()).toEqual({ n: 0 });
    db.close();
  });

  it('never puts notes in backups, even ones still within retention', async () => {
    const clock = testClock('2026-11-27T14:00:00Z');
    const t = testBackend({ now: clock.now });
    await t.call('setup.save', { officeId: 'storuman', officerSignature: 'ANLA' });
    const visit = await t.call('visits.start', {});
    const v = await t.call('visits.addErrand', { visitId: visit.id, agency: 'FK', errandKind: 'fk.eu_card' });
    await t.call('visits.updateErrand', { errandId: v.errands[0]!.id, note: 'BAKOM-SKYDD-77' });
    const backup = await dailyBackup(t.backend.context!.store, join(t.dataDir, 'backups'), clock.now());
    expect(readFileSync(backup!).includes('BAKOM-SKYDD-77')).toBe(false);
    const copy = new BetterSqlite3(backup!, { readonly: true });
    expect(copy.prepare('SELECT errand_kind, note FROM errands').all()).toEqual([
      { errand_kind: 'fk.eu_card', note: null },
    ]);
    copy.close();
  });

  it('keeps notes out of correction history', async () => {
    const t = await closedVisit();
    await t.call('visits.reopen', { visitId: t.visitId });
    await t.call('visits.updateErrand', { errandId: t.errandId, note: 'HEMLIG-ANTECKNING' });
    await t.call('visits.close', { visitId: t.visitId });
    await t.call('visits.reopen', { visitId: t.visitId });
    const history = await t.call('visits.history', { visitId: t.visitId });
    expect(JSON.stringify(history)).not.toContain('HEMLIG-ANTECKNING');
  });
});
