import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { bootBackend } from '../../electron/backend/boot';
import { enrollmentCodeHash, newEnrollmentCode } from '../../server/auth';
import { startServer, type StartServerOptions } from '../../server/run';
import { EVENT_COLUMNS, eventToRow, type EventRow } from '../../server/store/eventRow';
import { openPostgresStore } from '../../server/store/postgresStore';
import { SQLITE_FILE_NAME, openSqliteStore } from '../../server/store/sqliteStore';
import type { ServerStore } from '../../server/store/types';
import { EventBatchSchema, type StatsEvent } from '../../shared/sync';
import { fmtInt, officeEvents } from './syncEvents';
import { startBenchCluster } from './syncPostgres';

/**
 * `sync-drain` (issue: "Drain 100,000 pending events into a local service: events/s vs a
 * raw bulk insert into the same server database in the same run, target ≥ 0.5×").
 *
 * Subject: a device backend (bootBackend over a temp dir) whose outbox holds N pending
 * events, enrolled to a real central service on 127.0.0.1 (startServer, same process);
 * the clock runs over one `sync.syncNow()` until nothing is pending.
 * Baseline: the same N events as rows of the service's schema, inserted into a fresh
 * database with one prepared INSERT in one transaction (SQLite), or one prepared
 * INSERT … SELECT FROM unnest(arrays) of 5,000 rows at a time in one transaction
 * (PostgreSQL, where a statement per row would measure round trips, not the database).
 * The rows (content hash included) are built before the clock starts: the rawest write.
 */

const N = Number(process.env.BENCH_SYNC_EVENTS ?? 100_000);
const BATCH_SIZES = (process.env.BENCH_SYNC_BATCHES ?? '250,500').split(',').map(Number);
/** PostgreSQL runs one batch size by default, to keep the whole benchmark near two minutes. */
const PG_BATCH_SIZES = (process.env.BENCH_SYNC_PG_BATCHES ?? '500').split(',').map(Number);
/** The per-step figures are taken on the first events only: they say where the time goes, not the rate. */
const STEP_EVENTS = Math.min(N, 20_000);
const OFFICE = 'stockholm';
const TARGET = '≥ 0.5×';
const PG_CHUNK = 5_000;

const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (ms: number) => `${fmtInt((N / ms) * 1000)} events/s`;

function benchRows(events: readonly StatsEvent[]): EventRow[] {
  const meta = { deviceId: null, source: 'upload', receivedAt: new Date().toISOString(), clockSkewSeconds: 0 };
  return events.map((e) => eventToRow(e, meta));
}

// ---- Baselines ----

