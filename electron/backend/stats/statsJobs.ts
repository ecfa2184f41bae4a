import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { StatsRange } from '../../../db/stats';
import type { StatsJob } from '../../../shared/apiResults';
import { AppError } from '../../../shared/errors';
import type { StatsReport } from '../../../shared/stats';
import type { Topic } from '../../../shared/topics';
import { exportFileInfo } from './exportFile';
import type { ExportJob } from './statsRun';
import type { ReportRequest, StatsWorkerInput, StatsWorkerMessage } from './statsWorker';

/**
 * Statistics jobs (the supervisor's reports and exports) off the request path: each runs
 * in its own worker thread (statsWorker.ts) over its own read-only connection, so the
 * backend's event loop keeps answering the counter while a year is read. An export is
 * written to a file in the data directory, reports its progress (rows done / rows total)
 * by announcing the `stats` topic, and is cancelled by terminating its worker. A finished
 * file is fetched once by its download key: the preview bridge serves it as a download,
 * Electron's main moves it where the save dialog says.
 */

export interface StatsJobsOptions {
  dbFile: string;
  nativeBinding?: string | undefined;
  /** The bundled worker (statsWorker.cjs beside the backend bundle). */
  workerFile: string;
  /** Where exports are written until they are fetched: <dataDir>/exports. */
  exportsDir: string;
  publish: (topics: Topic[]) => void;
  log?: (msg: string) => void;
  /**
   * Tests only: an export stops after its first progress and waits to be cancelled, so a test
   * can act while it is surely still running, however fast or slow the machine is.
   */
  holdExports?: boolean;
}

/** A warm report worker with nothing to do ends after this long: its memory goes back at idle. */
const REPORT_WORKER_IDLE_MS = 60_000;

/** Exports running at once per backend; a further one is refused until one ends. */
export const MAX_RUNNING_EXPORTS = 2;
/** Finished jobs remembered for their status and download. */
const KEEP_FINISHED = 20;

interface JobRecord {
  view: StatsJob;
  officeId: string;
  dir: string;
  worker: Worker | null;
}

/** The warm report worker: reused report after report while it lives. */
interface Reporter {
  worker: Worker;
  pending: Map<number, { resolve: (r: StatsReport) => void; reject: (e: Error) => void }>;
  idle: ReturnType<typeof setTimeout> | null;
}

export class StatsJobs {
  private readonly jobs = new Map<string, JobRecord>();
  private reporter: Reporter | null = null;
  private nextReport = 1;

  constructor(private readonly options: StatsJobsOptions) {
    // Files of a previous run were never fetched (or the run died mid-export): gone.
    rmSync(options.exportsDir, { recursive: true, force: true });
  }

  private spawn(input: StatsWorkerInput, onMessage: (m: StatsWorkerMessage) => void, onExit: () => void): Worker {
    const worker = new Worker(this.options.workerFile, { workerData: input });
    worker.on('message', onMessage);
    worker.on('error', (err) => onMessage({ type: 'failed', message: err.stack ?? err.message }));
    worker.on('exit', onExit);
    return worker;
  }

  /**
   * The report of a range, computed in a worker; the request waits, the event loop does not.
   * One warm worker serves reports one after another (no thread start, no connection, no
   * cold code per report: a dashboard's small report answers at once); while it is busy, a
   * further report gets a worker of its own, so a year's report never queues another.
   */
  report(range: StatsRange, serviceLevelMinutes: number): Promise<StatsReport> {
    const job = { kind: 'report', range, serviceLevelMinutes } as const;
    if (this.reporter && this.reporter.pending.size > 0) return this.oneOffReport(job);
    const reporter = (this.reporter ??= this.startReporter());
    if (reporter.idle) clearTimeout(reporter.idle);
    reporter.idle = null;
    const id = this.nextReport++;
    return new Promise((resolve, reject) => {
      reporter.pending.set(id, { resolve, reject });
      reporter.worker.postMessage({ id, job } satisfies ReportRequest);
    });
  }

  private startReporter(): Reporter {
    const reporter: Reporter = { worker: null as unknown as Worker, pending: new Map(), idle: null };
    const settle = (id: number | undefined, result: { report: StatsReport } | { error: Error }) => {
      const waiting = id === undefined ? undefined : reporter.pending.get(id);
      if (!waiting) return;
      reporter.pending.delete(id!);
      if ('report' in result) waiting.resolve(result.report);
      else waiting.reject(result.error);
      if (reporter.pending.size === 0 && this.reporter === reporter)
        reporter.idle = setTimeout(() => void reporter.worker.terminate(), REPORT_WORKER_IDLE_MS).unref();
    };
    reporter.worker = this.spawn(
      { dbFile: this.options.dbFile, nativeBinding: this.options.nativeBinding, serveReports: true },
      (m) => {
        if (m.type === 'report') settle(m.id, { report: m.report as StatsReport });
        else if (m.type === 'failed') {
          this.options.log?.(`stats report failed: ${m.message}`);
          if (m.id !== undefined) settle(m.id, { error: new AppError('INTERNAL') });
        }
      },
      () => {
        // Ended (idle, closed or crashed): what it still owed fails, the next report starts another.
        if (this.reporter === reporter) this.reporter = null;
        if (reporter.idle) clearTimeout(reporter.idle);
        for (const id of [...reporter.pending.keys()]) settle(id, { error: new AppError('INTERNAL') });
      },
    );
    // An idle reporter never keeps the process alive.
    reporter.worker.unref();
    return reporter;
  }

