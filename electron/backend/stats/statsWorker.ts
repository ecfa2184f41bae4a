/**
 * A statistics job off the request path: a worker thread with its own read-only
 * connection to the store (WAL: it reads a snapshot while the counter keeps writing).
 * It runs one job (workerData), posts its progress and its result, and exits; the
 * backend cancels a job by terminating its worker. Started to serve reports
 * (`serveReports`), it stays: it keeps its connection and its warm code, and computes
 * each report it is sent, in turn, until the backend ends it.
 */
import Database from 'better-sqlite3';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { StatsRepository } from '../../../db/stats';
import { reportInSteps, runExport, type StatsJobSpec } from './statsRun';

export interface StatsWorkerInput {
  dbFile: string;
  nativeBinding?: string | undefined;
  /** The one job of this worker; absent when it serves reports (serveReports). */
  job?: StatsJobSpec;
  /** Serve report requests (ReportRequest) until terminated. */
  serveReports?: boolean;
  /** Tests only (StatsJobsOptions.holdExports): stop after the first progress until terminated. */
  hold?: boolean;
}

/** One report for a serving worker; its answer carries the same id. */
export interface ReportRequest {
  id: number;
  job: Extract<StatsJobSpec, { kind: 'report' }>;
}

export type StatsWorkerMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'report'; report: unknown; id?: number }
  | { type: 'written'; fileName: string; mimeType: string }
  | { type: 'failed'; message: string; id?: number };

/** At most this often a progress message: enough for a bar, little traffic. */
const PROGRESS_EVERY_MS = 200;

/** Nice value of a statistics thread: any runnable counter request goes first. */
const STATS_NICE = 10;

/**
 * Linux: lowers this thread's own priority (a thread is a task with its own id there), so
 * on a busy machine the backend's main thread, which answers the counter, always wins the
 * CPU over a year's export. Elsewhere Node offers no per-thread priority: nothing changes.
 */
function yieldToTheCounter(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, STATS_NICE);
  } catch {
    /* not Linux */
  }
}

function openStore(input: StatsWorkerInput): Database.Database {
  const { dbFile, nativeBinding } = input;
  const db = new Database(dbFile, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  db.pragma('busy_timeout = 5000');
  return db;
}

/** Reports, one after another, over one connection kept open: no thread start or connection per report. */
function serveReports(input: StatsWorkerInput): void {
  const port = parentPort!;
  const stats = new StatsRepository(openStore(input));
  port.on('message', ({ id, job }: ReportRequest) => {
    try {
      const report = reportInSteps(stats, job.range, job.serviceLevelMinutes);
      port.postMessage({ type: 'report', id, report } satisfies StatsWorkerMessage);
    } catch (err) {
      port.postMessage({
        type: 'failed',
        id,
        message: (err as Error)?.stack ?? String(err),
      } satisfies StatsWorkerMessage);
    }
  });
}

async function main() {
  yieldToTheCounter();
  const port = parentPort!;
  const post = (message: StatsWorkerMessage) => port.postMessage(message);
  const input = workerData as StatsWorkerInput;
  const { job, hold } = input;
  if (input.serveReports) return serveReports(input);
  let db: Database.Database | null = null;
  try {
    if (!job) throw new Error('a statistics worker needs a job or serveReports');
    db = openStore(input);
    const stats = new StatsRepository(db);
    let last = 0;
    const progress = (done: number, total: number) => {
      const now = Date.now();
      if (done !== total && now - last < PROGRESS_EVERY_MS) return;
      last = now;
      post({ type: 'progress', done, total });
      // Blocks this thread (never the backend's) until the job is cancelled: Atomics.wait on
      // a value nobody changes.
      if (hold && done > 0 && done < total) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    };
    if (job.kind === 'report') {
      post({ type: 'report', report: reportInSteps(stats, job.range, job.serviceLevelMinutes, progress) });
    } else {
      post({ type: 'written', ...(await runExport(stats, job, progress)) });
    }
  } catch (err) {
    post({ type: 'failed', message: (err as Error)?.stack ?? String(err) });
  } finally {
    db?.close();
  }
}

void main();
