import { rfc4180Csv, swedishExcelCsv } from '../shared/node/export/csv';
import { EXPORT_LABELS, type ExportLang } from '../shared/node/export/exportLabels';
import { daysTable, type ExportTable } from '../shared/node/export/reportTables';
import { workbookBytes } from '../shared/node/export/xlsx';
import type { ExportFormat, StatsArrival } from '../shared/stats';
import { computeReport } from '../shared/statsCompute';
import { eventToArrival } from '../shared/sync';
import type { EventSource } from './store/eventReader';

/** The whole country's rows carry this office id while counting (never a real office's id: those are lowercase). */
const NATIONAL = 'NATIONAL';

export interface NationalExportInput {
  from: string;
  to: string;
  serviceLevelMinutes: number;
  format: ExportFormat;
  lang: ExportLang;
  now: Date;
}

export interface NationalExportFile {
  fileName: string;
  mimeType: string;
  bytes: Buffer;
}

/**
 * The supervisors' daily counts for every office, and for the whole country, from the
 * central service's events (issue 6, "central view"): the same computation (computeReport)
 * and the same table and file writers as a supervisor's export on a desktop, with an office
 * column in front. The whole country's KPIs are computed over all arrivals, so its averages
 * and shares are true ones, not averages of averages.
 */
export async function nationalDaysTable(
  store: EventSource,
  input: Omit<NationalExportInput, 'format' | 'now'> & { withTotal: boolean },
): Promise<ExportTable> {
  const l = EXPORT_LABELS[input.lang];
  const offices = await store.officesWithEvents(input.from, input.to);
  const all: StatsArrival[] = [];
  const rows: ExportTable['rows'] = [];
  let template: ExportTable | null = null;
  for (const officeId of offices) {
    const arrivals = (await store.currentEvents(officeId, input.from, input.to))
      .map(eventToArrival)
      .filter((a): a is StatsArrival => a !== null);
    for (const a of arrivals) all.push({ ...a, officeId: NATIONAL });
    const table = daysTable(computeReport(arrivals, { ...input, officeId }), input.lang, input.withTotal);
    template ??= table;
    rows.push(...table.rows.map((r) => [officeId, ...r]));
  }
  const national = daysTable(computeReport(all, { ...input, officeId: NATIONAL }), input.lang, input.withTotal);
  rows.push(...national.rows.map((r) => [l.national, ...r]));
  const base = template ?? national;
  return {
    ...base,
    headers: [l.notes.office, ...base.headers],
    columns: ['text', ...base.columns],
    rows,
  };
}

/** e.g. lucka-hela-landet-2026-11-01_2026-11-30-dagliga-siffror.xlsx */
export async function nationalExport(store: EventSource, input: NationalExportInput): Promise<NationalExportFile> {
  const table = await nationalDaysTable(store, { ...input, withTotal: input.format !== 'csv' });
  const ext = input.format === 'xlsx' ? 'xlsx' : 'csv';
  const fileName = `lucka-hela-landet-${input.from}_${input.to}-dagliga-siffror.${ext}`;
  if (input.format === 'xlsx')
    return {
      fileName,
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      bytes: await workbookBytes([table], input.now),
    };
  const text = input.format === 'csv_excel' ? swedishExcelCsv(table) : rfc4180Csv(table);
  return { fileName, mimeType: 'text/csv; charset=utf-8', bytes: Buffer.from(text, 'utf8') };
}
