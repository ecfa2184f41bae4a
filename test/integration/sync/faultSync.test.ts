import BetterSqlite3 from 'better-sqlite3';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { Agency } from '../../../shared/domain';
import { computeReport } from '../../../shared/statsCompute';
import { stockholmDate } from '../../../shared/time';
import { FAULT_KINDS, startFaultProxy } from '../../support/faultProxy';
import { mulberry32 } from '../../support/prng';
import { seedArrivals, type SeedArrival } from '../../support/statsSeed';
import { recordingFetch, syncDevice, type RecordedCall } from '../../support/syncDevice';
import { BACKENDS, useTestServer, type TestServer } from '../server/harness';

/**
 * The fault test: more than 10,000 events from two offices pushed through a proxy
 * that drops, duplicates, replays, delays, fails and cuts, with the service restarted once
 * midway and its database locked for a moment. Afterwards the service's counts per
 * office, day and agency must equal each device's own, exactly, and nothing personal or
 * device-local may have crossed the wire or reached the service's database.
 */

const DAYS = 10;
const ARRIVALS_PER_DAY = 500;
const KINDS: Record<Agency, string[]> = {
  SKV: ['skv.id_card', 'skv.moving', 'skv.tax_return', 'skv.population_certificate'],
  FK: ['fk.eu_card', 'fk.parental_benefit', 'fk.housing_allowance'],
  PM: ['pm.general_pension', 'pm.housing_supplement'],
  AF: ['af.registration', 'af.activity_report'],
  MV: ['mv.self_service', 'mv.forward_documents'],
};
const AGENCY_LIST = Object.keys(KINDS) as Agency[];
const OUTCOMES = ['done', 'referred', 'booked', 'needs_documents', 'cancelled'] as const;

/** Ten past days of an office's arrivals, from a fixed seed: served, no-shows, open, corrected, voided, walk-ins. */
function history(officeId: string, seed: number, lastDay: Date): SeedArrival[] {
  const random = mulberry32(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const out: SeedArrival[] = [];
  for (let day = DAYS; day >= 1; day--) {
    const date = stockholmDate(new Date(lastDay.getTime() - day * 86_400_000));
    for (let i = 0; i < ARRIVALS_PER_DAY; i++) {
      const minute = 8 * 60 + Math.floor((i * 9 * 60) / ARRIVALS_PER_DAY);
      const at = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
      const r = random();
      const errands = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
        const agency = pick(AGENCY_LIST);
        return {
          agency,
          kind: pick(KINDS[agency]),
          outcome: pick(OUTCOMES),
          lacksEid: random() < 0.1,
          interpreter: random() < 0.05,
        };
      });
      if (r < 0.08) out.push({ officeId, date, at, ticket: true, noShow: true });
      else if (r < 0.1) out.push({ officeId, date, at, ticket: true, voided: true });
      else if (r < 0.12)
        out.push({ officeId, date, at, ticket: true }); // never called
      else if (r < 0.14)
        out.push({
          officeId,
          date,
          at,
          ticket: true,
          waitSeconds: 300,
          errands: errands.map((e) => ({ ...e, outcome: null })),
        }); // left open
      else if (r < 0.3)
        out.push({ officeId, date, at, ticket: false, serviceSeconds: 60 + Math.floor(random() * 900), errands });
      else
        out.push({
          officeId,
          date,
          at,
          ticket: true,
          waitSeconds: Math.floor(random() * 3600),
          serviceSeconds: 60 + Math.floor(random() * 1800),
          errands,
          corrected: random() < 0.05,
        });
    }
  }
  return out;
}

/** Holds the service's database lock for `ms` (another connection), as a backup job or a vacuum would. */
async function lockDatabaseFor(t: TestServer, ms: number): Promise<void> {
  if (t.db.dataDir) {
    const file = readdirSync(t.db.dataDir).find((f) => f.endsWith('.sqlite'))!;
    const other = new BetterSqlite3(join(t.db.dataDir, file));
    other.exec('BEGIN EXCLUSIVE');
    await new Promise((r) => setTimeout(r, ms));
    other.exec('COMMIT');
    other.close();
    return;
  }
  const client = new pg.Client({ connectionString: t.db.databaseUrl! });
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE events IN ACCESS EXCLUSIVE MODE');
  await new Promise((r) => setTimeout(r, ms));
  await client.query('COMMIT');
  await client.end();
}

