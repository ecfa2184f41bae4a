import type { Database, Statement } from 'better-sqlite3';
import type { Agency, Outcome } from '../shared/domain';
import { WAIT_BUCKET_MINUTES, type StatsArrival, type StatsErrand, type VisitExportRow } from '../shared/stats';
import type { ArrivalCell, ErrandCell, StatsCells } from '../shared/statsCompute';
import { waitBucketsSql } from '../shared/statsSql';
import { MAX_EVENT_SECONDS } from '../shared/sync';
import { stockholmHour, type LivedHour } from '../shared/time';
import { OfficeEventsRepository } from './officeEvents';

/** One row per errand of each arrival (or one row with no errand): the arrival's columns repeat. */
interface ArrivalErrandRow {
  local_date: string;
  arrived_at: string;
  state: string | null;
  number: string | null;
  visit_id: string | null;
  waiting_seconds: number | null;
  started_at: string | null;
  closed_at: string | null;
  position: number | null;
  agency: Agency | null;
  errand_kind: string | null;
  outcome: Outcome | null;
  lacks_eid: number | null;
  interpreter: number | null;
}

export interface StatsRange {
  officeId: string;
  from: string;
  to: string;
}

/**
 * Every arrival of an office in a range of local days, with its errands: each ticket (on
 * the day it was issued, so a visit that crosses midnight counts once, on that day) and
 * each visit started without a ticket. A corrected visit is one visit holding its
 * corrected errands, and keeps counting (with its first end) while it is reopened for a
 * correction. A voided ticket ('cancelled') is not an arrival. One pass over indexes (tickets by office and day, visits by ticket,
 * errands by visit), in arrival order; errands come in position order per visit.
 */
const TICKET_ARRIVAL_COLUMNS = `t.local_date, t.issued_at AS arrived_at, t.state, t.number,
         v.id AS visit_id, v.waiting_seconds, v.started_at, COALESCE(v.closed_at, v.first_closed_at) AS closed_at,
         e.position, e.agency, e.errand_kind, e.outcome, e.lacks_eid, e.interpreter
    FROM tickets t
    LEFT JOIN visits v ON v.ticket_id = t.id
    LEFT JOIN errands e ON e.visit_id = v.id`;
const VISIT_ARRIVAL_COLUMNS = `v.local_date, v.started_at AS arrived_at, NULL AS state, NULL AS number,
         v.id AS visit_id, v.waiting_seconds, v.started_at, COALESCE(v.closed_at, v.first_closed_at) AS closed_at,
         e.position, e.agency, e.errand_kind, e.outcome, e.lacks_eid, e.interpreter
    FROM visits v
    LEFT JOIN errands e ON e.visit_id = v.id`;
const ARRIVAL_ERRANDS = `
  SELECT ${TICKET_ARRIVAL_COLUMNS}
   WHERE t.office_id = @officeId AND t.local_date BETWEEN @from AND @to AND t.state <> 'cancelled'
  UNION ALL
  SELECT ${VISIT_ARRIVAL_COLUMNS}
   WHERE v.ticket_id IS NULL AND v.office_id = @officeId AND v.local_date BETWEEN @from AND @to`;
/** One arrival by its ticket (voided ones too: the outbox must learn a counted ticket was voided). */
const TICKET_ARRIVAL = `SELECT ${TICKET_ARRIVAL_COLUMNS} WHERE t.id = ?`;
const VISIT_ARRIVAL = `SELECT ${VISIT_ARRIVAL_COLUMNS} WHERE v.id = ? AND v.ticket_id IS NULL`;
/** A ticket the office hub handed to this counter PC: the hub keeps the ticket, this PC its visit. */
const HANDED_ARRIVAL = `SELECT h.office_id AS office, h.local_date, h.issued_at AS arrived_at, 'serving' AS state, h.number,
         v.id AS visit_id, v.waiting_seconds, v.started_at, COALESCE(v.closed_at, v.first_closed_at) AS closed_at,
         e.position, e.agency, e.errand_kind, e.outcome, e.lacks_eid, e.interpreter, h.supersedes
    FROM handed_arrivals h
    JOIN visits v ON v.id = h.visit_id
    LEFT JOIN errands e ON e.visit_id = v.id
   WHERE h.ticket_id = ?`;
/**
 * On an office hub, a ticket a counter PC has sent events for is counted from those events
 * (db/officeEvents.ts), not from the hub's row: that PC holds its visit.
 */
const NOT_COUNTED_BY_A_DEVICE = `t.state <> 'cancelled'
       AND NOT EXISTS (SELECT 1 FROM sync_outbox o WHERE o.from_device IS NOT NULL AND o.arrival_key = 't:' || t.id)`;

