import type { ExportLang } from '../../shared/node/export/exportLabels';
import type { ExportFormat, StatsArrival } from '../../shared/stats';
import { computeReport } from '../../shared/statsCompute';
import { eventToArrival } from '../../shared/sync';
import { nationalExport } from '../nationalReport';
import type { EventSource } from '../store/eventReader';

/** A statistics computation, as sent to a report worker (plain data: it crosses a thread). */
export type ReportJob =
  | { kind: 'daily'; officeId: string; from: string; to: string; serviceLevelMinutes: number }
  | {
      kind: 'national';
      from: string;
      to: string;
      serviceLevelMinutes: number;
      format: ExportFormat;
      lang: ExportLang;
      /** ISO time, written into the XLSX file's properties. */
      now: string;
    };

/** The daily report as JSON text (serialised in the worker too); the national table as a file. */
export type ReportResult =
  { kind: 'daily'; json: string } | { kind: 'national'; fileName: string; mimeType: string; bytes: Uint8Array };

/** Reads the events and computes, the same way as a desktop (computeReport): run in a worker thread. */
export async function runReportJob(source: EventSource, job: ReportJob): Promise<ReportResult> {
  if (job.kind === 'daily') {
    const events = await source.currentEvents(job.officeId, job.from, job.to);
    const arrivals = events.map(eventToArrival).filter((a): a is StatsArrival => a !== null);
    const report = computeReport(arrivals, {
      officeId: job.officeId,
      from: job.from,
      to: job.to,
      serviceLevelMinutes: job.serviceLevelMinutes,
    });
    return { kind: 'daily', json: JSON.stringify(report) };
  }
  const file = await nationalExport(source, { ...job, now: new Date(job.now) });
  return { kind: 'national', fileName: file.fileName, mimeType: file.mimeType, bytes: new Uint8Array(file.bytes) };
}
