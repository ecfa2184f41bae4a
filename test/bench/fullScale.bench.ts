import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import { cpSync, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bootBackend } from '../../electron/backend/boot';
import { DATABASE_FILE_NAME } from '../../db/open';
import { DEFAULT_SERVICE_LEVEL_MINUTES, WAIT_BUCKET_MINUTES } from '../../shared/stats';
import { stockholmDate } from '../../shared/time';
import { BENCH_OFFICE, BENCH_VISITS, seedClosedVisits } from './seed';

/**
 * Issue 12's benchmarks at full scale, through the real preview host in its own process
 * (as a window reaches the backend): `startup`, `memory`, `report-year` and
 * `counter-during-export`. The store is the bench store (BENCH_VISITS closed visits, one
 * every 90 s going back; 1,000,000 by default, about 350,000 of them in the last year).
 * Figures and ratios only, never assertions.
 */

const PASSPHRASE = 'bänkens lösenfras för statistik';
const WAITING_TICKETS = 3000;
const COUNTERS = 3000;
const ROOT = resolve(__dirname, '..', '..');
const SERVER = join(ROOT, 'build', 'preview', 'server.cjs');

const fmt = (n: number) => n.toLocaleString('sv-SE');
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

interface Seeded {
  big: string;
  empty: string;
  counters: string[];
}

/** Sets a store up for the office: setup, the supervisor passphrase, open counters and waiting tickets. */
async function prepare(dir: string, visits: number): Promise<string[]> {
  const backend = bootBackend({ dataDir: dir, appVersion: 'bench' });
  const ctx = backend.context!;
  let id = 1;
  const call = async (channel: string, input: unknown) => {
    const reply = await backend.host.handle({ id: id++, channel, input });
    if (!reply.ok) throw new Error(`${channel}: ${JSON.stringify(reply.error)}`);
    return reply.result;
  };
  if (visits > 0) seedClosedVisits(ctx.store.db, BENCH_OFFICE, visits);
  await call('setup.save', { officeId: BENCH_OFFICE, officerSignature: 'ANLA' });
  await call('supervisor.setPassphrase', { officeId: BENCH_OFFICE, passphrase: PASSPHRASE });
  const counters: string[] = [];
  const now = new Date().toISOString();
  ctx.store.db.transaction(() => {
    for (let i = 0; i < COUNTERS; i++) {
      const counterId = randomUUID();
      ctx.queue.addCounter(BENCH_OFFICE, counterId, `Bänk ${i}`);
      ctx.queue.openCounter(counterId, `O${i}`, now);
      counters.push(counterId);
    }
  })();
  for (let i = 0; i < WAITING_TICKETS; i++) await call('tickets.issue', { queueLetter: 'A', source: 'kiosk' });
  ctx.store.db.pragma('wal_checkpoint(TRUNCATE)');
  backend.close();
  return counters;
}

/**
 * Seeding a million visits takes minutes on a busy machine: the seeded stores are kept in
 * BENCH_CACHE (when set) for the next run, which works on fresh copies of them.
 */
