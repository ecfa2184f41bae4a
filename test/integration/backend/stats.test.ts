import ExcelJS from 'exceljs';
import { writeSyncSettings } from '../../../electron/backend/sync/syncSettings';
import { describe, expect, it } from 'vitest';
import { AGENCIES, type Agency, type Outcome } from '../../../shared/domain';
import { testBackend, testClock } from '../../support/backend';
import { seedArrivals, type SeedArrival } from '../../support/statsSeed';
import { exportThroughJob, jobEnded } from '../../support/statsExport';
import { computeReport } from '../../../shared/statsCompute';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const PASSPHRASE = 'korrekt häst batteri';
const FROM = '2026-10-19';
const TO = '2026-10-27';

/** A small deterministic PRNG, so the seeded week is the same on every run. */
function prng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

const KINDS: Record<Agency, string[]> = {
  AF: ['af.registration'],
  FK: ['fk.eu_card', 'fk.parental_benefit'],
  MV: ['mv.self_service'],
  PM: ['pm.general_pension'],
  SKV: ['skv.id_card', 'skv.moving'],
};
const OUTCOMES: Outcome[] = ['done', 'referred', 'booked', 'needs_documents', 'cancelled'];

/** A week at Stockholm (and some Varberg rows that must not count), with the awkward cases named. */
function seedWeek(): SeedArrival[] {
  const rnd = prng(7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const arrivals: SeedArrival[] = [];
  for (let day = 19; day <= 27; day++) {
    const date = `2026-10-${day}`;
    for (let i = 0; i < 25; i++) {
      const hour = 9 + Math.floor(rnd() * 8);
      const at = `${String(hour).padStart(2, '0')}:${String(Math.floor(rnd() * 60)).padStart(2, '0')}`;
      const roll = rnd();
      if (roll < 0.1) {
        arrivals.push({ officeId: 'stockholm', date, at, ticket: true, noShow: true });
        continue;
      }
      const errands = Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => {
        const agency = pick(AGENCIES);
        return {
          agency,
          kind: pick(KINDS[agency]),
          outcome: pick(OUTCOMES),
          lacksEid: rnd() < 0.2,
          interpreter: rnd() < 0.1,
        };
      });
      arrivals.push({
        officeId: 'stockholm',
        date,
        at,
        ticket: roll > 0.15, // a few visits start without a ticket
        waitSeconds: Math.floor(rnd() * 3000),
        serviceSeconds: 60 + Math.floor(rnd() * 1200),
        errands,
        corrected: rnd() < 0.05,
      });
    }
    arrivals.push({
      officeId: 'varberg',
      date,
      at: '10:00',
      ticket: true,
      waitSeconds: 60,
      serviceSeconds: 300,
      errands: [{ agency: 'SKV', kind: 'skv.moving', outcome: 'done' }],
    });
  }
  // The night DST ends (2026-10-25), 02:30 happens twice: once in CEST, once in CET.
  for (const utc of ['2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z'])
    arrivals.push({
      officeId: 'stockholm',
      date: '2026-10-25',
      at: { utc },
      ticket: true,
      waitSeconds: 1200,
      serviceSeconds: 600,
      errands: [{ agency: 'PM', kind: 'pm.general_pension', outcome: 'done' }],
    });
  // Issued at 23:50, served past midnight: counts on the 20th, the day of the ticket.
  arrivals.push({
    officeId: 'stockholm',
    date: '2026-10-20',
    at: '23:50',
    ticket: true,
    waitSeconds: 1500,
    serviceSeconds: 900,
    errands: [{ agency: 'FK', kind: 'fk.eu_card', outcome: 'referred' }],
  });
  // Waiting exactly at the service level is not over it; one second more is.
  arrivals.push({
    officeId: 'stockholm',
    date: '2026-10-21',
    at: '12:00',
    ticket: true,
    waitSeconds: 1200,
    serviceSeconds: 60,
    errands: [{ agency: 'AF', kind: 'af.registration', outcome: 'done' }],
  });
  arrivals.push({
    officeId: 'stockholm',
    date: '2026-10-21',
    at: '12:01',
    ticket: true,
    waitSeconds: 1201,
    serviceSeconds: 60,
    errands: [{ agency: 'AF', kind: 'af.registration', outcome: 'done' }],
  });
  // Voided by the officer: not an arrival at all.
  arrivals.push({ officeId: 'stockholm', date: '2026-10-22', at: '11:00', ticket: true, voided: true });
  // Reopened for a correction as we speak: still served, with its first end.
  arrivals.push({
    officeId: 'stockholm',
    date: '2026-10-22',
    at: '11:30',
    ticket: true,
    waitSeconds: 120,
    serviceSeconds: 480,
    reopened: true,
    corrected: true,
    errands: [{ agency: 'SKV', kind: 'skv.moving', outcome: 'done' }],
  });
  // Still being served: arrived, waited, an errand without an outcome, not yet served.
  arrivals.push({
    officeId: 'stockholm',
    date: '2026-10-27',
    at: '15:00',
    ticket: true,
    waitSeconds: 300,
    errands: [{ agency: 'SKV', kind: 'skv.id_card', outcome: null }],
  });
  return arrivals;
}

