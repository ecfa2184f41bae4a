import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { rfc4180Csv, swedishExcelCsv } from '../../../shared/node/export/csv';
import { buildExport, exportFileName } from '../../../electron/backend/stats/exportFile';
import { daysTable, reportTables, visitsTable, type ExportTable } from '../../../shared/node/export/reportTables';
import { workbookBytes } from '../../../shared/node/export/xlsx';
import type { KpiRow, StatsReport, VisitExportRow } from '../../../shared/stats';

const now = new Date('2026-11-23T08:30:00.000Z');

const busy: KpiRow = {
  arrived: 8,
  served: 6,
  noShows: 1,
  noShowShare: 0.125,
  errands: 7,
  errandsByAgency: { AF: 1, FK: 2, MV: 0, PM: 1, SKV: 3 },
  outcomes: { done: 4, referred: 1, booked: 1, needs_documents: 0, cancelled: 0, none: 1 },
  // 450 s = 7.5 min; 1500 s = 25 min; 605 s = 10.08… → 10.1 min.
  avgWaitSeconds: 450,
  maxWaitSeconds: 1500,
  overServiceLevelShare: 1 / 7,
  avgServiceSeconds: 605,
  withoutEid: 1,
  interpreter: 2,
};

/** A day nobody came: counts are 0, averages and shares have nothing to average (null). */
const empty: KpiRow = {
  arrived: 0,
  served: 0,
  noShows: 0,
  noShowShare: null,
  errands: 0,
  errandsByAgency: { AF: 0, FK: 0, MV: 0, PM: 0, SKV: 0 },
  outcomes: { done: 0, referred: 0, booked: 0, needs_documents: 0, cancelled: 0, none: 0 },
  avgWaitSeconds: null,
  maxWaitSeconds: null,
  overServiceLevelShare: null,
  avgServiceSeconds: null,
  withoutEid: 0,
  interpreter: 0,
};

const report: StatsReport = {
  officeId: 'stockholm',
  from: '2026-11-16',
  to: '2026-11-17',
  serviceLevelMinutes: 20,
  days: [
    { localDate: '2026-11-16', ...busy },
    { localDate: '2026-11-17', ...empty },
  ],
  total: busy,
  errandKinds: [
    {
      localDate: '2026-11-16',
      agency: 'SKV',
      errandKind: 'skv.id_card',
      errands: 3,
      outcomes: { done: 2, referred: 0, booked: 1, needs_documents: 0, cancelled: 0, none: 0 },
    },
  ],
  hours: [{ localDate: '2026-11-16', hour: 9, clock: null, arrived: 8 }],
  byHour: Array.from({ length: 24 }, (_, hour) => ({ hour, clock: null, arrived: hour === 9 ? 8 : 0 })),
  waitBuckets: [
    { fromMinutes: 0, toMinutes: 5, visits: 3 },
    { fromMinutes: 60, toMinutes: null, visits: 1 },
  ],
};

const visits: VisitExportRow[] = [
  {
    visitNumber: 1,
    localDate: '2026-11-16',
    arrivedTime: '09:05',
    ticketNumber: 'A001',
    waitingSeconds: 450,
    serviceSeconds: 605,
    position: 1,
    agency: 'SKV',
    errandKind: 'skv.id_card',
    outcome: 'done',
    lacksEid: true,
    interpreter: false,
  },
  {
    // Text no real row carries, to exercise quoting and the formula guard.
    visitNumber: 2,
    localDate: '2026-11-16',
    arrivedTime: '09:40',
    ticketNumber: '=HYPERLINK("x")',
    waitingSeconds: null,
    serviceSeconds: null,
    position: 2,
    agency: 'FK',
    errandKind: 'a;b "c"\nd',
    outcome: null,
    lacksEid: false,
    interpreter: true,
  },
];

