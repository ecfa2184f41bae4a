import { Writable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { openEventReader } from '../store/eventReader';
import { StoreUnavailableError, type StoreLocation } from '../store/types';
import { dailyReportJson, nationalJob, type ReportJob } from './reportJob';

/**
 * A report worker thread (server/reports/reportPool.ts starts it): its own read-only
 * connection, one job at a time, so a two-year report never holds the service's event loop.
 * A daily report comes back whole (JSON); the national table comes back in chunks, each
 * sent only once the service has taken the one before (`ack`), so a slow download holds
 * the worker, not memory.
 */
export type WorkerRequest = { id: number; job: ReportJob } | { ack: number };
export type WorkerReply =
  | { id: number; ok: true; json: string | null }
  | { id: number; chunk: Uint8Array }
  | { id: number; ok: false; unavailable: boolean; message: string };

const port = parentPort;
if (!port) throw new Error('reportWorker runs as a worker thread');
const reader = openEventReader((workerData as { location: StoreLocation }).location);
// A reader that cannot open fails each job (answered 503), not the thread.
reader.catch(() => undefined);

/** The job waiting for the service to take its last chunk. */
let waitingForAck: { id: number; done: () => void } | null = null;

/** A sink whose every write crosses to the service thread and completes when the service has taken it. */
function chunksTo(id: number): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      // A copy of its own: a Buffer may share its memory with others, and this one is handed over.
      const bytes = Uint8Array.from(chunk);
      waitingForAck = { id, done: () => done() };
      port!.postMessage({ id, chunk: bytes } satisfies WorkerReply, [bytes.buffer as ArrayBuffer]);
    },
  });
}

port.on('message', (request: WorkerRequest) => {
  if ('ack' in request) {
    const waiting = waitingForAck;
    if (waiting?.id !== request.ack) return;
    waitingForAck = null;
    waiting.done();
    return;
  }
  void (async () => {
    const { id, job } = request;
    try {
      const source = await reader;
      const json = job.kind === 'daily' ? await dailyReportJson(source, job) : null;
      if (job.kind === 'national') await nationalJob(source, job, chunksTo(id));
      port.postMessage({ id, ok: true, json } satisfies WorkerReply);
    } catch (err) {
      port.postMessage({
        id,
        ok: false,
        unavailable: err instanceof StoreUnavailableError,
        message: err instanceof Error ? err.message : String(err),
      } satisfies WorkerReply);
    }
  })();
});
