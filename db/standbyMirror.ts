import type { Database } from 'better-sqlite3';
import type { NumberBlockRow } from './hubState';

/** A row as SQLite returns it: column name → value. */
export type MirrorRow = Record<string, string | number | null>;

/**
 * What the hub hands its standby on each pull (besides changed ticket rows): everything a
 * takeover needs to serve today's queue to the same devices. Secrets only as the hashes the
 * hub itself keeps (device tokens as SHA-256, the passphrase as scrypt).
 */
export interface StandbyState {
  epoch: number;
  standbyDeviceId: string;
  setup: { officeId: string; officerSignature: string } | null;
  queues: MirrorRow[];
  counters: MirrorRow[];
  appointments: MirrorRow[];
  devices: MirrorRow[];
  passphrase: MirrorRow | null;
  blocks: NumberBlockRow[];
}

/** Tables a takeover writes, with the key each row is matched on. */
const TABLES = {
  queues: ['office_id', 'letter'],
  counters: ['id'],
  appointments: ['id'],
  tickets: ['id'],
  hub_devices: ['id'],
  supervisor_passphrases: ['office_id'],
} as const;
type MirroredTable = keyof typeof TABLES;

/** Reads, on the hub, what its standby mirrors. */
export class HubImageReader {
  constructor(private readonly db: Database) {}

  /** The journal's position: the last ticket event. */
  cursor(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(id), 0) AS n FROM ticket_events').get() as { n: number }).n;
  }

  /** Tickets changed after `cursor` (every change writes a ticket event), of `fromDate` on. */
  ticketsChangedAfter(cursor: number, fromDate: string, limit: number): { rows: MirrorRow[]; cursor: number } {
    const events = this.db
      .prepare('SELECT id, ticket_id FROM ticket_events WHERE id > ? ORDER BY id LIMIT ?')
      .all(cursor, limit) as { id: number; ticket_id: string }[];
    if (events.length === 0) return { rows: [], cursor };
    const ids = [...new Set(events.map((e) => e.ticket_id))];
    const rows = this.db
      .prepare('SELECT * FROM tickets WHERE id IN (SELECT value FROM json_each(?)) AND local_date >= ?')
      .all(JSON.stringify(ids), fromDate) as MirrorRow[];
    return { rows, cursor: events[events.length - 1]!.id };
  }

  /**
   * Outbox rows after the hub's `seq` cursor (the hub's own events and those its counters
   * sent), at most `limit`. The first pull (cursor 0) skips what the service already holds
   * from before `fromDate`: those are neither sent again nor superseded by a mirrored ticket.
   */
  outboxAfter(after: number, fromDate: string, limit: number): { rows: MirrorRow[]; cursor: number; more: boolean } {
    const rows = this.db
      .prepare(
        `SELECT seq, event_id, arrival_key, office_id, local_date, payload, created_at, sent_at, from_device
           FROM sync_outbox WHERE seq > ? AND rejected IS NULL AND (? > 0 OR sent_at IS NULL OR local_date >= ?)
          ORDER BY seq LIMIT ?`,
      )
      .all(after, after, fromDate, limit + 1) as MirrorRow[];
    const more = rows.length > limit;
    if (more) rows.pop();
    const last = (this.db.prepare('SELECT COALESCE(MAX(seq), 0) AS n FROM sync_outbox').get() as { n: number }).n;
    return { rows, cursor: more ? Number(rows.at(-1)!.seq) : Math.max(after, last), more };
  }

  /** Every ticket of `fromDate` on: the first pull. */
  ticketsFrom(fromDate: string): MirrorRow[] {
    return this.db.prepare('SELECT * FROM tickets WHERE local_date >= ?').all(fromDate) as MirrorRow[];
  }

  queues(officeId: string): MirrorRow[] {
    return this.db.prepare('SELECT * FROM queues WHERE office_id = ?').all(officeId) as MirrorRow[];
  }
  counters(officeId: string): MirrorRow[] {
    return this.db.prepare('SELECT * FROM counters WHERE office_id = ?').all(officeId) as MirrorRow[];
  }
  appointments(officeId: string, fromDate: string): MirrorRow[] {
    return this.db
      .prepare('SELECT * FROM appointments WHERE office_id = ? AND local_date >= ?')
      .all(officeId, fromDate) as MirrorRow[];
  }
  /** Paired devices with their token hashes, so they are trusted at the new hub without re-pairing. */
  devices(): MirrorRow[] {
    return this.db
      .prepare(
        'SELECT id, name, role, token_hash, created_at, paired_at, last_seen_at, revoked_at FROM hub_devices WHERE token_hash IS NOT NULL',
      )
      .all() as MirrorRow[];
  }
  passphrase(officeId: string): MirrorRow | null {
    return (
      (this.db.prepare('SELECT * FROM supervisor_passphrases WHERE office_id = ?').get(officeId) as
        MirrorRow | undefined) ?? null
    );
  }
}

