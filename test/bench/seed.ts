import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { stockholmDate } from '../../shared/time';
import { ERRAND_KINDS, AGENCIES, OUTCOMES } from '../../shared/domain';

/**
 * Fills a store with `count` closed visits (one errand each) spread over the past
 * years, in one transaction: the history a busy office accumulates.
 */
export function seedClosedVisits(db: Database, officeId: string, count: number, now = Date.now()): void {
  const visit = db.prepare(
    'INSERT INTO visits (id, office_id, officer_signature, started_at, local_date, closed_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const errand = db.prepare(
    'INSERT INTO errands (id, visit_id, position, agency, errand_kind, outcome, created_at) VALUES (?, ?, 1, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const start = new Date(now - (i + 1) * 90_000); // one visit every 90 s, backwards
      const startIso = start.toISOString();
      const id = randomUUID();
      const agency = AGENCIES[i % AGENCIES.length]!;
      const kinds = ERRAND_KINDS[agency];
      visit.run(
        id,
        officeId,
        'BENCH',
        startIso,
        stockholmDate(start),
        new Date(start.getTime() + 600_000).toISOString(),
      );
      errand.run(randomUUID(), id, agency, kinds[i % kinds.length]!, OUTCOMES[i % OUTCOMES.length]!, startIso);
    }
  })();
}