/** The KPIs, counted the plain way from what was seeded (docs/domain.md definitions). */
function expectedFor(arrivals: readonly SeedArrival[]) {
  const mine = arrivals.filter((a) => a.officeId === 'stockholm' && !a.voided);
  const kpis = (list: SeedArrival[]) => {
    const served = list.filter((a) => a.serviceSeconds !== undefined);
    const waited = list.filter((a) => a.ticket && (a.errands?.length ?? 0) > 0);
    const waits = waited.map((a) => a.waitSeconds!);
    const errands = list.flatMap((a) => a.errands ?? []);
    const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
    return {
      arrived: list.length,
      served: served.length,
      noShows: list.filter((a) => a.noShow).length,
      noShowShare: list.length ? list.filter((a) => a.noShow).length / list.length : null,
      errands: errands.length,
      errandsByAgency: Object.fromEntries(AGENCIES.map((ag) => [ag, errands.filter((e) => e.agency === ag).length])),
      outcomes: Object.fromEntries(
        [...OUTCOMES, 'none'].map((o) => [o, errands.filter((e) => (e.outcome ?? 'none') === o).length]),
      ),
      avgWaitSeconds: waits.length ? sum(waits) / waits.length : null,
      maxWaitSeconds: waits.length ? Math.max(...waits) : null,
      overServiceLevelShare: waits.length ? waits.filter((w) => w > 20 * 60).length / waits.length : null,
      avgServiceSeconds: served.length ? sum(served.map((a) => a.serviceSeconds!)) / served.length : null,
      withoutEid: list.filter((a) => a.errands?.some((e) => e.lacksEid)).length,
      interpreter: list.filter((a) => a.errands?.some((e) => e.interpreter)).length,
    };
  };
  const days = [];
  for (let day = 19; day <= 27; day++) {
    const localDate = `2026-10-${day}`;
    days.push({ localDate, ...kpis(mine.filter((a) => a.date === localDate)) });
  }
  // Hours as lived: the DST night's two 02:30s are in the first (summer time) and the second (winter time) 02.
  const hourOf = (a: SeedArrival) =>
    typeof a.at === 'string'
      ? `${Number(a.at.slice(0, 2))} null`
      : `2 ${a.at.utc === '2026-10-25T00:30:00Z' ? 'summer' : 'winter'}`;
  const slots = Array.from({ length: 24 }, (_, hour) => ({ hour, clock: null as 'summer' | 'winter' | null }));
  slots.splice(3, 0, { hour: 2, clock: 'summer' }, { hour: 2, clock: 'winter' });
  const byHour = slots.map((slot) => ({
    ...slot,
    arrived: mine.filter((a) => hourOf(a) === `${slot.hour} ${slot.clock}`).length,
  }));
  return { days, total: kpis(mine), byHour };
}

