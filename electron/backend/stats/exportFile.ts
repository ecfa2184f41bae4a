import type { ExportFormat, StatsReport, VisitExportRow } from '../../../shared/stats';
import type { Writable } from 'node:stream';
import { writeCsv } from '../../../shared/node/export/csv';
import { EXPORT_LABELS, type ExportLang } from '../../../shared/node/export/exportLabels';
import {
  daysTable,
  errandKindsTable,
  hoursTable,
  reportTables,
  visitsTable,
} from '../../../shared/node/export/reportTables';
import { memorySink } from '../../../shared/node/export/sink';
import { writeWorkbook } from '../../../shared/node/export/xlsx';

/** The file a supervisor saves: its suggested name, its type and its bytes. */

export type ExportContent = 'report' | 'errand_kinds' | 'hours' | 'visits';

const CONTENT_SLUG: Record<ExportContent, string> = {
  report: 'dagliga-siffror',
  errand_kinds: 'arendetyper',
  hours: 'per-timme',
  visits: 'besok',
};

export const CSV_MIME = 'text/csv; charset=utf-8';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** ASCII letters, digits and '-' only: safe on every filesystem, mail gateway and USB stick. */
function asciiSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** e.g. lucka-stockholm-2026-11-16_2026-11-22-dagliga-siffror.xlsx */
export function exportFileName(
  officeId: string,
  from: string,
  to: string,
  table: ExportContent,
  format: ExportFormat,
): string {
  const ext = format === 'xlsx' ? 'xlsx' : 'csv';
  const office = asciiSlug(officeId) || 'kontor';
  return `lucka-${office}-${asciiSlug(from)}_${asciiSlug(to)}-${CONTENT_SLUG[table]}.${ext}`;
}

export interface BuildExportInput {
  report: StatsReport;
  /** Which table a CSV holds; an XLSX holds all report tables, plus the visits when they are given. */
  content: ExportContent;
  /** The raw per-errand rows, when the supervisor asked for them: an array, or an iterator over the store. */
  visits?: Iterable<VisitExportRow> | undefined;
  format: ExportFormat;
  lang: ExportLang;
  now: Date;
}

/** What a written export is: its suggested name, its type and its size. */
export interface ExportFileInfo {
  fileName: string;
  mimeType: string;
  bytes: number;
}

export interface ExportFile {
  fileName: string;
  mimeType: string;
  bytes: Buffer;
}

/** The name and type an export will have, known before it is written. */
export function exportFileInfo(
  report: Pick<StatsReport, 'officeId' | 'from' | 'to'>,
  content: ExportContent,
  format: ExportFormat,
): Omit<ExportFileInfo, 'bytes'> {
  // One workbook holds every report table, and the visits sheet when asked for.
  const named: ExportContent = format === 'xlsx' ? (content === 'visits' ? 'visits' : 'report') : content;
  return {
    fileName: exportFileName(report.officeId, report.from, report.to, named, format),
    mimeType: format === 'xlsx' ? XLSX_MIME : CSV_MIME,
  };
}

/**
 * Writes the export into `out` as it is made (rows streamed in bounded chunks) and
 * resolves with its name and type once the sink has it all.
 */
export async function writeExport(
  { report, content, visits, format, lang, now }: BuildExportInput,
  out: Writable,
): Promise<Omit<ExportFileInfo, 'bytes'>> {
  const info = exportFileInfo(report, visits ? 'visits' : content, format);
  if (format === 'xlsx') {
    await writeWorkbook(reportTables({ report, visits, lang, now }), now, out);
    return info;
  }
  // A CSV holds one table. The Swedish-Excel file is for people (with a totals row); the
  // RFC 4180 file is for systems (rows only).
  const l = EXPORT_LABELS[lang];
  const table =
    content === 'visits'
      ? visitsTable(visits ?? [], lang)
      : content === 'errand_kinds'
        ? errandKindsTable(report, l)
        : content === 'hours'
          ? hoursTable(report, l)
          : daysTable(report, lang, format === 'csv_excel');
  await writeCsv(table, format, out);
  return info;
}

/** The export in memory: for tests and small files. */
export async function buildExport(input: BuildExportInput): Promise<ExportFile> {
  const sink = memorySink();
  const info = await writeExport(input, sink.out);
  return { fileName: info.fileName, mimeType: info.mimeType, bytes: sink.bytes() };
}
