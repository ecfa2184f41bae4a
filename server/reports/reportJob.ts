import type { Writable } from 'node:stream';
import type { ExportLang } from '../../shared/node/export/exportLabels';
import type { ExportFormat } from '../../shared/stats';
import { reportFromCells } from '../../shared/statsCompute';
import { writeNationalExport } from '../nationalReport';
import type { StatsSource } from '../store/eventReader';

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

/** An office's report, from the cells its database forms, by the desktop's computation: JSON text, made in the worker. */
export async function dailyReportJson(
  source: StatsSource,
  job: Extract<ReportJob, { kind: 'daily' }>,
): Promise<string> {
  const options = { officeId: job.officeId, from: job.from, to: job.to, serviceLevelMinutes: job.serviceLevelMinutes };
  const cells = await source.officeCells(job.officeId, job.from, job.to, job.serviceLevelMinutes);
  return JSON.stringify(reportFromCells(cells, options));
}

/** The national table's file, written into `out` as its rows come from the database. */
export function nationalJob(
  source: StatsSource,
  job: Extract<ReportJob, { kind: 'national' }>,
  out: Writable,
): Promise<void> {
  return writeNationalExport(source, { ...job, now: new Date(job.now) }, out);
}