async function seed(): Promise<Seeded> {
  const big = mkdtempSync(join(tmpdir(), 'lucka-bench-full-'));
  const empty = mkdtempSync(join(tmpdir(), 'lucka-bench-empty-'));
  const cache = process.env.BENCH_CACHE ? join(process.env.BENCH_CACHE, `visits-${BENCH_VISITS}`) : null;
  if (cache && existsSync(join(cache, 'counters.json'))) {
    cpSync(join(cache, 'big'), big, { recursive: true });
    cpSync(join(cache, 'empty'), empty, { recursive: true });
    console.log(`  ${fmt(BENCH_VISITS)} visits: copied from ${cache}`);
    return { big, empty, counters: JSON.parse(readFileSync(join(cache, 'counters.json'), 'utf8')) as string[] };
  }
  process.stdout.write(`  seeding ${fmt(BENCH_VISITS)} visits … `);
  const t0 = Date.now();
  const counters = await prepare(big, BENCH_VISITS);
  await prepare(empty, 0);
  console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s (${big})`);
  if (cache) {
    cpSync(big, join(cache, 'big'), { recursive: true });
    cpSync(empty, join(cache, 'empty'), { recursive: true });
    writeFileSync(join(cache, 'counters.json'), JSON.stringify(counters));
  }
  return { big, empty, counters };
}

/** The preview server on a data dir, in its own process; resolves with its URL and token once it listens. */
interface Server {
  child: ChildProcess;
  origin: string;
  token: string;
  startedAt: bigint;
}

function startServer(dataDir: string): Promise<Server> {
  const startedAt = process.hrtime.bigint();
  const child = spawn(process.execPath, [SERVER, `--data-dir=${dataDir}`, '--port=0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The server's log (JSON lines on stderr), kept beside the store for a run that goes wrong.
  const log = createWriteStream(join(dataDir, 'server.log'), { flags: 'a' });
  child.stderr!.pipe(log);
  // A server that goes away by itself says how (seen twice in long runs, never reproduced alone).
  child.on('exit', (code, signal) => {
    if (!stopping.has(child)) console.log(`  preview server exited by itself: code ${code}, signal ${signal}`);
  });
  return new Promise((done, fail) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Open: (http:\/\/[^/]+)\/#token=(\S+)/.exec(out);
      if (m) done({ child, origin: m[1]!, token: m[2]!, startedAt });
    });
    child.on('exit', (code) => fail(new Error(`preview server exited ${code}`)));
  });
}

const stopping = new WeakSet<ChildProcess>();

function stopServer(server: Server): Promise<void> {
  stopping.add(server.child);
  return new Promise((done) => {
    server.child.removeAllListeners('exit');
    server.child.on('exit', () => done());
    server.child.kill('SIGTERM');
  });
}

let requestId = 1;
/** One request through the bridge, as the preview's page sends it (node:http: no client-side time-out). */
function request(server: Server, channel: string, input: unknown): Promise<unknown> {
  const body = JSON.stringify({ id: requestId++, channel, input });
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${server.origin}/__lucka/request`,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${server.token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const reply = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
            ok: boolean;
            result?: unknown;
            error?: unknown;
          };
          if (reply.ok) resolve(reply.result);
          else reject(new Error(`${channel}: ${JSON.stringify(reply.error)}`));
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
const agent = new Agent({ keepAlive: true });

/** Linux: resident set now and its high-water mark, of another process. */
function memoryOf(pid: number): { rssKb: number; hwmKb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
}

/** Resets the high-water mark (Linux 4.0+), so each phase reports its own peak. */
function resetPeak(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    /* not Linux: the peak is then the process's whole life */
  }
}

/** The local days of the last year, today included. */
function lastYear(): { from: string; to: string } {
  const now = Date.now();
  return { from: stockholmDate(new Date(now - 364 * 86_400_000)), to: stockholmDate(new Date(now)) };
}

/**
 * A year's export, start to finish, as the UI runs it: through `stats.export`, and, when it
 * answers with a job (issue 12), by following the job until its file is written.
 */