const SV_DAYS_HEADER =
  'Datum;Ankomna;Betjänade;Uteblivna;Andel uteblivna (%);Ärenden;Ärenden Arbetsförmedlingen;Ärenden Försäkringskassan;' +
  'Ärenden Migrationsverket;Ärenden Pensionsmyndigheten;Ärenden Skatteverket;Klart;Hänvisad;Tid bokad;Komplettering;' +
  'Avbrutet;Utan utfall;Medelväntetid (min);Längsta väntetid (min);Andel över servicenivå (%);' +
  'Medelbetjäningstid (min);Utan e-legitimation;Tolk användes';

describe('statistics export: Swedish Excel CSV', () => {
  const csv = swedishExcelCsv(daysTable(report, 'sv'));
  const lines = csv.slice(1).split('\r\n');

  it('starts with a BOM, separates with ";" and ends every line with CRLF', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    expect(lines).toHaveLength(5); // header, two days, total, and '' after the last CRLF
  });

  it('has a Swedish header line and writes decimal commas and shares as percent', () => {
    expect(lines[0]).toBe(SV_DAYS_HEADER);
    expect(lines[1]).toBe('2026-11-16;8;6;1;12,5;7;1;2;0;1;3;4;1;1;0;0;1;7,5;25;14,3;10,1;1;2');
  });

  it('leaves null empty, and ends with the totals', () => {
    expect(lines[2]).toBe('2026-11-17;0;0;0;;0;0;0;0;0;0;0;0;0;0;0;0;;;;;0;0');
    expect(lines[3]).toBe('Totalt;8;6;1;12,5;7;1;2;0;1;3;4;1;1;0;0;1;7,5;25;14,3;10,1;1;2');
  });

  it('quotes cells with ";", quotes or line breaks, and defuses formulas', () => {
    const text = swedishExcelCsv(visitsTable(visits, 'sv'));
    expect(text).toContain('\r\n2026-11-16;09:05;1;A001;7,5;10,1;1;Skatteverket;skv.id_card;Klart;1;0\r\n');
    expect(text).toContain(
      `\r\n2026-11-16;09:40;2;"'=HYPERLINK(""x"")";;;2;Försäkringskassan;"a;b ""c""\nd";Utan utfall;0;1\r\n`,
    );
  });

  it('guards every formula start in text, never a number', () => {
    const table: ExportTable = {
      key: 'notes',
      name: 'x',
      headers: ['a', 'b', 'c', 'd', 'e'],
      columns: ['text', 'text', 'text', 'text', 'int'],
      rows: [['=1', '+1', '-1', '@SUM(A1)', -3]],
    };
    expect(swedishExcelCsv(table).split('\r\n')[1]).toBe("'=1;'+1;'-1;'@SUM(A1);-3");
  });
});

describe('statistics export: RFC 4180 CSV', () => {
  const csv = rfc4180Csv(daysTable(report, 'sv'));
  const lines = csv.split('\r\n');

  it('has no BOM, separates with "," and writes decimal points and shares as fractions', () => {
    expect(csv.charCodeAt(0)).not.toBe(0xfeff);
    expect(lines[0]!.startsWith('Datum,Ankomna,Betjänade,Uteblivna,Andel uteblivna,Ärenden,')).toBe(true);
    expect(lines[1]).toBe('2026-11-16,8,6,1,0.125,7,1,2,0,1,3,4,1,1,0,0,1,7.5,25,0.1429,10.1,1,2');
    expect(lines[2]).toBe('2026-11-17,0,0,0,,0,0,0,0,0,0,0,0,0,0,0,0,,,,,0,0');
  });

  it('quotes cells with ",", and a ";" alone needs no quotes', () => {
    const [, a, b] = rfc4180Csv(visitsTable(visits, 'en')).split('\r\n');
    expect(a).toBe('2026-11-16,09:05,1,A001,7.5,10.1,1,Skatteverket,skv.id_card,Done,1,0');
    expect(b).toBe(`2026-11-16,09:40,2,"'=HYPERLINK(""x"")",,,2,Försäkringskassan,"a;b ""c""\nd",No outcome,0,1`);
  });
});

