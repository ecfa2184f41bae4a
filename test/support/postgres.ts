// Fresh PostgreSQL databases for tests, on the throwaway cluster that
// test/support/postgresGlobalSetup.ts starts once per vitest run ('unit' project).
//
//   it('…', async (ctx) => {
//     const pgdb = await postgresTestDatabase();
//     if (!pgdb) return ctx.skip(postgresSkipReason());
//     try { … pgdb.url … } finally { await pgdb.drop(); }
//   });
//
// or, for a whole suite: describe.runIf(postgresAvailable())(…).
//
// Without PostgreSQL binaries the tests skip with a loud notice, unless LUCKA_PG_REQUIRED=1
// (CI), where they fail. Binaries that are there but a cluster that did not start always fail.
import { randomBytes } from 'node:crypto';
import { withAdmin } from './pgAdmin';
import { inject } from 'vitest';
import type { PostgresHarnessInfo } from './postgresGlobalSetup';

/** CI sets LUCKA_PG_REQUIRED=1: a missing PostgreSQL fails the run instead of skipping. */
export const PG_REQUIRED = process.env.LUCKA_PG_REQUIRED === '1';

function harness(): PostgresHarnessInfo {
  let info: PostgresHarnessInfo | undefined;
  try {
    info = inject('luckaPostgres');
  } catch {
    info = undefined;
  }
  return (
    info ?? {
      adminUrl: null,
      problem: 'missing',
      reason:
        'The PostgreSQL test cluster is not set up in this vitest project ' +
        "(test/support/postgresGlobalSetup.ts is registered for the 'unit' project only).",
      startupMs: 0,
    }
  );
}

let warned = false;

/**
 * True when there is a cluster. False (with a loud notice) when the binaries are missing
 * and PostgreSQL is not required; throws when it is required, or when the cluster failed.
 */
export function postgresAvailable(): boolean {
  const info = harness();
  if (info.adminUrl) return true;
  if (info.problem === 'failed') throw new Error(info.reason);
  if (PG_REQUIRED) throw new Error(`${info.reason} PostgreSQL tests are required here (LUCKA_PG_REQUIRED=1).`);
  if (!warned) {
    warned = true;
    console.warn(`\n${'!'.repeat(78)}\n!! SKIPPING POSTGRESQL TESTS. ${info.reason}\n${'!'.repeat(78)}\n`);
  }
  return false;
}

/** Why the PostgreSQL tests skip ('' when they do not). */
export function postgresSkipReason(): string {
  const info = harness();
  return info.adminUrl ? '' : `PostgreSQL not available: ${info.reason}`;
}

/** The cluster's superuser URL (its `postgres` database), or null; for tests that need more than one database. */
export function postgresAdminUrl(): string | null {
  return harness().adminUrl;
}

export interface PostgresTestDatabase {
  /** postgres://postgres@127.0.0.1:PORT/lucka_test_…: the cluster's superuser, trust authentication. */
  url: string;
  /** Drops the database, ending any connections still open to it. Safe to call twice. */
  drop(): Promise<void>;
}

/**
 * A fresh, empty database (UTF8, C locale) on the run's throwaway cluster, or null when
 * PostgreSQL is not available and not required (skip the test with postgresSkipReason()).
 */
export async function postgresTestDatabase(): Promise<PostgresTestDatabase | null> {
  if (!postgresAvailable()) return null;
  const adminUrl = harness().adminUrl as string;
  const name = `lucka_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      // WITH (FORCE) (PostgreSQL 13+) ends connections a test left open, e.g. an unclosed pool.
      await withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
