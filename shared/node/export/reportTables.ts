import { AGENCIES, OUTCOMES } from '../../domain';
import { hourLabel } from '../../time';
import type { KpiRow, OutcomeColumn, StatsReport, VisitExportRow, WaitBucket } from '../../stats';
import { EXPORT_LABELS, type ExportLabels, type ExportLang } from './exportLabels';

/**
 * A StatsReport as plain tables, the one shape every writer (CSV, XLSX) formats. Values stay
 * raw here (minutes as numbers, shares as fractions 0..1, null for "no value") so each
 * writer can format them for its readers without parsing text back.
 */

export type Cell = string | number | null;
/** How a writer should format a column; 'date' holds ISO local dates (YYYY-MM-DD). */
export type ColumnType = 'text' | 'date' | 'int' | 'minutes' | 'share';
export type TableKey = keyof ExportLabels['sheets'];

export interface ExportTable<R extends Iterable<Cell[]> | AsyncIterable<Cell[]> = Cell[][]> {
  key: TableKey;
  name: string;
  headers: string[];
  columns: ColumnType[];
  rows: R;
}

/**
 * A table whose rows may come one at a time: a year of visit rows from the desktop's store,
 * or the national table's rows as the central service's database cursor hands them over.
 */
export type StreamedTable = ExportTable<Iterable<Cell[]> | AsyncIterable<Cell[]>>;
/** A table whose rows come one at a time, synchronously (from the desktop store's iterator). */
export type IteratedTable = ExportTable<Iterable<Cell[]>>;

/** `f` over rows as they come: over an array, an array (tests index it); else one at a time. */
function mapRows<T>(rows: Iterable<T>, f: (row: T) => Cell[]): Iterable<Cell[]> {
  if (Array.isArray(rows)) return (rows as T[]).map(f);
  return (function* () {
    for (const row of rows) yield f(row);
  })();
}

const OUTCOME_COLUMNS: readonly OutcomeColumn[] = [...OUTCOMES, 'none'];

/** Seconds as minutes rounded to 0.1: the precision a supervisor reads, and no false precision. */
export function minutes(seconds: number | null): number | null {
  return seconds === null ? null : Math.round(seconds / 6) / 10;
}

function kpiCells(k: KpiRow): Cell[] {
  return [
    k.arrived,
    k.served,
    k.noShows,
    k.noShowShare,
    k.errands,
    ...AGENCIES.map((a) => k.errandsByAgency[a]),
    ...OUTCOME_COLUMNS.map((o) => k.outcomes[o]),
    minutes(k.avgWaitSeconds),
    minutes(k.maxWaitSeconds),
    k.overServiceLevelShare,
    minutes(k.avgServiceSeconds),
    k.withoutEid,
    k.interpreter,
  ];
}

/**
 * Every day of the range, then (for people) the totals over the range, its date cell
 * saying "Totalt". A file for systems leaves the total out: summing its rows must not
 * count everything twice, and every date cell must be a date.
 */
export function daysTable(
  report: Pick<StatsReport, 'days' | 'total'>,
  lang: ExportLang,
  withTotal = true,
): ExportTable {
  const l = EXPORT_LABELS[lang];
  const c = l.columns;
  return {
    key: 'days',
    name: l.sheets.days,
    headers: [
      c.date,
      c.arrived,
      c.served,
      c.noShows,
      c.noShowShare,
      c.errands,
      ...AGENCIES.map((a) => c.errandsByAgency[a]),
      ...OUTCOME_COLUMNS.map((o) => l.outcomes[o]),
      c.avgWait,
      c.maxWait,
      c.overServiceLevelShare,
      c.avgService,
      c.withoutEid,
      c.interpreter,
    ],
    columns: [
      'date',
      'int',
      'int',
      'int',
      'share',
      'int',
      ...AGENCIES.map((): ColumnType => 'int'),
      ...OUTCOME_COLUMNS.map((): ColumnType => 'int'),
      'minutes',
      'minutes',
      'share',
      'minutes',
      'int',
      'int',
    ],
    rows: [
      ...report.days.map((d) => [d.localDate, ...kpiCells(d)]),
      ...(withTotal ? [[l.total, ...kpiCells(report.total)]] : []),
    ],
  };
}

