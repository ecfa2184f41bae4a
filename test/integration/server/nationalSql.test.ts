import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AGENCIES, ERRAND_KINDS, OUTCOMES } from '../../../shared/domain';
import { rfc4180Csv, swedishExcelCsv } from '../../../shared/node/export/csv';
import { EXPORT_LABELS, type ExportLang } from '../../../shared/node/export/exportLabels';
import { daysTable, type ExportTable } from '../../../shared/node/export/reportTables';
import type { StatsArrival } from '../../../shared/stats';
import { computeReport } from '../../../shared/statsCompute';
import { MAX_BATCH_EVENTS, eventToArrival, type StatsEvent } from '../../../shared/sync';
import type { ServerStore } from '../../../server/store/types';
import { mulberry32 } from '../../support/prng';
import { admin, BACKENDS, useTestServer } from './harness';

/**
 * Issue 12: the service's reports and national table are aggregated by the database
 * (server/store/cellQueries.ts). Held here equal to the computation the service made
 * before, in TypeScript over every current event (computeReport per office and for the
 * whole country), over the same random events on both stores: corrections in either
 * order, voids, a quarantined event, open visits, no-shows, visits without a ticket, both
 * DST days of 2025 (the spring day's missing 02 and the autumn day's two).
 */

const FROM = '2025-03-27';
const TO = '2025-10-28';
const DST_DAYS = ['2025-03-30', '2025-10-26'];
const OFFICES = ['boden', 'malmo', 'stockholm', 'ystad'];

/** The national table as the service computed it until issue 12: every event read into JavaScript. */
async function nationalTableByEvents(
  store: ServerStore,
  input: { from: string; to: string; serviceLevelMinutes: number; lang: ExportLang; withTotal: boolean },
): Promise<ExportTable> {
  const l = EXPORT_LABELS[input.lang];
  const all: StatsArrival[] = [];
  const rows: ExportTable['rows'] = [];
  let template: ExportTable | null = null;
  for (const officeId of await store.officesWithEvents(input.from, input.to)) {
    const arrivals = (await store.currentEvents(officeId, input.from, input.to))
      .map(eventToArrival)
      .filter((a): a is StatsArrival => a !== null);
    for (const a of arrivals) all.push({ ...a, officeId: 'NATIONAL' });
    const table = daysTable(computeReport(arrivals, { ...input, officeId }), input.lang, input.withTotal);
    template ??= table;
    rows.push(...table.rows.map((r) => [officeId, ...r]));
  }
  const national = daysTable(computeReport(all, { ...input, officeId: 'NATIONAL' }), input.lang, input.withTotal);
  rows.push(...national.rows.map((r) => [l.national, ...r]));
  const base = template ?? national;
  return { ...base, headers: [l.notes.office, ...base.headers], columns: ['text', ...base.columns], rows };
}

/** Random events of one office; about one in eight is later corrected, voided or quarantined. */
function randomEvents(officeId: string, count: number, random: () => number): StatsEvent[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const days = (Date.parse(`${TO}T00:00:00Z`) - Date.parse(`${FROM}T00:00:00Z`)) / 86_400_000;
  const events: StatsEvent[] = [];
  for (let i = 0; i < count; i++) {
    const localDate =
      random() < 0.15
        ? pick(DST_DAYS)
        : new Date(Date.parse(`${FROM}T00:00:00Z`) + Math.floor(random() * (days + 1)) * 86_400_000)
            .toISOString()
            .slice(0, 10);
    // Around the DST hours more often than elsewhere.
    const hour = random() < 0.3 ? pick([1, 2, 3]) : 7 + Math.floor(random() * 12);
    const localTime = `${String(hour).padStart(2, '0')}:${String(Math.floor(random() * 60)).padStart(2, '0')}`;
    const status = pick(['served', 'served', 'served', 'open', 'no_show', 'unserved'] as const);
    const visit = status === 'served' || status === 'open';
    const errands = visit
      ? Array.from({ length: Math.floor(random() * 4) }, () => {
          const agency = pick(AGENCIES);
          return {
            agency,
            errandKind: pick(ERRAND_KINDS[agency]),
            outcome: random() < 0.2 ? null : pick(OUTCOMES),
            lacksEid: random() < 0.15,
            interpreter: random() < 0.1,
          };
        })
      : [];
    const event: StatsEvent = {
      id: randomUUID(),
      supersedes: null,
      schemaVersion: 1,
      officeId,
      localDate,
      localTime,
      status,
      // Waits on and around the bucket edges and the service levels.
      waitingSeconds: visit && random() < 0.85 ? pick([0, 299, 300, 301, 600, 1200, 1201, 3600, 3601, 5000]) : null,
      serviceSeconds: status === 'served' ? Math.floor(random() * 3600) : null,
      errands,
      recordedAt: `${localDate}T12:00:00.000Z`,
    };
    events.push(event);
    const later = random();
    if (later < 0.06)
      events.push({
        ...event,
        id: randomUUID(),
        supersedes: event.id,
        status: 'no_show',
        waitingSeconds: null,
        serviceSeconds: null,
        errands: [],
      });
    else if (later < 0.09)
      events.push({
        ...event,
        id: randomUUID(),
        supersedes: event.id,
        status: 'void',
        waitingSeconds: null,
        serviceSeconds: null,
        errands: [],
      });
    else if (later < 0.1)
      // Implausible (a 13-hour wait): quarantined, so it neither counts nor replaces the event it names.
      events.push({
        ...event,
        id: randomUUID(),
        supersedes: event.id,
        status: 'served',
        waitingSeconds: 13 * 3600,
        serviceSeconds: 60,
      });
  }
  return events;
}