async function readBack(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  // exceljs types its input as an ArrayBuffer look-alike; at run time it takes a Node Buffer.
  await workbook.xlsx.load(bytes as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  return workbook;
}

describe('statistics export: XLSX', () => {
  it('has a sheet per table, in order, and the visits sheet only when given', async () => {
    const withVisits = await readBack(await workbookBytes(reportTables({ report, visits, lang: 'sv', now }), now));
    expect(withVisits.worksheets.map((s) => s.name)).toEqual([
      'Dagar',
      'Ärendetyper',
      'Timmar',
      'Väntetider',
      'Noter',
      'Besök',
    ]);
    const without = await readBack(await workbookBytes(reportTables({ report, lang: 'sv', now }), now));
    expect(without.worksheets.map((s) => s.name)).not.toContain('Besök');
    expect(without.creator).toBe('Lucka');
    expect(without.created.toISOString()).toBe(now.toISOString());
  });

  it('writes a bold header row, typed numbers with their formats, null as empty, and the totals', async () => {
    const workbook = await readBack(await workbookBytes(reportTables({ report, lang: 'sv', now }), now));
    const days = workbook.getWorksheet('Dagar')!;
    expect(days.getRow(1).getCell(1).value).toBe('Datum');
    expect(days.getRow(1).getCell(5).value).toBe('Andel uteblivna');
    expect(days.getRow(1).getCell(1).font?.bold).toBe(true);

    const day = days.getRow(2);
    // A real date cell (Excel can sort and group it), shown as ISO in every locale.
    expect(day.getCell(1)).toMatchObject({ value: new Date('2026-11-16T00:00:00Z'), numFmt: 'yyyy-mm-dd' });
    expect(day.getCell(2).value).toBe(8);
    expect(day.getCell(5)).toMatchObject({ value: 0.125, numFmt: '0.0%' });
    expect(day.getCell(18)).toMatchObject({ value: 7.5, numFmt: '0.0' });
    expect(day.getCell(21)).toMatchObject({ value: 10.1, numFmt: '0.0' });

    const emptyDay = days.getRow(3);
    expect(emptyDay.getCell(2).value).toBe(0);
    expect(emptyDay.getCell(5).value).toBeNull();
    expect(emptyDay.getCell(18).value).toBeNull();

    expect(days.getRow(4).getCell(1).value).toBe('Totalt');
    expect(days.getRow(4).getCell(2).value).toBe(8);
    expect(days.rowCount).toBe(4);
  });

  it('freezes the header row, and the date column where rows are keyed by date', async () => {
    const workbook = await readBack(await workbookBytes(reportTables({ report, visits, lang: 'sv', now }), now));
    for (const name of ['Dagar', 'Ärendetyper', 'Timmar', 'Besök']) {
      expect(workbook.getWorksheet(name)!.views[0], name).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 1 });
    }
    const waiting = workbook.getWorksheet('Väntetider')!;
    expect(waiting.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(waiting.views[0]).not.toMatchObject({ xSplit: 1 });
    expect(waiting.getRow(2).getCell(1).value).toBe('0–5 min');
    expect(waiting.getRow(3).getCell(1).value).toBe('60– min');
  });

  it('keeps errand kinds as ids, text as text, and explains itself in the notes', async () => {
    const workbook = await readBack(await workbookBytes(reportTables({ report, visits, lang: 'sv', now }), now));
    const kinds = workbook.getWorksheet('Ärendetyper')!.getRow(2);
    expect([1, 2, 3, 4, 5].map((i) => kinds.getCell(i).value)).toEqual([
      new Date('2026-11-16T00:00:00Z'),
      'Skatteverket',
      'skv.id_card',
      3,
      2,
    ]);
    const visitRow = workbook.getWorksheet('Besök')!.getRow(3);
    // A string cell is never evaluated in XLSX: no guard, the text stays as typed.
    expect(visitRow.getCell(4).value).toBe('=HYPERLINK("x")');
    expect(visitRow.getCell(9).value).toBe('a;b "c"\nd');
    expect(visitRow.getCell(5).value).toBeNull();
    const notes = workbook.getWorksheet('Noter')!.getColumn(1).values;
    expect(notes).toContain('Kontor: stockholm');
    expect(notes).toContain('Skapad: 2026-11-23T08:30:00.000Z');
    expect(notes).toContain('Ett besök som pågår över midnatt räknas på den dag kölappen togs.');
  });
});