/** An ISO instant as whole milliseconds since the epoch, exactly (no float left to round wrong). */
const ms = (column: string) => `CAST(round(unixepoch(${column}, 'subsec') * 1000) AS INTEGER)`;

/**
 * The arrivals of a range as statistics cells (shared/statsCompute.ts `arrivalCells`, in
 * SQL): per local day and UTC hour of arrival (the local hour is taken in TypeScript,
 * Stockholm's offset changing only on whole UTC hours), sums and counts only. The same
 * arrivals as ARRIVAL_ERRANDS; service seconds rounded and capped as `secondsBetween`;
 * the buckets from WAIT_BUCKET_MINUTES, each including its upper edge (shared/statsSql.ts).
 */
const WAIT_BUCKETS_SQL = waitBucketsSql('waiting_seconds');
const ARRIVAL_CELLS = `
  WITH a AS (
    SELECT t.local_date, t.issued_at AS arrived_at, t.state = 'no_show' AS no_show, v.id AS visit_id,
           v.waiting_seconds, v.started_at, COALESCE(v.closed_at, v.first_closed_at) AS closed_at
      FROM tickets t LEFT JOIN visits v ON v.ticket_id = t.id
     WHERE t.office_id = @officeId AND t.local_date BETWEEN @from AND @to AND t.state <> 'cancelled'
    UNION ALL
    SELECT v.local_date, v.started_at, 0, v.id, v.waiting_seconds, v.started_at, COALESCE(v.closed_at, v.first_closed_at)
      FROM visits v
     WHERE v.ticket_id IS NULL AND v.office_id = @officeId AND v.local_date BETWEEN @from AND @to
  ), s AS (
    SELECT a.*,
           CASE WHEN closed_at IS NOT NULL
                THEN min(@maxSeconds, max(0, (${ms('closed_at')} - ${ms('started_at')} + 500) / 1000)) END AS service_seconds,
           EXISTS (SELECT 1 FROM errands e WHERE e.visit_id = a.visit_id AND e.lacks_eid = 1) AS without_eid,
           EXISTS (SELECT 1 FROM errands e WHERE e.visit_id = a.visit_id AND e.interpreter = 1) AS interpreter
      FROM a
  )
  SELECT local_date, substr(arrived_at, 1, 13) AS utc_hour, count(*) AS arrived, sum(no_show) AS no_shows,
         count(service_seconds) AS served, coalesce(sum(service_seconds), 0) AS service_sum,
         count(waiting_seconds) AS waits, coalesce(sum(waiting_seconds), 0) AS wait_sum,
         max(waiting_seconds) AS wait_max, count(waiting_seconds > @serviceLevelSeconds OR NULL) AS over_level,
         ${WAIT_BUCKETS_SQL},
         sum(without_eid) AS without_eid, sum(interpreter) AS interpreter
    FROM s
   GROUP BY local_date, utc_hour`;
const ERRAND_CELLS = `
  WITH a AS (
    SELECT t.local_date, v.id AS visit_id FROM tickets t JOIN visits v ON v.ticket_id = t.id
     WHERE t.office_id = @officeId AND t.local_date BETWEEN @from AND @to AND t.state <> 'cancelled'
    UNION ALL
    SELECT v.local_date, v.id FROM visits v
     WHERE v.ticket_id IS NULL AND v.office_id = @officeId AND v.local_date BETWEEN @from AND @to
  )
  SELECT a.local_date, e.agency, e.errand_kind, e.outcome, count(*) AS errands
    FROM a JOIN errands e ON e.visit_id = a.visit_id
   GROUP BY a.local_date, e.agency, e.errand_kind, e.outcome`;

interface ArrivalCellRow {
  local_date: string;
  utc_hour: string;
  arrived: number;
  no_shows: number;
  served: number;
  service_sum: number;
  waits: number;
  wait_sum: number;
  wait_max: number | null;
  over_level: number;
  without_eid: number;
  interpreter: number;
  [bucket: `b${number}`]: number;
}

/**
 * The raw visit rows of a range (one per errand) in export order: by instant of arrival
 * (so both 02:30s of the autumn DST night keep their order), each visit's errands together.
 */
const VISIT_ROWS = `
  SELECT * FROM (${ARRIVAL_ERRANDS}) WHERE agency IS NOT NULL ORDER BY arrived_at, visit_id, position`;
const VISIT_ROW_COUNT = `SELECT count(*) AS n FROM (${ARRIVAL_ERRANDS}) WHERE agency IS NOT NULL`;

/** Where an arrival came from: its ticket, or the visit started without one. Device-local ids. */
export type ArrivalRef = { ticketId: string } | { visitId: string };

