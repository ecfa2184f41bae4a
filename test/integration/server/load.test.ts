import { randomBytes, randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { StatsEvent } from '../../../shared/sync';
import { admin, BACKENDS, servedEvent, useTestServer, type TestServer } from './harness';

/**
 * Issue 19's load scenario on loopback, bounded by work (not by time): 20 devices upload
 * while 5 analysts run two-year reports over a big office and 200 slow connections trickle
 * bodies with random tokens; /v1/health is polled throughout. It prints ingest and health
 * p99 (figures for the closing note, never asserted: the machine's speed is not the test's)
 * and asserts that no legitimate request failed and that health answered all along.
 */

const SEED_EVENTS = 50_000;
const SEED_DAYS = 730;
const DEVICES = 20;
const BATCHES_PER_DEVICE = 10;
const EVENTS_PER_BATCH = 50;
const REPORTERS = 5;
const REPORTS_EACH = 2;
const SLOW_CONNECTIONS = 200;
const HEALTH_EVERY_MS = 50;
/** A hard stop for the whole scenario, so a broken service fails the test instead of hanging it. */
const SCENARIO_LIMIT_MS = 150_000;

const TO = '2026-03-09';
const FROM = '2024-03-10';

function dateMinusDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

async function seedBigOffice(t: TestServer): Promise<void> {
  const events: StatsEvent[] = [];
  for (let i = 0; i < SEED_EVENTS; i++)
    events.push(
      servedEvent('stockholm', { localDate: dateMinusDays(TO, i % SEED_DAYS), waitingSeconds: 60 + (i % 900) }),
    );
  for (let i = 0; i < events.length; i += 1000)
    await t.store.insertEvents({
      deviceId: null,
      source: 'bundle',
      events: events.slice(i, i + 1000),
      receivedAt: t.clock.now().toISOString(),
      clockSkewSeconds: 0,
    });
}

function p99(samples: number[]): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)]!;
}

/** A connection that sends a POST's headers with a random token, then one body byte at a time. */
function trickle(url: URL, stop: Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const socket: Socket = connect(Number(url.port), url.hostname);
    let timer: NodeJS.Timeout | undefined;
    const done = () => {
      clearInterval(timer);
      socket.destroy();
      resolve();
    };
    socket.on('error', done);
    socket.on('close', done);
    socket.on('data', () => undefined);
    socket.on('connect', () => {
      socket.write(
        `POST /v1/events HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${randomBytes(32).toString('base64url')}\r\n` +
          'Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{',
      );
      timer = setInterval(() => socket.write(' '), 500);
    });
    void stop.then(done);
  });
}

describe.each(BACKENDS)('under load ($name)', (backend) => {
  const s = useTestServer(backend, { limits: { perDevice: 1000, enrollPerAddress: 100 } });

  it(
    'keeps ingest and health answering while reports run and slow connections trickle',
    { timeout: 300_000 },
    async () => {
      const { t } = s;
      await seedBigOffice(t);
      const devices = await Promise.all(Array.from({ length: DEVICES }, (_, i) => t.enroll(`kontor-${i + 1}`)));
      const analysts: string[] = [];
      for (let i = 0; i < REPORTERS; i++) analysts.push((await admin(t, ['analyst-token'])).out[0]!);

      const failures: string[] = [];
      const ingestMs: number[] = [];
      const healthMs: number[] = [];
      const reportMs: number[] = [];
      let stopSlow!: () => void;
      const slowStopped = new Promise<void>((r) => (stopSlow = r));
      const url = new URL(t.url);
      const slow = Array.from({ length: SLOW_CONNECTIONS }, () => trickle(url, slowStopped));

      let working = true;
      const health = (async () => {
        while (working) {
          const started = performance.now();
          const res = await fetch(`${t.url}/v1/health`).catch((e: Error) => e);
          healthMs.push(performance.now() - started);
          if (res instanceof Error || res.status !== 200)
            failures.push(`health: ${res instanceof Error ? res.message : res.status}`);
          else await res.arrayBuffer();
          await new Promise((r) => setTimeout(r, HEALTH_EVERY_MS));
        }
      })();

      const uploads = devices.map(async (device, i) => {
        for (let b = 0; b < BATCHES_PER_DEVICE; b++) {
          const events = Array.from({ length: EVENTS_PER_BATCH }, () =>
            servedEvent(`kontor-${i + 1}`, { id: randomUUID() }),
          );
          const started = performance.now();
          const res = await t.upload(device.token, events).catch((e: Error) => e);
          ingestMs.push(performance.now() - started);
          if (res instanceof Error || res.status !== 200)
            failures.push(`upload: ${res instanceof Error ? res.message : `${res.status} ${res.text}`}`);
        }
      });
      const reports = analysts.map(async (token) => {
        for (let r = 0; r < REPORTS_EACH; r++) {
          const started = performance.now();
          const res = await t
            .request('GET', `/v1/stats/daily?office=stockholm&from=${FROM}&to=${TO}`, { token })
            .catch((e: Error) => e);
          reportMs.push(performance.now() - started);
          if (res instanceof Error || res.status !== 200)
            failures.push(`report: ${res instanceof Error ? res.message : `${res.status} ${res.text.slice(0, 200)}`}`);
          else expect(res.json.total.arrived).toBe(SEED_EVENTS);
        }
      });

      const limit = new Promise<'limit'>((r) => setTimeout(() => r('limit'), SCENARIO_LIMIT_MS).unref());
      const outcome = await Promise.race([Promise.all([...uploads, ...reports]).then(() => 'done' as const), limit]);
      working = false;
      await health;
      stopSlow();
      await Promise.all(slow);

      console.log(
        `[load ${backend.name}] ingest p99 ${p99(ingestMs).toFixed(0)} ms (${ingestMs.length} batches), ` +
          `health p99 ${p99(healthMs).toFixed(0)} ms, max ${Math.max(...healthMs).toFixed(0)} ms (${healthMs.length} probes), ` +
          `report p99 ${p99(reportMs).toFixed(0)} ms (${reportMs.length})`,
      );
      expect(outcome).toBe('done');
      expect(failures).toEqual([]);
      expect(ingestMs).toHaveLength(DEVICES * BATCHES_PER_DEVICE);
      expect(healthMs.length).toBeGreaterThan(0);
    },
  );
});
