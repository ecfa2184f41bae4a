import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { stockholmDate } from '../../shared/time';
import type { Benchmark } from './harness';
import { BENCH_OFFICE, BENCH_VISITS, sharedBenchBackend } from './seed';

const ROUNDS = 10;
const OPS = 200;

/** Open visits, each with one errand that has an outcome: ready to be closed. */
function openVisitsReadyToClose(db: Database, count: number, prefix: string): string[] {
  const now = new Date();
  const ids: string[] = [];
  const visit = db.prepare(
    'INSERT INTO visits (id, office_id, officer_signature, started_at, local_date) VALUES (?, ?, ?, ?, ?)',
  );
  const errand = db.prepare(
    "INSERT INTO errands (id, visit_id, position, agency, errand_kind, outcome, created_at) VALUES (?, ?, 1, 'SKV', 'skv.moving', 'done', ?)",
  );
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const hex = i.toString(16).padStart(12, '0');
      const id = `${prefix}-0000-4000-8000-${hex}`;
      visit.run(id, BENCH_OFFICE, 'ANLA', now.toISOString(), stockholmDate(now));
      errand.run(`${prefix}-0000-4000-9000-${hex}`, id, now.toISOString());
      ids.push(id);
    }
  })();
  return ids;
}

export const closeVisitBenchmark: Benchmark = {
  name: 'close-visit',
  description: `close a visit through the backend host vs raw prepared SQL with the same statistics event, ${BENCH_VISITS.toLocaleString('sv-SE')} visits in the store`,
  target: '≤ 1.5×',
  async setup() {
    const backend = sharedBenchBackend();
    await backend.host.handle({
      id: 0,
      channel: 'setup.save',
      input: { officeId: BENCH_OFFICE, officerSignature: 'ANLA' },
    });
    const db = backend.context!.store.db;
    const total = ROUNDS * OPS;
    const viaHost = openVisitsReadyToClose(db, total, 'aaaaaaaa');
    const viaRaw = openVisitsReadyToClose(db, total, 'bbbbbbbb');

    // The baseline: the least SQL that closes a visit correctly (read it, check its
    // errands, write closed_at) in one transaction, with statements prepared up front,
    // plus the same durable work closing does since the outbox (issue 12): read the
    // arrival's last event, read the arrival, and write its statistics event as JSON in
    // the same transaction.
    const selectVisit = db.prepare('SELECT id, started_at, closed_at FROM visits WHERE id = ?');
    const selectErrands = db.prepare('SELECT outcome FROM errands WHERE visit_id = ?');
    const update = db.prepare('UPDATE visits SET closed_at = ? WHERE id = ? AND closed_at IS NULL');
    const lastEvent = db.prepare(
      'SELECT payload FROM sync_outbox WHERE arrival_key = ? AND rejected IS NULL ORDER BY seq DESC LIMIT 1',
    );
    const arrival = db.prepare(
      `SELECT v.office_id, v.local_date, v.started_at, v.closed_at, v.waiting_seconds,
              e.agency, e.errand_kind, e.outcome, e.lacks_eid, e.interpreter
         FROM visits v LEFT JOIN errands e ON e.visit_id = v.id WHERE v.id = ? ORDER BY e.position`,
    );
    const insertEvent = db.prepare(
      `INSERT INTO sync_outbox (event_id, arrival_key, office_id, local_date, payload, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    const rawClose = db.transaction((id: string) => {
      const v = selectVisit.get(id) as { closed_at: string | null } | undefined;
      if (!v || v.closed_at) throw new Error('not open');
      if ((selectErrands.all(id) as { outcome: string | null }[]).some((e) => e.outcome === null)) throw new Error('x');
      const at = new Date().toISOString();
      update.run(at, id);
      const key = `v:${id}`;
      const last = lastEvent.pluck().get(key) as string | undefined;
      const rows = arrival.all(id) as Record<string, string | number | null>[];
      const first = rows[0]!;
      const event = {
        id: randomUUID(),
        supersedes: last ? (JSON.parse(last) as { id: string }).id : null,
        recordedAt: at,
        officeId: first.office_id,
        localDate: first.local_date,
        serviceSeconds: Math.round((Date.parse(at) - Date.parse(String(first.started_at))) / 1000),
        waitingSeconds: first.waiting_seconds,
        errands: rows.map((r) => ({
          agency: r.agency,
          errandKind: r.errand_kind,
          outcome: r.outcome,
          lacksEid: r.lacks_eid === 1,
          interpreter: r.interpreter === 1,
        })),
      };
      insertEvent.run(event.id, key, first.office_id, first.local_date, JSON.stringify(event), at);
    });

    let requestId = 1;
    return {
      rounds: ROUNDS,
      opsPerRound: OPS,
      async subject(i) {
        const reply = await backend.host.handle({
          id: requestId++,
          channel: 'visits.close',
          input: { visitId: viaHost[i] },
        });
        if (!reply.ok) throw new Error(`close failed: ${reply.error.code}`);
      },
      baseline(i) {
        rawClose.immediate(viaRaw[i]!);
      },
    };
  },
};
