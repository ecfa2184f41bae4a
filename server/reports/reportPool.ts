import { Worker } from 'node:worker_threads';
import { ApiError } from '../errors';
import { StoreUnavailableError, type StoreLocation } from '../store/types';
import type { ReportJob, ReportResult } from './reportJob';
import type { WorkerReply } from './reportWorker';
import { reportWorkerScript } from './workerScript';

export interface ReportPoolOptions {
  /** Worker threads computing reports at once. */
  workers: number;
  /** Reports waiting for a worker beyond which a new one is refused (503). */
  maxQueued: number;
  /** Heap limit of one worker, MiB: a report that needs more fails alone (503), the service does not. */
  workerHeapMb: number;
}

/** Seconds a client is told to wait when its token's report is still running, or the queue is full. */
const RETRY_SECONDS = 5;

interface Pending {
  job: ReportJob;
  resolve: (r: ReportResult) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  current: (Pending & { id: number }) | null;
}

/**
 * Runs reports and exports in worker threads, never on the service's event loop (issue 19):
 * one report at a time per token, a bounded queue, a bounded heap per worker. A worker
 * that dies (out of memory, a crash) fails its job with 503 and is replaced on the next job.
 */
export class ReportPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Set<string>();
  private nextId = 1;
  private script: Promise<string> | undefined;
  private closed = false;

  constructor(
    private readonly location: StoreLocation,
    private readonly options: ReportPoolOptions,
  ) {
    // Found (or, from the sources, bundled) at start, not on the first report; a failure is the job's.
    this.script = reportWorkerScript();
    this.script.catch(() => undefined);
  }

  /** Computes the job for the token (its hash): 429 while that token has one running, 503 when the queue is full. */
  async run(tokenKey: string, job: ReportJob): Promise<ReportResult> {
    if (this.running.has(tokenKey))
      throw new ApiError(
        429,
        'RATE_LIMITED',
        'a report for this token is still being computed; wait for it',
        undefined,
        RETRY_SECONDS,
      );
    if (this.queue.length >= this.options.maxQueued)
      throw new ApiError(
        503,
        'UNAVAILABLE',
        'too many reports are being computed; try again later',
        undefined,
        RETRY_SECONDS,
      );
    this.running.add(tokenKey);
    try {
      return await new Promise<ReportResult>((resolve, reject) => {
        this.queue.push({ job, resolve, reject });
        void this.dispatch();
      });
    } finally {
      this.running.delete(tokenKey);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new StoreUnavailableError('the service is stopping'));
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  private async dispatch(): Promise<void> {
    let script: string;
    try {
      script = await (this.script ??= reportWorkerScript());
    } catch (err) {
      for (const p of this.queue.splice(0)) p.reject(err as Error);
      return;
    }
    while (!this.closed && this.queue.length > 0) {
      let slot = this.slots.find((s) => s.current === null);
      if (!slot) {
        if (this.slots.length >= this.options.workers) return;
        slot = { worker: null as unknown as Worker, current: null };
        slot.worker = this.spawn(slot, script);
        this.slots.push(slot);
      }
      const next = this.queue.shift()!;
      slot.current = { ...next, id: this.nextId++ };
      slot.worker.postMessage({ id: slot.current.id, job: next.job });
    }
  }

  private spawn(slot: Slot, script: string): Worker {
    const worker = new Worker(script, {
      workerData: { location: this.location },
      resourceLimits: { maxOldGenerationSizeMb: this.options.workerHeapMb },
    });
    worker.on('message', (reply: WorkerReply) => {
      const current = slot.current;
      if (!current || current.id !== reply.id) return;
      slot.current = null;
      if (reply.ok) current.resolve(reply.result);
      else if (reply.unavailable) current.reject(new StoreUnavailableError(reply.message));
      else current.reject(new Error(reply.message));
      void this.dispatch();
    });
    const lost = (why: string) => {
      const i = this.slots.indexOf(slot);
      if (i !== -1) this.slots.splice(i, 1);
      slot.current?.reject(new StoreUnavailableError(`the report worker stopped: ${why}`));
      slot.current = null;
      void this.dispatch();
    };
    worker.on('error', (err) => lost(err.message));
    worker.on('exit', (code) => lost(`exit ${code}`));
    // An idle worker does not keep the process alive.
    worker.unref();
    return worker;
  }
}
