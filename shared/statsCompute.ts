import { AGENCIES, OUTCOMES, type Agency, type Outcome } from './domain';
import type {
  DayRow,
  ErrandKindRow,
  HourRow,
  KpiRow,
  OutcomeColumn,
  StatsArrival,
  StatsReport,
  WaitBucket,
} from './stats';
import { WAIT_BUCKET_MINUTES } from './stats';
import { hoursOfDay, livedHourKey, stockholmHour, type ClockChange, type LivedHour } from './time';

const OUTCOME_COLUMNS: readonly OutcomeColumn[] = [...OUTCOMES, 'none'];

/**
 * The statistics in two steps. First every arrival is counted into **cells**: sums, counts
 * and maxima per local day and hour (and errands per day, errand kind and outcome). The
 * desktop store forms the same cells in SQL (db/stats.ts, `aggregates`), so a year is a
 * few thousand cells, never 350,000 arrivals in memory; `arrivalCells` forms them from
 * arrivals in TypeScript (the central service, the statistics events, the tests). Then
 * `reportFromCells`, the one computation of every figure, shares, averages, days, totals
 * and buckets, turns cells into the report the dashboard, the exports and the central view
 * show.
 */

/** Sums, counts and a maximum over some arrivals: what a cell holds, whatever it is keyed by, so they add up. */
export interface ArrivalSums {
  arrived: number;
  noShows: number;
  /** Arrivals whose visit has ended (served), with the sum of their service seconds. */
  served: number;
  serviceSum: number;
  /** Visits with a waiting time (those with a ticket), its sum and maximum. */
  waits: number;
  waitSum: number;
  waitMax: number | null;
  /** Of those, how many waited longer than the service level. */
  overServiceLevel: number;
  /** Visits in each waiting-time bucket, in the order of WAIT_BUCKET_MINUTES. */
  waitBuckets: number[];
  withoutEid: number;
  interpreter: number;
}

/** What one local day and hour holds. */
export interface ArrivalCell extends ArrivalSums {
  localDate: string;
  /** Local hour of arrival, 0–23, as lived: on the autumn change day the two 02 hours are apart (`clock`). */
  hour: number;
  clock: ClockChange;
}

/** Errands of one local day, errand kind and outcome (null: not yet given). */
export interface ErrandCell {
  localDate: string;
  agency: Agency;
  errandKind: string;
  outcome: Outcome | null;
  errands: number;
}

export interface StatsCells {
  arrivals: ArrivalCell[];
  errands: ErrandCell[];
}

export interface ReportOptions {
  officeId: string;
  from: string;
  to: string;
  serviceLevelMinutes: number;
}

export function emptyArrivalSums(): ArrivalSums {
  return {
    arrived: 0,
    noShows: 0,
    served: 0,
    serviceSum: 0,
    waits: 0,
    waitSum: 0,
    waitMax: null,
    overServiceLevel: 0,
    waitBuckets: WAIT_BUCKET_MINUTES.map(() => 0),
    withoutEid: 0,
    interpreter: 0,
  };
}

export function emptyArrivalCell(localDate: string, lived: LivedHour = { hour: 0, clock: null }): ArrivalCell {
  return { localDate, hour: lived.hour, clock: lived.clock, ...emptyArrivalSums() };
}

/** Adds `from` into `into` (cells of the same day and hour, or into a day's, an office's or the country's sum). */
export function addSums(into: ArrivalSums, from: ArrivalSums): void {
  into.arrived += from.arrived;
  into.noShows += from.noShows;
  into.served += from.served;
  into.serviceSum += from.serviceSum;
  into.waits += from.waits;
  into.waitSum += from.waitSum;
  if (from.waitMax !== null) into.waitMax = Math.max(into.waitMax ?? 0, from.waitMax);
  into.overServiceLevel += from.overServiceLevel;
  from.waitBuckets.forEach((n, i) => (into.waitBuckets[i]! += n));
  into.withoutEid += from.withoutEid;
  into.interpreter += from.interpreter;
}

/** Errands counted by agency and by outcome: all a KPI row needs of them. */
export interface ErrandTally {
  errands: number;
  byAgency: Record<Agency, number>;
  byOutcome: Record<OutcomeColumn, number>;
}

export function emptyErrandTally(): ErrandTally {
  return {
    errands: 0,
    byAgency: Object.fromEntries(AGENCIES.map((a) => [a, 0])) as Record<Agency, number>,
    byOutcome: Object.fromEntries(OUTCOME_COLUMNS.map((o) => [o, 0])) as Record<OutcomeColumn, number>,
  };
}

