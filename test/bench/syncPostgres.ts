import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { withAdmin } from '../support/pgAdmin';
import startTestCluster, { type PostgresHarnessInfo } from '../support/postgresGlobalSetup';

/**
 * A throwaway PostgreSQL cluster for the sync benchmarks, started by the same code as the
 * tests' vitest globalSetup (test/support/postgresGlobalSetup.ts: 127.0.0.1, trust, fsync
 * off; as root it runs as the `postgres` user). Null with the reason when there is none.
 */
export interface BenchCluster {
  adminUrl: string;
  /** A fresh, empty database on the cluster. */
  database(): Promise<{ url: string; drop(): Promise<void> }>;
  stop(): Promise<void>;
}

export async function startBenchCluster(): Promise<BenchCluster | { skipped: string }> {
  let info: PostgresHarnessInfo | null = null;
  // The globalSetup only needs project.provide: hand it a stand-in that keeps what it provides.
  const project = {
    provide: (_key: string, value: PostgresHarnessInfo) => {
      info = value;
    },
  } as unknown as TestProject;
  const teardown = await startTestCluster(project);
  const got = info as PostgresHarnessInfo | null;
  if (!got?.adminUrl) {
    await teardown();
    return { skipped: got?.reason ?? 'the cluster did not start' };
  }
  const adminUrl = got.adminUrl;
  return {
    adminUrl,
    async database() {
      const name = `lucka_bench_${randomBytes(6).toString('hex')}`;
      await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return {
        url: url.toString(),
        drop: () =>
          withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
      };
    },
    stop: teardown,
  };
}
