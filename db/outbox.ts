import type { Database, Statement } from 'better-sqlite3';
import type { StatsArrival } from '../shared/stats';
import { SYNC_SCHEMA_VERSION, StatsEventSchema, type EventStatus, type StatsEvent } from '../shared/sync';
import { stockholmTime } from '../shared/time';
import type { ArrivalRef, StatsRepository } from './stats';
import { uuidv7 } from './uuidv7';

/** The longest time an event can carry (the schema's bound): a visit left open for weeks is capped, not refused. */
const MAX_EVENT_SECONDS = 7 * 24 * 3600;

export interface PendingEvent {
  seq: number;
  id: string;
  /** The event's JSON, exactly as written in the transaction that made it. */
  payload: string;
}

/** The part of an event that says what happened; two events with the same content say the same thing. */
type EventContent = Omit<StatsEvent, 'id' | 'supersedes' | 'recordedAt'>;

function arrivalKey(ref: ArrivalRef): string {
  return 'ticketId' in ref ? `t:${ref.ticketId}` : `v:${ref.visitId}`;
}

function capSeconds(s: number | null): number | null {
  return s === null ? null : Math.min(s, MAX_EVENT_SECONDS);
}

function statusOf(arrival: StatsArrival): EventStatus {
  if (arrival.noShow) return 'no_show';
  if (!arrival.visit) return 'unserved';
  return arrival.visit.serviceSeconds === null ? 'open' : 'served';
}

/** What the statistics event of an arrival says, built from the very rows the device's own statistics count. */
function contentOf(officeId: string, arrival: StatsArrival): EventContent {
  const status = statusOf(arrival);
  const visit = status === 'served' || status === 'open' ? arrival.visit : null;
  return {
    schemaVersion: SYNC_SCHEMA_VERSION,
    officeId,
    localDate: arrival.localDate,
    localTime: stockholmTime(new Date(arrival.arrivedAt)),
    status,
    waitingSeconds: capSeconds(visit?.waitingSeconds ?? null),
    serviceSeconds: capSeconds(visit?.serviceSeconds ?? null),
    errands: (visit?.errands ?? []).map((e) => ({
      agency: e.agency,
      errandKind: e.errandKind,
      outcome: e.outcome,
      lacksEid: e.lacksEid,
      interpreter: e.interpreter,
    })),
  };
}

function sameContent(event: StatsEvent, content: EventContent): boolean {
  const { id: _id, supersedes: _s, recordedAt: _r, ...rest } = event;
  return JSON.stringify(rest) === JSON.stringify(content);
}

/**
 * The transactional outbox (docs/sync.md). `record` runs inside the caller's transaction,
 * so an event exists exactly when the change it reports was committed. Events are never
 * edited: a later state of the same arrival is a new event that supersedes the last one.
 */
export class OutboxRepository {
  private readonly lastOfArrival: Statement;
  private readonly insert: Statement;

  constructor(
    private readonly db: Database,
    private readonly stats: StatsRepository,
    private readonly newId: () => string = uuidv7,
  ) {
    this.lastOfArrival = db.prepare('SELECT payload FROM sync_outbox WHERE arrival_key = ? ORDER BY seq DESC LIMIT 1');
    this.insert = db.prepare(
      `INSERT INTO sync_outbox (event_id, arrival_key, office_id, local_date, payload, created_at)
       VALUES (@id, @key, @officeId, @localDate, @payload, @createdAt)`,
    );
  }

  /**
   * Writes the event for an arrival's current state, if it says something new: a first
   * event, a changed one (superseding the last), or a void one when a counted ticket was
   * voided. Returns the event written, or null.
   */
  record(ref: ArrivalRef, now: Date): StatsEvent | null {
    const key = arrivalKey(ref);
    const lastPayload = this.lastOfArrival.pluck().get(key) as string | undefined;
    const last = lastPayload ? (JSON.parse(lastPayload) as StatsEvent) : null;
    const state = this.stats.arrival(ref);
    if (!state) return null;
    let content: EventContent;
    if (state.counts) {
      content = contentOf(state.officeId, state.arrival);
      if (last && sameContent(last, content)) return null;
    } else {
      if (!last || last.status === 'void') return null;
      content = {
        ...contentOf(state.officeId, state.arrival),
        status: 'void',
        waitingSeconds: null,
        serviceSeconds: null,
        errands: [],
      };
    }
    // Parsed, not trusted: a bug here must fail the transaction, never ship a malformed event.
    const event = StatsEventSchema.parse({
      id: this.newId(),
      supersedes: last?.id ?? null,
      recordedAt: now.toISOString(),
      ...content,
    });
    this.insert.run({
      id: event.id,
      key,
      officeId: event.officeId,
      localDate: event.localDate,
      payload: JSON.stringify(event),
      createdAt: event.recordedAt,
    });
    return event;
  }

