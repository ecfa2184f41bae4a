import type Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS } from './migrations/index';
import { StoreUnavailableError } from './types';

/**
 * The SQLite store's schema and failure classes (as postgresSchema.ts is PostgreSQL's):
 * its migrations, and which errors mean "try again later" (a 503) rather than a fault.
 */

/** Short on purpose: a locked database should become a 503 quickly, not a hung request. */
export const SQLITE_BUSY_TIMEOUT_MS = 200;

/** SQLite's "try again" family, a closed handle, and a file that cannot be opened or written right now. */
export function isSqliteUnavailable(err: unknown): boolean {
  if (err instanceof TypeError && /database connection is not open/i.test(err.message)) return true;
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR|FULL|PROTOCOL)/.test(code);
}

/** Runs a statement: a busy or closed database becomes StoreUnavailableError (a 503 with Retry-After). */
export async function runSqlite<T>(fn: () => T): Promise<T> {
  try {
    return fn();
  } catch (err) {
    if (isSqliteUnavailable(err)) throw new StoreUnavailableError('the database is busy or unavailable', err);
    throw err;
  }
}

export function migrate(db: Database.Database): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT',
  );
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  );
  for (const m of SQLITE_MIGRATIONS) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        new Date().toISOString(),
      );
    }).immediate();
  }
}
