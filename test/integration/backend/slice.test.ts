import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../../../db/migrations/index';
import { DATABASE_FILE_NAME } from '../../../db/open';
import { testBackend, testClock } from '../../support/backend';

async function withSetup(now = testClock('2026-11-23T09:15:00Z')) {
  const t = testBackend({ now: now.now });
  await t.call('setup.save', { officeId: 'storuman', officerSignature: 'anla' });
  return { ...t, clock: now };
}

describe('the vertical slice through the backend host', () => {
  it('asks for setup first: case-log channels answer SETUP_REQUIRED', async () => {
    const t = testBackend();
    expect(await t.call('setup.get', {})).toBeNull();
    const reply = await t.raw('visits.start', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'SETUP_REQUIRED', messageKey: 'errors.SETUP_REQUIRED' } });
  });

  it('saves the setup (signature normalised to upper case) and rejects offices not in the registry', async () => {
    const t = testBackend();
    expect(await t.call('setup.save', { officeId: 'storuman', officerSignature: ' anla ' })).toEqual({
      officeId: 'storuman',
      officerSignature: 'ANLA',
    });
    const reply = await t.raw('setup.save', { officeId: 'atlantis', officerSignature: 'ANLA' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'UNKNOWN_OFFICE' } });
    expect(await t.call('setup.get', {})).toEqual({ officeId: 'storuman', officerSignature: 'ANLA' });
  });

  it("starts a visit, adds errands, sets outcomes, closes it, and lists it in today's log", async () => {
    const t = await withSetup();
    const visit = await t.call('visits.start', {});
    expect(visit).toMatchObject({
      officeId: 'storuman',
      officerSignature: 'ANLA',
      localDate: '2026-11-23',
      closedAt: null,
    });
    expect(await t.call('visits.current', {})).toMatchObject({ id: visit.id });

    t.clock.set('2026-11-23T09:16:00Z');
    const withOne = await t.call('visits.addErrand', { visitId: visit.id, agency: 'SKV', errandKind: 'skv.id_card' });
    const withTwo = await t.call('visits.addErrand', { visitId: visit.id, agency: 'FK', errandKind: 'fk.eu_card' });
    expect(withOne.errands).toHaveLength(1);
    expect(withTwo.errands.map((e) => [e.position, e.agency, e.errandKind, e.outcome])).toEqual([
      [1, 'SKV', 'skv.id_card', null],
      [2, 'FK', 'fk.eu_card', null],
    ]);

    await t.call('visits.setOutcome', { errandId: withTwo.errands[0]!.id, outcome: 'referred' });
    await t.call('visits.setOutcome', { errandId: withTwo.errands[1]!.id, outcome: 'done' });
    t.clock.set('2026-11-23T09:30:00Z');
    const closed = await t.call('visits.close', { visitId: visit.id });
    expect(closed.closedAt).toBe('2026-11-23T09:30:00.000Z');
    expect(await t.call('visits.current', {})).toBeNull();

    const today = await t.call('visits.today', {});
    expect(today.localDate).toBe('2026-11-23');
    expect(today.visits).toHaveLength(1);
    expect(today.visits[0]!.errands.map((e) => e.outcome)).toEqual(['referred', 'done']);

    // The row is really in the file: read it with a separate connection.
    t.close();
    const db = new BetterSqlite3(join(t.dataDir, DATABASE_FILE_NAME), { readonly: true });
    expect(db.prepare('SELECT office_id, officer_signature, local_date, closed_at FROM visits').all()).toEqual([
      {
        office_id: 'storuman',
        officer_signature: 'ANLA',
        local_date: '2026-11-23',
        closed_at: '2026-11-23T09:30:00.000Z',
      },
    ]);
    db.close();
  });

  it('refuses to close a visit without errands, or with an errand lacking an outcome', async () => {
    const t = await withSetup();
    const visit = await t.call('visits.start', {});
    expect(await t.raw('visits.close', { visitId: visit.id })).toMatchObject({
      ok: false,
      error: { code: 'VISIT_INCOMPLETE', details: [{ path: 'errands', issue: 'no_errands' }] },
    });
    await t.call('visits.addErrand', { visitId: visit.id, agency: 'PM', errandKind: 'pm.general_pension' });
    expect(await t.raw('visits.close', { visitId: visit.id })).toMatchObject({
      ok: false,
      error: { code: 'VISIT_INCOMPLETE', details: [{ path: 'errands.1.outcome', issue: 'missing_outcome' }] },
    });
    expect((await t.call('visits.current', {}))?.closedAt).toBeNull();
  });

  it('rejects closing twice and changing a closed visit, changing nothing', async () => {
    const t = await withSetup();
    const visit = await t.call('visits.start', {});
    const v = await t.call('visits.addErrand', { visitId: visit.id, agency: 'AF', errandKind: 'af.registration' });
    await t.call('visits.setOutcome', { errandId: v.errands[0]!.id, outcome: 'done' });
    const closed = await t.call('visits.close', { visitId: visit.id });

    expect(await t.raw('visits.close', { visitId: visit.id })).toMatchObject({
      ok: false,
      error: { code: 'VISIT_CLOSED' },
    });
    expect(await t.raw('visits.addErrand', { visitId: visit.id, agency: 'AF', errandKind: 'af.other' })).toMatchObject({
      ok: false,
      error: { code: 'VISIT_CLOSED' },
    });
    expect(await t.raw('visits.setOutcome', { errandId: v.errands[0]!.id, outcome: 'cancelled' })).toMatchObject({
      ok: false,
      error: { code: 'VISIT_CLOSED' },
    });
    const [logged] = (await t.call('visits.today', {})).visits;
    expect(logged).toEqual(closed);
  });

  it('answers NOT_FOUND for a visit or errand that does not exist', async () => {
    const t = await withSetup();
    const ghost = '00000000-0000-4000-8000-000000000000';
    expect(await t.raw('visits.close', { visitId: ghost })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await t.raw('visits.setOutcome', { errandId: ghost, outcome: 'done' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('counts a visit on its Stockholm day: 00:30 local on the spring DST day is that day, not the UTC one', async () => {
    const clock = testClock('2026-03-28T23:30:00Z'); // 00:30 CET on 2026-03-29
    const t = await withSetup(clock);
    const visit = await t.call('visits.start', {});
    expect(visit.localDate).toBe('2026-03-29');
    expect((await t.call('visits.today', {})).visits.map((v) => v.id)).toEqual([visit.id]);
    clock.set('2026-03-29T22:00:00Z'); // 00:00 CEST the next day
    expect((await t.call('visits.today', {})).visits).toEqual([]);
  });

  it("keeps other offices' visits out of today's log", async () => {
    const t = await withSetup();
    const mine = await t.call('visits.start', {});
    const v = await t.call('visits.addErrand', { visitId: mine.id, agency: 'AF', errandKind: 'af.other' });
    await t.call('visits.setOutcome', { errandId: v.errands[0]!.id, outcome: 'done' });
    await t.call('visits.close', { visitId: mine.id });
    await t.call('setup.save', { officeId: 'visby', officerSignature: 'BOBE' });
    expect((await t.call('visits.today', {})).visits).toEqual([]);
    await t.call('setup.save', { officeId: 'storuman', officerSignature: 'ANLA' });
    expect((await t.call('visits.today', {})).visits.map((v) => v.id)).toEqual([mine.id]);
  });

  it('one visit at a time per officer; the officer cannot leave with a visit open', async () => {
    const t = await withSetup();
    const first = await t.call('visits.start', {});
    expect(await t.raw('visits.start', {})).toMatchObject({ ok: false, error: { code: 'VISIT_OPEN' } });
    expect(await t.raw('setup.save', { officeId: 'storuman', officerSignature: 'BOBE' })).toMatchObject({
      ok: false,
      error: { code: 'OFFICER_BUSY' },
    });
    expect(await t.call('visits.current', {})).toMatchObject({ id: first.id });
    expect(await t.call('setup.get', {})).toEqual({ officeId: 'storuman', officerSignature: 'ANLA' });
  });

  it('reports app status with schema version', async () => {
    const t = testBackend();
    expect(await t.call('app.status', {})).toMatchObject({
      appVersion: 'test',
      schemaVersion: LATEST_SCHEMA_VERSION,
      recoveredFromUncleanShutdown: false,
    });
    const offices = await t.call('offices.list', {});
    expect(offices.length).toBeGreaterThan(40);
    expect(offices.find((o) => o.id === 'storuman')).toMatchObject({
      municipality: 'Storuman',
      kind: 'flexible_staffed',
    });
  });
});
