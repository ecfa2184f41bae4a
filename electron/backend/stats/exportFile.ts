import type { ExportFormat, StatsReport, VisitExportRow } from '../../../shared/stats';
import { rfc4180Csv, swedishExcelCsv } from '../../../shared/node/export/csv';
import { EXPORT_LABELS, type ExportLang } from '../../../shared/node/export/exportLabels';
import {
  daysTable,
  errandKindsTable,
  hoursTable,
  reportTables,
  visitsTable,
} from '../../../shared/node/export/reportTables';
import { workbookBytes } from '../../../shared/node/export/xlsx';

/** The file a supervisor saves: its suggested name, its type and its bytes. */

export type ExportContent = 'report' | 'errand_kinds' | 'hours' | 'visits';

const CONTENT_SLUG: Record<ExportContent, string> = {
  report: 'dagliga-siffror',
  errand_kinds: 'arendetyper',
  hours: 'per-timme',
  visits: 'besok',
};

const CSV_MIME = 'text/csv; charset=utf-8';
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

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
  /** The raw per-errand rows, when the supervisor asked for them. */
  visits?: readonly VisitExportRow[] | undefined;
  format: ExportFormat;
  lang: ExportLang;
  now: Date;
}

export interface ExportFile {
  fileName: string;
  mimeType: string;
  bytes: Buffer;
}

export async function buildExport({
  report,
  content,
  visits,
  format,
  lang,
  now,
}: BuildExportInput): Promise<ExportFile> {
  if (format === 'xlsx') {
    // One workbook holds every report table, and the visits sheet when asked for.
    return {
      fileName: exportFileName(report.officeId, report.from, report.to, visits ? 'visits' : 'report', format),
      mimeType: XLSX_MIME,
      bytes: await workbookBytes(reportTables({ report, visits, lang, now }), now),
    };
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
  const text = format === 'csv_excel' ? swedishExcelCsv(table) : rfc4180Csv(table);
  return {
    fileName: exportFileName(report.officeId, report.from, report.to, content, format),
    mimeType: CSV_MIME,
    bytes: Buffer.from(text, 'utf8'),
  };
}
