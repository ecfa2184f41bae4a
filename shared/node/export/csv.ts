import type { Writable } from 'node:stream';
import type { Cell, ColumnType, IteratedTable, StreamedTable } from './reportTables';
import { writeInChunks } from './sink';

/**
 * Two CSV dialects of one table. Swedish Excel opens a double-clicked .csv with the list
 * separator and decimal sign of the Windows locale (';' and ','), and reads it as UTF-8
 * only behind a BOM; everything else (scripts, R, pandas, other locales) expects RFC 4180.
 */

interface Dialect {
  bom: string;
  separator: string;
  number: (n: number) => string;
  share: (n: number) => string;
  /** Header suffix for share columns, when the dialect writes them differently from the XLSX. */
  shareHeader: string;
}

const swedish: Dialect = {
  bom: '\uFEFF',
  separator: ';',
  number: (n) => String(n).replace('.', ','),
  // Percent with one decimal, as a Swedish reader writes a share: 0.125 → 12,5.
  share: (n) => (n * 100).toFixed(1).replace('.', ','),
  shareHeader: ' (%)',
};

const rfc4180: Dialect = {
  bom: '',
  separator: ',',
  number: (n) => String(n),
  // Fractions for machines; four decimals keep 0.1 % resolution without float noise.
  share: (n) => String(Number(n.toFixed(4))),
  shareHeader: '',
};

/**
 * A text cell that starts like a formula would run as one in a spreadsheet (CSV injection);
 * a leading apostrophe makes it text. Tab and CR are on the OWASP list too.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

function guarded(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

const NEEDS_QUOTES: Record<string, RegExp> = { ';': /[;"\r\n]/, ',': /[,"\r\n]/ };

function quoted(text: string, separator: string): string {
  return NEEDS_QUOTES[separator]!.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function cellText(cell: Cell, type: ColumnType, d: Dialect): string {
  if (cell === null) return '';
  // Numbers are never guarded: a negative number is a number, not a formula.
  if (typeof cell === 'number') return type === 'share' ? d.share(cell) : d.number(cell);
  // Dates are ISO (YYYY-MM-DD) as they are; every string, dates included, goes through the guard.
  return quoted(guarded(cell), d.separator);
}

/** The header record, BOM first. CRLF after every record, the last one included (RFC 4180 allows it, Excel expects it). */
function headerRecord(table: StreamedTable, d: Dialect): string {
  const header = table.headers.map((h, i) =>
    quoted(guarded(table.columns[i] === 'share' ? h + d.shareHeader : h), d.separator),
  );
  return d.bom + header.join(d.separator) + '\r\n';
}

function rowRecord(row: Cell[], table: StreamedTable, d: Dialect): string {
  return row.map((cell, i) => cellText(cell, table.columns[i] ?? 'text', d)).join(d.separator) + '\r\n';
}

/** The file's text record by record, rows as they come (from an array, a store's iterator or a database cursor). */
function records(table: StreamedTable, d: Dialect): Iterable<string> | AsyncIterable<string> {
  const rows = table.rows;
  // Rows at hand (an array, the desktop store's iterator) stay synchronous: no promise per row.
  if (!(Symbol.asyncIterator in rows))
    return (function* () {
      yield headerRecord(table, d);
      for (const row of rows) yield rowRecord(row, table, d);
    })();
  return (async function* () {
    yield headerRecord(table, d);
    for await (const row of rows) yield rowRecord(row, table, d);
  })();
}

/** A table as one string (small tables, tests). */
function write(table: IteratedTable, d: Dialect): string {
  const text = [headerRecord(table, d)];
  for (const row of table.rows) text.push(rowRecord(row, table, d));
  return text.join('');
}

export type CsvDialect = 'csv_excel' | 'csv';

/**
 * The table as CSV into `out`, in bounded chunks (waiting for the sink to drain): a
 * year of visit rows is never one string. Resolves with the bytes written.
 */
export function writeCsv(table: StreamedTable, dialect: CsvDialect, out: Writable): Promise<number> {
  return writeInChunks(records(table, dialect === 'csv_excel' ? swedish : rfc4180), out);
}

/** For Excel in a Swedish locale: BOM, ';', CRLF, decimal comma, shares as percent (12,5). */
export function swedishExcelCsv(table: IteratedTable): string {
  return write(table, swedish);
}

/** RFC 4180: no BOM, ',', CRLF, decimal point, shares as fractions (0.125). */
export function rfc4180Csv(table: IteratedTable): string {
  return write(table, rfc4180);
}
