import { AGENCIES, OUTCOMES, type Agency } from './domain';
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
import { hoursOfDay, livedHourKey, stockholmHour } from './time';

const OUTCOME_COLUMNS: readonly OutcomeColumn[] = [...OUTCOMES, 'none'];

/** Running sums for one KPI row; averages are taken once at the end, never averaged twice. */
class KpiAccumulator {
  arrived = 0;
  served = 0;
  noShows = 0;
  errands = 0;
  errandsByAgency = Object.fromEntries(AGENCIES.map((a) => [a, 0])) as Record<Agency, number>;
  outcomes = Object.fromEntries(OUTCOME_COLUMNS.map((o) => [o, 0])) as Record<OutcomeColumn, number>;
  waits = 0;
  waitSum = 0;
  waitMax: number | null = null;
  overServiceLevel = 0;
  servicesClosed = 0;
  serviceSum = 0;
  withoutEid = 0;
  interpreter = 0;

  add(arrival: StatsArrival, serviceLevelSeconds: number) {
    this.arrived++;
    if (arrival.noShow) this.noShows++;
    const visit = arrival.visit;
    if (!visit) return;
    if (visit.serviceSeconds !== null) {
      this.served++;
      this.servicesClosed++;
      this.serviceSum += visit.serviceSeconds;
    }
    if (visit.waitingSeconds !== null) {
      this.waits++;
      this.waitSum += visit.waitingSeconds;
      this.waitMax = Math.max(this.waitMax ?? 0, visit.waitingSeconds);
      if (visit.waitingSeconds > serviceLevelSeconds) this.overServiceLevel++;
    }
    for (const errand of visit.errands) {
      this.errands++;
      this.errandsByAgency[errand.agency]++;
      this.outcomes[errand.outcome ?? 'none']++;
    }
    if (visit.errands.some((e) => e.lacksEid)) this.withoutEid++;
    if (visit.errands.some((e) => e.interpreter)) this.interpreter++;
  }

  row(): KpiRow {
    return {
      arrived: this.arrived,
      served: this.served,
      noShows: this.noShows,
      noShowShare: this.arrived ? this.noShows / this.arrived : null,
      errands: this.errands,
      errandsByAgency: { ...this.errandsByAgency },
      outcomes: { ...this.outcomes },
      avgWaitSeconds: this.waits ? this.waitSum / this.waits : null,
      maxWaitSeconds: this.waitMax,
      overServiceLevelShare: this.waits ? this.overServiceLevel / this.waits : null,
      avgServiceSeconds: this.servicesClosed ? this.serviceSum / this.servicesClosed : null,
      withoutEid: this.withoutEid,
      interpreter: this.interpreter,
    };
  }
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
 */
function bucketIndex(waitingSeconds: number): number {
  const upper = WAIT_BUCKET_MINUTES.slice(1).findIndex((edge) => waitingSeconds <= edge * 60);
  return upper === -1 ? WAIT_BUCKET_MINUTES.length - 1 : upper;
}

/**
 * The supervisor's report for one office and a range of local days, from the arrivals the
 * store holds for it. Pure: the dashboard, the CSV and the XLSX all come from this.
 */
export function computeReport(
  arrivals: readonly StatsArrival[],
  options: { officeId: string; from: string; to: string; serviceLevelMinutes: number },
): StatsReport {
  const serviceLevelSeconds = options.serviceLevelMinutes * 60;
  const dates = datesBetween(options.from, options.to);
  const perDay = new Map(dates.map((d) => [d, new KpiAccumulator()]));
  const total = new KpiAccumulator();
  const kinds = new Map<string, ErrandKindRow>();
  const hours = new Map<string, HourRow>();
  // Every hour the range's days had, as lived (shared/time.ts hoursOfDay).
  const byHour = new Map<string, StatsReport['byHour'][number]>();
  for (const date of dates)
    for (const lived of hoursOfDay(date))
      if (!byHour.has(livedHourKey(lived))) byHour.set(livedHourKey(lived), { ...lived, arrived: 0 });
  const waitBuckets: WaitBucket[] = WAIT_BUCKET_MINUTES.map((fromMinutes, i) => ({
    fromMinutes,
    toMinutes: WAIT_BUCKET_MINUTES[i + 1] ?? null,
    visits: 0,
  }));

  for (const arrival of arrivals) {
    const day = perDay.get(arrival.localDate);
    if (arrival.officeId !== options.officeId || !day) continue;
    day.add(arrival, serviceLevelSeconds);
    total.add(arrival, serviceLevelSeconds);

    // A visit counts on its ticket's day, but its hour is when it arrived (past midnight too).
    const lived = stockholmHour(new Date(arrival.arrivedAt));
    const slot = byHour.get(livedHourKey(lived)) ?? { ...lived, arrived: 0 };
    slot.arrived++;
    byHour.set(livedHourKey(lived), slot);
    const hourKey = `${arrival.localDate} ${livedHourKey(lived)}`;
    const hourRow = hours.get(hourKey) ?? { localDate: arrival.localDate, ...lived, arrived: 0 };
    hourRow.arrived++;
    hours.set(hourKey, hourRow);

    const visit = arrival.visit;
    if (!visit) continue;
    if (visit.waitingSeconds !== null) waitBuckets[bucketIndex(visit.waitingSeconds)]!.visits++;
    for (const errand of visit.errands) {
      const key = `${arrival.localDate} ${errand.errandKind}`;
      const row = kinds.get(key) ?? {
        localDate: arrival.localDate,
        agency: errand.agency,
        errandKind: errand.errandKind,
        errands: 0,
        outcomes: Object.fromEntries(OUTCOME_COLUMNS.map((o) => [o, 0])) as Record<OutcomeColumn, number>,
      };
      row.errands++;
      row.outcomes[errand.outcome ?? 'none']++;
      kinds.set(key, row);
    }
  }

  const days: DayRow[] = dates.map((localDate) => ({ localDate, ...perDay.get(localDate)!.row() }));
  const byKey = <T>(map: Map<string, T>) => [...map.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);
  return {
    officeId: options.officeId,
    from: options.from,
    to: options.to,
    serviceLevelMinutes: options.serviceLevelMinutes,
    days,
    total: total.row(),
    errandKinds: byKey(kinds),
    hours: byKey(hours),
    byHour: byKey(byHour),
    waitBuckets,
  };
}
