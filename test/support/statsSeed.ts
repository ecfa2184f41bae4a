import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { Agency, Outcome } from '../../shared/domain';
import { stockholmDate, stockholmInstant } from '../../shared/time';

/** One arrival to seed, in the terms a supervisor would describe it. */
export interface SeedArrival {
  officeId: string;
  /** The local day the ticket was issued (or the visit started, without a ticket). */
  date: string;
  /** Local time of arrival, HH:MM (or an exact UTC instant, for the repeated hour of the DST change). */
  at: string | { utc: string };
  ticket: boolean;
  noShow?: boolean;
  /** Seconds from arrival to the (last) call; only with a ticket that was served. */
  waitSeconds?: number;
  /** Seconds of service; absent while the visit is still open. */
  serviceSeconds?: number;
  errands?: { agency: Agency; kind: string; outcome: Outcome | null; lacksEid?: boolean; interpreter?: boolean }[];
  /** The visit was corrected later (its errands above are the corrected ones). */
  corrected?: boolean;
  /** Reopened for a correction right now: no current end, but its first end stands. */
  reopened?: boolean;
  /** A ticket voided by the officer ("Makulera"): not an arrival. */
  voided?: boolean;
}

/**
 * Writes arrivals straight into the store's tables, as the counter would have left them,
 * so a test can state the truth it expects without going through the code under test.
 */
export function seedArrivals(db: Database, arrivals: readonly SeedArrival[]): void {
  const seq = new Map<string, number>();
  const queue = db.prepare('INSERT OR IGNORE INTO queues (office_id, letter, name) VALUES (?, ?, ?)');
  const ticket = db.prepare(
    `INSERT INTO tickets (id, office_id, local_date, issued_letter, seq, number, queue_letter, state, source, issued_at,
       first_called_at, last_called_at, call_count, service_started_at, ended_at)
     VALUES (@id, @officeId, @date, 'A', @seq, @number, 'A', @state, 'officer', @issuedAt,
       @calledAt, @calledAt, @calls, @startedAt, @endedAt)`,
  );
  const visit = db.prepare(
    `INSERT INTO visits (id, office_id, officer_signature, started_at, local_date, closed_at, first_closed_at,
       ticket_id, waiting_seconds, corrections)
     VALUES (@id, @officeId, 'ANLA', @startedAt, @localDate, @closedAt, @firstClosedAt, @ticketId, @wait, @corrections)`,
  );
  const errand = db.prepare(
    `INSERT INTO errands (id, visit_id, position, agency, errand_kind, outcome, created_at, lacks_eid, interpreter)
     VALUES (@id, @visitId, @position, @agency, @kind, @outcome, @createdAt, @lacksEid, @interpreter)`,
  );
  db.transaction(() => {
    for (const a of arrivals) {
      queue.run(a.officeId, 'A', 'Allmänt');
      const arrivedAt = typeof a.at === 'string' ? stockholmInstant(a.date, a.at) : new Date(a.at.utc);
      const served = a.serviceSeconds !== undefined || (a.errands?.length ?? 0) > 0;
      // Without a ticket the visit starts on arrival: there is no waiting time.
      const startedAt = new Date(arrivedAt.getTime() + (a.ticket ? (a.waitSeconds ?? 0) : 0) * 1000);
      const closedAt =
        a.serviceSeconds !== undefined ? new Date(startedAt.getTime() + a.serviceSeconds * 1000).toISOString() : null;
      let ticketId: string | null = null;
      if (a.ticket) {
        const key = `${a.officeId} ${a.date}`;
        const n = (seq.get(key) ?? 0) + 1;
        seq.set(key, n);
        ticketId = randomUUID();
        ticket.run({
          id: ticketId,
          officeId: a.officeId,
          date: a.date,
          seq: n,
          number: `A${String(n).padStart(3, '0')}`,
          state: a.voided ? 'cancelled' : a.noShow ? 'no_show' : served ? (closedAt ? 'done' : 'serving') : 'waiting',
          issuedAt: arrivedAt.toISOString(),
          calledAt: served || a.noShow ? startedAt.toISOString() : null,
          calls: served || a.noShow ? 1 : 0,
          startedAt: served ? startedAt.toISOString() : null,
          endedAt: closedAt,
        });
      }
      if (!served || a.voided) continue;
      const visitId = randomUUID();
      visit.run({
        id: visitId,
        officeId: a.officeId,
        startedAt: startedAt.toISOString(),
        // The visit's own day is when service started; statistics must use the ticket's.
        localDate: a.ticket ? stockholmDate(startedAt) : a.date,
        closedAt: a.reopened ? null : closedAt,
        firstClosedAt: closedAt,
        ticketId,
        wait: a.ticket ? (a.waitSeconds ?? 0) : null,
        corrections: a.corrected ? 1 : 0,
      });
      (a.errands ?? []).forEach((e, i) =>
        errand.run({
          id: randomUUID(),
          visitId,
          position: i + 1,
          agency: e.agency,
          kind: e.kind,
          outcome: e.outcome,
          createdAt: startedAt.toISOString(),
          lacksEid: e.lacksEid ? 1 : 0,
          interpreter: e.interpreter ? 1 : 0,
        }),
      );
    }
  })();
}
