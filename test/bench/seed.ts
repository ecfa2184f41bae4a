import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootBackend, type Backend } from '../../electron/backend/boot';
import { AGENCIES, ERRAND_KINDS, OUTCOMES } from '../../shared/domain';
import { stockholmDate } from '../../shared/time';

/** Stockholm's offset changes only on whole UTC hours, so one lookup per hour is exact. */
function cachedStockholmDate() {
  const cache = new Map<number, string>();
  return (ms: number) => {
    const hour = Math.floor(ms / 3_600_000);
    let date = cache.get(hour);
    if (!date) cache.set(hour, (date = stockholmDate(new Date(hour * 3_600_000))));
    return date;
  };
}

/**
 * Fills a store with `count` closed visits (one errand each) going back in time, one
 * every 90 s, in one transaction: the history a busy office accumulates over years.
 */
export function seedClosedVisits(db: Database, officeId: string, count: number, now = Date.now()): void {
  const localDate = cachedStockholmDate();
  const visit = db.prepare(
    'INSERT INTO visits (id, office_id, officer_signature, started_at, local_date, closed_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const errand = db.prepare(
    'INSERT INTO errands (id, visit_id, position, agency, errand_kind, outcome, created_at) VALUES (?, ?, 1, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const start = now - (i + 1) * 90_000;
      const startIso = new Date(start).toISOString();
      const id = randomUUID();
      const agency = AGENCIES[i % AGENCIES.length]!;
      const kinds = ERRAND_KINDS[agency];
      visit.run(id, officeId, 'BENCH', startIso, localDate(start), new Date(start + 600_000).toISOString());
      errand.run(randomUUID(), id, agency, kinds[i % kinds.length]!, OUTCOMES[i % OUTCOMES.length]!, startIso);
    }
  })();
}

export const BENCH_VISITS = Number(process.env.BENCH_VISITS ?? 1_000_000);
export const BENCH_OFFICE = 'stockholm';

let shared: Backend | null = null;

/** One store per run, seeded once with BENCH_VISITS visits and set up for Stockholm. */
export function sharedBenchBackend(): Backend {
  if (shared) return shared;
  const dir = mkdtempSync(join(tmpdir(), 'lucka-bench-'));
  const backend = bootBackend({ dataDir: dir, appVersion: 'bench' });
  const ctx = backend.context!;
  process.stdout.write(`  seeding ${BENCH_VISITS.toLocaleString('sv-SE')} visits … `);
  const t0 = Date.now();
  seedClosedVisits(ctx.store.db, BENCH_OFFICE, BENCH_VISITS);
  console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s (${dir})`);
  shared = backend;
  return backend;
}