async function yearExport(server: Server, token: string, format: 'csv' | 'csv_excel' | 'xlsx'): Promise<number> {
  const result = (await request(server, 'stats.export', {
    token,
    ...lastYear(),
    table: 'visits',
    format,
    lang: 'sv',
  })) as { bytes?: number; jobId?: string };
  if (!result.jobId) return result.bytes ?? 0;
  for (;;) {
    const job = (await request(server, 'stats.job', { token, jobId: result.jobId })) as {
      state: string;
      bytes: number | null;
    };
    if (job.state === 'done') return job.bytes ?? 0;
    if (job.state !== 'running') throw new Error(`export ${job.state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function yearReport(server: Server, token: string): Promise<void> {
  await request(server, 'stats.report', { token, ...lastYear() });
}

const p = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const median = (values: number[]) => p(values, 0.5);

/** `startup`: spawn to first answer, the big store vs an empty one, interleaved. */
async function startup(seeded: Seeded): Promise<void> {
  console.log('▶ startup: preview server spawn → first answer (setup.get), big store vs empty store');
  const big: number[] = [];
  const empty: number[] = [];
  for (let round = 0; round < 4; round++) {
    for (const [dir, into] of round % 2
      ? ([
          [seeded.empty, empty],
          [seeded.big, big],
        ] as const)
      : ([
          [seeded.big, big],
          [seeded.empty, empty],
        ] as const)) {
      const server = await startServer(dir);
      await request(server, 'setup.get', {});
      into.push(Number(process.hrtime.bigint() - server.startedAt) / 1e6);
      await stopServer(server);
    }
  }
  const b = median(big);
  const e = median(empty);
  console.log(
    `  startup: ${b.toFixed(0)} ms vs empty ${e.toFixed(0)} ms → ratio ${(b / e).toFixed(2)}× (target ≤ 1.3×)`,
  );
}

/** The raw SQL aggregate of the same figures the year report shows: one GROUP BY query per table. */
function rawYearAggregate(dbFile: string): () => void {
  const db = new Database(dbFile, { readonly: true });
  const buckets = WAIT_BUCKET_MINUTES.slice(1)
    .map((edge, i) => `count(CASE WHEN waiting_seconds <= ${edge * 60} THEN 1 END) AS b${i}`)
    .join(', ');
  const perHour = db.prepare(
    `WITH a AS (
       SELECT t.local_date, t.issued_at AS at, t.state, v.id AS visit_id, v.waiting_seconds, v.started_at,
              COALESCE(v.closed_at, v.first_closed_at) AS closed_at
         FROM tickets t LEFT JOIN visits v ON v.ticket_id = t.id
        WHERE t.office_id = @office AND t.local_date BETWEEN @from AND @to AND t.state <> 'cancelled'
       UNION ALL
       SELECT v.local_date, v.started_at, NULL, v.id, v.waiting_seconds, v.started_at,
              COALESCE(v.closed_at, v.first_closed_at)
         FROM visits v WHERE v.ticket_id IS NULL AND v.office_id = @office AND v.local_date BETWEEN @from AND @to)
     SELECT local_date, substr(at, 1, 13) AS utc_hour, count(*) AS arrived, count(state = 'no_show' OR NULL) AS no_shows,
            count(closed_at) AS served, sum(unixepoch(closed_at) - unixepoch(started_at)) AS service_sum,
            count(waiting_seconds) AS waits, sum(waiting_seconds) AS wait_sum, max(waiting_seconds) AS wait_max,
            count(waiting_seconds > ${DEFAULT_SERVICE_LEVEL_MINUTES * 60} OR NULL) AS over, ${buckets},
            count(EXISTS (SELECT 1 FROM errands e WHERE e.visit_id = a.visit_id AND e.lacks_eid) OR NULL) AS without_eid,
            count(EXISTS (SELECT 1 FROM errands e WHERE e.visit_id = a.visit_id AND e.interpreter) OR NULL) AS interpreter
       FROM a GROUP BY local_date, utc_hour`,
  );
  const perKind = db.prepare(
    `WITH a AS (
       SELECT t.local_date, v.id AS visit_id FROM tickets t JOIN visits v ON v.ticket_id = t.id
        WHERE t.office_id = @office AND t.local_date BETWEEN @from AND @to AND t.state <> 'cancelled'
       UNION ALL
       SELECT v.local_date, v.id FROM visits v
        WHERE v.ticket_id IS NULL AND v.office_id = @office AND v.local_date BETWEEN @from AND @to)
     SELECT a.local_date, e.agency, e.errand_kind, e.outcome, count(*) AS errands
       FROM a JOIN errands e ON e.visit_id = a.visit_id GROUP BY a.local_date, e.agency, e.errand_kind, e.outcome`,
  );
  return () => {
    const range = { office: BENCH_OFFICE, ...lastYear() };
    perHour.all(range);
    perKind.all(range);
  };
}

/** `report-year`: the supervisor's year report through the host vs the raw GROUP BY of the same figures. */
async function reportYear(server: Server, token: string, dataDir: string): Promise<void> {
  console.log('▶ report-year: stats.report over the last year through the preview host vs the raw SQL GROUP BY');
  const raw = rawYearAggregate(join(dataDir, DATABASE_FILE_NAME));
  const subject: number[] = [];
  const baseline: number[] = [];
  for (let round = 0; round < 4; round++) {
    const t0 = performance.now();
    await yearReport(server, token);
    const t1 = performance.now();
    raw();
    const t2 = performance.now();
    subject.push(t1 - t0);
    baseline.push(t2 - t1);
  }
  const s = median(subject);
  const b = median(baseline);
  console.log(
    `  report-year: ${s.toFixed(0)} ms vs raw ${b.toFixed(0)} ms → ratio ${(s / b).toFixed(2)}× (target ≤ 1.5×)`,
  );
}

/** `memory`: the backend's resident set at idle and its peak during the year report and each year export. */
async function memory(server: Server, token: string): Promise<void> {
  console.log('▶ memory: backend RSS (preview server process) at idle, and its peak during each phase');
  const pid = server.child.pid!;
  await new Promise((r) => setTimeout(r, 1000));
  console.log(`  memory idle: ${mb(memoryOf(pid).rssKb)} (target ≤ 150 MB)`);
  const phases: [string, () => Promise<unknown>][] = [
    ['year report', () => yearReport(server, token)],
    ['csv_excel export (visit rows)', () => yearExport(server, token, 'csv_excel')],
    ['csv export (visit rows)', () => yearExport(server, token, 'csv')],
    ['xlsx export (visit rows)', () => yearExport(server, token, 'xlsx')],
  ];
  const only = process.env.BENCH_MEMORY_PHASES?.split(',');
  for (const [name, run] of phases.filter(([name]) => !only || only.some((o) => name.startsWith(o)))) {
    resetPeak(pid);
    const t0 = performance.now();
    const out = await run();
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    const size = typeof out === 'number' ? `, ${fmt(Math.round(out / 1024))} KiB` : '';
    console.log(`  memory during ${name}: peak ${mb(memoryOf(pid).hwmKb)} (${seconds} s${size}) (target ≤ 150 MB)`);
  }
}

/**
 * `counter-during-export`: `tickets.callNext` and `visits.today` one after another, at idle
 * and while a year's XLSX export and a year's report run; p99 latency of each, ratio
 * during vs idle.
 */
async function counterDuringExport(server: Server, token: string, counters: string[]): Promise<void> {
  console.log(
    "▶ counter-during-export: tickets.callNext and visits.today p99 while a year's XLSX export and report run, vs idle",
  );
  let next = 0;
  const sample = async (into: { call: number[]; today: number[] }) => {
    const t0 = performance.now();
    await request(server, 'tickets.callNext', { counterId: counters[next++ % counters.length] });
    const t1 = performance.now();
    await request(server, 'visits.today', {});
    into.call.push(t1 - t0);
    into.today.push(performance.now() - t1);
  };
  const idle = { call: [] as number[], today: [] as number[] };
  for (let i = 0; i < 200; i++) await sample(idle);
  const busy = { call: [] as number[], today: [] as number[] };
  let running = true;
  const work = Promise.all([yearExport(server, token, 'xlsx'), yearReport(server, token)]).finally(() => {
    running = false;
  });
  while (running) await sample(busy);
  await work;
  for (const key of ['call', 'today'] as const) {
    const name = key === 'call' ? 'tickets.callNext' : 'visits.today';
    const i99 = p(idle[key], 0.99);
    const b99 = p(busy[key], 0.99);
    console.log(
      `  counter-during-export ${name}: p99 ${b99.toFixed(1)} ms during (max ${Math.max(...busy[key]).toFixed(0)} ms, ` +
        `${busy[key].length} calls) vs idle ${i99.toFixed(1)} ms → ratio ${(b99 / i99).toFixed(2)}× (target ≤ 2×)`,
    );
  }
}

export const FULL_SCALE_BENCHMARKS = ['startup', 'memory', 'report-year', 'counter-during-export'] as const;

/** Runs the wanted full-scale benchmarks over one seeded store. */
export async function runFullScaleBenchmarks(wanted: readonly string[]): Promise<void> {
  const want = (name: string) => wanted.length === 0 || wanted.includes(name);
  if (!FULL_SCALE_BENCHMARKS.some(want)) return;
  if (!existsSync(SERVER)) throw new Error(`${SERVER} missing: npm run build first`);
  const seeded = await seed();
  try {
    if (want('startup')) await startup(seeded);
    const server = await startServer(seeded.big);
    try {
      const session = (await request(server, 'supervisor.unlock', {
        officeId: BENCH_OFFICE,
        passphrase: PASSPHRASE,
      })) as { token: string };
      if (want('memory')) await memory(server, session.token);
      if (want('report-year')) await reportYear(server, session.token, seeded.big);
      if (want('counter-during-export')) await counterDuringExport(server, session.token, seeded.counters);
    } finally {
      await stopServer(server);
    }
  } finally {
    if (existsSync(join(seeded.big, 'server.log')))
      console.log(`  server log: ${readFileSync(join(seeded.big, 'server.log'), 'utf8').slice(-2000) || '(empty)'}`);
    rmSync(seeded.big, { recursive: true, force: true });
    rmSync(seeded.empty, { recursive: true, force: true });
  }
}