/** On the standby: the mirror it keeps, inert until a takeover copies it into the live tables. */
export class StandbyMirrorStore {
  constructor(private readonly db: Database) {}

  image(): { cursor: number; outboxCursor: number; state: StandbyState; mirroredAt: string } | null {
    const row = this.db
      .prepare('SELECT cursor, outbox_cursor, body, mirrored_at FROM standby_image WHERE id = 1')
      .get() as { cursor: number; outbox_cursor: number; body: string; mirrored_at: string } | undefined;
    return row
      ? {
          cursor: row.cursor,
          outboxCursor: row.outbox_cursor,
          state: JSON.parse(row.body) as StandbyState,
          mirroredAt: row.mirrored_at,
        }
      : null;
  }

  /** The hub's outbox rows mirrored so far (in the caller's transaction); a row again replaces it. */
  storeOutbox(rows: MirrorRow[], cursor: number): void {
    const put = this.db.prepare(
      `INSERT INTO standby_outbox (event_id, hub_seq, body) VALUES (?, ?, ?)
         ON CONFLICT (event_id) DO UPDATE SET hub_seq = excluded.hub_seq, body = excluded.body`,
    );
    for (const r of rows) put.run(String(r.event_id), Number(r.seq), JSON.stringify(r));
    this.db.prepare('UPDATE standby_image SET outbox_cursor = ? WHERE id = 1').run(cursor);
  }

  outboxCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM standby_outbox').get() as { n: number }).n;
  }

  /** One pull, stored whole in one transaction (the caller's): tickets by id, the rest replaced. */
  store(cursor: number, state: StandbyState, tickets: MirrorRow[], at: string, fromDate: string): void {
    const put = this.db.prepare(
      `INSERT INTO standby_tickets (id, local_date, body) VALUES (?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET local_date = excluded.local_date, body = excluded.body`,
    );
    for (const t of tickets) put.run(String(t.id), String(t.local_date), JSON.stringify(t));
    this.db.prepare('DELETE FROM standby_tickets WHERE local_date < ?').run(fromDate);
    this.db
      .prepare(
        `INSERT INTO standby_image (id, cursor, body, mirrored_at) VALUES (1, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET cursor = excluded.cursor, body = excluded.body, mirrored_at = excluded.mirrored_at`,
      )
      .run(cursor, JSON.stringify(state), at);
    // The office's passphrase (its scrypt hash), so a supervisor can take over here with it.
    if (state.passphrase) this.upsert('supervisor_passphrases', [state.passphrase]);
  }

  tickets(): MirrorRow[] {
    return (this.db.prepare('SELECT body FROM standby_tickets').all() as { body: string }[]).map(
      (r) => JSON.parse(r.body) as MirrorRow,
    );
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM standby_tickets').get() as { n: number }).n;
  }

  /** No longer the standby (or the mirror was used): forget it. */
  clear(): void {
    this.db.prepare('DELETE FROM standby_tickets').run();
    this.db.prepare('DELETE FROM standby_outbox').run();
    this.db.prepare('DELETE FROM standby_image').run();
  }

  /**
   * Copies the mirror into the live tables (in the caller's transaction): the hub's queue,
   * counters, bookings, paired devices and passphrase as the standby last stored them.
   * Only columns the table has are written, as bound parameters.
   */
  restore(state: StandbyState): void {
    const { officeId } = state.setup ?? { officeId: '' };
    // This PC's own counters from a life on its own would clash with the hub's by name.
    const mirroredCounters = JSON.stringify(state.counters.map((c) => c.id));
    this.db
      .prepare(
        `DELETE FROM counters WHERE office_id = ? AND id NOT IN (SELECT value FROM json_each(?))
           AND id NOT IN (SELECT counter_id FROM tickets WHERE counter_id IS NOT NULL)
           AND id NOT IN (SELECT counter_id FROM visits WHERE counter_id IS NOT NULL)`,
      )
      .run(officeId, mirroredCounters);
    this.upsert('queues', state.queues);
    this.upsert('counters', state.counters);
    this.upsert('appointments', state.appointments);
    this.upsert('tickets', this.tickets());
    this.upsert('hub_devices', state.devices);
    if (state.passphrase) this.upsert('supervisor_passphrases', [state.passphrase]);
  }

  /**
   * The statistics half of a takeover (in the caller's transaction, after `restore`): this PC
   * becomes the office's only uploader, so its outbox must hold what the dead hub's did.
   *
   * 1. Its own events as a counter were "sent" when the old hub took them, not when the
   *    service did: those of the last `resendFrom` (created at or after) go out again, by id
   *    (the service counts an id once).
   * 2. The mirrored outbox joins its own, with the hub's sent state (unsent ones are uploaded
   *    here; a row it already holds, its own event, keeps being its own).
   * 3. The tickets the old hub handed to this very PC are now its own tickets with its own
   *    visits: each visit is linked to its ticket (so it is counted once, as that ticket's
   *    arrival, not also as a walk-in) and the ticket is no longer "handed" (this PC writes
   *    its events, superseding the last one it sent as a counter: same arrival key).
   */
  restoreOutbox(ownDeviceId: string, resendFrom: string): void {
    this.db
      .prepare(
        'UPDATE sync_outbox SET sent_at = NULL WHERE from_device IS NULL AND created_at >= ? AND rejected IS NULL',
      )
      .run(resendFrom);
    const put = this.db.prepare(
      `INSERT INTO sync_outbox (event_id, arrival_key, office_id, local_date, payload, created_at, sent_at, from_device)
       VALUES (@event_id, @arrival_key, @office_id, @local_date, @payload, @created_at, @sent_at, @from_device)
       ON CONFLICT (event_id) DO UPDATE SET sent_at = CASE WHEN sync_outbox.sent_at IS NULL THEN NULL ELSE excluded.sent_at END`,
    );
    const rows = this.db.prepare('SELECT body FROM standby_outbox ORDER BY hub_seq').pluck().all() as string[];
    for (const body of rows) {
      const r = JSON.parse(body) as MirrorRow;
      put.run({
        event_id: r.event_id,
        arrival_key: r.arrival_key,
        office_id: r.office_id,
        local_date: r.local_date,
        payload: r.payload,
        created_at: r.created_at,
        sent_at: r.sent_at ?? null,
        from_device: r.from_device === ownDeviceId ? null : (r.from_device ?? null),
      });
    }
    this.adoptOwnHandedTickets(ownDeviceId);
  }

  /**
   * The tickets the old hub handed to this PC, from this PC's own record of them
   * (`handed_arrivals`, which it wrote when the hand-over was answered, so it is right even
   * when the mirror missed that last change): each becomes an ordinary ticket of this hub
   * with its visit, served at the counter it was handed at, done if the visit closed. The
   * ticket's end this PC still owed the old hub is moot. A ticket the mirror shows active at
   * another counter's place is left as mirrored (the unique index would refuse it).
   */
  private adoptOwnHandedTickets(ownDeviceId: string): void {
    const db = this.db;
    const mine = `SELECT h.ticket_id FROM handed_arrivals h JOIN tickets t ON t.id = h.ticket_id`;
    db.prepare(
      `UPDATE tickets SET state = 'done', counter_id = h.counter_id, ended_at = COALESCE(v.closed_at, v.first_closed_at),
              service_started_at = COALESCE(tickets.service_started_at, v.started_at),
              first_called_at = COALESCE(tickets.first_called_at, h.handed_at),
              last_called_at = COALESCE(tickets.last_called_at, h.handed_at)
         FROM handed_arrivals h JOIN visits v ON v.id = h.visit_id
        WHERE h.ticket_id = tickets.id AND tickets.state <> 'done' AND COALESCE(v.closed_at, v.first_closed_at) IS NOT NULL`,
    ).run();
    db.prepare(
      `UPDATE tickets SET state = 'serving', counter_id = h.counter_id,
              service_started_at = COALESCE(tickets.service_started_at, v.started_at),
              first_called_at = COALESCE(tickets.first_called_at, h.handed_at),
              last_called_at = COALESCE(tickets.last_called_at, h.handed_at)
         FROM handed_arrivals h JOIN visits v ON v.id = h.visit_id
        WHERE h.ticket_id = tickets.id AND tickets.state NOT IN ('serving', 'done')
          AND NOT EXISTS (SELECT 1 FROM tickets o WHERE o.counter_id = h.counter_id AND o.id <> tickets.id
                            AND o.state IN ('called', 'serving'))`,
    ).run();
    db.prepare(
      `UPDATE visits SET ticket_id = (SELECT h.ticket_id FROM handed_arrivals h WHERE h.visit_id = visits.id)
        WHERE ticket_id IS NULL AND id IN (SELECT h.visit_id FROM handed_arrivals h JOIN tickets t ON t.id = h.ticket_id)`,
    ).run();
    db.prepare(
      `DELETE FROM hub_pending WHERE channel = 'tickets.finish' AND json_extract(input, '$.ticketId') IN (${mine})`,
    ).run();
    db.prepare(`UPDATE tickets SET handed_to_device = NULL WHERE id IN (${mine}) OR handed_to_device = ?`).run(
      ownDeviceId,
    );
    db.prepare(`DELETE FROM handed_arrivals WHERE ticket_id IN (SELECT id FROM tickets)`).run();
  }

  private upsert(table: MirroredTable, rows: MirrorRow[]): void {
    if (rows.length === 0) return;
    const columns = new Set((this.db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name));
    const key = TABLES[table] as readonly string[];
    for (const row of rows) {
      const names = Object.keys(row).filter((k) => columns.has(k));
      const updates = names.filter((n) => !key.includes(n)).map((n) => `${n} = excluded.${n}`);
      const values = Object.fromEntries(names.map((n) => [n, row[n]]));
      this.db
        .prepare(
          `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})
             ON CONFLICT (${key.join(', ')}) DO ${updates.length ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`,
        )
        .run(values);
    }
  }
}