async function supervisorAtStockholm() {
  const clock = testClock('2026-10-28T08:00:00Z');
  const b = testBackend({ now: clock.now });
  await b.call('setup.save', { officeId: 'stockholm', officerSignature: 'ANLA' });
  const arrivals = seedWeek();
  seedArrivals(b.db, arrivals);
  const session = await b.call('supervisor.setPassphrase', { officeId: 'stockholm', passphrase: PASSPHRASE });
  return { ...b, clock, arrivals, token: session.token };
}

describe('supervisor statistics through the backend', { timeout: 60_000 }, () => {
  it('the report matches the KPIs counted independently from the seeded visits, day by day', async () => {
    const b = await supervisorAtStockholm();
    const report = await b.call('stats.report', { token: b.token, from: FROM, to: TO });
    const expected = expectedFor(b.arrivals);
    expect(report.days.map((d) => d.localDate)).toEqual(expected.days.map((d) => d.localDate));
    for (const [i, day] of expected.days.entries()) {
      const got = report.days[i]!;
      for (const [key, value] of Object.entries(day)) {
        if (typeof value === 'number')
          expect(got[key as keyof typeof got], `${day.localDate} ${key}`).toBeCloseTo(value, 9);
        else expect(got[key as keyof typeof got], `${day.localDate} ${key}`).toEqual(value);
      }
    }
    for (const [key, value] of Object.entries(expected.total)) {
      if (typeof value === 'number') expect(report.total[key as keyof typeof report.total], key).toBeCloseTo(value, 9);
      else expect(report.total[key as keyof typeof report.total], key).toEqual(value);
    }
    expect(report.byHour).toEqual(expected.byHour);
    // The two 02:30s of the DST night are in the two 02 hours of the 25th; the midnight visit is on the 20th.
    expect(report.hours.filter((h) => h.localDate === '2026-10-25' && h.hour === 2)).toEqual([
      { localDate: '2026-10-25', hour: 2, clock: 'summer', arrived: 1 },
      { localDate: '2026-10-25', hour: 2, clock: 'winter', arrived: 1 },
    ]);
    expect(report.hours.find((h) => h.localDate === '2026-10-20' && h.hour === 23)?.arrived).toBe(1);
    // Exactly 20:00 is in 10–20 (not over the service level); 20:01 is in 20–30.
    const day21 = await b.call('stats.report', { token: b.token, from: '2026-10-21', to: '2026-10-21' });
    const waits21 = b.arrivals
      .filter((a) => a.officeId === 'stockholm' && a.date === '2026-10-21' && a.ticket && a.errands?.length)
      .map((a) => a.waitSeconds!);
    const inBucket = (lo: number, hi: number) => waits21.filter((w) => w > lo * 60 && w <= hi * 60).length;
    expect(day21.waitBuckets.find((x) => x.fromMinutes === 10)!.visits).toBe(inBucket(10, 20));
    expect(day21.waitBuckets.find((x) => x.fromMinutes === 20)!.visits).toBe(inBucket(20, 30));
    expect(report.waitBuckets.reduce((s, b) => s + b.visits, 0)).toBe(
      b.arrivals.filter((a) => a.officeId === 'stockholm' && a.ticket && a.errands?.length).length,
    );
  });

  it('the Swedish-Excel CSV and the XLSX say the same as the report', async () => {
    const b = await supervisorAtStockholm();
    const report = await b.call('stats.report', { token: b.token, from: FROM, to: TO });
    const range = { token: b.token, from: FROM, to: TO, table: 'report' as const, lang: 'sv' as const };

    const csv = await exportThroughJob(b, { ...range, format: 'csv_excel' });
    expect(csv.job.fileName).toBe('lucka-stockholm-2026-10-19_2026-10-27-dagliga-siffror.csv');
    expect(csv.job.bytes).toBe(csv.bytes.length);
    const text = csv.bytes.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const [header, ...lines] = text
      .slice(1)
      .trimEnd()
      .split('\r\n')
      .map((l) => l.split(';'));
    const col = (name: string) => header!.indexOf(name);
    const minutes = (s: number | null) => (s === null ? '' : String(Math.round(s / 6) / 10).replace('.', ','));
    for (const [i, day] of report.days.entries()) {
      const line = lines[i]!;
      expect(line[col('Datum')]).toBe(day.localDate);
      expect(Number(line[col('Ankomna')])).toBe(day.arrived);
      expect(Number(line[col('Betjänade')])).toBe(day.served);
      expect(Number(line[col('Uteblivna')])).toBe(day.noShows);
      expect(Number(line[col('Ärenden Skatteverket')])).toBe(day.errandsByAgency.SKV);
      expect(line[col('Medelväntetid (min)')]).toBe(minutes(day.avgWaitSeconds));
    }
    expect(lines.at(-1)![col('Datum')]).toBe('Totalt');
    expect(Number(lines.at(-1)![col('Ankomna')])).toBe(report.total.arrived);

    const xlsx = await exportThroughJob(b, { ...range, format: 'xlsx' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Dagar')!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    const cell = (row: number, name: string) => sheet.getRow(row).getCell(headers.indexOf(name) + 1).value;
    for (const [i, day] of report.days.entries()) {
      expect(cell(i + 2, 'Datum')).toEqual(new Date(`${day.localDate}T00:00:00Z`));
      expect(cell(i + 2, 'Ankomna')).toBe(day.arrived);
      expect(cell(i + 2, 'Uteblivna')).toBe(day.noShows);
      if (day.overServiceLevelShare !== null)
        expect(cell(i + 2, 'Andel över servicenivå')).toBeCloseTo(day.overServiceLevelShare, 3);
    }
    expect(book.worksheets.map((w) => w.name)).toEqual(['Dagar', 'Ärendetyper', 'Timmar', 'Väntetider', 'Noter']);
  });

  it('raw visit rows carry no officer, note or identity, one row per errand', async () => {
    const b = await supervisorAtStockholm();
    const file = await exportThroughJob(b, {
      token: b.token,
      from: FROM,
      to: TO,
      table: 'visits',
      format: 'csv',
      lang: 'en',
    });
    const lines = file.bytes.toString('utf8').trimEnd().split('\r\n');
    const errands = b.arrivals.filter((a) => a.officeId === 'stockholm' && !a.voided).flatMap((a) => a.errands ?? []);
    expect(lines).toHaveLength(1 + errands.length);
    expect(lines.join('\n')).not.toContain('ANLA');
  });

  it('the report SQLite aggregates equals computeReport over the same arrivals, DST days and every service level', async () => {
    const b = await supervisorAtStockholm();
    for (const serviceLevelMinutes of [1, 5, 20, 240]) {
      for (const [from, to] of [
        [FROM, TO],
        ['2026-10-25', '2026-10-25'],
        ['2026-10-01', '2026-11-30'],
      ] as const) {
        const range = { officeId: 'stockholm', from, to };
        const plain = computeReport(b.backend.context!.stats.arrivals(range), { ...range, serviceLevelMinutes });
        const fromSql = await b.call('stats.report', { token: b.token, from, to, serviceLevelMinutes });
        expect(fromSql).toEqual(plain);
      }
    }
  });

  it('the warm report worker reads what was written after it started, and reports asked at once agree', async () => {
    const b = await supervisorAtStockholm();
    const first = await b.call('stats.report', { token: b.token, from: FROM, to: TO });
    // Written after the worker that made the first report opened its connection.
    seedArrivals(b.db, [{ officeId: 'stockholm', date: TO, at: '10:00', ticket: false, serviceSeconds: 300 }]);
    const again = await b.call('stats.report', { token: b.token, from: FROM, to: TO });
    expect(again.total.arrived).toBe(first.total.arrived + 1);
    expect(again.total.served).toBe(first.total.served + 1);
    // Three at once: one in the warm worker, the others in workers of their own; all the same.
    const together = await Promise.all(
      [1, 2, 3].map(() => b.call('stats.report', { token: b.token, from: FROM, to: TO })),
    );
    for (const report of together) expect(report).toEqual(again);
  });

  it('an export reports rows done of rows total, and a cancelled one leaves no file behind', async () => {
    const b = await supervisorAtStockholm();
    const input = {
      token: b.token,
      from: FROM,
      to: TO,
      table: 'visits' as const,
      format: 'xlsx' as const,
      lang: 'sv' as const,
    };
    const seen: { done: number; total: number | null }[] = [];
    const off = b.backend.host.subscribe((e) => {
      if (e.type === 'changed' && e.topics.includes('stats'))
        void b.call('stats.job', { token: b.token, jobId: job.jobId }).then((j) => seen.push(j));
    });
    const job = await b.call('stats.export', input);
    expect(job).toMatchObject({ state: 'running', done: 0, downloadKey: null });
    const done = await jobEnded(b, b.token, job.jobId);
    off();
    const errands = b.arrivals.filter((a) => a.officeId === 'stockholm' && !a.voided).flatMap((a) => a.errands ?? []);
    expect(done).toMatchObject({ state: 'done', done: errands.length, total: errands.length });
    expect(seen.some((j) => j.total === errands.length)).toBe(true);
    expect(seen.every((j) => j.total === null || j.done <= j.total)).toBe(true);

    const exportsDir = join(b.dataDir, 'exports');
    const running = await b.call('stats.export', input);
    const cancelled = await b.call('stats.cancel', { token: b.token, jobId: running.jobId });
    expect(cancelled.state).toBe('cancelled');
    expect((await b.call('stats.job', { token: b.token, jobId: running.jobId })).state).toBe('cancelled');
    // Only the finished export's folder is left; the cancelled one is gone with its half-written file.
    expect(readdirSync(exportsDir)).toEqual([done.downloadKey]);
    // Another office's supervisor cannot see or cancel the job.
    expect(await b.raw('stats.job', { token: 'x'.repeat(43), jobId: running.jobId })).toMatchObject({ ok: false });
  });

  it('a changed service level changes only the share over it', async () => {
    const b = await supervisorAtStockholm();
    const strict = await b.call('stats.report', {
      token: b.token,
      from: '2026-10-21',
      to: '2026-10-21',
      serviceLevelMinutes: 5,
    });
    const waits = b.arrivals
      .filter((a) => a.officeId === 'stockholm' && a.date === '2026-10-21' && a.ticket && a.errands?.length)
      .map((a) => a.waitSeconds!);
    expect(strict.total.overServiceLevelShare).toBeCloseTo(waits.filter((w) => w > 300).length / waits.length, 9);
  });
});

// Each test hashes up to 16 passphrases (scrypt, on libuv's pool): a watchdog generous enough for a
// saturated 2-core machine; the work itself is bounded, nothing here measures time.
describe('supervisor access', { timeout: 60_000 }, () => {
  it('needs a session: no token, a made-up token or another office gives SUPERVISOR_REQUIRED', async () => {
    const b = await supervisorAtStockholm();
    const madeUp = 'x'.repeat(43);
    expect(await b.raw('stats.report', { token: madeUp, from: FROM, to: TO })).toMatchObject({
      ok: false,
      error: { code: 'SUPERVISOR_REQUIRED' },
    });
    expect(await b.raw('stats.report', { from: FROM, to: TO })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    // This device holds Varberg's rows too, but Varberg's first passphrase is set only on a device set up for Varberg.
    expect(
      await b.raw('supervisor.setPassphrase', { officeId: 'varberg', passphrase: 'varbergs fyr lyser' }),
    ).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_FIRST_NOT_ALLOWED' } });
    // The device moves to Varberg (the seeded visit still open at Stockholm is finished first).
    b.db
      .prepare('UPDATE visits SET closed_at = started_at, first_closed_at = started_at WHERE closed_at IS NULL')
      .run();
    await b.call('setup.save', { officeId: 'varberg', officerSignature: 'BOKA' });
    // Changing office or officer ends every supervisor session.
    expect(await b.raw('stats.report', { token: b.token, from: FROM, to: TO })).toMatchObject({
      ok: false,
      error: { code: 'SUPERVISOR_REQUIRED' },
    });
    // Switching is not enough to claim Varberg's first passphrase (issue 18): the device must be trusted for it.
    expect(
      await b.raw('supervisor.setPassphrase', { officeId: 'varberg', passphrase: 'varbergs fyr lyser' }),
    ).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_FIRST_NOT_ALLOWED' } });
    // Enrolled for Varberg by the statistics service (the settings its enrollment leaves; the real
    // enrollment is test/integration/sync/travellingOfficer.test.ts).
    writeSyncSettings(b.db, { serverUrl: 'https://127.0.0.1:9', deviceId: 'dev-1', officeIds: 'stockholm,varberg' });
    // A session for Varberg reads Varberg, whatever the request says.
    const varberg = await b.call('supervisor.setPassphrase', { officeId: 'varberg', passphrase: 'varbergs fyr lyser' });
    const report = await b.call('stats.report', { token: varberg.token, from: FROM, to: TO });
    expect(report.officeId).toBe('varberg');
    expect(report.total.arrived).toBe(9);
  });

  it('two first-time passphrases at once: the first wins, the second is refused', async () => {
    const b = testBackend({ now: testClock('2026-10-28T08:00:00Z').now });
    await b.call('setup.save', { officeId: 'stockholm', officerSignature: 'ANLA' });
    const replies = await Promise.all(
      ['första lösenfrasen', 'andra lösenfrasen'].map((passphrase) =>
        b.raw('supervisor.setPassphrase', { officeId: 'stockholm', passphrase }),
      ),
    );
    expect(replies.map((r) => (r.ok ? 'ok' : r.error.code)).sort()).toEqual(['SUPERVISOR_DENIED', 'ok']);
    const winner = ['första lösenfrasen', 'andra lösenfrasen'][replies.findIndex((r) => r.ok)]!;
    expect((await b.call('supervisor.unlock', { officeId: 'stockholm', passphrase: winner })).officeId).toBe(
      'stockholm',
    );
  });

  it('refuses a backwards or overlong range, and an unknown office', async () => {
    const b = await supervisorAtStockholm();
    for (const [from, to] of [
      ['2026-10-27', '2026-10-19'],
      ['2020-01-01', '2026-01-01'],
      ['2026-02-30', '2026-03-01'],
    ]) {
      expect(await b.raw('stats.report', { token: b.token, from, to })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      });
    }
    expect(await b.raw('supervisor.status', { officeId: 'atlantis' })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_OFFICE' },
    });
  });

  it('locks the office after five wrong passphrases, also across a restart, and unlocks after 15 minutes', async () => {
    const b = await supervisorAtStockholm();
    for (let i = 1; i <= 4; i++) {
      expect(await b.raw('supervisor.unlock', { officeId: 'stockholm', passphrase: 'fel lösenord nu' })).toMatchObject({
        ok: false,
        error: { code: 'SUPERVISOR_DENIED' },
      });
      expect((await b.call('supervisor.status', { officeId: 'stockholm' })).attemptsLeft).toBe(5 - i);
    }
    expect(await b.raw('supervisor.unlock', { officeId: 'stockholm', passphrase: 'fel lösenord nu' })).toMatchObject({
      ok: false,
      error: { code: 'SUPERVISOR_LOCKED' },
    });
    // Locked: even the right passphrase is refused, and a restart does not help.
    b.close();
    const again = testBackend({ dataDir: b.dataDir, now: b.clock.now });
    expect(await again.raw('supervisor.unlock', { officeId: 'stockholm', passphrase: PASSPHRASE })).toMatchObject({
      ok: false,
      error: { code: 'SUPERVISOR_LOCKED' },
    });
    expect((await again.call('supervisor.status', { officeId: 'stockholm' })).lockedUntil).toBe(
      '2026-10-28T08:15:00.000Z',
    );
    b.clock.set('2026-10-28T08:15:01Z');
    const session = await again.call('supervisor.unlock', { officeId: 'stockholm', passphrase: PASSPHRASE });
    expect(session.officeId).toBe('stockholm');
    expect((await again.call('supervisor.status', { officeId: 'stockholm' })).attemptsLeft).toBe(5);
  });

  it('each lockout in a row lasts twice as long; a right passphrase starts over', async () => {
    const b = await supervisorAtStockholm();
    const guessFive = async () => {
      for (let i = 0; i < 5; i++)
        await b.raw('supervisor.unlock', { officeId: 'stockholm', passphrase: 'fel lösenord nu' });
    };
    await guessFive();
    expect((await b.call('supervisor.status', { officeId: 'stockholm' })).lockedUntil).toBe('2026-10-28T08:15:00.000Z');
    b.clock.set('2026-10-28T08:15:00Z');
    await guessFive();
    expect((await b.call('supervisor.status', { officeId: 'stockholm' })).lockedUntil).toBe('2026-10-28T08:45:00.000Z');
    b.clock.set('2026-10-28T08:45:00Z');
    await b.call('supervisor.unlock', { officeId: 'stockholm', passphrase: PASSPHRASE });
    await guessFive();
    expect((await b.call('supervisor.status', { officeId: 'stockholm' })).lockedUntil).toBe('2026-10-28T09:00:00.000Z');
  });

  it('a burst of parallel guesses cannot get past the lockout', async () => {
    const b = await supervisorAtStockholm();
    const replies = await Promise.all(
      Array.from({ length: 12 }, () =>
        b.raw('supervisor.unlock', { officeId: 'stockholm', passphrase: 'gissning nummer x' }),
      ),
    );
    const codes = replies.map((r) => (r.ok ? 'ok' : r.error.code));
    expect(codes.filter((c) => c === 'SUPERVISOR_DENIED')).toHaveLength(4);
    expect(codes.filter((c) => c === 'SUPERVISOR_LOCKED')).toHaveLength(8);
  });

  it('changing the passphrase needs the current one, ends old sessions, and stores only a hash', async () => {
    const b = await supervisorAtStockholm();
    expect(
      await b.raw('supervisor.setPassphrase', { officeId: 'stockholm', passphrase: 'ett helt nytt lösen' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'SUPERVISOR_DENIED' },
    });
    const fresh = await b.call('supervisor.setPassphrase', {
      officeId: 'stockholm',
      passphrase: 'ett helt nytt lösen',
      current: PASSPHRASE,
    });
    expect(await b.raw('stats.report', { token: b.token, from: FROM, to: TO })).toMatchObject({
      ok: false,
      error: { code: 'SUPERVISOR_REQUIRED' },
    });
    expect((await b.call('stats.report', { token: fresh.token, from: FROM, to: TO })).officeId).toBe('stockholm');
    const stored = b.db.prepare('SELECT * FROM supervisor_passphrases').all();
    expect(JSON.stringify(stored)).not.toContain('lösen');
    expect(await b.raw('supervisor.unlock', { officeId: 'stockholm', passphrase: 'kort' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
  });

  it('a session ends after 30 idle minutes', async () => {
    const b = await supervisorAtStockholm();
    b.clock.set('2026-10-28T08:29:00Z');
    await b.call('stats.report', { token: b.token, from: FROM, to: FROM });
    b.clock.set('2026-10-28T08:58:00Z'); // 29 minutes after the last use: still open
    await b.call('stats.report', { token: b.token, from: FROM, to: FROM });
    b.clock.set('2026-10-28T09:28:01Z');
    expect(await b.raw('stats.report', { token: b.token, from: FROM, to: FROM })).toMatchObject({
      ok: false,
      error: { code: 'SUPERVISOR_REQUIRED' },
    });
  });
});
