import Database from 'better-sqlite3';
import pg from 'pg';
import type { StatsCells } from '../../shared/statsCompute';
import {
  arrivalCellOf,
  daySumsOf,
  errandCellOf,
  livedHourOfWallHour,
  nationalDaySumsSql,
  officeArrivalCellsSql,
  officeErrandCellsSql,
  type ArrivalCellRow,
  type DaySumsRow,
  type ErrandCellRow,
  type OfficeDaySums,
} from './cellQueries';
import { officesWithEventsSql } from './eventQueries';
import { isPostgresUnavailable } from './postgresSchema';
import { runSqlite } from './sqliteSchema';
import { StoreUnavailableError, type StoreLocation } from './types';

/**
 * What the statistics read from the events, aggregated by the database (cellQueries.ts):
 * an office's cells for its report, every office's day sums for the national table, and
 * which offices have any counted events.
 */
export interface StatsSource {
  officeCells(officeId: string, from: string, to: string, serviceLevelMinutes: number): Promise<StatsCells>;
  /** Every office's sums per local date, in office and date order, a bounded batch at a time. */
  nationalDaySums(from: string, to: string, serviceLevelMinutes: number): AsyncIterable<OfficeDaySums>;
  officesWithEvents(from: string, to: string): Promise<string[]>;
}

export interface StatsReader extends StatsSource {
  close(): Promise<void>;
}

/** How long a report's query may run before PostgreSQL stops it (answered as 503). */
const REPORT_STATEMENT_TIMEOUT_MS = 60_000;
/** The national table's aggregate runs over every office's year: it may take longer, once per analyst at a time. */
const NATIONAL_STATEMENT_TIMEOUT_MS = 600_000;
/** Rows fetched from the national cursor at a time: bounded memory, few round trips. */
const CURSOR_BATCH = 2000;

/**
 * A connection of its own, for the report worker (and the admin's national export): it
 * reads what the service's store wrote (SQLite in WAL lets it read while the service
 * writes), with the same SQL, and writes nothing but PostgreSQL's temporary table of the
 * national table's day sums, dropped with its transaction.
 */
export async function openEventReader(location: StoreLocation): Promise<StatsReader> {
  return location.kind === 'sqlite' ? sqliteReader(location.file) : postgresReader(location.url);
}

function sqliteReader(file: string): StatsReader {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 2000');
  const offices = db.prepare(officesWithEventsSql('sqlite')).pluck();
  const errandCells = db.prepare(officeErrandCellsSql('sqlite'));
  return {
    officeCells: (officeId, from, to, serviceLevelMinutes) =>
      runSqlite(() => {
        const lived = livedHourOfWallHour();
        const arrivalRows = db.prepare(officeArrivalCellsSql('sqlite', serviceLevelMinutes)).all(officeId, from, to);
        return {
          arrivals: (arrivalRows as ArrivalCellRow[]).map((r) => arrivalCellOf(r, lived)),
          errands: (errandCells.all(officeId, from, to) as ErrandCellRow[]).map(errandCellOf),
        };
      }),
    async *nationalDaySums(from, to, serviceLevelMinutes) {
      // SQLite's iterator hands over one row at a time (the aggregate itself runs on the first step).
      const rows = await runSqlite(() =>
        db.prepare(nationalDaySumsSql('sqlite', serviceLevelMinutes)).iterate(from, to),
      );
      for (;;) {
        const next = await runSqlite(() => rows.next());
        if (next.done) return;
        yield daySumsOf(next.value as DaySumsRow);
      }
    },
    officesWithEvents: (from, to) => runSqlite(() => offices.all(from, to) as string[]),
    close: async () => {
      if (db.open) db.close();
    },
  };
}

function postgresReader(url: string): StatsReader {
  const pool = new pg.Pool({
    connectionString: url,
    max: 1,
    connectionTimeoutMillis: 3000,
    statement_timeout: REPORT_STATEMENT_TIMEOUT_MS,
  });
  pool.on('error', () => undefined);
  const unavailable = (err: unknown) =>
    isPostgresUnavailable(err) ? new StoreUnavailableError('the database is busy or unavailable', err) : err;
  const query = async <R extends pg.QueryResultRow>(text: string, values: unknown[]) => {
    try {
      return (await pool.query<R>(text, values)).rows;
    } catch (err) {
      throw unavailable(err);
    }
  };
  return {
    officeCells: async (officeId, from, to, serviceLevelMinutes) => {
      const lived = livedHourOfWallHour();
      const values = [officeId, from, to];
      const arrivals = await query<ArrivalCellRow>(officeArrivalCellsSql('postgres', serviceLevelMinutes), values);
      const errands = await query<ErrandCellRow>(officeErrandCellsSql('postgres'), values);
      return { arrivals: arrivals.map((r) => arrivalCellOf(r, lived)), errands: errands.map(errandCellOf) };
    },
    async *nationalDaySums(from, to, serviceLevelMinutes) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (err) {
        throw unavailable(err);
      }
      let open = false;
      try {
        await client.query('BEGIN');
        open = true;
        await client.query(`SET LOCAL statement_timeout = ${NATIONAL_STATEMENT_TIMEOUT_MS}`);
        // The aggregate into a temporary table first: PostgreSQL plans a cursor's query without
        // parallel workers, a CREATE TABLE AS with them. The table (a row per office and day) is
        // then read through a cursor a batch at a time, and dropped with the transaction.
        await client.query(
          `CREATE TEMPORARY TABLE national_days ON COMMIT DROP AS ${nationalDaySumsSql('postgres', serviceLevelMinutes)}`,
          [from, to],
        );
        await client.query(
          'DECLARE national NO SCROLL CURSOR FOR SELECT * FROM national_days ORDER BY office_id, local_date',
        );
        for (;;) {
          const batch = await client.query<DaySumsRow>(`FETCH ${CURSOR_BATCH} FROM national`);
          if (batch.rows.length === 0) break;
          for (const row of batch.rows) yield daySumsOf(row);
        }
        await client.query('COMMIT');
        open = false;
      } catch (err) {
        throw unavailable(err);
      } finally {
        // Stopped early (the download went away) or failed: the transaction and its cursor go.
        if (open) await client.query('ROLLBACK').catch(() => undefined);
        client.release();
      }
    },
    officesWithEvents: async (from, to) =>
      (await query<{ office_id: string }>(officesWithEventsSql('postgres'), [from, to])).map((r) => r.office_id),
    close: async () => {
      await pool.end().catch(() => undefined);
    },
  };
}