export function errandKindsTable(report: StatsReport, l: ExportLabels): ExportTable {
  return {
    key: 'errandKinds',
    name: l.sheets.errandKinds,
    headers: [
      l.columns.date,
      l.columns.agency,
      l.columns.errandKind,
      l.columns.errands,
      ...OUTCOME_COLUMNS.map((o) => l.outcomes[o]),
    ],
    columns: ['date', 'text', 'text', 'int', ...OUTCOME_COLUMNS.map((): ColumnType => 'int')],
    // The kind stays its id (skv.id_card): stable across languages and guide versions.
    rows: report.errandKinds.map((r) => [
      r.localDate,
      l.agencies[r.agency],
      r.errandKind,
      r.errands,
      ...OUTCOME_COLUMNS.map((o) => r.outcomes[o]),
    ]),
  };
}

export function hoursTable(report: StatsReport, l: ExportLabels): ExportTable {
  return {
    key: 'hours',
    name: l.sheets.hours,
    headers: [l.columns.date, l.columns.hour, l.columns.arrived],
    // The hour as lived, labelled as the dashboard does: "02 (sommartid)" and "02 (vintertid)" on the autumn change day.
    columns: ['date', 'text', 'int'],
    rows: report.hours.map((h) => [
      h.localDate,
      hourLabel(h, { summer: l.columns.summerTime, winter: l.columns.winterTime }),
      h.arrived,
    ]),
  };
}

/** "0–5 min", and "60– min" for the open last bucket. */
export function bucketLabel(b: WaitBucket): string {
  return `${b.fromMinutes}–${b.toMinutes ?? ''} min`;
}

function waitingTable(report: StatsReport, l: ExportLabels): ExportTable {
  return {
    key: 'waiting',
    name: l.sheets.waiting,
    headers: [l.columns.waitingTime, l.columns.visits],
    columns: ['text', 'int'],
    rows: report.waitBuckets.map((b) => [bucketLabel(b), b.visits]),
  };
}

/** What the figures are and how they were counted, so the file explains itself when forwarded. */
function notesTable(report: StatsReport, l: ExportLabels, now: Date): ExportTable {
  const n = l.notes;
  const lines = [
    `${n.office}: ${report.officeId}`,
    `${n.range}: ${report.from} – ${report.to}`,
    `${n.serviceLevel}: ${report.serviceLevelMinutes} min`,
    `${n.generatedAt}: ${now.toISOString()}`,
    ...n.definitions,
  ];
  return {
    key: 'notes',
    name: l.sheets.notes,
    headers: [l.columns.note],
    columns: ['text'],
    rows: lines.map((t) => [t]),
  };
}

/**
 * One row per errand of a visit; booleans as 1/0 so they can be summed in a spreadsheet.
 * The rows may be an iterator over the store: they are formatted as they are written.
 */
export function visitsTable(visits: Iterable<VisitExportRow>, lang: ExportLang): IteratedTable {
  const l = EXPORT_LABELS[lang];
  const c = l.columns;
  return {
    key: 'visits',
    name: l.sheets.visits,
    headers: [
      c.date,
      c.arrivedTime,
      c.visitNumber,
      c.ticketNumber,
      c.waiting,
      c.service,
      c.position,
      c.agency,
      c.errandKind,
      c.outcome,
      c.withoutEid,
      c.interpreter,
    ],
    columns: ['date', 'text', 'int', 'text', 'minutes', 'minutes', 'int', 'text', 'text', 'text', 'int', 'int'],
    rows: mapRows(visits, (v) => [
      v.localDate,
      v.arrivedTime,
      v.visitNumber,
      v.ticketNumber,
      minutes(v.waitingSeconds),
      minutes(v.serviceSeconds),
      v.position,
      l.agencies[v.agency],
      v.errandKind,
      l.outcomes[v.outcome ?? 'none'],
      v.lacksEid ? 1 : 0,
      v.interpreter ? 1 : 0,
    ]),
  };
}

export interface ReportTablesInput {
  report: StatsReport;
  /** The raw rows (an array, or an iterator over the store); their table comes last, and only when given. */
  visits?: Iterable<VisitExportRow> | undefined;
  lang: ExportLang;
  /** When the export was made, written in the notes. */
  now: Date;
}

/** Days, errand kinds, hours, waiting times, notes, then visits (when given): the XLSX sheet order. */
export function reportTables({ report, visits, lang, now }: ReportTablesInput): StreamedTable[] {
  const l = EXPORT_LABELS[lang];
  const tables: StreamedTable[] = [
    daysTable(report, lang),
    errandKindsTable(report, l),
    hoursTable(report, l),
    waitingTable(report, l),
    notesTable(report, l, now),
  ];
  return visits ? [...tables, visitsTable(visits, lang)] : tables;
}
