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
import type { StatsWorkerInput, StatsWorkerMessage } from './statsWorker';

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

export class StatsJobs {
  private readonly jobs = new Map<string, JobRecord>();

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

  /** The report of a range, computed in a worker; the request waits, the event loop does not. */
  report(range: StatsRange, serviceLevelMinutes: number): Promise<StatsReport> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const input: StatsWorkerInput = {
        dbFile: this.options.dbFile,
        nativeBinding: this.options.nativeBinding,
        job: { kind: 'report', range, serviceLevelMinutes },
      };
      this.spawn(
        input,
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
  }
}
