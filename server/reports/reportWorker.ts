import { parentPort, workerData } from 'node:worker_threads';
import { openEventReader } from '../store/eventReader';
import { StoreUnavailableError, type StoreLocation } from '../store/types';
import { runReportJob, type ReportJob, type ReportResult } from './reportJob';

/**
 * A report worker thread (server/reports/reportPool.ts starts it): its own read-only
 * connection, one job at a time, so a two-year report never holds the service's event loop.
 */
export interface WorkerRequest {
  id: number;
  job: ReportJob;
}
export type WorkerReply =
  { id: number; ok: true; result: ReportResult } | { id: number; ok: false; unavailable: boolean; message: string };

const port = parentPort;
if (!port) throw new Error('reportWorker runs as a worker thread');
const reader = openEventReader((workerData as { location: StoreLocation }).location);
// A reader that cannot open fails each job (answered 503), not the thread.
reader.catch(() => undefined);

port.on('message', (request: WorkerRequest) => {
  void (async () => {
    try {
      const result = await runReportJob(await reader, request.job);
      const transfer = result.kind === 'national' ? [result.bytes.buffer as ArrayBuffer] : [];
      port.postMessage({ id: request.id, ok: true, result } satisfies WorkerReply, transfer);
    } catch (err) {
      port.postMessage({
        id: request.id,
        ok: false,
        unavailable: err instanceof StoreUnavailableError,
        message: err instanceof Error ? err.message : String(err),
      } satisfies WorkerReply);
    }
  })();
});