/** Everything the service's database holds, as text, for the privacy scan. */
async function serverDatabaseText(t: TestServer): Promise<string> {
  if (t.db.dataDir)
    return readdirSync(t.db.dataDir)
      .map((f) => readFileSync(join(t.db.dataDir!, f)).toString('latin1'))
      .join('\n');
  const client = new pg.Client({ connectionString: t.db.databaseUrl! });
  await client.connect();
  const tables = ['events', 'devices', 'enrollment_codes'];
  const parts: string[] = [];
  for (const table of tables)
    parts.push(
      ...(await client.query(`SELECT row_to_json(x)::text AS j FROM ${table} x`)).rows.map((r) => r.j as string),
    );
  await client.end();
  return parts.join('\n');
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

describe.each(BACKENDS)('sync through a faulty network on $name', (backend) => {
  const server = useTestServer(backend);

  it(
    '10,000+ events, a restart and a locked database: the service counts exactly what the devices count',
    { timeout: 240_000 },
    async () => {
      server.t.clock.current = new Date();
      const now = new Date();
      const proxy = await startFaultProxy({
        target: server.t.url,
        seed: 20261126,
        rates: {
          drop_request: 0.05,
          drop_response: 0.06,
          duplicate: 0.05,
          replay_later: 0.06,
          delay: 0.03,
          status_500: 0.03,
          status_503: 0.03,
          error_after_commit: 0.06,
          cut_body: 0.04,
        },
        delayMs: 900,
        replayDelayMs: [20, 400],
        onlyPaths: /^\/v1\/events/,
      });
      const calls: RecordedCall[] = [];
      const options = {
        sync: { timeoutMs: 600, batchSize: 100, fetch: recordingFetch(calls) },
        at: now.toISOString(),
        officer: 'BOBE',
      };
      const devices = [
        await syncDevice({ ...options, officeId: 'stockholm' }),
        await syncDevice({ ...options, officeId: 'halmstad' }),
      ];
      for (const [i, d] of devices.entries()) {
        seedArrivals(d.db, history(d.officeId, 1000 + i, now));
        await d.call('sync.enroll', {
          serverUrl: proxy.url,
          code: await server.t.enrollmentCode(d.officeId),
          deviceName: `Disk ${i}`,
        });
      }

      let restarted = false;
      let locked = false;
      let rounds = 0;
      let live = 0;
      for (;;) {
        rounds++;
        expect(rounds, 'the devices never drained').toBeLessThan(3000);
        const round = Promise.all(devices.map((d) => d.sync.syncNow()));
        const stored = (await server.t.store.countEvents()).total;
        // Midway: restart the service while batches are in flight, then lock its database for a moment.
        if (!restarted && stored >= 5_000) {
          restarted = true;
          await new Promise((r) => setTimeout(r, 15));
          await server.t.restart();
        } else if (restarted && !locked && stored >= 7_500) {
          locked = true;
          await lockDatabaseFor(server.t, 800);
        }
        const statuses = await round;
        // The counter keeps working meanwhile: visits, corrections and no-shows written between rounds.
        if (rounds % 4 === 0 && live < 40) {
          for (const d of devices) {
            const { ticket, visit } = await d.ticketVisit('skv.id_card', 'done');
            await d.call('visits.reopen', { visitId: visit.id });
            await d.call('visits.setOutcome', { errandId: visit.errands[0]!.id, outcome: 'needs_documents' });
            await d.call('visits.close', { visitId: visit.id });
            const late = await d.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' });
            await d.call('tickets.call', { counterId: d.counterId, ticketId: late.id });
            await d.call('tickets.noShow', { counterId: d.counterId, ticketId: late.id });
            if (live % 2 === 0) {
              await d.call('tickets.recall', { counterId: d.counterId, ticketId: late.id });
              let v = await d.call('tickets.serve', { counterId: d.counterId, ticketId: late.id });
              v = await d.call('visits.addErrand', { visitId: v.id, agency: 'FK', errandKind: 'fk.eu_card' });
              v = await d.call('visits.setOutcome', { errandId: v.errands[0]!.id, outcome: 'done' });
              await d.call('visits.close', { visitId: v.id });
            }
            expect(ticket.id).toBeTruthy();
          }
          live++;
          continue;
        }
        if (live >= 40 && statuses.every((s) => s.pending === 0 && s.lastError === null)) break;
      }
      await proxy.settle();
      await proxy.close();

      expect(restarted && locked).toBe(true);
      // One line for the record (CI logs): how much went through, and what the network did to it.
      const written0 = devices.reduce((n, d) => n + d.outboxRows().length, 0);
      console.info(
        `fault sync on ${backend.name}: ${written0} events in ${rounds} rounds, ${calls.filter((c) => c.path === '/v1/events').length} uploads; faults ${JSON.stringify(proxy.counts)}`,
      );
      // Every kind of fault really happened.
      for (const kind of FAULT_KINDS) expect(proxy.counts[kind], kind).toBeGreaterThan(0);
      expect(calls.some((c) => c.path === '/v1/events' && c.status === 503)).toBe(true);

      // Every event stored exactly once: the service holds as many as the devices wrote.
      const written = devices.reduce((n, d) => n + d.outboxRows().length, 0);
      expect(written).toBeGreaterThanOrEqual(10_000);
      expect((await server.t.store.countEvents()).total).toBe(written);
      for (const d of devices)
        expect(d.outboxRows().filter((r) => r.sent_at === null || r.rejected !== null)).toEqual([]);

      // Per office, per day, per agency (and every other KPI): the service's counts equal the device's.
      const from = stockholmDate(new Date(now.getTime() - DAYS * 86_400_000));
      const to = stockholmDate(now);
      for (const d of devices) {
        const range = { officeId: d.officeId, from, to, serviceLevelMinutes: 20 };
        const mine = computeReport(d.backend.context!.stats.arrivals(range), range);
        const res = await server.t.request('GET', `/v1/stats/daily?office=${d.officeId}&from=${from}&to=${to}`, {
          token: d.token()!,
        });
        expect(res.status).toBe(200);
        expect(res.json.days).toEqual(mine.days);
        expect(res.json).toEqual(mine);
        expect(mine.total.arrived).toBeGreaterThan(4_500);
      }

      // Nothing personal or device-local crossed the wire or reached the service.
      const localIds = new Set<string>();
      for (const d of devices)
        for (const table of ['tickets', 'visits', 'errands', 'counters'])
          for (const id of d.db.prepare(`SELECT id FROM ${table}`).pluck().all() as string[]) localIds.add(id);
      const wire = calls.map((c) => c.body ?? '').join('\n');
      const serverText = await serverDatabaseText(server.t);
      for (const text of [wire, serverText]) {
        expect(text).not.toContain('ANLA');
        expect(text).not.toContain('BOBE');
        expect(text).not.toMatch(/"number"|"note"|"officer|"language"/);
        expect([...text.matchAll(UUID)].filter((m) => localIds.has(m[0]))).toEqual([]);
      }
    },
  );
});
