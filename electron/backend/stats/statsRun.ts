import { createWriteStream } from 'node:fs';
import type { StatsRange, StatsRepository } from '../../../db/stats';
import type { ExportFormat, StatsReport, StatsTable, VisitExportRow } from '../../../shared/stats';
import { datesBetween, reportFromCells, type StatsCells } from '../../../shared/statsCompute';
import type { ExportLang } from '../../../shared/node/export/exportLabels';
import { writeExport } from './exportFile';

/**
 * The work of a statistics job, as the stats worker thread runs it over its own read-only
 * connection (statsWorker.ts): the report from cells SQLite aggregates a month at a time,
 * and the export streamed to its file. Progress is real: days aggregated, or visit rows
 * written, of how many there are.
 */

export interface ReportJob {
  kind: 'report';
  range: StatsRange;
  serviceLevelMinutes: number;
}

export interface ExportJob {
  kind: 'export';
  range: StatsRange;
  serviceLevelMinutes: number;
  table: StatsTable;
  format: ExportFormat;
  lang: ExportLang;
  /** ISO instant the notes sheet is dated with. */
  now: string;
  /** Where the file is written (created; never overwrites). */
  filePath: string;
}

export type StatsJobSpec = ReportJob | ExportJob;
export type Progress = (done: number, total: number) => void;

/** Days aggregated per SQL statement: a month keeps each step short and progress visible. */
const DAYS_PER_STEP = 31;

export function reportInSteps(
  stats: StatsRepository,
  range: StatsRange,
  serviceLevelMinutes: number,
  progress: Progress = () => {},
): StatsReport {
  const dates = datesBetween(range.from, range.to);
  const cells: StatsCells = { arrivals: [], errands: [] };
  progress(0, dates.length);
  for (let i = 0; i < dates.length; i += DAYS_PER_STEP) {
    const end = Math.min(i + DAYS_PER_STEP, dates.length);
    const part = stats.cells({ ...range, from: dates[i]!, to: dates[end - 1]! }, serviceLevelMinutes);
    for (const c of part.arrivals) cells.arrivals.push(c);
    for (const e of part.errands) cells.errands.push(e);
    progress(end, dates.length);
  }
  return reportFromCells(cells, { ...range, serviceLevelMinutes });
}

/** Counts rows as they pass, for progress. */
function* counted(rows: Iterable<VisitExportRow>, progress: (n: number) => void): Generator<VisitExportRow> {
  let n = 0;
  for (const row of rows) {
    yield row;
    progress(++n);
  }
}

/** Writes the export to `job.filePath`; resolves with its name and type when the file is complete. */
export async function runExport(
  stats: StatsRepository,
  job: ExportJob,
  progress: Progress,
): Promise<{ fileName: string; mimeType: string }> {
  const withVisits = job.table === 'visits';
  // A CSV of visit rows holds only the rows: the report's figures (a pass over the range
  // in SQL) are read only for the files that show them.
  const report =
    withVisits && job.format !== 'xlsx'
      ? reportFromCells({ arrivals: [], errands: [] }, { ...job.range, serviceLevelMinutes: job.serviceLevelMinutes })
      : reportInSteps(stats, job.range, job.serviceLevelMinutes, withVisits ? undefined : progress);
  let visits: Iterable<VisitExportRow> | undefined;
  if (withVisits) {
    const total = stats.visitRowCount(job.range);
    progress(0, total);
    visits = counted(stats.iterateVisitRows(job.range), (n) => progress(n, total));
  }
  const out = createWriteStream(job.filePath, { flags: 'wx' });
  return writeExport(
    { report, content: job.table, visits, format: job.format, lang: job.lang, now: new Date(job.now) },
    out,
  );
}
