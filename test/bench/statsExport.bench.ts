import type { Database } from 'better-sqlite3';
import { mulberry32 } from '../support/prng';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootBackend, type Backend } from '../../electron/backend/boot';
import { runExport } from '../../electron/backend/stats/statsRun';
import { DATABASE_FILE_NAME } from '../../db/open';
import type { StatsRange } from '../../db/stats';
import { AGENCIES, ERRAND_KINDS, OUTCOMES, STATISTICS_TIME_ZONE } from '../../shared/domain';
import { ticketNumber } from '../../shared/queue';
import { DEFAULT_SERVICE_LEVEL_MINUTES, type ExportFormat, type StatsReport } from '../../shared/stats';
import { computeReport } from '../../shared/statsCompute';
import { stockholmDate, stockholmInstant } from '../../shared/time';
import { runBenchmark, type Benchmark } from './harness';
import { BENCH_VISITS } from './seed';

/**
 * The supervisor's export of one office-year (issue: "exporting one office-year of daily
 * counts and of raw visit rows vs `sqlite3 -csv` of the same rows in the same run, target
 * ≤ 1.5×"). Each variant runs the export as the backend does and, interleaved with it,
 * Debian's sqlite3 shell writing the same rows as CSV from the same database file.
 */

const YEAR = 2025;
const FROM = `${YEAR}-01-01`;
const TO = `${YEAR}-12-31`;
const OFFICE = 'stockholm';
/** A second office on the same device: its rows are in every table and must not be counted. */
const OTHER_OFFICE = 'goteborg';
/** A busy office: ~150 visits a working day, ~37,500 a year; BENCH_VISITS shrinks it. */
const OFFICE_YEAR_VISITS = Math.min(37_500, BENCH_VISITS);
const NO_SHOW_SHARE = 0.05;
const WALK_IN_SHARE = 0.05;
const TWO_ERRANDS_SHARE = 0.3;
const TARGET = '≤ 1.5×';