describe.each(BACKENDS)('the database aggregates the statistics ($name)', (backend) => {
  const s = useTestServer(backend);

  it('gives the same national table and daily reports as computing over every event in TypeScript', async () => {
    const { t } = s;
    const random = mulberry32(12_2025);
    for (const office of OFFICES) {
      const device = await t.enroll(office);
      const events = randomEvents(office, 300, random);
      // Corrections before the events they replace, for some: the order of arrival never matters.
      events.reverse();
      for (let i = 0; i < events.length; i += MAX_BATCH_EVENTS) {
        const res = await t.upload(device.token, events.slice(i, i + MAX_BATCH_EVENTS), '2026-03-10T09:00:00.000Z');
        expect(res.status, res.text).toBe(200);
      }
    }
    // An office whose only event in the range was voided still has its (empty) rows.
    const gone = await t.enroll('gallivare');
    const only = randomEvents('gallivare', 1, random)[0]!;
    await t.upload(gone.token, [
      only,
      {
        ...only,
        id: randomUUID(),
        supersedes: only.id,
        status: 'void',
        waitingSeconds: null,
        serviceSeconds: null,
        errands: [],
      },
    ]);
    const analyst = (await admin(t, ['analyst-token'])).out[0]!;

    for (const [format, serviceLevelMinutes, lang] of [
      ['csv', 20, 'sv'],
      ['csv_excel', 5, 'en'],
    ] as const) {
      const res = await t.request(
        'GET',
        `/v1/stats/national?from=${FROM}&to=${TO}&format=${format}&serviceLevelMinutes=${serviceLevelMinutes}&lang=${lang}`,
        { token: analyst },
      );
      expect(res.status, res.text).toBe(200);
      const old = await nationalTableByEvents(t.store, {
        from: FROM,
        to: TO,
        serviceLevelMinutes,
        lang,
        withTotal: format === 'csv_excel',
      });
      expect(old.rows.length).toBe((OFFICES.length + 2) * (216 + (format === 'csv_excel' ? 1 : 0)));
      // (fetch's text() drops the Excel file's byte-order mark.)
      expect(res.text).toBe(format === 'csv' ? rfc4180Csv(old) : swedishExcelCsv(old).replace(/^\uFEFF/, ''));
    }

    for (const office of OFFICES)
      for (const serviceLevelMinutes of [1, 20, 240]) {
        const res = await t.request(
          'GET',
          `/v1/stats/daily?office=${office}&from=${FROM}&to=${TO}&serviceLevelMinutes=${serviceLevelMinutes}`,
          { token: analyst },
        );
        expect(res.status, res.text).toBe(200);
        const arrivals = (await t.store.currentEvents(office, FROM, TO))
          .map(eventToArrival)
          .filter((a): a is StatsArrival => a !== null);
        const expected = computeReport(arrivals, { officeId: office, from: FROM, to: TO, serviceLevelMinutes });
        expect(res.json).toEqual(expected);
        // The DST days were there to be counted: the autumn day's two 02 hours apart.
        expect(expected.hours.filter((h) => h.localDate === '2025-10-26' && h.hour === 2).length).toBeGreaterThan(0);
      }
  });
});
