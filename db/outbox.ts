import type { Database, Statement } from 'better-sqlite3';
import type { StatsArrival } from '../shared/stats';
import {
  MAX_EVENT_SECONDS,
  SYNC_SCHEMA_VERSION,
  StatsEventSchema,
  type EventStatus,
  type StatsEvent,
} from '../shared/sync';
import { stockholmTime } from '../shared/time';
import type { ArrivalRef, StatsRepository } from './stats';
import { uuidv7 } from './uuidv7';

export interface PendingEvent {
  seq: number;
  id: string;
  /** The event's JSON, exactly as written in the transaction that made it. */
  payload: string;
}

/** The part of an event that says what happened; two events with the same content say the same thing. */
type EventContent = Omit<StatsEvent, 'id' | 'supersedes' | 'recordedAt'>;

/** `rejected` of an event the service refused as invalid: set aside, tried again daily. */
export const PARKED = 'invalid';
/** `rejected` of a set-aside event that a newer event of its arrival replaced. */
const OBSOLETE = 'obsolete';

/**
 * On an office hub with a standby: only events the standby has stored are uploaded (decision
 * 0008, "Statistics across a takeover"), so a successor holds every event the service has and
 * continues each chain from it. Elsewhere (no standby named) every event.
 */
const STANDBY_HOLDS = `seq <= (SELECT CASE WHEN standby_device_id IS NULL THEN 9223372036854775807
                                      ELSE standby_outbox_acked END FROM hub_state WHERE id = 1)`;

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
  private readonly obsoleteParked: Statement;

  constructor(
    private readonly db: Database,
    private readonly stats: StatsRepository,
    private readonly newId: () => string = uuidv7,
  ) {
    // The last event the service has or may still accept: a set-aside one is not in the
    // chain, so the next event supersedes what the service really holds (no fork, no double count).
    this.lastOfArrival = db.prepare(
      'SELECT payload FROM sync_outbox WHERE arrival_key = ? AND rejected IS NULL ORDER BY seq DESC LIMIT 1',
    );
    this.obsoleteParked = db.prepare(
      `UPDATE sync_outbox SET rejected = '${OBSOLETE}' WHERE arrival_key = ? AND rejected LIKE '${PARKED}%'`,
    );
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
    // A ticket the office hub handed to a counter PC is that PC's to report (one writer per arrival).
    if (!state || state.handedTo) return null;
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
      // On a counter PC, the first event of a handed ticket supersedes the hub's last one.
      supersedes: last?.id ?? state.supersedes,
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
    // A set-aside event of this arrival is now out of date: it is never tried again.
    this.obsoleteParked.run(key);
    return event;
  }

  /**
   * One page of the end-of-day report: every arrival (tickets, or visits without one) of
   * the local days from `since` up to (not including) `today`, in id order after `afterId`,
   * at most `limit`. Each gets the event of its final state if that says something new
   * (the first event of a ticket left waiting or a visit left open; a recalled no-show
   * that was never served; history from before the outbox existed). Runs inside the
   * caller's transaction; a page shorter than `limit` is the last.
   */
  sweepPage(
    kind: 'tickets' | 'visits',
    range: { since: string; today: string; afterId: string; limit: number },
    now: Date,
  ): { lastId: string | null; seen: number; written: number; failed: string[] } {
    // A visit of a ticket the office hub handed to this PC is that ticket's arrival, not a
    // walk-in: its ref is the ticket (handed_arrivals), whose events this PC writes.
    const rows = this.db
      .prepare(
        kind === 'tickets'
          ? 'SELECT id, NULL AS handed FROM tickets WHERE local_date >= ? AND local_date < ? AND id > ? ORDER BY id LIMIT ?'
          : `SELECT v.id, h.ticket_id AS handed FROM visits v LEFT JOIN handed_arrivals h ON h.visit_id = v.id
              WHERE v.ticket_id IS NULL AND v.local_date >= ? AND v.local_date < ? AND v.id > ? ORDER BY v.id LIMIT ?`,
      )
      .all(range.since, range.today, range.afterId, range.limit) as { id: string; handed: string | null }[];
    const ids = rows.map((r) => r.id);
    let written = 0;
    const failed: string[] = [];
    for (const { id, handed } of rows) {
      const ref: ArrivalRef = kind === 'tickets' ? { ticketId: id } : handed ? { ticketId: handed } : { visitId: id };
      // One arrival that cannot be evented (data from an older version the contract refuses)
      // must not stop the report of all the others: it is reported to the log instead.
      try {
        if (this.record(ref, now)) written++;
      } catch (err) {
        failed.push(`${arrivalKey(ref)}: ${(err as Error).message.slice(0, 200)}`);
      }
    }
    return { lastId: ids.at(-1) ?? null, seen: ids.length, written, failed };
  }

  /**
   * The oldest events not yet confirmed by the service, of one office, as stored: the
   * payload text goes on the wire as it is (no parse and re-serialise per event).
   */
  pending(officeId: string, limit: number): PendingEvent[] {
    return this.db
      .prepare(
        `SELECT seq, event_id AS id, payload FROM sync_outbox WHERE office_id = ? AND sent_at IS NULL AND rejected IS NULL
            AND ${STANDBY_HOLDS} ORDER BY seq LIMIT ?`,
      )
      .all(officeId, limit) as PendingEvent[];
  }

  /**
   * Every event still waiting, of every office (for the offline statistics file): not yet
   * confirmed, and not acknowledged by an import receipt (that file already reached the service).
   */
  allPending(): StatsEvent[] {
    return (
      this.db
        .prepare(
          `SELECT payload FROM sync_outbox WHERE sent_at IS NULL AND rejected IS NULL AND receipted_at IS NULL
              AND ${STANDBY_HOLDS} ORDER BY seq`,
        )
        .pluck()
        .all() as string[]
    ).map((p) => JSON.parse(p) as StatsEvent);
  }

  /** Offices with events the uploader still sends (receipted ones too: the service's answer confirms them). */
  unsentOffices(): string[] {
    return this.db
      .prepare(
        'SELECT DISTINCT office_id FROM sync_outbox WHERE sent_at IS NULL AND rejected IS NULL ORDER BY office_id',
      )
      .pluck()
      .all() as string[];
  }

  /** Waiting events per office (not confirmed, not acknowledged by a receipt). */
  pendingCounts(): Record<string, number> {
    return Object.fromEntries(this.officeSummary().flatMap((o) => (o.pending > 0 ? [[o.officeId, o.pending]] : [])));
  }

  /**
   * Per office with unsent events: how many wait, and how many of those an import receipt
   * acknowledged (no longer waiting; still confirmed by the service at the next sync).
   * Reads only the pending index: the status is read after every change at the counter.
   */
  officeSummary(): { officeId: string; pending: number; receipted: number }[] {
    return this.db
      .prepare(
        `SELECT office_id AS officeId, sum(receipted_at IS NULL) AS pending, sum(receipted_at IS NOT NULL) AS receipted
           FROM sync_outbox WHERE sent_at IS NULL AND rejected IS NULL GROUP BY office_id ORDER BY office_id`,
      )
      .all() as { officeId: string; pending: number; receipted: number }[];
  }

  /** The events a receipt names that are still unsent: no longer waiting; returns how many. */
  markReceipted(eventIds: readonly string[], at: string): number {
    return this.db
      .prepare(
        `UPDATE sync_outbox SET receipted_at = ?
          WHERE event_id IN (SELECT lower(value) FROM json_each(?)) AND sent_at IS NULL AND rejected IS NULL AND receipted_at IS NULL`,
      )
      .run(at, JSON.stringify(eventIds)).changes;
  }

  /** Events the service would not take (set aside, or held by it with other content); out-of-date ones not counted. */
  rejectedCount(): number {
    return this.db
      .prepare(`SELECT COUNT(*) FROM sync_outbox WHERE rejected IS NOT NULL AND rejected <> '${OBSOLETE}'`)
      .pluck()
      .get() as number;
  }

  /**
   * Set-aside events get another chance (once a day): the service may have been upgraded
   * to accept what a newer desktop sent. Returns how many.
   */
  retryParked(): number {
    return this.db.prepare(`UPDATE sync_outbox SET rejected = NULL WHERE rejected LIKE '${PARKED}%'`).run().changes;
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
