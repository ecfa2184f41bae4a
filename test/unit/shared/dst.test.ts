import { describe, expect, it } from 'vitest';
import { EXPORT_LABELS } from '../../../shared/node/export/exportLabels';
import { hoursTable } from '../../../shared/node/export/reportTables';
import type { StatsArrival } from '../../../shared/stats';
import { computeReport } from '../../../shared/statsCompute';
import { hourLabel, hoursOfDay, livedHourKey, stockholmHour, stockholmInstant } from '../../../shared/time';

/** An arrival at a UTC instant, counted on its Stockholm day, served with no errands. */
const arrival = (utc: string, localDate: string): StatsArrival => ({
  officeId: 'stockholm',
  localDate,
  arrivedAt: utc,
  noShow: false,
  visit: { waitingSeconds: 60, serviceSeconds: 60, errands: [] },
});
const report = (arrivals: StatsArrival[], from: string, to = from) =>
  computeReport(arrivals, { officeId: 'stockholm', from, to, serviceLevelMinutes: 20 });
const SV = { summer: 'sommartid', winter: 'vintertid' };

describe('hours as they were lived on the DST change days (Europe/Stockholm)', () => {
  it('the spring change day (2026-03-29) has 23 hours and no 02', () => {
    const hours = hoursOfDay('2026-03-29');
    expect(hours).toHaveLength(23);
    expect(hours.map((h) => h.hour)).not.toContain(2);
    expect(hours.slice(0, 3).map(livedHourKey)).toEqual(['00', '01', '03']);
  });

  it('the autumn change day (2026-10-25) has 25 hours: 02 in summer time, then 02 in winter time', () => {
    const hours = hoursOfDay('2026-10-25');
    expect(hours).toHaveLength(25);
    expect(hours.slice(0, 5).map((h) => hourLabel(h, SV))).toEqual([
      '00',
      '01',
      '02 (sommartid)',
      '02 (vintertid)',
      '03',
    ]);
    // 00:30 UTC is 02:30 CEST, 01:30 UTC is 02:30 CET: the same wall clock, two different hours.
    expect(stockholmHour(new Date('2026-10-25T00:30:00Z'))).toEqual({ hour: 2, clock: 'summer' });
    expect(stockholmHour(new Date('2026-10-25T01:30:00Z'))).toEqual({ hour: 2, clock: 'winter' });
    expect(stockholmHour(new Date('2026-10-25T02:30:00Z'))).toEqual({ hour: 3, clock: null });
  });

  it('an ordinary day has 24 plain hours', () => {
    expect(hoursOfDay('2026-11-25').map(livedHourKey)).toEqual(
      Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')),
    );
  });

  it("the spring day's report shows no hour 02 that did not exist", () => {
    const r = report([arrival(stockholmInstant('2026-03-29', '03:10').toISOString(), '2026-03-29')], '2026-03-29');
    expect(r.byHour.map((h) => h.hour)).not.toContain(2);
    expect(r.byHour).toHaveLength(23);
    expect(r.byHour.find((h) => h.hour === 3)?.arrived).toBe(1);
  });

  it("the autumn day's report keeps the two 02 hours apart, in the dashboard's data and in the export alike", () => {
    const r = report(
      [
        arrival('2026-10-25T00:10:00Z', '2026-10-25'),
        arrival('2026-10-25T00:50:00Z', '2026-10-25'),
        arrival('2026-10-25T01:20:00Z', '2026-10-25'),
      ],
      '2026-10-25',
    );
    expect(r.byHour.filter((h) => h.hour === 2)).toEqual([
      { hour: 2, clock: 'summer', arrived: 2 },
      { hour: 2, clock: 'winter', arrived: 1 },
    ]);
    const table = hoursTable(r, EXPORT_LABELS.sv);
    expect(table.rows).toEqual([
      ['2026-10-25', '02 (sommartid)', 2],
      ['2026-10-25', '02 (vintertid)', 1],
    ]);
    expect(hoursTable(r, EXPORT_LABELS.en).rows.map((row) => row[1])).toEqual(['02 (summer time)', '02 (winter time)']);
  });
});