describe('statistics export: files', () => {
  it('names files in ASCII after office, range and content', () => {
    expect(exportFileName('stockholm', '2026-11-16', '2026-11-22', 'report', 'xlsx')).toBe(
      'lucka-stockholm-2026-11-16_2026-11-22-dagliga-siffror.xlsx',
    );
    expect(exportFileName('stockholm', '2026-11-16', '2026-11-22', 'visits', 'csv_excel')).toBe(
      'lucka-stockholm-2026-11-16_2026-11-22-besok.csv',
    );
    expect(exportFileName('Malmö Södra/Öst', '2026-11-16', '2026-11-16', 'report', 'csv')).toBe(
      'lucka-malmo-sodra-ost-2026-11-16_2026-11-16-dagliga-siffror.csv',
    );
  });

  it('a CSV is the days table, or the visits when given', async () => {
    const days = await buildExport({ report, content: 'report', format: 'csv_excel', lang: 'sv', now });
    expect(days.fileName).toBe('lucka-stockholm-2026-11-16_2026-11-17-dagliga-siffror.csv');
    expect(days.mimeType).toBe('text/csv; charset=utf-8');
    expect([...days.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(days.bytes.toString('utf8').slice(1).split('\r\n')[0]).toBe(SV_DAYS_HEADER);

    const rows = await buildExport({ report, content: 'visits', visits, format: 'csv', lang: 'sv', now });
    expect(rows.fileName).toBe('lucka-stockholm-2026-11-16_2026-11-17-besok.csv');
    expect(rows.bytes.toString('utf8').split('\r\n')[0]).toBe(
      'Datum,Ankomsttid,Besök nr,Kölapp,Väntetid (min),Betjäningstid (min),Ärende nr,Myndighet,Ärendetyp,Utfall,' +
        'Utan e-legitimation,Tolk användes',
    );
  });

  it('an XLSX holds the report tables, and the visits sheet when given', async () => {
    const file = await buildExport({ report, content: 'visits', visits, format: 'xlsx', lang: 'sv', now });
    expect(file.fileName).toBe('lucka-stockholm-2026-11-16_2026-11-17-besok.xlsx');
    expect(file.mimeType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect((await readBack(file.bytes)).worksheets.map((s) => s.name)).toHaveLength(6);
  });

  it('writes English labels when asked', async () => {
    const csv = (await buildExport({ report, content: 'report', format: 'csv', lang: 'en', now })).bytes.toString(
      'utf8',
    );
    const lines = csv.split('\r\n');
    expect(lines[0]!.startsWith('Date,Arrived,Served,No-shows,No-show share,Errands,Errands Arbetsförmedlingen,')).toBe(
      true,
    );
    expect(lines[0]).toContain(',Done,Referred,Appointment booked,Needs documents,Cancelled,No outcome,');
    // A file for systems has rows only: no totals row to double every sum.
    expect(lines).toHaveLength(4); // header, two days, the final CRLF's empty line
    expect(lines[3]).toBe('');

    const workbook = await readBack(
      (await buildExport({ report, content: 'report', format: 'xlsx', lang: 'en', now })).bytes,
    );
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Days', 'Errand kinds', 'Hours', 'Waiting times', 'Notes']);
    expect(workbook.getWorksheet('Notes')!.getColumn(1).values).toContain('Office: stockholm');
  });
});
