import type { Database } from 'better-sqlite3';
import { StoreError } from './errors';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations/index';

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the schema to `target` (default: newest) in ONE transaction: either every
 * pending migration and the new user_version commit, or nothing does.
 */
export function migrate(db: Database, target = LATEST_SCHEMA_VERSION): { from: number; to: number } {
  const from = schemaVersion(db);
  if (from > LATEST_SCHEMA_VERSION) {
    throw new StoreError(
      'SCHEMA_TOO_NEW',
      `The database has schema version ${from}, but this version of Lucka knows only up to ${LATEST_SCHEMA_VERSION}. ` +
        'It was written by a newer Lucka: install that version (or newer) instead of opening it with this one.',
    );
  }
  const pending = MIGRATIONS.filter((m) => m.version > from && m.version <= target);
  if (pending.length === 0) return { from, to: from };
  try {
    db.transaction(() => {
      for (const m of pending) db.exec(m.sql);
      db.pragma(`user_version = ${Number(target)}`);
    })();
  } catch (err) {
    throw new StoreError(
      'MIGRATION_FAILED',
      `Upgrading the database from version ${from} to ${target} failed; nothing was changed: ${(err as Error).message}`,
    );
  }
  return { from, to: target };
}
