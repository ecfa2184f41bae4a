import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import pg from 'pg';
import { AGENCIES, ERRAND_KINDS, OUTCOMES } from '../../shared/domain';
import { DEFAULT_SERVICE_LEVEL_MINUTES } from '../../shared/stats';
import { newToken, sha256Hex } from '../../server/auth';
import { nationalDaySumsSql } from '../../server/store/cellQueries';
import { openPostgresStore } from '../../server/store/postgresStore';
import { findPostgresBin } from '../support/postgresGlobalSetup';
import { mulberry32 } from '../support/prng';
import { startBenchCluster } from './syncPostgres';

/**
 * `national` (issue 12): the central service's national year, on PostgreSQL, through the
 * real service in its own process (`build/server/main.cjs`), as an analyst fetches it:
 * the national table as CSV (the year report) and as XLSX, for OFFICES offices and
 * BENCH_NATIONAL_ARRIVALS arrivals over the last 365 days (3,000,000 by default; set it
 * lower for a quick run). Baselines in the same run, by `psql` on the same database: the
 * same aggregate (cellQueries.ts `nationalDaySumsSql`) to nowhere, and `\copy` of its rows
 * to a CSV file. Prints the service's RSS high-water mark per phase (VmHWM, reset between
 * phases). Figures and ratios only, never assertions.
 */

const OFFICES = 148;
const ARRIVALS = Number(process.env.BENCH_NATIONAL_ARRIVALS ?? 3_000_000);
const REPEATS = Number(process.env.BENCH_NATIONAL_REPEATS ?? 2);
/** About one arrival in a hundred is corrected later (a second event supersedes the first). */
const CORRECTED_SHARE = 0.01;
const ROOT = resolve(__dirname, '..', '..');
const SERVICE = join(ROOT, 'build', 'server', 'main.cjs');
/** Another build of the service (its main.cjs, reportWorker.cjs beside it) measured after this one on the same data: before and after a change. */
const COMPARE = process.env.BENCH_NATIONAL_COMPARE;

const fmt = (n: number) => n.toLocaleString('sv-SE');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Errand lists as the service stores them (JSON text of the contract's errands), to draw from in SQL. */
function errandVariants(count: number): string[] {
  const random = mulberry32(148_3000);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  return Array.from({ length: count }, () =>
    JSON.stringify(
      Array.from({ length: 1 + Math.floor(random() * 2) }, () => {
        const agency = pick(AGENCIES);
        return {
          agency,
          errandKind: pick(ERRAND_KINDS[agency]),
          outcome: random() < 0.1 ? null : pick(OUTCOMES),
          lacksEid: random() < 0.1,
          interpreter: random() < 0.05,
        };
      }),
    ),
  );
}

/** The year's events, made by PostgreSQL itself (generate_series): seconds, not 3 million round trips. */
async function seed(url: string, from: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Enough distinct errand lists that PostgreSQL cannot cache the parse of a few (Memoize).
    const variants = errandVariants(4096);
    const array = `ARRAY[${variants.map((v) => `'${v}'`).join(',')}]`;
    await client.query('SELECT setseed(0.12)');
    await client.query(
      `INSERT INTO events (id, device_id, source, office_id, local_date, local_time, status, supersedes,
                           waiting_seconds, service_seconds, errands, schema_version, recorded_at, received_at,
                           clock_skew_seconds, skew_flagged, content_hash)
       SELECT gen_random_uuid()::text, NULL, 'upload', 'office-' || lpad((i % ${OFFICES})::text, 3, '0'),
              to_char(date '${from}' + floor(r_day * 365)::int, 'YYYY-MM-DD'),
              lpad((8 + floor(r_time * 9))::int::text, 2, '0') || ':' || lpad(floor(r_min * 60)::int::text, 2, '0'),
              status, NULL,
              CASE WHEN status IN ('served', 'open') AND r_wait >= 0.1 THEN floor(r_wait * 3000)::int END,
              CASE WHEN status = 'served' THEN floor(r_service * 1800)::int END,
              CASE WHEN status IN ('served', 'open') THEN (${array})[1 + floor(r_errands * ${variants.length})::int] ELSE '[]' END,
              1, '2026-01-01T12:00:00.000Z', '2026-01-01T12:00:00.000Z', 0, FALSE, 'bench'
         FROM (SELECT i, random() AS r_day, random() AS r_time, random() AS r_min, random() AS r_wait,
                      random() AS r_service, random() AS r_errands,
                      (ARRAY['served','served','served','served','served','served','served','served',
                             'open','no_show','no_show','unserved'])[1 + floor(random() * 12)::int] AS status
                 FROM generate_series(1, $1::int) i) g`,
      [ARRIVALS],
    );
    // Corrections: a later event replaces the first; the arrival counts once, with the correction.
    await client.query(
      `INSERT INTO events (id, device_id, source, office_id, local_date, local_time, status, supersedes,
                           waiting_seconds, service_seconds, errands, schema_version, recorded_at, received_at,
                           clock_skew_seconds, skew_flagged, content_hash)
       SELECT gen_random_uuid()::text, NULL, 'upload', office_id, local_date, local_time, 'served', id,
              waiting_seconds, 600, errands, 1, recorded_at, received_at, 0, FALSE, 'bench'
         FROM events WHERE status IN ('served', 'open') AND random() < $1`,
      [CORRECTED_SHARE],
    );
    await client.query('VACUUM ANALYZE events');
  } finally {
    await client.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(port));
    });
  });
}