/** One arrival with what the statistics event needs beyond the counted shape. */
export interface ArrivalState {
  officeId: string;
  /** False for a voided ticket: it is not (or no longer) an arrival. */
  counts: boolean;
  arrival: StatsArrival;
  /** On an office hub: the counter PC the ticket was handed to, which writes its events instead. */
  handedTo: string | null;
  /** On that counter PC: the hub's last event of the arrival, which its first one supersedes. */
  supersedes: string | null;
}

/** Read-only queries behind the supervisor's statistics. Nothing here reads notes or signatures. */
export class StatsRepository {
  constructor(private readonly db: Database) {}

  /** Offices this device holds visits or tickets for (travelling staff may hold several). */
  officesWithData(): string[] {
    return (
      // On an office hub, also the office its counter PCs sent events for (walk-ins only, say).
      (
        this.db
          .prepare(
            `SELECT office_id FROM visits UNION SELECT office_id FROM tickets
           UNION SELECT office_id FROM sync_outbox WHERE from_device IS NOT NULL ORDER BY 1`,
          )
          .all() as {
          office_id: string;
        }[]
      ).map((r) => r.office_id)
    );
  }

  private rows(range: StatsRange): ArrivalErrandRow[] {
    return this.db.prepare(ARRIVAL_ERRANDS).all(range) as ArrivalErrandRow[];
  }

  private arrivalStatements?: { ticket: Statement; visit: Statement; handed: Statement };
  private officeEvents?: OfficeEventsRepository;

  /** One arrival as the statistics count it now, or null when the ticket or visit does not exist. */
  arrival(ref: ArrivalRef): ArrivalState | null {
    // Prepared once: this runs inside every visit close (the outbox's event).
    this.arrivalStatements ??= {
      ticket: this.db.prepare(
        `SELECT t.office_id AS office, t.handed_to_device AS handed_to, ${TICKET_ARRIVAL.slice('SELECT '.length)}`,
      ),
      visit: this.db.prepare(`SELECT v.office_id AS office, ${VISIT_ARRIVAL.slice('SELECT '.length)}`),
      handed: this.db.prepare(HANDED_ARRIVAL),
    };
    type Row = ArrivalErrandRow & { office: string; handed_to?: string | null; supersedes?: string | null };
    let rows = (
      'ticketId' in ref
        ? this.arrivalStatements.ticket.all(ref.ticketId)
        : this.arrivalStatements.visit.all(ref.visitId)
    ) as Row[];
    if (rows.length === 0 && 'ticketId' in ref) rows = this.arrivalStatements.handed.all(ref.ticketId) as Row[];
    if (rows.length === 0) return null;
    const first = rows[0]!;
    return {
      officeId: first.office,
      counts: first.state !== 'cancelled',
      arrival: arrivalsOf(rows, first.office)[0]!,
      handedTo: first.handed_to ?? null,
      supersedes: first.supersedes ?? null,
    };
  }

  arrivals(range: StatsRange): StatsArrival[] {
    return arrivalsOf(this.rows(range), range.officeId);
  }

  /**
   * The range as statistics cells, aggregated by SQLite: a year of a busy office is a few
   * thousand rows, whatever the history holds.
   */
  cells(range: StatsRange, serviceLevelMinutes: number): StatsCells {
    const params = {
      ...range,
      serviceLevelSeconds: serviceLevelMinutes * 60,
      maxSeconds: MAX_EVENT_SECONDS,
    };
    const localHour = localHourOfUtcHour();
    // An office hub counts what its counter PCs write from their events (db/officeEvents.ts).
    const office = (this.officeEvents ??= new OfficeEventsRepository(this.db));
    const hub = office.hasDeviceEvents();
    const ticketRule = (sql: string) => (hub ? sql.replaceAll("t.state <> 'cancelled'", NOT_COUNTED_BY_A_DEVICE) : sql);
    const arrivals = (this.db.prepare(ticketRule(ARRIVAL_CELLS)).all(params) as ArrivalCellRow[]).map(
      (r): ArrivalCell => ({
        localDate: r.local_date,
        ...localHour(r.utc_hour),
        arrived: r.arrived,
        noShows: r.no_shows,
        served: r.served,
        serviceSum: r.service_sum,
        waits: r.waits,
        waitSum: r.wait_sum,
        waitMax: r.wait_max,
        overServiceLevel: r.over_level,
        waitBuckets: WAIT_BUCKET_MINUTES.map((_, i) => r[`b${i}`] ?? 0),
        withoutEid: r.without_eid,
        interpreter: r.interpreter,
      }),
    );
    const errands = (
      this.db.prepare(ticketRule(ERRAND_CELLS)).all(range) as {
        local_date: string;
        agency: Agency;
        errand_kind: string;
        outcome: Outcome | null;
        errands: number;
      }[]
    ).map((r): ErrandCell => ({
      localDate: r.local_date,
      agency: r.agency,
      errandKind: r.errand_kind,
      outcome: r.outcome,
      errands: r.errands,
    }));
    if (!hub) return { arrivals, errands };
    // Cells add up (reportFromCells sums them), so the two sources are simply joined.
    const devices = office.deviceCells(range, serviceLevelMinutes);
    return { arrivals: [...arrivals, ...devices.arrivals], errands: [...errands, ...devices.errands] };
  }