  /** A report in a worker of its own, which exits after it. */
  private oneOffReport(job: Extract<StatsWorkerInput['job'], { kind: 'report' }>): Promise<StatsReport> {
    return new Promise((resolve, reject) => {
      let settled = false;
      this.spawn(
        { dbFile: this.options.dbFile, nativeBinding: this.options.nativeBinding, job },
        (m) => {
          if (m.type === 'report') {
            settled = true;
            resolve(m.report as StatsReport);
          } else if (m.type === 'failed') {
            settled = true;
            this.options.log?.(`stats report failed: ${m.message}`);
            reject(new AppError('INTERNAL'));
          }
        },
        () => {
          if (!settled) reject(new AppError('INTERNAL'));
        },
      );
    });
  }

  /** Starts an export of an office's range; answers at once with the running job. */
  startExport(officeId: string, spec: Omit<ExportJob, 'kind' | 'filePath'>): StatsJob {
    const running = [...this.jobs.values()].filter((j) => j.view.state === 'running').length;
    if (running >= MAX_RUNNING_EXPORTS) throw new AppError('EXPORT_BUSY');
    const jobId = randomUUID();
    const downloadKey = randomBytes(24).toString('base64url');
    const dir = join(this.options.exportsDir, downloadKey);
    mkdirSync(dir, { recursive: true });
    const { fileName, mimeType } = exportFileInfo(spec.range, spec.table, spec.format);
    const partPath = join(dir, `${fileName}.part`);
    const record: JobRecord = {
      officeId,
      dir,
      worker: null,
      view: { jobId, state: 'running', done: 0, total: null, fileName, mimeType, bytes: null, downloadKey: null },
    };
    this.remember(jobId, record);
    const finish = (state: StatsJob['state'], patch: Partial<StatsJob> = {}) => {
      if (record.view.state !== 'running') return;
      record.view = { ...record.view, ...patch, state };
      record.worker = null;
      if (state !== 'done') rmSync(dir, { recursive: true, force: true });
      this.options.publish(['stats']);
    };
    record.worker = this.spawn(
      {
        dbFile: this.options.dbFile,
        nativeBinding: this.options.nativeBinding,
        job: { kind: 'export', ...spec, filePath: partPath },
        hold: this.options.holdExports === true,
      },
      (m) => {
        if (m.type === 'progress') {
          record.view = { ...record.view, done: m.done, total: m.total };
          this.options.publish(['stats']);
        } else if (m.type === 'written') {
          const finalPath = join(dir, fileName);
          renameSync(partPath, finalPath);
          finish('done', { bytes: statSync(finalPath).size, downloadKey, done: record.view.total ?? record.view.done });
        } else if (m.type === 'failed') {
          this.options.log?.(`stats export failed: ${m.message}`);
          finish('failed');
        }
      },
      () => finish('failed'),
    );
    return record.view;
  }

  private remember(jobId: string, record: JobRecord): void {
    this.jobs.set(jobId, record);
    const finished = [...this.jobs.entries()].filter(([, j]) => j.view.state !== 'running');
    for (const [id, job] of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) {
      rmSync(job.dir, { recursive: true, force: true });
      this.jobs.delete(id);
    }
  }

  private find(jobId: string, officeId: string): JobRecord {
    const record = this.jobs.get(jobId);
    // Another office's job is as unknown as a job that never was.
    if (!record || record.officeId !== officeId) throw new AppError('NOT_FOUND');
    return record;
  }

  status(jobId: string, officeId: string): StatsJob {
    return this.find(jobId, officeId).view;
  }

  /** Stops a running export at once (its worker is terminated) and removes its half-written file. */
  async cancel(jobId: string, officeId: string): Promise<StatsJob> {
    const record = this.find(jobId, officeId);
    const worker = record.worker;
    if (record.view.state === 'running' && worker) {
      record.view = { ...record.view, state: 'cancelled' };
      record.worker = null;
      await worker.terminate();
      rmSync(record.dir, { recursive: true, force: true });
      this.options.publish(['stats']);
    }
    return record.view;
  }

  /**
   * The finished file behind a download key, once: the caller sends or moves it and then
   * calls `done`, which removes it. Unknown or already fetched keys give null.
   */
  takeDownload(key: string): { path: string; fileName: string; mimeType: string; done: () => void } | null {
    for (const record of this.jobs.values()) {
      if (record.view.downloadKey !== key || record.view.state !== 'done') continue;
      const { fileName, mimeType } = record.view;
      record.view = { ...record.view, downloadKey: null };
      return {
        path: join(record.dir, fileName),
        fileName,
        mimeType,
        done: () => rmSync(record.dir, { recursive: true, force: true }),
      };
    }
    return null;
  }

  /** Ends every running job (the store is closing). */
  close(): void {
    for (const record of this.jobs.values()) void record.worker?.terminate();
    void this.reporter?.worker.terminate();
  }
}
