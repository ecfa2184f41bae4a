import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../server/errors';
import { ReportPool } from '../../../server/reports/reportPool';
import { startServer } from '../../../server/run';
import type { ServerStore } from '../../../server/store/types';
import { admin, BACKENDS, servedEvent, TestClock, useTestServer } from './harness';

/** The store as the service's main thread sees it, counting every read of events for statistics. */
function countingEventReads(store: ServerStore): { store: ServerStore; reads: () => number } {
  let reads = 0;
  const proxy = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if ((property === 'currentEvents' || property === 'officesWithEvents') && typeof value === 'function')
        return (...args: unknown[]) => {
          reads++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store: proxy, reads: () => reads };
}

describe.each(BACKENDS)('reports off the event loop ($name)', (backend) => {
  const s = useTestServer(backend);

  it('computes the daily report and the national table in a worker: the service thread never reads the events', async () => {
    const { t } = s;
    const device = await t.enroll('stockholm');
    const analyst = (await admin(t, ['analyst-token'])).out[0]!;
    await t.upload(device.token, [servedEvent('stockholm'), servedEvent('stockholm')]);
    const counting = countingEventReads(t.store);
    const server = await startServer({ store: counting.store, now: new TestClock().now, logger: false });
    try {
      const daily = await fetch(`${server.url}/v1/stats/daily?office=stockholm&from=2026-03-01&to=2026-03-09`, {
        headers: { authorization: `Bearer ${device.token}` },
      });
      expect(daily.status).toBe(200);
      expect(((await daily.json()) as { total: { arrived: number } }).total.arrived).toBe(2);
      const national = await fetch(`${server.url}/v1/stats/national?from=2026-03-01&to=2026-03-09&format=csv`, {
        headers: { authorization: `Bearer ${analyst}` },
      });
      expect(national.status).toBe(200);
      expect(await national.text()).toMatch(/stockholm/);
      expect(counting.reads()).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('runs one report per token at a time (429 for a second), others alongside', async () => {
    const { t } = s;
    await t.upload((await t.enroll('stockholm')).token, [servedEvent('stockholm')]);
    const pool = new ReportPool(t.store.location, { workers: 1, maxQueued: 2, workerHeapMb: 256 });
    const job = {
      kind: 'daily',
      officeId: 'stockholm',
      from: '2026-03-01',
      to: '2026-03-09',
      serviceLevelMinutes: 20,
    } as const;
    try {
      const first = pool.run('device:a', job);
      const second = pool.run('device:a', job).catch((e: unknown) => e);
      const other = pool.run('device:b', job);
      // The queue holds two waiting reports (a and b); a third token's is refused (503) until there is room.
      const full = await pool.run('device:c', job).catch((e: unknown) => e);
      const refused = await second;
      expect(refused).toBeInstanceOf(ApiError);
      expect((refused as ApiError).statusCode).toBe(429);
      expect((refused as ApiError).retryAfter).toBeGreaterThan(0);
      expect((full as ApiError).statusCode).toBe(503);
      const [a, b] = await Promise.all([first, other]);
      expect(a).toEqual(b);
      expect(JSON.parse((a as { json: string }).json).total.arrived).toBe(1);
      // Once done, the same token may ask again.
      expect((await pool.run('device:a', job)).kind).toBe('daily');
    } finally {
      await pool.close();
    }
  });

  it('streams the national table from its worker only as fast as it is read, and stops the worker when the reader goes', async () => {
    const { t } = s;
    // 60 offices over two years: some 44,000 rows, several MB of CSV, many chunks.
    const offices = Array.from({ length: 60 }, (_, i) => `kontor-${String(i).padStart(2, '0')}`);
    await t.store.insertEvents({
      deviceId: null,
      source: 'bundle',
      events: offices.map((office) => servedEvent(office, { localDate: '2025-06-01' })),
      receivedAt: '2026-03-10T09:00:00.000Z',
      clockSkewSeconds: 0,
    });
    const pool = new ReportPool(t.store.location, { workers: 1, maxQueued: 2, workerHeapMb: 256 });
    const job = {
      kind: 'national',
      from: '2024-03-10',
      to: '2026-03-09',
      serviceLevelMinutes: 20,
      format: 'csv',
      lang: 'sv',
      now: '2026-03-10T09:00:00.000Z',
    } as const;
    const chunkBytes = 256 * 1024;
    try {
      const first = await pool.run('analyst:a', job);
      if (first.kind !== 'national') throw new Error('not a file');
      const body: Readable = first.body;
      await once(body, 'readable');
      // Nobody reads: the worker waits for each chunk to be taken, so little is held here.
      await new Promise((r) => setTimeout(r, 500));
      expect(body.readableLength).toBeLessThanOrEqual(body.readableHighWaterMark + chunkBytes);
      let text = '';
      for await (const chunk of body) text += (chunk as Buffer).toString('utf8');
      const lines = text.trimEnd().split('\r\n');
      expect(lines.length).toBeGreaterThan((2 * 4 * chunkBytes) / 200);
      expect(lines).toHaveLength(1 + (offices.length + 1) * 730);
      expect(lines.at(-1)).toMatch(/^Hela landet,2026-03-09,/);

      // A reader that goes away after the first chunk: its worker is stopped, the token is free at once,
      // and the next report is computed by a new worker.
      const second = await pool.run('analyst:a', job);
      if (second.kind !== 'national') throw new Error('not a file');
      await once(second.body, 'readable');
      second.body.destroy();
      await once(second.body, 'close');
      const third = await pool.run('analyst:a', { ...job, format: 'csv_excel' });
      if (third.kind !== 'national') throw new Error('not a file');
      let bytes = 0;
      for await (const chunk of third.body) bytes += (chunk as Buffer).length;
      expect(bytes).toBeGreaterThan(text.length);
    } finally {
      await pool.close();
    }
  });

  it('answers 503 (not 500) when a report cannot be computed because the worker ran out of memory', async () => {
    const { t } = s;
    const device = await t.enroll('stockholm');
    await t.upload(device.token, [servedEvent('stockholm')]);
    const server = await startServer({
      store: t.store,
      now: t.clock.now,
      logger: false,
      reports: { workerHeapMb: 1 },
    });
    try {
      const res = await fetch(`${server.url}/v1/stats/daily?office=stockholm&from=2025-03-10&to=2026-03-09`, {
        headers: { authorization: `Bearer ${device.token}` },
      });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAVAILABLE');
      expect(res.headers.get('retry-after')).toBeTruthy();
      expect((await fetch(`${server.url}/v1/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