  /** How many raw visit rows (errands) the range's export holds. */
  visitRowCount(range: StatsRange): number {
    return (this.db.prepare(VISIT_ROW_COUNT).get(range) as { n: number }).n;
  }

  /** The raw visit rows, one at a time from SQLite: an export streams them, never holding a year. */
  *iterateVisitRows(range: StatsRange): Generator<VisitExportRow> {
    let visitNumber = 0;
    let lastVisit: string | null = null;
    const localHour = localHourOfUtcHour();
    for (const r of this.db.prepare(VISIT_ROWS).iterate(range) as IterableIterator<ArrivalErrandRow>) {
      if (r.visit_id !== lastVisit) {
        visitNumber++;
        lastVisit = r.visit_id;
      }
      yield visitRowOf(r, visitNumber, localHour);
    }
  }

  visitRows(range: StatsRange): VisitExportRow[] {
    return [...this.iterateVisitRows(range)];
  }
}

/**
 * The local hour, as lived, of a UTC hour 'YYYY-MM-DDTHH' (the offset changes only on whole
 * UTC hours): 0–23, with the autumn change day's two 02 hours told apart.
 */
function localHourOfUtcHour(): (utcHour: string) => LivedHour {
  const cache = new Map<string, LivedHour>();
  return (utcHour) => {
    let hour = cache.get(utcHour);
    if (hour === undefined) {
      hour = stockholmHour(new Date(`${utcHour}:00:00Z`));
      cache.set(utcHour, hour);
    }
    return hour;
  };
}

function arrivalsOf(rows: readonly ArrivalErrandRow[], officeId: string): StatsArrival[] {
  const arrivals: StatsArrival[] = [];
  // A visit's errands are gathered by its id, whatever order the planner returns rows in.
  const visits = new Map<string, StatsArrival>();
  for (const r of rows) {
    let arrival = r.visit_id ? visits.get(r.visit_id) : undefined;
    if (!arrival) {
      arrival = {
        officeId,
        localDate: r.local_date,
        arrivedAt: r.arrived_at,
        noShow: r.state === 'no_show',
        visit: r.visit_id
          ? {
              waitingSeconds: r.waiting_seconds,
              serviceSeconds: r.closed_at ? secondsBetween(r.started_at!, r.closed_at) : null,
              errands: [],
            }
          : null,
      };
      arrivals.push(arrival);
      if (r.visit_id) visits.set(r.visit_id, arrival);
    }
    if (r.agency !== null) arrival.visit!.errands.push(toStatsErrand(r));
  }
  return arrivals;
}

function visitRowOf(
  r: ArrivalErrandRow,
  visitNumber: number,
  localHour: (utcHour: string) => LivedHour,
): VisitExportRow {
  return {
    visitNumber,
    localDate: r.local_date,
    // Local hour from the UTC hour (cached), minutes as they are: no time-zone lookup per row.
    arrivedTime: `${String(localHour(r.arrived_at.slice(0, 13)).hour).padStart(2, '0')}:${r.arrived_at.slice(14, 16)}`,
    ticketNumber: r.number,
    waitingSeconds: r.waiting_seconds,
    serviceSeconds: r.closed_at ? secondsBetween(r.started_at!, r.closed_at) : null,
    position: r.position!,
    agency: r.agency!,
    errandKind: r.errand_kind!,
    outcome: r.outcome,
    lacksEid: r.lacks_eid === 1,
    interpreter: r.interpreter === 1,
  };
}

/** Whole seconds, capped at a year: the same bound the statistics event carries, so both sides count alike. */
function secondsBetween(from: string, to: string): number {
  return Math.min(MAX_EVENT_SECONDS, Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000)));
}

function toStatsErrand(e: ArrivalErrandRow): StatsErrand {
  return {
    agency: e.agency!,
    errandKind: e.errand_kind!,
    outcome: e.outcome,
    lacksEid: e.lacks_eid === 1,
    interpreter: e.interpreter === 1,
  };
}
