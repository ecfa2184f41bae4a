import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { postgresSkipReason, postgresTestDatabase } from '../../support/postgres';

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('the PostgreSQL test harness (test/support/postgres.ts)', () => {
  it('creates a fresh database that can be written, read and dropped', async (ctx) => {
    const db = await postgresTestDatabase();
    if (!db) return ctx.skip(postgresSkipReason());
    let dropped = false;
    try {
      const url = new URL(db.url);
      expect(url.hostname).toBe('127.0.0.1');
      const name = url.pathname.slice(1);
      expect(name).toMatch(/^lucka_test_[0-9a-f]{12}$/);

      await withClient(db.url, async (c) => {
        const tables = await c.query(`select count(*)::int as n from pg_tables where schemaname = 'public'`);
        expect(tables.rows[0].n).toBe(0);
        await c.query('create table visit (id serial primary key, office text not null, served_at timestamptz)');
        await c.query('insert into visit (office, served_at) values ($1, $2), ($3, $4)', [
          'Gävle',
          '2025-03-04T09:15:00Z',
          'Kiruna',
          '2025-03-04T10:00:00Z',
        ]);
      });
      // A second connection sees what the first committed.
      const rows = await withClient(db.url, async (c) => (await c.query('select office from visit order by id')).rows);
      expect(rows).toEqual([{ office: 'Gävle' }, { office: 'Kiruna' }]);

      // drop() works with a connection still open (WITH (FORCE)) and is idempotent.
      const leaked = new pg.Client({ connectionString: db.url });
      leaked.on('error', () => {});
      await leaked.connect();
      await db.drop();
      dropped = true;
      await db.drop();
      await leaked.end().catch(() => {});

      const admin = new URL(db.url);
      admin.pathname = '/postgres';
      const left = await withClient(admin.toString(), async (c) => {
        return (await c.query('select count(*)::int as n from pg_database where datname = $1', [name])).rows[0].n;
      });
      expect(left).toBe(0);
    } finally {
      if (!dropped) await db.drop();
    }
  });

  it('gives every call its own empty database', async (ctx) => {
    const a = await postgresTestDatabase();
    if (!a) return ctx.skip(postgresSkipReason());
    const b = await postgresTestDatabase();
    try {
      expect(b).not.toBeNull();
      expect(b!.url).not.toBe(a.url);
      await withClient(a.url, (c) => c.query('create table only_in_a (x int)'));
      const n = await withClient(b!.url, async (c) => {
        return (await c.query(`select count(*)::int as n from pg_tables where tablename = 'only_in_a'`)).rows[0].n;
      });
      expect(n).toBe(0);
    } finally {
      await a.drop();
      await b?.drop();
    }
  });
});