/** Monday to Friday of YEAR, as local dates (public holidays are ordinary days here). */
function workingDays(): string[] {
  const days: string[] = [];
  for (let t = Date.UTC(YEAR, 0, 1); t < Date.UTC(YEAR + 1, 0, 1); t += 86_400_000) {
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

interface SeedCounts {
  visits: number;
  errands: number;
  noShows: number;
}

/**
 * One office-year in one transaction: tickets issued 09–16 local time and served after a
 * wait, some no-shows (a ticket without a visit), some walk-ins (a visit without a
 * ticket), each visit with one or two errands.
 */
function seedOfficeYear(db: Database, officeId: string, visitsPerDay: number, random: () => number): SeedCounts {
  const counts: SeedCounts = { visits: 0, errands: 0, noShows: 0 };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const iso = (ms: number) => new Date(ms).toISOString();
  const queue = db.prepare("INSERT INTO queues (office_id, letter, name) VALUES (?, ?, 'Bench')");
  const ticket = db.prepare(
    `INSERT INTO tickets (id, office_id, local_date, issued_letter, seq, number, queue_letter, state, source,
                          issued_at, officer_signature, first_called_at, last_called_at, call_count,
                          service_started_at, ended_at)
     VALUES (@id, @officeId, @localDate, @letter, @seq, @number, @letter, @state, 'kiosk',
             @issuedAt, 'BNCH', @calledAt, @calledAt, 1, @startedAt, @endedAt)`,
  );
  const visit = db.prepare(
    `INSERT INTO visits (id, office_id, officer_signature, started_at, local_date, closed_at, first_closed_at,
                         ticket_id, waiting_seconds)
     VALUES (?, ?, 'BNCH', ?, ?, ?, ?, ?, ?)`,
  );
  const errand = db.prepare(
    `INSERT INTO errands (id, visit_id, position, agency, errand_kind, outcome, created_at, lacks_eid, interpreter)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    queue.run(officeId, 'A');
    queue.run(officeId, 'B');
    for (const localDate of workingDays()) {
      if (stockholmDate(stockholmInstant(localDate, '12:00')) !== localDate) throw new Error('bad day');
      const open = stockholmInstant(localDate, '09:00').getTime();
      const spacing = (7 * 3_600_000) / visitsPerDay;
      const seq = { A: 0, B: 0 };
      for (let i = 0; i < visitsPerDay; i++) {
        const arrived = Math.round(open + i * spacing + random() * spacing);
        const letter = random() < 0.5 ? 'A' : 'B';
        if (random() < NO_SHOW_SHARE) {
          const called = arrived + Math.floor(random() * 1800) * 1000;
          const n = ++seq[letter];
          ticket.run({
            id: randomUUID(),
            officeId,
            localDate,
            letter,
            seq: n,
            number: ticketNumber(letter, n),
            state: 'no_show',
            issuedAt: iso(arrived),
            calledAt: iso(called),
            startedAt: null,
            endedAt: iso(called + 120_000),
          });
          counts.noShows++;
        }
        const visitId = randomUUID();
        let ticketId: string | null = null;
        let waitingSeconds: number | null = null;
        let started = arrived;
        if (random() >= WALK_IN_SHARE) {
          // Skewed waits: most short, a long tail past the service level (mean ~20 min).
          waitingSeconds = Math.floor(random() ** 2 * 3600);
          started = arrived + waitingSeconds * 1000;
          ticketId = randomUUID();
          const n = ++seq[letter];
          ticket.run({
            id: ticketId,
            officeId,
            localDate,
            letter,
            seq: n,
            number: ticketNumber(letter, n),
            state: 'done',
            issuedAt: iso(arrived),
            calledAt: iso(started),
            startedAt: iso(started),
            endedAt: null,
          });
        }
        const closed = iso(started + (300 + Math.floor(random() * 1200)) * 1000);
        visit.run(visitId, officeId, iso(started), localDate, closed, closed, ticketId, waitingSeconds);
        counts.visits++;
        const errands = random() < TWO_ERRANDS_SHARE ? 2 : 1;
        for (let position = 1; position <= errands; position++) {
          const agency = pick(AGENCIES);
          errand.run(
            randomUUID(),
            visitId,
            position,
            agency,
            pick(ERRAND_KINDS[agency]),
            pick(OUTCOMES),
            iso(started),
            random() < 0.05 ? 1 : 0,
            random() < 0.08 ? 1 : 0,
          );
          counts.errands++;
        }
      }
    }
  })();
  return counts;
}

// ---- The baseline: the sqlite3 shell, CSV with a header, of the same rows ----

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const IN_RANGE = (alias: string) =>
  `${alias}.office_id = ${q(OFFICE)} AND ${alias}.local_date BETWEEN ${q(FROM)} AND ${q(TO)}`;

/**
 * The raw visit rows as the export reads them (tickets LEFT JOIN visits, plus visits
 * without a ticket, JOIN errands), with the same columns the export writes: local arrival
 * time (the shell runs with TZ=Europe/Stockholm), minutes to 0.1, outcome or 'none'.
 */
const VISIT_ROWS_SQL = `
SELECT a.local_date, strftime('%H:%M', a.arrived_at, 'localtime') AS arrived_time, a.number AS ticket_number,
       round(a.waiting_seconds / 60.0, 1) AS waiting_min,
       round((julianday(a.closed_at) - julianday(a.started_at)) * 1440, 1) AS service_min,
       e.position, e.agency, e.errand_kind, coalesce(e.outcome, 'none') AS outcome, e.lacks_eid, e.interpreter
  FROM (SELECT t.local_date, t.issued_at AS arrived_at, t.number, v.id AS visit_id, v.waiting_seconds,
               v.started_at, v.closed_at
          FROM tickets t LEFT JOIN visits v ON v.ticket_id = t.id
         WHERE ${IN_RANGE('t')}
        UNION ALL
        SELECT v.local_date, v.started_at, NULL, v.id, v.waiting_seconds, v.started_at, v.closed_at
          FROM visits v
         WHERE v.ticket_id IS NULL AND ${IN_RANGE('v')}) a
  JOIN errands e ON e.visit_id = a.visit_id
 ORDER BY a.local_date, a.arrived_at, e.position`;

const countIf = (cond: string, name: string) => `count(${cond} OR NULL) AS ${name}`;

/** The daily counts: the same arrivals, one row per visit's errands, then GROUP BY local_date. */
const DAILY_COUNTS_SQL = `
WITH a AS (
  SELECT t.id AS k, t.local_date, t.state, v.id AS visit_id, v.waiting_seconds, v.started_at, v.closed_at
    FROM tickets t LEFT JOIN visits v ON v.ticket_id = t.id
   WHERE ${IN_RANGE('t')}
  UNION ALL
  SELECT v.id, v.local_date, NULL, v.id, v.waiting_seconds, v.started_at, v.closed_at
    FROM visits v
   WHERE v.ticket_id IS NULL AND ${IN_RANGE('v')}
), per_arrival AS (
  SELECT a.local_date, a.state, a.waiting_seconds, a.started_at, a.closed_at, count(e.id) AS errands,
         ${AGENCIES.map((ag) => countIf(`e.agency = ${q(ag)}`, `agency_${ag}`)).join(', ')},
         ${OUTCOMES.map((o) => countIf(`e.outcome = ${q(o)}`, `outcome_${o}`)).join(', ')},
         ${countIf('e.id IS NOT NULL AND e.outcome IS NULL', 'outcome_none')},
         max(e.lacks_eid) AS without_eid, max(e.interpreter) AS interpreter
    FROM a LEFT JOIN errands e ON e.visit_id = a.visit_id
   GROUP BY a.k
)
SELECT local_date, count(*) AS arrived, count(closed_at) AS served, ${countIf("state = 'no_show'", 'no_shows')},
       round(avg(state IS 'no_show'), 4) AS no_show_share, sum(errands) AS errands,
       ${AGENCIES.map((ag) => `sum(agency_${ag}) AS agency_${ag}`).join(', ')},
       ${[...OUTCOMES, 'none'].map((o) => `sum(outcome_${o}) AS outcome_${o}`).join(', ')},
       round(avg(waiting_seconds) / 60, 1) AS avg_wait_min, round(max(waiting_seconds) / 60.0, 1) AS max_wait_min,
       round(avg(waiting_seconds > ${DEFAULT_SERVICE_LEVEL_MINUTES * 60}), 4) AS over_service_level_share,
       round(avg((julianday(closed_at) - julianday(started_at)) * 1440), 1) AS avg_service_min,
       coalesce(sum(without_eid), 0) AS without_eid, coalesce(sum(interpreter), 0) AS interpreter
  FROM per_arrival
 GROUP BY local_date
 ORDER BY local_date`;

/** The sqlite3 shell's CSV of `sql`, into a buffer (as the export's bytes are). */
function sqlite3Csv(dbFile: string, sql: string): Buffer {
  const run = spawnSync('sqlite3', ['-readonly', '-csv', '-header', dbFile, sql], {
    env: { ...process.env, TZ: STATISTICS_TIME_ZONE },
    maxBuffer: 1 << 30,
  });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`sqlite3 exited ${run.status}: ${run.stderr.toString()}`);
  return run.stdout;
}

function sqlite3Available(): boolean {
  const probe = spawnSync('sqlite3', ['-version']);
  return !probe.error && probe.status === 0;
}

const csvLines = (bytes: Buffer) => bytes.toString('utf8').trimEnd().split('\n');

// ---- The store, seeded once for the four variants ----

interface Store {
  backend: Backend;
  dir: string;
  dbFile: string;
  range: StatsRange;
  /** Computed once, for the visit-row exports (which take the report beside the rows). */
  report: StatsReport;
}

function seededStore(): Store {
  const dir = mkdtempSync(join(tmpdir(), 'lucka-bench-export-'));
  const backend = bootBackend({ dataDir: dir, appVersion: 'bench' });
  const ctx = backend.context!;
  const db = ctx.store.db;
  const days = workingDays().length;
  const perDay = Math.max(1, Math.round(OFFICE_YEAR_VISITS / days));
  process.stdout.write(
    `  seeding ${OFFICE}: ${perDay} visits a working day × ${days} days, ${OTHER_OFFICE}: a third … `,
  );
  const t0 = Date.now();
  const random = mulberry32(20_250_101);
  const own = seedOfficeYear(db, OFFICE, perDay, random);
  const other = seedOfficeYear(db, OTHER_OFFICE, Math.max(1, Math.round(perDay / 3)), random);
  // Both readers read the main file, not a WAL the shell would have to replay.
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s (${dir})`);
  const fmt = (n: number) => n.toLocaleString('sv-SE');
  console.log(
    `  ${OFFICE} ${YEAR}: ${fmt(own.visits)} visits, ${fmt(own.errands)} errands, ${fmt(own.noShows)} no-shows; ` +
      `${OTHER_OFFICE} (not counted): ${fmt(other.visits)} visits, ${fmt(other.errands)} errands`,
  );

  const range: StatsRange = { officeId: OFFICE, from: FROM, to: TO };
  const report = computeReport(ctx.stats.arrivals(range), {
    ...range,
    serviceLevelMinutes: DEFAULT_SERVICE_LEVEL_MINUTES,
  });
  const dbFile = join(dir, DATABASE_FILE_NAME);

  // The two sides must export the same rows, or the ratio means nothing.
  const visitRows = ctx.stats.visitRows(range).length;
  const shellVisitRows = csvLines(sqlite3Csv(dbFile, VISIT_ROWS_SQL)).length - 1;
  const shellDays = csvLines(sqlite3Csv(dbFile, DAILY_COUNTS_SQL)).slice(1);
  const shellArrived = shellDays.reduce((sum, line) => sum + Number(line.split(',')[1]), 0);
  const reportDays = report.days.filter((d) => d.arrived > 0).length;
  if (visitRows !== own.errands || shellVisitRows !== visitRows)
    throw new Error(`visit rows differ: seeded ${own.errands}, export ${visitRows}, sqlite3 ${shellVisitRows}`);
  if (shellDays.length !== reportDays || shellArrived !== report.total.arrived)
    throw new Error(
      `daily counts differ: export ${reportDays} days/${report.total.arrived} arrived, ` +
        `sqlite3 ${shellDays.length} days/${shellArrived} arrived`,
    );
  console.log(
    `  same rows on both sides: ${fmt(visitRows)} visit rows; ${reportDays} days with ${fmt(shellArrived)} arrivals`,
  );
  return { backend, dir, dbFile, range, report };
}

/** One variant: the backend's export in `format` vs the sqlite3 shell's CSV of the same rows. */
function exportBenchmark(
  store: () => Store,
  name: string,
  content: 'visits' | 'days',
  format: ExportFormat,
  rounds: number,
): Benchmark {
  const what =
    content === 'visits'
      ? 'runExport (the worker job) to a file, one row per errand'
      : 'runExport (cells in SQL + reportFromCells) to a file, daily counts';
  return {
    name,
    description: `${what}, ${format}, one office-year vs sqlite3 -csv of the same rows (${content === 'visits' ? 'SELECT … JOIN errands' : 'GROUP BY local_date'})`,
    target: TARGET,
    setup() {
      const { backend, dbFile, range, dir } = store();
      const stats = backend.context!.stats;
      const now = new Date().toISOString();
      let bytes = 0;
      let n = 0;
      // The product's path: what the statistics worker runs, streaming to a file.
      const subject = async () => {
        const filePath = join(dir, `bench-${n++}.out`);
        await runExport(
          stats,
          {
            kind: 'export',
            range,
            serviceLevelMinutes: DEFAULT_SERVICE_LEVEL_MINUTES,
            table: content === 'visits' ? 'visits' : 'report',
            format,
            lang: 'sv',
            now,
            filePath,
          },
          () => {},
        );
        bytes = statSync(filePath).size;
        rmSync(filePath);
      };
      const sql = content === 'visits' ? VISIT_ROWS_SQL : DAILY_COUNTS_SQL;
      let shellBytes = 0;
      return {
        rounds,
        opsPerRound: 1,
        subject,
        baseline() {
          shellBytes = sqlite3Csv(dbFile, sql).length;
        },
        teardown() {
          const kb = (n: number) => `${Math.round(n / 1024).toLocaleString('sv-SE')} KiB`;
          console.log(`  output: export ${kb(bytes)}, sqlite3 ${kb(shellBytes)}`);
        },
      };
    },
  };
}

/** `npm run bench stats-export`: the four exports of one office-year, each against the shell. */
export async function runStatsExportBenchmark(): Promise<void> {
  console.log('▶ stats-export: one office-year of daily counts and of raw visit rows vs sqlite3 -csv');
  if (!sqlite3Available()) {
    console.log("  skipped: the baseline needs the sqlite3 shell, Debian's sqlite3 package (apt-get install sqlite3)");
    return;
  }
  const seeded: { store?: Store } = {};
  const shared = () => (seeded.store ??= seededStore());
  const benches = [
    exportBenchmark(shared, 'stats-export visits csv', 'visits', 'csv', 5),
    // ~10 s a round at full size: three rounds keep the whole run near a minute and a half.
    exportBenchmark(shared, 'stats-export visits xlsx', 'visits', 'xlsx', 3),
    exportBenchmark(shared, 'stats-export days csv_excel', 'days', 'csv_excel', 5),
    exportBenchmark(shared, 'stats-export days xlsx', 'days', 'xlsx', 5),
  ];
  try {
    shared();
    const subjects = new Map<string, number>();
    for (const bench of benches) {
      console.log(`▶ ${bench.name}: ${bench.description}`);
      const r = await runBenchmark(bench);
      subjects.set(bench.name, r.subjectUs);
      console.log(
        `  ${bench.name}: ${r.subjectUs.toFixed(1)} µs/op vs baseline ${r.baselineUs.toFixed(1)} µs/op → ` +
          `ratio ${r.ratio.toFixed(2)}× (target ${bench.target})`,
      );
    }
    const xlsx = subjects.get('stats-export visits xlsx');
    const csv = subjects.get('stats-export visits csv');
    if (xlsx && csv)
      console.log(
        `  stats-export visits: XLSX vs the project's own CSV → ratio ${(xlsx / csv).toFixed(2)}× (target ≤ 3×)`,
      );
  } finally {
    if (seeded.store) {
      seeded.store.backend.close();
      rmSync(seeded.store.dir, { recursive: true, force: true });
    }
  }
}