/** The service's peak resident memory since the last reset, in kB (Linux). */
function peakKb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

/** Resets the peak (clear_refs 5), so each phase prints its own. */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

async function startService(
  main: string,
  databaseUrl: string,
  log: string,
): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [main, '--port', String(port)], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = createWriteStream(log, { flags: 'a' });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`the service exited (${child.exitCode}); see ${log}`);
    try {
      if ((await fetch(`${url}/v1/health`)).ok) return { child, url };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the service did not answer; see ${log}`);
}

/** Fetches a national file to disk, timing the whole download; bytes written. */
async function download(url: string, token: string, file: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200 || !res.body)
    throw new Error(
      `answered ${res.status} after ${seconds(performance.now() - started)}: ${(await res.text()).slice(0, 200)}`,
    );
  await pipeline(Readable.fromWeb(res.body as WebReadableStream), createWriteStream(file));
  return { ms: performance.now() - started, bytes: statSync(file).size };
}

/** psql beside the cluster's initdb (a link on PATH is followed to its directory), or on PATH. */
function findPsql(): string | null {
  const bin = findPostgresBin();
  const candidates = bin ? [join(dirname(realpathSync(join(bin, 'initdb'))), 'psql'), join(bin, 'psql')] : [];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir) candidates.push(join(dir, 'psql'));
  return candidates.find((c) => existsSync(c)) ?? null;
}

function psql(psqlPath: string, databaseUrl: string, command: string): Promise<number> {
  const started = performance.now();
  return new Promise((done, fail) =>
    execFile(
      psqlPath,
      ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-o', '/dev/null', '-d', databaseUrl, '-c', command],
      (err) => (err ? fail(err) : done(performance.now() - started)),
    ),
  );
}

async function stopService(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

interface Run {
  psqlPath: string;
  url: string;
  /** The national aggregate with its dates written in, for psql. */
  sql: string;
  token: string;
  from: string;
  to: string;
  dir: string;
}

/** The baselines and the service's two downloads, REPEATS times interleaved; prints each and the ratios of the best. */
async function measureService(label: string, service: { child: ChildProcess; url: string }, run: Run): Promise<void> {
  const pid = service.child.pid!;
  console.log(`  ${label}: service idle, RSS high-water mark ${fmt(Math.round(peakKb(pid) / 1024))} MB`);
  if (!resetPeak(pid)) console.log('  (cannot reset the RSS high-water mark here: figures below are since start)');
  const base = `${service.url}/v1/stats/national?from=${run.from}&to=${run.to}`;
  const runs = { aggregate: [] as number[], report: [] as number[], copy: [] as number[], xlsx: [] as number[] };
  const peaks = { report: 0, xlsx: 0 };
  const failures: string[] = [];
  const sizes = { report: 0, xlsx: 0, copy: 0 };
  /** One download through the service, its time and the service's peak memory meanwhile; a failure is printed, not thrown. */
  const measure = async (what: 'report' | 'xlsx', format: string) => {
    resetPeak(pid);
    try {
      const got = await download(`${base}&format=${format}`, run.token, join(run.dir, `national-${what}`));
      runs[what].push(got.ms);
      sizes[what] = got.bytes;
    } catch (err) {
      failures.push(`${what}: ${(err as Error).message}`);
    }
    peaks[what] = Math.max(peaks[what], peakKb(pid));
  };
  const copyFile = join(run.dir, 'copy.csv');
  const oneLine = run.sql.replace(/\s+/g, ' ');
  for (let i = 0; i < REPEATS; i++) {
    runs.aggregate.push(await psql(run.psqlPath, run.url, run.sql));
    await measure('report', 'csv_excel');
    runs.copy.push(await psql(run.psqlPath, run.url, `\\copy (${oneLine}) TO '${copyFile}' WITH (FORMAT csv, HEADER)`));
    sizes.copy = statSync(copyFile).size;
    await measure('xlsx', 'xlsx');
  }
  const best = (xs: number[]) => Math.min(...xs);
  const all = (xs: number[]) => xs.map(seconds).join(', ') || 'none';
  const ratio = (xs: number[], of: number[]) => (xs.length ? `${(best(xs) / best(of)).toFixed(2)}×` : 'n/a');
  const mb = (kb: number) => `${fmt(Math.round(kb / 1024))} MB`;
  console.log(`  ${label}: psql aggregate (the same GROUP BY): ${all(runs.aggregate)}`);
  console.log(
    `  ${label}: national year report, CSV for Excel (${fmt(sizes.report)} bytes): ${all(runs.report)} → ` +
      `ratio ${ratio(runs.report, runs.aggregate)} the aggregate (best of each; target ≤ 2×); ` +
      `service RSS high-water mark ${mb(peaks.report)} (target ≤ 300 MB)`,
  );
  console.log(`  ${label}: psql \\copy of the same rows (${fmt(sizes.copy)} bytes): ${all(runs.copy)}`);
  console.log(
    `  ${label}: national XLSX export (${fmt(sizes.xlsx)} bytes): ${all(runs.xlsx)} → ` +
      `ratio ${ratio(runs.xlsx, runs.copy)} \\copy (target ≤ 2×); ` +
      `service RSS high-water mark ${mb(peaks.xlsx)} (target ≤ 300 MB)`,
  );
  for (const f of failures) console.log(`  ${label}: FAILED ${f}`);
}

/** `npm run bench national` */
export async function runNationalBenchmark(): Promise<void> {
  console.log(
    `▶ national: the national year report (CSV) and XLSX export through the service on PostgreSQL vs psql on the same database`,
  );
  const psqlPath = findPsql();
  if (!psqlPath) {
    console.log('  national: skipped: no psql beside the PostgreSQL binaries or on PATH');
    return;
  }
  if (!existsSync(SERVICE)) {
    console.log(`  national: skipped: ${SERVICE} is not built (npm run build)`);
    return;
  }
  const cluster = await startBenchCluster();
  if ('skipped' in cluster) {
    console.log(`  national: skipped: ${cluster.skipped}`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'lucka-bench-national-'));
  let service: ChildProcess | undefined;
  try {
    const db = await cluster.database();
    const to = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const from = new Date(Date.parse(`${to}T00:00:00Z`) - 364 * 86_400_000).toISOString().slice(0, 10);
    const store = await openPostgresStore(db.url);
    const token = newToken();
    await store.createAnalystToken({
      id: randomUUID(),
      label: 'bench',
      tokenHash: sha256Hex(token),
      createdAt: new Date().toISOString(),
    });
    await store.close();
    const t = performance.now();
    await seed(db.url, from);
    console.log(
      `  scale: ${fmt(OFFICES)} offices, ${fmt(ARRIVALS)} arrivals (+${(CORRECTED_SHARE * 100).toFixed(0)} % of visits corrected), ` +
        `${from} – ${to}; seeded in ${seconds(performance.now() - t)} (BENCH_NATIONAL_ARRIVALS=N for another scale)`,
    );

    const sql = nationalDaySumsSql('postgres', DEFAULT_SERVICE_LEVEL_MINUTES)
      .replace('$1', `'${from}'`)
      .replace('$2', `'${to}'`);
    if (process.env.BENCH_NATIONAL_EXPLAIN === '1') {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`);
      await client.end();
      console.log(plan.rows.map((r) => `    ${r['QUERY PLAN']}`).join('\n'));
    }
    // (The cluster, and this database with it, is removed when the benchmark ends.)
    const services = [
      { label: 'this build', main: SERVICE },
      ...(COMPARE ? [{ label: `BENCH_NATIONAL_COMPARE (${COMPARE})`, main: COMPARE }] : []),
    ];
    for (const { label, main } of services) {
      const started = await startService(main, db.url, join(dir, 'service.log'));
      service = started.child;
      try {
        await measureService(label, started, { psqlPath, url: db.url, sql, token, from, to, dir });
      } finally {
        await stopService(service);
      }
    }
  } finally {
    if (service) await stopService(service);
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
