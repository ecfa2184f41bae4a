import type { Writable } from 'node:stream';
import { writeCsv } from '../shared/node/export/csv';
import { EXPORT_LABELS, type ExportLang } from '../shared/node/export/exportLabels';
import { daysTable, type Cell, type StreamedTable } from '../shared/node/export/reportTables';
import { writeWorkbook } from '../shared/node/export/xlsx';
import type { ExportFormat } from '../shared/stats';
import {
  addSums,
  addTally,
  dayRowsFromSums,
  emptyArrivalSums,
  emptyErrandTally,
  type DaySums,
} from '../shared/statsCompute';
import type { OfficeDaySums } from './store/cellQueries';
import type { StatsSource } from './store/eventReader';

export interface NationalExportInput {
  from: string;
  to: string;
  serviceLevelMinutes: number;
  format: ExportFormat;
  lang: ExportLang;
  now: Date;
}

/** e.g. lucka-hela-landet-2026-11-01_2026-11-30-dagliga-siffror.xlsx, and its type. */
export function nationalFile(input: Pick<NationalExportInput, 'from' | 'to' | 'format'>): {
  fileName: string;
  mimeType: string;
} {
  const xlsx = input.format === 'xlsx';
  return {
    fileName: `lucka-hela-landet-${input.from}_${input.to}-dagliga-siffror.${xlsx ? 'xlsx' : 'csv'}`,
    mimeType: xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
  };
}

/**
 * The supervisors' daily counts for every office, and for the whole country, from the
 * central service's events (issue 6, "central view"), written into `out` as they come:
 * the database sums each office's days (server/store/cellQueries.ts), the one computation
 * (shared/statsCompute.ts `dayRowsFromSums`) makes each office's rows, and the same table
 * and file writers as a supervisor's export on a desktop write them, with an office column
 * in front. The whole country's rows come from the sum of every office's days, so its
 * averages and shares are true ones, not averages of averages. Memory holds one office's
 * days and the country's, never the events (issue 12).
 */
export async function writeNationalExport(
  source: StatsSource,
  input: NationalExportInput,
  out: Writable,
): Promise<void> {
  const l = EXPORT_LABELS[input.lang];
  const withTotal = input.format !== 'csv';
  const range = { from: input.from, to: input.to };
  // Offices with counted events are listed even when none of them is a current arrival (all zero).
  const offices = await source.officesWithEvents(input.from, input.to);
  const sums = source.nationalDaySums(input.from, input.to, input.serviceLevelMinutes)[Symbol.asyncIterator]();
  // The aggregate runs before the first row: a failure there is the request's (503), before a byte is written.
  let head = await sums.next();
  const national = new Map<string, DaySums>();
  const officeRows = (office: string, days: ReadonlyMap<string, DaySums>): Cell[][] =>
    daysTable(dayRowsFromSums(days, range), input.lang, withTotal).rows.map((r) => [office, ...r]);

  async function* rows(): AsyncGenerator<Cell[]> {
    try {
      for (const office of offices) {
        const days = new Map<string, DaySums>();
        while (!head.done && head.value.officeId === office) {
          addToCountry(national, head.value);
          days.set(head.value.localDate, head.value);
          head = await sums.next();
        }
        yield* officeRows(office, days);
      }
      if (!head.done) throw new Error(`day sums of ${head.value.officeId} came out of the offices' order`);
      yield* officeRows(l.national, national);
    } finally {
      await sums.return?.();
    }
  }

  const header = daysTable(dayRowsFromSums(new Map(), { from: input.from, to: input.from }), input.lang);
  const table: StreamedTable = {
    ...header,
    headers: [l.notes.office, ...header.headers],
    columns: ['text', ...header.columns],
    rows: rows(),
  };
  if (input.format === 'xlsx') await writeWorkbook([table], input.now, out);
  else await writeCsv(table, input.format, out);
}

function addToCountry(national: Map<string, DaySums>, day: OfficeDaySums): void {
  let sum = national.get(day.localDate);
  if (!sum)
    national.set(
      day.localDate,
      (sum = { localDate: day.localDate, arrivals: emptyArrivalSums(), errands: emptyErrandTally() }),
    );
  addSums(sum.arrivals, day.arrivals);
  addTally(sum.errands, day.errands);
}
