import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import type { Cell, ColumnType, ExportTable } from './reportTables';

/**
 * The tables as one XLSX workbook, a sheet each, with typed cells so a supervisor can sum
 * and chart without converting text. Strings are stored as strings, never as formulas, so
 * the CSV injection guard is not needed here.
 */

/** Excel refuses longer sheet names. */
const MAX_SHEET_NAME = 31;
const MIN_WIDTH = 8;
const MAX_WIDTH = 80;

/** Dates are real date cells shown as ISO (2026-11-16) in every locale, so Excel can sort, filter and group them. */
const NUM_FMT: Partial<Record<ColumnType, string>> = { share: '0.0%', minutes: '0.0', date: 'yyyy-mm-dd' };

/** An ISO local date as the date cell Excel stores (a day, no time zone: midnight UTC). */
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

function addSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, table: ExportTable): void {
  // A table whose rows are keyed by date keeps the date in view when scrolling right.
  const xSplit = table.columns[0] === 'date' ? 1 : 0;
  const sheet = workbook.addWorksheet(table.name.slice(0, MAX_SHEET_NAME), {
    views: [{ state: 'frozen', xSplit, ySplit: 1 }],
  });
  // Widths and number formats per column, set before any row: the streaming writer
  // writes each row as it is committed, and one style per column (not per cell) keeps
  // a year of visit rows fast and the file small.
  sheet.columns = table.headers.map((h, i) => {
    const type = table.columns[i] ?? 'text';
    // A loop, not Math.max(...rows): a long visits table would overflow the argument list.
    const longest = table.rows.reduce((max, r) => Math.max(max, shownText(r[i] ?? null, type).length), h.length);
    const fmt = NUM_FMT[type];
    return { width: Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, longest + 2)), ...(fmt ? { style: { numFmt: fmt } } : {}) };
  });

  const header = sheet.addRow(table.headers);
  header.eachCell((c) => (c.font = { bold: true }));
  header.commit();
  // null → undefined: exceljs leaves the cell empty instead of writing a value. A totals
  // row's label in the date column stays text.
  for (const cells of table.rows) sheet.addRow(cells.map((c, i) => cellValue(c, table.columns[i] ?? 'text'))).commit();
  sheet.commit();
}

/** One workbook with a sheet per table, in their order; `now` dates the file (deterministic in tests). */
export async function workbookBytes(tables: readonly ExportTable[], now: Date): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Lucka';
  workbook.lastModifiedBy = 'Lucka';
  workbook.created = now;
  workbook.modified = now;
  for (const table of tables) addSheet(workbook, table);
  await workbook.commit();
  return Buffer.concat(chunks);
}
