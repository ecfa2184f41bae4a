import type pg from 'pg';
import { POSTGRES_MIGRATIONS } from './migrations/index';

/**
 * The PostgreSQL store's schema and failure classes: migrating at start (under an advisory
 * lock) and telling "try again later" (a 503) from a bug (a 500).
 */

/** Any number; only this service takes it, so two instances starting together migrate one at a time. */
const MIGRATION_LOCK_KEY = 7_314_411;

const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Connection trouble, the server shutting down or refusing connections, too many clients,
 * lock and serialisation failures: all worth a retry later, so a 503 rather than a 500.
 */
export function isPostgresUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (UNAVAILABLE_NODE_CODES.has(code)) return true;
  // 08 connection, 53 resources, 57P shutdown, 3D000 the database is gone, 40001/40P01 retry, 55P03/57014 lock/statement timeout.
  if (/^(08|53|57P)/.test(code) || ['3D000', '40001', '40P01', '55P03', '57014'].includes(code)) return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|connection error|Cannot use a pool after calling end|Client was closed/i.test(
    message,
  );
}

/** Applies the forward-only migrations not yet applied, one service instance at a time. */
export async function migratePostgres(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((r) => r.version));
    for (const m of POSTGRES_MIGRATIONS) {
      if (applied.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        new Date().toISOString(),
      ]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
