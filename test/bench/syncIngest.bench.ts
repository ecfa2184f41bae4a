import { fork, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { enrollmentCodeHash, newEnrollmentCode } from '../../server/auth';
import { startServer, type RunningServer } from '../../server/run';
import type { EnrollReply, StatsEvent } from '../../shared/sync';
import { mulberry32 } from '../support/prng';
import { fmtInt, freshEvent, percentile } from './syncEvents';

/**
 * `sync-ingest` (issue: "Server batch ingest p99 at 50 concurrent devices, load from a
 * second process on loopback, bounded in count and time"). The service (SQLite) runs in
 * this process; a forked Node process (test/bench/syncIngestLoad.mjs) runs one loop per
 * device, each POSTing batches of fresh events with its own token, and hands back every
 * request's latency. Baselines in the same run, from the same load process:
 * GET /v1/health at the same concurrency, and one device uploading the same batches
 * sequentially (no queueing).
 */

const DEVICES = Number(process.env.BENCH_SYNC_DEVICES ?? 50);
const OFFICES = 10;
const BATCHES_PER_DEVICE = Number(process.env.BENCH_SYNC_DEVICE_BATCHES ?? 20);
const EVENTS_PER_BATCH = 100;
const DEADLINE_MS = 30_000;
const HEALTH_PER_LOOP = 40;
const SEQUENTIAL_BATCHES = 100;
/** The whole child's life: a hung load must not hang the bench. */
const CHILD_TIMEOUT_MS = 120_000;
const LOAD_SCRIPT = resolve('test/bench/syncIngestLoad.mjs');

interface PhaseResult {
  latencies: number[];
  statuses: Record<string, number>;
  events: number;
  wallMs: number;
}

interface Device {
  token: string;
  officeId: string;
}

async function enrollDevices(server: RunningServer): Promise<Device[]> {
  const devices: Device[] = [];
  const now = new Date();
  for (let i = 0; i < DEVICES; i++) {
    const officeId = `office-${String((i % OFFICES) + 1).padStart(2, '0')}`;
    const code = newEnrollmentCode();
    await server.store.createEnrollmentCode({
      codeHash: enrollmentCodeHash(code),
      officeId,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 86_400_000).toISOString(),
    });
    const devicePublicKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const res = await fetch(`${server.url}/v1/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, deviceName: `Bench ${i + 1}`, devicePublicKey }),
    });
    if (res.status !== 201) throw new Error(`enroll answered ${res.status}: ${await res.text()}`);
    const reply = (await res.json()) as EnrollReply;
    devices.push({ token: reply.token, officeId: reply.officeId });
  }
  return devices;
}

/** Templates of fresh events (id and office set per event by the load process). */
function templates(count: number): Omit<StatsEvent, 'id' | 'officeId'>[] {
  const random = mulberry32(20_260_311);
  return Array.from({ length: count }, () => {
    const { id: _id, officeId: _office, ...rest } = freshEvent(random, 'template');
    return rest;
  });
}

class LoadProcess {
  private readonly child: ChildProcess;
  private readonly killTimer: ReturnType<typeof setTimeout>;
  constructor() {
    this.child = fork(LOAD_SCRIPT, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.killTimer = setTimeout(() => this.child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
  }
  run(message: object): Promise<PhaseResult> {
    return new Promise((done, fail) => {
      const onExit = (code: number | null) => fail(new Error(`load process exited (${code}) mid-phase`));
      this.child.once('exit', onExit);
      this.child.once('message', (reply: { ok: boolean; result?: PhaseResult; error?: string }) => {
        this.child.off('exit', onExit);
        if (reply.ok) done(reply.result!);
        else fail(new Error(`load process: ${reply.error}`));
      });
      this.child.send(message);
    });
  }
  async stop(): Promise<void> {
    clearTimeout(this.killTimer);
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.send({ phase: 'exit' });
    await exited;
  }
}

interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  client4xx: number;
  server5xx: number;
  failed: number;
}

function summarise(r: PhaseResult): Summary {
  const sorted = [...r.latencies].sort((a, b) => a - b);
  let client4xx = 0;
  let server5xx = 0;
  let failed = 0;
  for (const [status, n] of Object.entries(r.statuses)) {
    if (/^4/.test(status)) client4xx += n;
    else if (/^5/.test(status)) server5xx += n;
    else if (!/^2/.test(status)) failed += n;
  }
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    client4xx,
    server5xx,
    failed,
  };
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

function line(label: string, s: Summary, extra = ''): string {
  return (
    `  ${label}: ${fmtInt(s.n)} requests, p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, p99 ${ms(s.p99)}, max ${ms(s.max)}; ` +
    `4xx ${s.client4xx}, 5xx ${s.server5xx}, network/timeout ${s.failed}${extra}`
  );
}

/** `npm run bench sync-ingest` */
export async function runSyncIngestBenchmark(): Promise<void> {
  console.log(
    `▶ sync-ingest: server batch ingest p99 at ${DEVICES} concurrent devices (${BATCHES_PER_DEVICE} batches of ` +
      `${EVENTS_PER_BATCH} events each, or ${DEADLINE_MS / 1000} s), load from a second process on loopback`,
  );
  if (!existsSync(LOAD_SCRIPT)) {
    console.log(`  skipped: the load script ${LOAD_SCRIPT} is not there (run from the repository root)`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'lucka-bench-ingest-'));
  const server = await startServer({
    dataDir: dir,
    logger: false,
    // Events of 2025 (test/bench/syncEvents.ts): a date window that holds them, and no quota.
    limits: { perDevice: 1e9, enrollPerAddress: 1e9, dailyEventsPerDevice: 1e9 },
    plausibility: { pastDays: 3660 },
  });
  const load = new LoadProcess();
  try {
    const devices = await enrollDevices(server);
    const shapes = templates(2_000);
    const url = server.url;
    console.log(`  service on ${url} (SQLite, ${dir}); ${DEVICES} devices enrolled over ${OFFICES} offices`);

    // Warm-up: connections, JIT on both sides; not counted.
    await load.run({ phase: 'health', url, concurrency: DEVICES, requests: 5 });
    await load.run({
      phase: 'upload',
      url,
      devices,
      batches: 2,
      eventsPerBatch: EVENTS_PER_BATCH,
      deadlineMs: DEADLINE_MS,
      templates: shapes,
    });

    const health = summarise(await load.run({ phase: 'health', url, concurrency: DEVICES, requests: HEALTH_PER_LOOP }));
    const seqRaw = await load.run({
      phase: 'upload',
      url,
      devices: [devices[0]!],
      batches: SEQUENTIAL_BATCHES,
      eventsPerBatch: EVENTS_PER_BATCH,
      deadlineMs: DEADLINE_MS,
      templates: shapes,
    });
    const sequential = summarise(seqRaw);
    const ingestRaw = await load.run({
      phase: 'upload',
      url,
      devices,
      batches: BATCHES_PER_DEVICE,
      eventsPerBatch: EVENTS_PER_BATCH,
      deadlineMs: DEADLINE_MS,
      templates: shapes,
    });
    const ingest = summarise(ingestRaw);
    const held = await server.store.countEvents();

    const perSecond = (r: PhaseResult) => `${fmtInt((r.events / r.wallMs) * 1000)} events/s`;
    console.log(line(`GET /v1/health × ${DEVICES} concurrent (baseline)`, health));
    console.log(
      line(`1 device sequential, ${EVENTS_PER_BATCH}-event batches (baseline)`, sequential, `; ${perSecond(seqRaw)}`),
    );
    console.log(
      line(
        `${DEVICES} devices concurrent, ${EVENTS_PER_BATCH}-event batches`,
        ingest,
        `; ${fmtInt(ingestRaw.events)} events in ${(ingestRaw.wallMs / 1000).toFixed(2)} s → ${perSecond(ingestRaw)}`,
      ),
    );
    console.log(
      `  sync-ingest: p99 ${ms(ingest.p99)} at ${DEVICES} devices → ratio ${(ingest.p99 / sequential.p99).toFixed(1)}× ` +
        `the 1-device sequential p99 (${ms(sequential.p99)}), ${(ingest.p99 / health.p99).toFixed(1)}× the ` +
        `health p99 at the same concurrency (${ms(health.p99)}); the service holds ${fmtInt(held.total)} events`,
    );
    const bad = [health, sequential, ingest].reduce((n, s) => n + s.client4xx + s.server5xx + s.failed, 0);
    if (bad > 0) console.log(`  WARNING: ${bad} requests did not answer 2xx (they should all be 0)`);
  } finally {
    await load.stop().catch(() => undefined);
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
