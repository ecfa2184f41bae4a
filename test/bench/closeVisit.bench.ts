import type { Database } from 'better-sqlite3';
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
  description: `close a visit through the backend host vs raw prepared SQL, ${BENCH_VISITS.toLocaleString('sv-SE')} visits in the store`,
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
    // errands, write closed_at) in one transaction, with statements prepared up front.
    const selectVisit = db.prepare('SELECT id, started_at, closed_at FROM visits WHERE id = ?');
    const selectErrands = db.prepare('SELECT outcome FROM errands WHERE visit_id = ?');
    const update = db.prepare('UPDATE visits SET closed_at = ? WHERE id = ? AND closed_at IS NULL');
    const rawClose = db.transaction((id: string) => {
      const v = selectVisit.get(id) as { closed_at: string | null } | undefined;
      if (!v || v.closed_at) throw new Error('not open');
      if ((selectErrands.all(id) as { outcome: string | null }[]).some((e) => e.outcome === null)) throw new Error('x');
      update.run(new Date().toISOString(), id);
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
