import Database from 'better-sqlite3';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { buildServer } from '../../../server/app';
import { openSqliteStore, SQLITE_FILE_NAME } from '../../../server/store/sqliteStore';
import { tempDir } from '../../support/temp';
import { BACKENDS, servedEvent, useTestServer, type TestServer } from './harness';

/** Holds a write lock on the events from another connection until release() is called. */
async function lockEvents(t: TestServer): Promise<() => Promise<void>> {
  if (t.db.dataDir) {
    const other = new Database(join(t.db.dataDir, SQLITE_FILE_NAME));
    other.exec('BEGIN EXCLUSIVE');
    return async () => {
      other.exec('COMMIT');
      other.close();
    };
  }
  const client = new pg.Client({ connectionString: t.db.databaseUrl! });
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE events IN ACCESS EXCLUSIVE MODE');
  return async () => {
    await client.query('COMMIT');
    await client.end();
  };
}

describe.each(BACKENDS)('faults ($name)', (backend) => {
  const s = useTestServer(backend);

  it('answers 503 UNAVAILABLE with Retry-After while the database is locked, then stores the batch once released', async () => {
    const { t } = s;
    const device = await t.enroll('stockholm');
    const events = [servedEvent('stockholm'), servedEvent('stockholm')];
    const release = await lockEvents(t);
    try {
      const locked = await t.upload(device.token, events);
      expect(locked.status).toBe(503);
      expect(locked.json.error.code).toBe('UNAVAILABLE');
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await release();
    }
    const ok = await t.upload(device.token, events);
    expect(ok.status).toBe(200);
    expect(ok.json.stored).toHaveLength(2);
    expect((await t.store.countEvents()).total).toBe(2);
  });

  it('keeps everything across a restart on the same port and data', async () => {
    const { t } = s;
    const device = await t.enroll('stockholm');
    const events = [servedEvent('stockholm'), servedEvent('stockholm')];
    await t.upload(device.token, events);
    const url = t.url;
    await t.restart();
    expect(t.url).toBe(url);
    const again = await t.upload(device.token, [...events, servedEvent('stockholm')]);
    expect(again.status).toBe(200);
    expect(again.json.stored).toHaveLength(3);
    expect((await t.store.countEvents()).total).toBe(3);
    expect((await t.request('GET', '/v1/health')).json).toEqual({ status: 'ok', database: backend.name });
  });

  it('answers 503 UNAVAILABLE (health and uploads), never 500, when the database is gone', async () => {
    const { t } = s;
    const device = await t.enroll('stockholm');
    await t.store.close();
    const health = await t.request('GET', '/v1/health');
    expect(health.status).toBe(503);
    expect(health.json.error.code).toBe('UNAVAILABLE');
    expect(health.headers.get('retry-after')).toBeTruthy();
    const upload = await t.upload(device.token, [servedEvent('stockholm')]);
    expect(upload.status).toBe(503);
    expect(upload.json.error.code).toBe('UNAVAILABLE');
  });

  it('answers unknown paths with a JSON 404', async () => {
    const res = await s.t.request('GET', '/v1/nothing');
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
  });
});

describe.each(BACKENDS)('rate limit ($name)', (backend) => {
  const s = useTestServer(backend, { limits: { perDevice: 3, windowMs: 60_000 } });

  it('answers 429 RATE_LIMITED with Retry-After per device token; another device is not affected', async () => {
    const { t } = s;
    const a = await t.enroll('stockholm');
    const b = await t.enroll('stockholm');
    for (let i = 0; i < 3; i++) expect((await t.upload(a.token, [servedEvent('stockholm')])).status).toBe(200);
    const limited = await t.upload(a.token, [servedEvent('stockholm')]);
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await t.upload(b.token, [servedEvent('stockholm')])).status).toBe(200);
  });
});

describe('request log', () => {
  it('writes one JSON line per request, without bodies, tokens or enrollment codes', async () => {
    const lines: string[] = [];
    const store = openSqliteStore(tempDir('lucka-log-'));
    const app = buildServer({ store, logger: { stream: { write: (l) => void lines.push(l) } } });
    try {
      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      const token = 'T'.repeat(43);
      await fetch(`${address}/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ sentAt: '2026-03-10T09:00:00Z', events: [servedEvent('stockholm')] }),
      });
      await fetch(`${address}/v1/enroll`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          code: 'SECR-ETCO-DE42',
          deviceName: 'x',
          devicePublicKey: '-----BEGIN PUBLIC KEY-----',
        }),
      });
      await fetch(`${address}/v1/health`);
    } finally {
      await app.close();
      await store.close();
    }
    const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
    expect(requests.map((r) => [r.method, r.route, r.status])).toEqual([
      ['POST', '/v1/events', 401],
      ['POST', '/v1/enroll', 422],
      ['GET', '/v1/health', 200],
    ]);
    const all = lines.join('\n');
    expect(all).not.toContain('TTTTTTTT');
    expect(all).not.toContain('SECR-ETCO');
    expect(all).not.toContain('skv.moving');
  });
});