  /**
   * Arrivals of past days that never got an event (tickets left waiting, visits left
   * open, history from before the outbox existed), from `since` up to (not including)
   * `today`, at most `limit` of them. Runs inside the caller's transaction. Returns how
   * many it looked at: fewer than `limit` means the sweep is complete.
   */
  sweep(since: string, today: string, now: Date, limit = Number.MAX_SAFE_INTEGER): { seen: number; written: number } {
    const tickets = this.db
      .prepare(
        `SELECT id FROM tickets t WHERE t.local_date >= ? AND t.local_date < ? AND t.state <> 'cancelled'
           AND NOT EXISTS (SELECT 1 FROM sync_outbox o WHERE o.arrival_key = 't:' || t.id) LIMIT ?`,
      )
      .pluck()
      .all(since, today, limit) as string[];
    const visits = this.db
      .prepare(
        `SELECT id FROM visits v WHERE v.ticket_id IS NULL AND v.local_date >= ? AND v.local_date < ?
           AND NOT EXISTS (SELECT 1 FROM sync_outbox o WHERE o.arrival_key = 'v:' || v.id) LIMIT ?`,
      )
      .pluck()
      .all(since, today, Math.max(0, limit - tickets.length)) as string[];
    const refs: ArrivalRef[] = [
      ...tickets.map((ticketId) => ({ ticketId })),
      ...visits.map((visitId) => ({ visitId })),
    ];
    let written = 0;
    for (const ref of refs) if (this.record(ref, now)) written++;
    return { seen: refs.length, written };
  }

  /**
   * The oldest events not yet confirmed by the service, of one office, as stored: the
   * payload text goes on the wire as it is (no parse and re-serialise per event).
   */
  pending(officeId: string, limit: number): PendingEvent[] {
    return this.db
      .prepare(
        `SELECT seq, event_id AS id, payload FROM sync_outbox WHERE office_id = ? AND sent_at IS NULL AND rejected IS NULL
          ORDER BY seq LIMIT ?`,
      )
      .all(officeId, limit) as PendingEvent[];
  }

  /** Every event not yet confirmed, of every office (for the offline statistics file). */
  allPending(): StatsEvent[] {
    return (
      this.db
        .prepare('SELECT payload FROM sync_outbox WHERE sent_at IS NULL AND rejected IS NULL ORDER BY seq')
        .pluck()
        .all() as string[]
    ).map((p) => JSON.parse(p) as StatsEvent);
  }

  /** Pending events per office. */
  pendingCounts(): Record<string, number> {
    const rows = this.db
      .prepare(
        'SELECT office_id, COUNT(*) AS n FROM sync_outbox WHERE sent_at IS NULL AND rejected IS NULL GROUP BY office_id',
      )
      .all() as { office_id: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.office_id, r.n]));
  }

  rejectedCount(): number {
    return this.db.prepare('SELECT COUNT(*) FROM sync_outbox WHERE rejected IS NOT NULL').pluck().get() as number;
  }

  /** Marks exactly the ids the service confirmed, in one statement; returns how many were still pending. */
  markSent(eventIds: readonly string[], at: string): number {
    return this.db
      .prepare(
        'UPDATE sync_outbox SET sent_at = ? WHERE event_id IN (SELECT value FROM json_each(?)) AND sent_at IS NULL',
      )
      .run(at, JSON.stringify(eventIds)).changes;
  }

  /** The service holds these ids with other content: they are never sent again. */
  markRejected(eventIds: readonly string[], reason: string): void {
    const stmt = this.db.prepare('UPDATE sync_outbox SET rejected = ? WHERE event_id = ? AND sent_at IS NULL');
    this.db.transaction(() => {
      for (const id of eventIds) stmt.run(reason, id);
    })();
  }
}
