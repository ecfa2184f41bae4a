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

  image(): { cursor: number; state: StandbyState; mirroredAt: string } | null {
    const row = this.db.prepare('SELECT cursor, body, mirrored_at FROM standby_image WHERE id = 1').get() as
      { cursor: number; body: string; mirrored_at: string } | undefined;
    return row
      ? { cursor: row.cursor, state: JSON.parse(row.body) as StandbyState, mirroredAt: row.mirrored_at }
      : null;
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