export function addTally(into: ErrandTally, from: ErrandTally): void {
  into.errands += from.errands;
  for (const a of AGENCIES) into.byAgency[a] += from.byAgency[a];
  for (const o of OUTCOME_COLUMNS) into.byOutcome[o] += from.byOutcome[o];
}

/**
 * One local day's sums, of an office or of the whole country: what a day's row of the
 * daily counts is computed from. The central service's national table has its database
 * form these per office and day (server/store/cellQueries.ts); a report forms them from
 * its cells.
 */
export interface DaySums {
  localDate: string;
  arrivals: ArrivalSums;
  errands: ErrandTally;
}

/** Every local date from `from` to `to`, inclusive (calendar days: DST never skips or repeats one). */
export function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    dates.push(new Date(t).toISOString().slice(0, 10));
  return dates;
}

/**
 * Buckets include their upper edge, as the service level does: a wait of exactly 20:00
 * is in 10–20 and not over a 20-minute service level; 20:01 is in 20–30 and over it.
 * (db/stats.ts writes the same rule in SQL from the same edges.)
 */
export function bucketIndex(waitingSeconds: number): number {
  const upper = WAIT_BUCKET_MINUTES.slice(1).findIndex((edge) => waitingSeconds <= edge * 60);
  return upper === -1 ? WAIT_BUCKET_MINUTES.length - 1 : upper;
}

/** The cells of some arrivals: what the store's SQL forms, here for arrivals held in memory. */
export function arrivalCells(arrivals: Iterable<StatsArrival>, options: ReportOptions): StatsCells {
  const serviceLevelSeconds = options.serviceLevelMinutes * 60;
  const cells = new Map<string, ArrivalCell>();
  const errands = new Map<string, ErrandCell>();
  for (const arrival of arrivals) {
    if (arrival.officeId !== options.officeId || arrival.localDate < options.from || arrival.localDate > options.to)
      continue;
    // A visit counts on its ticket's day, but its hour is when it arrived (past midnight too).
    const lived = stockholmHour(new Date(arrival.arrivedAt));
    const key = `${arrival.localDate} ${livedHourKey(lived)}`;
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = emptyArrivalCell(arrival.localDate, lived)));
    cell.arrived++;
    if (arrival.noShow) cell.noShows++;
    const visit = arrival.visit;
    if (!visit) continue;
    if (visit.serviceSeconds !== null) {
      cell.served++;
      cell.serviceSum += visit.serviceSeconds;
    }
    if (visit.waitingSeconds !== null) {
      cell.waits++;
      cell.waitSum += visit.waitingSeconds;
      cell.waitMax = Math.max(cell.waitMax ?? 0, visit.waitingSeconds);
      if (visit.waitingSeconds > serviceLevelSeconds) cell.overServiceLevel++;
      cell.waitBuckets[bucketIndex(visit.waitingSeconds)]!++;
    }
    if (visit.errands.some((e) => e.lacksEid)) cell.withoutEid++;
    if (visit.errands.some((e) => e.interpreter)) cell.interpreter++;
    for (const errand of visit.errands) {
      const errandKey = `${arrival.localDate} ${errand.agency} ${errand.errandKind} ${errand.outcome}`;
      const row = errands.get(errandKey);
      if (row) row.errands++;
      else
        errands.set(errandKey, {
          localDate: arrival.localDate,
          agency: errand.agency,
          errandKind: errand.errandKind,
          outcome: errand.outcome,
          errands: 1,
        });
    }
  }
  return { arrivals: [...cells.values()], errands: [...errands.values()] };
}

/** A KPI row from the sums of some arrivals and their errands; averages taken once, never averaged twice. */
function kpiRow(sum: ArrivalSums, errands: ErrandTally): KpiRow {
  return {
    arrived: sum.arrived,
    served: sum.served,
    noShows: sum.noShows,
    noShowShare: sum.arrived ? sum.noShows / sum.arrived : null,
    errands: errands.errands,
    errandsByAgency: { ...errands.byAgency },
    outcomes: { ...errands.byOutcome },
    avgWaitSeconds: sum.waits ? sum.waitSum / sum.waits : null,
    maxWaitSeconds: sum.waitMax,
    overServiceLevelShare: sum.waits ? sum.overServiceLevel / sum.waits : null,
    avgServiceSeconds: sum.served ? sum.serviceSum / sum.served : null,
    withoutEid: sum.withoutEid,
    interpreter: sum.interpreter,
  };
}

