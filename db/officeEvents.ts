import type { Database, Statement } from 'better-sqlite3';
import { arrivalCells, type StatsCells } from '../shared/statsCompute';
import { eventToArrival, type StatsEvent } from '../shared/sync';
import type { StatsArrival } from '../shared/stats';
import type { StatsRange } from './stats';

/** One of a counter's events as it goes to the hub: the event and the arrival it is of. */
export interface ArrivalEvent {
  id: string;
  arrivalKey: string;
  /** The event's JSON as stored. */
  payload: string;
}

/**
 * The office's statistics across its PCs (decision 0008, "Statistics exactly-once"). A paired
 * counter sends the events of the arrivals it writes to the hub, with their arrival keys
 * ('t:<ticket>' for a ticket handed to it, 'v:<visit>' for a walk-in); the hub keeps them in
 * its outbox, marked with the sender, so its uploader sends them with its own. Arrival keys
 * stay in the office: the central service never sees them.
 */
export class OfficeEventsRepository {
  private readonly s: Record<
    'pendingOwn' | 'pendingOwnCount' | 'byId' | 'insert' | 'deviceEvents' | 'anyDevice',
    Statement
  >;

  constructor(private readonly db: Database) {
    this.s = {
      pendingOwn: db.prepare(
        `SELECT event_id AS id, arrival_key AS arrivalKey, payload FROM sync_outbox
          WHERE sent_at IS NULL AND rejected IS NULL AND from_device IS NULL ORDER BY seq LIMIT ?`,
      ),
      pendingOwnCount: db.prepare(
        'SELECT count(*) FROM sync_outbox WHERE sent_at IS NULL AND rejected IS NULL AND from_device IS NULL',
      ),
      byId: db.prepare('SELECT payload FROM sync_outbox WHERE event_id = ?'),
      insert: db.prepare(
        `INSERT INTO sync_outbox (event_id, arrival_key, office_id, local_date, payload, created_at, from_device)
         VALUES (@id, @arrivalKey, @officeId, @localDate, @payload, @createdAt, @deviceId)`,
      ),
      // The arrival's current event: the last a device sent for it (only that device writes it).
      deviceEvents: db.prepare(
        `SELECT o.payload FROM sync_outbox o
          WHERE o.from_device IS NOT NULL AND o.office_id = @officeId AND o.local_date BETWEEN @from AND @to
            AND o.seq = (SELECT max(x.seq) FROM sync_outbox x WHERE x.arrival_key = o.arrival_key AND x.from_device IS NOT NULL)`,
      ),
      anyDevice: db.prepare('SELECT 1 FROM sync_outbox WHERE from_device IS NOT NULL LIMIT 1'),
    };
  }

  /** Counter side: this PC's own events the hub has not confirmed, oldest first. */
  pendingOwn(limit: number): ArrivalEvent[] {
    return this.s.pendingOwn.all(limit) as ArrivalEvent[];
  }

  /**
   * Counter side, after its hub was taken over: this PC's own events the old hub took at or
   * after `since` go to the new hub again (the old one may have died before they reached the
   * standby's copy); the new hub and the service keep an id once. Returns how many.
   */
  resendOwnSince(since: string): number {
    return this.db
      .prepare(
        'UPDATE sync_outbox SET sent_at = NULL WHERE from_device IS NULL AND sent_at IS NOT NULL AND rejected IS NULL AND created_at >= ?',
      )
      .run(since).changes;
  }

  pendingOwnCount(): number {
    return this.s.pendingOwnCount.pluck().get() as number;
  }

  /**
   * Hub side, inside the caller's transaction: a device's events. An id already held with the
   * same content is confirmed again (a resend); with other content it is a conflict, never stored.
   */
  receive(
    deviceId: string,
    events: readonly { event: StatsEvent; arrivalKey: string }[],
    at: string,
  ): { stored: string[]; conflicts: string[] } {
    const stored: string[] = [];
    const conflicts: string[] = [];
    for (const { event, arrivalKey } of events) {
      const payload = JSON.stringify(event);
      const held = this.s.byId.pluck().get(event.id) as string | undefined;
      if (held === undefined) {
        this.s.insert.run({
          id: event.id,
          arrivalKey,
          officeId: event.officeId,
          localDate: event.localDate,
          payload,
          createdAt: at,
          deviceId,
        });
        stored.push(event.id);
      } else if (held === payload) stored.push(event.id);
      else conflicts.push(event.id);
    }
    return { stored, conflicts };
  }

  /** Whether any device ever sent this store events: a PC that is no hub reads its figures as before. */
  hasDeviceEvents(): boolean {
    return this.s.anyDevice.get() !== undefined;
  }

  /** Hub side: the cells of the arrivals the office's counters write, from their current events. */
  deviceCells(range: StatsRange, serviceLevelMinutes: number): StatsCells {
    const arrivals = (this.s.deviceEvents.pluck().all(range) as string[])
      .map((p) => eventToArrival(JSON.parse(p) as StatsEvent))
      .filter((a): a is StatsArrival => a !== null);
    return arrivalCells(arrivals, { ...range, serviceLevelMinutes });
  }
}