/** A fresh service database (the store's own migration and pragmas), then one prepared INSERT in one transaction. */
async function rawSqliteInsert(rows: readonly EventRow[]): Promise<number> {
  const dir = tempDir('lucka-bench-raw-');
  try {
    await (await openSqliteStore(dir)).close();
    const db = new Database(join(dir, SQLITE_FILE_NAME));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    const insert = db.prepare(
      `INSERT INTO events (${EVENT_COLUMNS.join(', ')}) VALUES (${EVENT_COLUMNS.map((c) => '@' + c).join(', ')})`,
    );
    const all = db.transaction((list: readonly EventRow[]) => {
      for (const row of list) insert.run(row);
    });
    const t0 = performance.now();
    all(rows);
    const ms = performance.now() - t0;
    const count = db.prepare('SELECT count(*) FROM events').pluck().get() as number;
    db.close();
    if (count !== rows.length) throw new Error(`raw insert stored ${count} of ${rows.length}`);
    return ms;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const PG_TYPES: Record<string, string> = {
  waiting_seconds: 'integer',
  service_seconds: 'integer',
  schema_version: 'integer',
  clock_skew_seconds: 'integer',
  skew_flagged: 'boolean',
};

/** A fresh database migrated by the store, then INSERT … SELECT FROM unnest($1…$17) in chunks, one transaction. */
async function rawPostgresInsert(url: string, rows: readonly EventRow[]): Promise<number> {
  await (await openPostgresStore(url)).close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const text =
      `INSERT INTO events (${EVENT_COLUMNS.join(', ')}) SELECT * FROM unnest(` +
      EVENT_COLUMNS.map((c, i) => `$${i + 1}::${PG_TYPES[c] ?? 'text'}[]`).join(', ') +
      ')';
    const t0 = performance.now();
    await client.query('BEGIN');
    for (let i = 0; i < rows.length; i += PG_CHUNK) {
      const chunk = rows.slice(i, i + PG_CHUNK);
      const values = EVENT_COLUMNS.map((c) => chunk.map((r) => (c === 'skew_flagged' ? r.skew_flagged === 1 : r[c])));
      await client.query({ name: 'bench_insert', text, values });
    }
    await client.query('COMMIT');
    const ms = performance.now() - t0;
    const { rows: counted } = await client.query<{ n: string }>('SELECT count(*) AS n FROM events');
    if (Number(counted[0]!.n) !== rows.length) throw new Error(`raw insert stored ${counted[0]!.n} of ${rows.length}`);
    return ms;
  } finally {
    await client.end();
  }
}

// ---- The subject ----

/** Writes the events straight into the device's outbox, as its own transactions would have. */
function fillOutbox(db: Database.Database, events: readonly StatsEvent[]): void {
  const insert = db.prepare(
    `INSERT INTO sync_outbox (event_id, arrival_key, office_id, local_date, payload, created_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const keyOf = new Map<string, string>();
  db.transaction(() => {
    for (const [i, e] of events.entries()) {
      const key = (e.supersedes && keyOf.get(e.supersedes)) || `v:bench-${i}`;
      keyOf.set(e.id, key);
      insert.run(e.id, key, e.officeId, e.localDate, JSON.stringify(e), e.recordedAt);
    }
  })();
}

/** One device drains the whole outbox into a fresh service; returns the ms of syncNow. */
async function drainRun(
  events: readonly StatsEvent[],
  batchSize: number,
  server: Pick<StartServerOptions, 'dataDir' | 'databaseUrl'>,
): Promise<number> {
  // Its events are of 2025 and one device sends them all: no quota, and a date window that holds them.
  const running = await startServer({
    ...server,
    logger: false,
    limits: { perDevice: 1e9, enrollPerAddress: 1e9, dailyEventsPerDevice: 1e9 },
    plausibility: { pastDays: 3660 },
  });
  const deviceDir = tempDir('lucka-bench-device-');
  const backend = bootBackend({ dataDir: deviceDir, appVersion: 'bench', sync: { batchSize } });
  try {
    const ctx = backend.context!;
    const sync = ctx.sync!;
    const code = newEnrollmentCode();
    const now = new Date();
    await running.store.createEnrollmentCode({
      codeHash: enrollmentCodeHash(code),
      officeId: OFFICE,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 86_400_000).toISOString(),
    });
    await sync.enroll({ serverUrl: running.url, code, deviceName: 'Bench' });
    fillOutbox(ctx.store.db, events);
    ctx.store.db.pragma('wal_checkpoint(TRUNCATE)');
    const before = sync.status().pending;
    if (before !== events.length) throw new Error(`outbox holds ${before} pending, not ${events.length}`);

    const t0 = performance.now();
    const status = await sync.syncNow();
    const ms = performance.now() - t0;

    if (status.pending !== 0 || status.lastError !== null || status.rejected !== 0)
      throw new Error(`drain incomplete: ${JSON.stringify(status)}`);
    const held = await running.store.countEvents();
    if (held.total !== events.length) throw new Error(`the service holds ${held.total} of ${events.length}`);
    return ms;
  } finally {
    backend.close();
    await running.close();
    rmSync(deviceDir, { recursive: true, force: true });
  }
}

// ---- Where the time goes: the service's per-batch steps, each timed alone ----

/** The service's validation (zod) of the same batches, after a JSON round trip as on the wire. */
function validationMs(events: readonly StatsEvent[], batchSize: number): number {
  const bodies: string[] = [];
  for (let i = 0; i < events.length; i += batchSize)
    bodies.push(JSON.stringify({ sentAt: new Date().toISOString(), events: events.slice(i, i + batchSize) }));
  const t0 = performance.now();
  for (const body of bodies) EventBatchSchema.parse(JSON.parse(body));
  return performance.now() - t0;
}

/** The service's row building alone: eventToRow (canonical JSON and its sha256) per event. */
function rowBuildMs(events: readonly StatsEvent[]): number {
  const meta = { deviceId: null, source: 'upload', receivedAt: new Date().toISOString(), clockSkewSeconds: 0 };
  const t0 = performance.now();
  for (const e of events) eventToRow(e, meta);
  return performance.now() - t0;
}

/** store.insertEvents per batch (content hash, insert, one committed transaction each) into a fresh store. */
async function storeInsertMs(open: () => Promise<ServerStore>, events: readonly StatsEvent[], batchSize: number) {
  const store = await open();
  try {
    const t0 = performance.now();
    for (let i = 0; i < events.length; i += batchSize)
      await store.insertEvents({
        deviceId: null,
        source: 'upload',
        events: events.slice(i, i + batchSize),
        receivedAt: new Date().toISOString(),
        clockSkewSeconds: 0,
      });
    return performance.now() - t0;
  } finally {
    await store.close();
  }
}

function report(db: string, batchSize: number, subjectMs: number, baselineMs: number, baselineName: string): void {
  const ratio = baselineMs / subjectMs;
  console.log(
    `  sync-drain ${db}, batch ${batchSize}: syncNow ${seconds(subjectMs)} → ${rate(subjectMs)} vs ${baselineName} ` +
      `${seconds(baselineMs)} → ${rate(baselineMs)} → ratio ${ratio.toFixed(2)}× (target ${TARGET}, higher is better)`,
  );
}

/** `npm run bench sync-drain` */
export async function runSyncDrainBenchmark(): Promise<void> {
  console.log(
    `▶ sync-drain: drain ${fmtInt(N)} pending events into a local service (events/s) vs a raw bulk insert into the same ` +
      `server database, target ${TARGET}`,
  );
  const t0 = performance.now();
  const events = officeEvents(N, OFFICE);
  const rows = benchRows(events);
  const errands = events.reduce((n, e) => n + e.errands.length, 0);
  const corrections = events.filter((e) => e.supersedes !== null).length;
  console.log(
    `  ${fmtInt(N)} events of ${OFFICE} (${fmtInt(errands)} errands, ${fmtInt(corrections)} corrections/voids), ` +
      `~${fmtInt(rows.reduce((n, r) => n + JSON.stringify(r).length, 0) / N)} bytes a row; made in ` +
      `${seconds(performance.now() - t0)}`,
  );

  // SQLite: a raw baseline next to each subject run (fresh databases, same events).
  for (const batchSize of BATCH_SIZES) {
    const baselineMs = await rawSqliteInsert(rows);
    const serverDir = tempDir('lucka-bench-central-');
    try {
      const subjectMs = await drainRun(events, batchSize, { dataDir: serverDir });
      report('sqlite', batchSize, subjectMs, baselineMs, 'raw INSERT');
    } finally {
      rmSync(serverDir, { recursive: true, force: true });
    }
  }
  const stepEvents = events.slice(0, STEP_EVENTS);
  const stepRate = (ms: number) => `${fmtInt((STEP_EVENTS / ms) * 1000)} events/s`;
  for (const batchSize of BATCH_SIZES) {
    const dir = tempDir('lucka-bench-steps-');
    try {
      const storeMs = await storeInsertMs(async () => openSqliteStore(dir), stepEvents, batchSize);
      const validateMs = validationMs(stepEvents, batchSize);
      const hashMs = rowBuildMs(stepEvents);
      console.log(
        `    steps alone (first ${fmtInt(STEP_EVENTS)} events), sqlite batch ${batchSize}: store.insertEvents per batch ` +
          `${stepRate(storeMs)}; JSON.parse + EventBatchSchema.parse ${stepRate(validateMs)}; ` +
          `eventToRow (canonical JSON + sha256) ${stepRate(hashMs)}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  // PostgreSQL, when its binaries are here.
  const cluster = await startBenchCluster();
  if ('skipped' in cluster) {
    console.log(`  postgres: skipped: ${cluster.skipped}`);
    return;
  }
  try {
    console.log('  postgres: a throwaway cluster (fsync off, as in the tests) on 127.0.0.1');
    for (const batchSize of PG_BATCH_SIZES) {
      const base = await cluster.database();
      const subjectDb = await cluster.database();
      try {
        const baselineMs = await rawPostgresInsert(base.url, rows);
        const subjectMs = await drainRun(events, batchSize, { databaseUrl: subjectDb.url });
        report(
          'postgres',
          batchSize,
          subjectMs,
          baselineMs,
          `raw INSERT … unnest (${fmtInt(PG_CHUNK)} rows a statement)`,
        );
      } finally {
        await base.drop();
        await subjectDb.drop();
      }
    }
    const stepsDb = await cluster.database();
    try {
      const batchSize = PG_BATCH_SIZES[0]!;
      const storeMs = await storeInsertMs(() => openPostgresStore(stepsDb.url), stepEvents, batchSize);
      console.log(
        `    steps alone (first ${fmtInt(STEP_EVENTS)} events), postgres batch ${batchSize}: store.insertEvents per ` +
          `batch ${stepRate(storeMs)}`,
      );
    } finally {
      await stepsDb.drop();
    }
  } finally {
    await cluster.stop();
  }
}
