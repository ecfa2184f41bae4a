import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { ApiError } from '../errors';
import { nationalFile } from '../nationalReport';
import { StoreUnavailableError, type StoreLocation } from '../store/types';
import type { ReportJob } from './reportJob';
import type { WorkerReply, WorkerRequest } from './reportWorker';

/**
 * What a report comes back as: a daily report's JSON text, or the national table's file
 * as a stream its worker fills as the service reads it (backpressure across the thread).
 */
export type ReportResult =
  { kind: 'daily'; json: string } | { kind: 'national'; fileName: string; mimeType: string; body: Readable };
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

interface Running extends Pending {
  id: number;
  /** The national file's stream, once its first chunk came (the job has then answered). */
  body?: Readable;
  /** A chunk the stream has not asked for yet: its acknowledgement waits until it does. */
  ackOnRead?: boolean;
}

interface Slot {
  worker: Worker;
  current: Running | null;
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
    let result: ReportResult;
    try {
      result = await new Promise<ReportResult>((resolve, reject) => {
        this.queue.push({ job, resolve, reject });
        void this.dispatch();
      });
    } catch (err) {
      this.running.delete(tokenKey);
      throw err;
    }
    // A streamed file is still being made until its stream closes: the token's report runs until then.
    if (result.kind === 'national') result.body.once('close', () => this.running.delete(tokenKey));
    else this.running.delete(tokenKey);
    return result;
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
      slot.worker.postMessage({ id: slot.current.id, job: next.job } satisfies WorkerRequest);
    }
  }

  /**
   * The national file's stream, made (and the job answered) on its first chunk or its end:
   * a job that fails before writing anything fails with its own status (503), not a cut-off
   * download. A download that goes away stops its worker (the pool starts another).
   */
  private streamed(slot: Slot, current: Running): Readable {
    if (current.body) return current.body;
    const body = new Readable({
      read: () => {
        if (!current.ackOnRead || slot.current !== current) return;
        current.ackOnRead = false;
        slot.worker.postMessage({ ack: current.id } satisfies WorkerRequest);
      },
    });
    body.once('close', () => {
      if (slot.current === current) void slot.worker.terminate();
    });
    current.body = body;
    if (current.job.kind !== 'national') throw new Error('only the national table is streamed');
    current.resolve({ kind: 'national', ...nationalFile(current.job), body });
    return body;
  }

  private spawn(slot: Slot, script: string): Worker {
    const worker = new Worker(script, {
      workerData: { location: this.location },
      resourceLimits: { maxOldGenerationSizeMb: this.options.workerHeapMb },
    });
    worker.on('message', (reply: WorkerReply) => {
      const current = slot.current;
      if (!current || current.id !== reply.id) return;
      if ('chunk' in reply) {
        const chunk = Buffer.from(reply.chunk.buffer, reply.chunk.byteOffset, reply.chunk.byteLength);
        // Taken at once while the stream has room; else when it next asks for data.
        if (this.streamed(slot, current).push(chunk)) worker.postMessage({ ack: current.id } satisfies WorkerRequest);
        else current.ackOnRead = true;
        return;
      }
      slot.current = null;
      if (reply.ok) {
        if (current.job.kind === 'daily') current.resolve({ kind: 'daily', json: reply.json ?? 'null' });
        else this.streamed(slot, current).push(null);
      } else {
        const err = reply.unavailable ? new StoreUnavailableError(reply.message) : new Error(reply.message);
        if (current.body) current.body.destroy(err);
        else current.reject(err);
      }
      void this.dispatch();
    });
    const lost = (why: string) => {
      const i = this.slots.indexOf(slot);
      if (i !== -1) this.slots.splice(i, 1);
      const err = new StoreUnavailableError(`the report worker stopped: ${why}`);
      if (slot.current?.body) slot.current.body.destroy(err);
      else slot.current?.reject(err);
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
