import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import type { Cell, ColumnType, StreamedTable } from './reportTables';
import { finished, memorySink } from './sink';

/**
 * The tables as one XLSX workbook, a sheet each, with typed cells so a supervisor can sum
 * and chart without converting text. Strings are stored as strings, never as formulas, so
 * the CSV injection guard is not needed here. Written with exceljs's streaming writer,
 * row by row into the sink: a year of visit rows is never held whole.
 */

/** Excel refuses longer sheet names. */
const MAX_SHEET_NAME = 31;
const MIN_WIDTH = 8;
const MAX_WIDTH = 80;
/** Width of a streamed column (its rows not known in advance), by type; text fits an errand kind id. */
const STREAMED_WIDTH: Record<ColumnType, number> = { date: 10, int: 8, minutes: 8, share: 8, text: 24 };
/** Rows between yields to the event loop, so the zip and the file drain as rows are made. */
const ROWS_PER_YIELD = 1000;

/** Dates are real date cells shown as ISO (2026-11-16) in every locale, so Excel can sort, filter and group them. */
const NUM_FMT: Partial<Record<ColumnType, string>> = { share: '0.0%', minutes: '0.0', date: 'yyyy-mm-dd' };

/** An ISO local date as the date cell Excel stores (a day, no time zone: midnight UTC); null → empty cell. */
function cellValue(cell: Cell, type: ColumnType): Cell | Date | undefined {
  if (cell === null) return undefined;
  if (type === 'date' && typeof cell === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(cell))
    return new Date(`${cell}T00:00:00Z`);
  return cell;
}

/** The text a cell shows, to size its column. */
function shownText(cell: Cell, type: ColumnType): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell;
  if (type === 'share') return `${(cell * 100).toFixed(1)}%`;
  if (type === 'minutes') return cell.toFixed(1);
  return String(cell);
}

/** Column width: from the longest value when the rows are at hand, else by the column's type. */
function columnWidth(table: StreamedTable, i: number): number {
  const type = table.columns[i] ?? 'text';
  const header = table.headers[i]!.length;
  const longest = Array.isArray(table.rows)
    ? // A loop, not Math.max(...rows): a long table would overflow the argument list.
      (table.rows as Cell[][]).reduce((max, r) => Math.max(max, shownText(r[i] ?? null, type).length), header)
    : Math.max(header, STREAMED_WIDTH[type]);
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, longest + 2));
}

async function addSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  table: StreamedTable,
  out: Writable,
): Promise<void> {
  // A table whose rows are keyed by date keeps the date in view when scrolling right.
  const xSplit = table.columns[0] === 'date' ? 1 : 0;
  const sheet = workbook.addWorksheet(table.name.slice(0, MAX_SHEET_NAME), {
    views: [{ state: 'frozen', xSplit, ySplit: 1 }],
  });
  // Widths and number formats per column, set before any row: the streaming writer
  // writes each row as it is committed, and one style per column (not per cell) keeps
  // a year of visit rows fast and the file small.
  sheet.columns = table.headers.map((_h, i) => {
    const fmt = NUM_FMT[table.columns[i] ?? 'text'];
    return { width: columnWidth(table, i), ...(fmt ? { style: { numFmt: fmt } } : {}) };
  });

  const header = sheet.addRow(table.headers);
  header.eachCell((c) => (c.font = { bold: true }));
  header.commit();
  // null → undefined: exceljs leaves the cell empty instead of writing a value. A totals
  // row's label in the date column stays text.
  // One style object per column, shared by all its cells: exceljs remembers a style's id by
  // the object, where a cell's own merged copy is rendered to XML again for every cell (most
  // of the writer's time on a national year's table before this).
  const styles = table.columns.map((type) => {
    const numFmt = NUM_FMT[type];
    return numFmt ? { numFmt } : {};
  });
  let n = 0;
  for await (const cells of table.rows) {
    const row = sheet.addRow(cells.map((c, i) => cellValue(c, table.columns[i] ?? 'text')));
    for (let i = 0; i < styles.length; i++) row.getCell(i + 1).style = styles[i]!;
    row.commit();
    if (++n % ROWS_PER_YIELD === 0) {
      // Let the zip compress what was committed, and wait while the file lags behind.
      await new Promise((r) => setImmediate(r));
      if (out.writableNeedDrain) await new Promise((r) => out.once('drain', r));
    }
  }
  sheet.commit();
}

/** One workbook with a sheet per table, in their order, into `out`; `now` dates the file (deterministic in tests). */
export async function writeWorkbook(tables: readonly StreamedTable[], now: Date, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Lucka';
  workbook.lastModifiedBy = 'Lucka';
  workbook.created = now;
  workbook.modified = now;
  for (const table of tables) await addSheet(workbook, table, out);
  await workbook.commit();
  await finished(out);
}

/** The workbook in memory: for small files (the central service's national tables, tests). */
export async function workbookBytes(tables: readonly StreamedTable[], now: Date): Promise<Buffer> {
  const sink = memorySink();
  await writeWorkbook(tables, now, sink.out);
  return sink.bytes();
}