/**
 * Every day of the range as a KPI row (empty days too), and the range's total, from the
 * days' sums (days outside the range are left out): the daily counts of a report, and
 * each office's and the country's rows of the central service's national table.
 */
export function dayRowsFromSums(
  sums: ReadonlyMap<string, DaySums>,
  range: { from: string; to: string },
): { days: DayRow[]; total: KpiRow; totalSums: ArrivalSums } {
  const totalSums = emptyArrivalSums();
  const totalErrands = emptyErrandTally();
  const days = datesBetween(range.from, range.to).map((localDate): DayRow => {
    const day = sums.get(localDate);
    if (!day) return { localDate, ...kpiRow(emptyArrivalSums(), emptyErrandTally()) };
    addSums(totalSums, day.arrivals);
    addTally(totalErrands, day.errands);
    return { localDate, ...kpiRow(day.arrivals, day.errands) };
  });
  return { days, total: kpiRow(totalSums, totalErrands), totalSums };
}

/**
 * The supervisor's report for one office and a range of local days, from its cells: the
 * one computation the dashboard, the CSV, the XLSX and the central view all come from.
 * Cells outside the range are left out.
 */
export function reportFromCells(cells: StatsCells, options: ReportOptions): StatsReport {
  const dates = datesBetween(options.from, options.to);
  const perDay = new Map<string, DaySums>(
    dates.map((d) => [d, { localDate: d, arrivals: emptyArrivalSums(), errands: emptyErrandTally() }]),
  );
  const hours = new Map<string, HourRow>();
  // Every hour the range's days had, as lived (shared/time.ts hoursOfDay): no 02 on the spring
  // change day alone, the autumn day's two 02 hours apart.
  const byHour = new Map<string, StatsReport['byHour'][number]>();
  for (const date of dates)
    for (const lived of hoursOfDay(date))
      if (!byHour.has(livedHourKey(lived))) byHour.set(livedHourKey(lived), { ...lived, arrived: 0 });
  for (const cell of cells.arrivals) {
    const day = perDay.get(cell.localDate);
    if (!day) continue;
    addSums(day.arrivals, cell);
    const lived: LivedHour = { hour: cell.hour, clock: cell.clock };
    const slot = byHour.get(livedHourKey(lived)) ?? { ...lived, arrived: 0 };
    slot.arrived += cell.arrived;
    byHour.set(livedHourKey(lived), slot);
    const hourKey = `${cell.localDate} ${livedHourKey(lived)}`;
    const hourRow = hours.get(hourKey) ?? { localDate: cell.localDate, ...lived, arrived: 0 };
    hourRow.arrived += cell.arrived;
    hours.set(hourKey, hourRow);
  }
  const kinds = new Map<string, ErrandKindRow>();
  for (const errand of cells.errands) {
    const day = perDay.get(errand.localDate);
    if (!day) continue;
    const outcome = errand.outcome ?? 'none';
    day.errands.errands += errand.errands;
    day.errands.byAgency[errand.agency] += errand.errands;
    day.errands.byOutcome[outcome] += errand.errands;
    const key = `${errand.localDate} ${errand.errandKind}`;
    const row = kinds.get(key) ?? {
      localDate: errand.localDate,
      agency: errand.agency,
      errandKind: errand.errandKind,
      errands: 0,
      outcomes: Object.fromEntries(OUTCOME_COLUMNS.map((o) => [o, 0])) as Record<OutcomeColumn, number>,
    };
    row.errands += errand.errands;
    row.outcomes[outcome] += errand.errands;
    kinds.set(key, row);
  }

  const { days, total, totalSums } = dayRowsFromSums(perDay, options);
  const byKey = <T>(map: Map<string, T>) => [...map.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);
  const waitBuckets: WaitBucket[] = WAIT_BUCKET_MINUTES.map((fromMinutes, i) => ({
    fromMinutes,
    toMinutes: WAIT_BUCKET_MINUTES[i + 1] ?? null,
    visits: totalSums.waitBuckets[i]!,
  }));
  return {
    officeId: options.officeId,
    from: options.from,
    to: options.to,
    serviceLevelMinutes: options.serviceLevelMinutes,
    days,
    total,
    errandKinds: byKey(kinds),
    hours: byKey(hours),
    byHour: byKey(byHour),
    waitBuckets,
  };
}

/** The report from arrivals held in memory (the central service, the statistics events, tests). */
export function computeReport(arrivals: Iterable<StatsArrival>, options: ReportOptions): StatsReport {
  return reportFromCells(arrivalCells(arrivals, options), options);
}
