import type { ClockChange } from './time';
import type { Agency, Outcome } from './domain';

/**
 * Daily visit statistics for supervisors, with the definitions of docs/domain.md
 * ("Statistics"). One computation (shared/statsCompute.ts) feeds the dashboard, the CSV and
 * the XLSX, so they cannot disagree.
 */

/** Waiting longer than this counts against the service level unless the supervisor sets another. */
export const DEFAULT_SERVICE_LEVEL_MINUTES = 20;

/** Edges (minutes) of the waiting-time buckets 0–5, 5–10, 10–20, 20–30, 30–60, 60+; each includes its upper edge. */
export const WAIT_BUCKET_MINUTES = [0, 5, 10, 20, 30, 60] as const;

/** Outcome columns: the five outcomes, and errands still without one (open visits). */
export type OutcomeColumn = Outcome | 'none';

/** One arrival as the statistics see it: a ticket, or a visit started without one. Nothing personal. */
export interface StatsArrival {
  officeId: string;
  /** The local day it counts on: the day the ticket was issued (Europe/Stockholm). */
  localDate: string;
  /** UTC instant of arrival (ticket issued, or visit start without a ticket). */
  arrivedAt: string;
  /** True when the ticket ended as a no-show (not called again and served). */
  noShow: boolean;
  /** The visit that served it, if any. */
  visit: StatsVisit | null;
}

export interface StatsVisit {
  /** First call − arrival (last call when recalled after a no-show); null without a ticket. */
  waitingSeconds: number | null;
  /** Service end − service start, null while the visit is open. A corrected visit keeps its first end. */
  serviceSeconds: number | null;
  errands: StatsErrand[];
}

export interface StatsErrand {
  agency: Agency;
  errandKind: string;
  outcome: Outcome | null;
  lacksEid: boolean;
  interpreter: boolean;
}

/** The KPIs of one office over one day (a row of the export) or over the whole range (the totals). */
export interface KpiRow {
  arrived: number;
  /** Visits served to the end (closed). */
  served: number;
  noShows: number;
  /** noShows / arrived, 0..1; null when nobody arrived. */
  noShowShare: number | null;
  errands: number;
  errandsByAgency: Record<Agency, number>;
  outcomes: Record<OutcomeColumn, number>;
  /** Over visits with a ticket (those have a waiting time). */
  avgWaitSeconds: number | null;
  maxWaitSeconds: number | null;
  /** Share of those visits that waited longer than the service level, 0..1. */
  overServiceLevelShare: number | null;
  /** Over closed visits. */
  avgServiceSeconds: number | null;
  /** Visits where at least one errand was marked "without e-ID" / "interpreter used". */
  withoutEid: number;
  interpreter: number;
}

export interface DayRow extends KpiRow {
  localDate: string;
}

export interface ErrandKindRow {
  localDate: string;
  agency: Agency;
  errandKind: string;
  errands: number;
  outcomes: Record<OutcomeColumn, number>;
}

export interface HourRow {
  localDate: string;
  /** Local hour of arrival, 0–23. */
  hour: number;
  /** On the autumn change day the 02 hour comes twice: which one (else null). */
  clock: ClockChange;
  arrived: number;
}

export interface WaitBucket {
  fromMinutes: number;
  /** null for the open last bucket. */
  toMinutes: number | null;
  visits: number;
}

export interface StatsReport {
  officeId: string;
  /** Inclusive local dates. */
  from: string;
  to: string;
  serviceLevelMinutes: number;
  /** Every day of the range, empty days included, in order. */
  days: DayRow[];
  total: KpiRow;
  /** Per day and errand kind, only where there were errands. */
  errandKinds: ErrandKindRow[];
  /** Per day and hour, only where someone arrived. */
  hours: HourRow[];
  /**
   * Arrivals per local hour over the whole range, one entry per hour some day of it had, as
   * lived: no 02 for the spring change day alone, the autumn day's two 02 hours apart.
   */
  byHour: { hour: number; clock: ClockChange; arrived: number }[];
  waitBuckets: WaitBucket[];
}

/** One errand of a visit, as the raw export row (no notes, no officer, no identity). */
export interface VisitExportRow {
  /** 1, 2, 3 … per export: groups a visit's errand rows (visits without a ticket have no number). */
  visitNumber: number;
  localDate: string;
  /** Local time of arrival, HH:MM. */
  arrivedTime: string;
  ticketNumber: string | null;
  waitingSeconds: number | null;
  serviceSeconds: number | null;
  position: number;
  agency: Agency;
  errandKind: string;
  outcome: Outcome | null;
  lacksEid: boolean;
  interpreter: boolean;
}

export const EXPORT_FORMATS = ['csv_excel', 'csv', 'xlsx'] as const;
/** What an export holds: the daily counts, errand kinds per day, arrivals per hour, or raw visit rows. */
export const STATS_TABLES = ['report', 'errand_kinds', 'hours', 'visits'] as const;
export type StatsTable = (typeof STATS_TABLES)[number];
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
