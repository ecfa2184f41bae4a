import Database from 'better-sqlite3';
import pg from 'pg';
import type { StatsEvent } from '../../shared/sync';
import { currentEventsSql, officesWithEventsSql } from './eventQueries';
import { rowToEvent, type EventRow } from './eventRow';
import { isPostgresUnavailable } from './postgresSchema';
import { runSqlite } from './sqliteStore';
import { StoreUnavailableError, type StoreLocation } from './types';

/** What the statistics need from the events: the office's current events, and which offices have any. */
export interface EventSource {
  currentEvents(officeId: string, from: string, to: string): Promise<StatsEvent[]>;
  officesWithEvents(from: string, to: string): Promise<string[]>;
}

export interface EventReader extends EventSource {
  close(): Promise<void>;
}

/** How long a report's query may run before PostgreSQL stops it (answered as 503). */
const REPORT_STATEMENT_TIMEOUT_MS = 60_000;

/**
 * A read-only connection of its own, for the report worker: it reads what the service's
 * store wrote (SQLite in WAL lets it read while the service writes), with the same SQL.
 */
export async function openEventReader(location: StoreLocation): Promise<EventReader> {
  if (location.kind === 'sqlite') {
    const db = new Database(location.file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 2000');
    const current = db.prepare(currentEventsSql('sqlite'));
    const offices = db.prepare(officesWithEventsSql('sqlite')).pluck();
    const run = runSqlite;
    return {
      currentEvents: (officeId, from, to) =>
        run(() => (current.all(officeId, from, to) as EventRow[]).map((r) => rowToEvent(r))),
      officesWithEvents: (from, to) => run(() => offices.all(from, to) as string[]),
      close: async () => {
        if (db.open) db.close();
      },
    };
  }
  const pool = new pg.Pool({
    connectionString: location.url,
    max: 1,
    connectionTimeoutMillis: 3000,
    statement_timeout: REPORT_STATEMENT_TIMEOUT_MS,
  });
  pool.on('error', () => undefined);
  const query = async <R extends pg.QueryResultRow>(text: string, values: unknown[]) => {
    try {
      return (await pool.query<R>(text, values)).rows;
    } catch (err) {
      if (isPostgresUnavailable(err)) throw new StoreUnavailableError('the database is busy or unavailable', err);
      throw err;
    }
  };
  return {
    currentEvents: async (officeId, from, to) =>
      (await query<EventRow>(currentEventsSql('postgres'), [officeId, from, to])).map((r) => rowToEvent(r)),
    officesWithEvents: async (from, to) =>
      (await query<{ office_id: string }>(officesWithEventsSql('postgres'), [from, to])).map((r) => r.office_id),
    close: async () => {
      await pool.end().catch(() => undefined);
    },
  };
}
