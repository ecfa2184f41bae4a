import type { Database, Statement } from 'better-sqlite3';
import type { Agency, Outcome } from '../shared/domain';
import type { StatsArrival, StatsErrand, VisitExportRow } from '../shared/stats';
import { MAX_EVENT_SECONDS } from '../shared/sync';
import { stockholmTime } from '../shared/time';

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

/** Where an arrival came from: its ticket, or the visit started without one. Device-local ids. */
export type ArrivalRef = { ticketId: string } | { visitId: string };

/** One arrival with what the statistics event needs beyond the counted shape. */
export interface ArrivalState {
  officeId: string;
  /** False for a voided ticket: it is not (or no longer) an arrival. */
  counts: boolean;
  arrival: StatsArrival;
}

/** Read-only queries behind the supervisor's statistics. Nothing here reads notes or signatures. */
export class StatsRepository {
  constructor(private readonly db: Database) {}

  /** Offices this device holds visits or tickets for (travelling staff may hold several). */
  officesWithData(): string[] {
    return (
      this.db.prepare('SELECT office_id FROM visits UNION SELECT office_id FROM tickets ORDER BY 1').all() as {
        office_id: string;
      }[]
    ).map((r) => r.office_id);
  }

  private rows(range: StatsRange): ArrivalErrandRow[] {
    return this.db.prepare(ARRIVAL_ERRANDS).all(range) as ArrivalErrandRow[];
  }

  private arrivalStatements?: { ticket: Statement; visit: Statement };

  /** One arrival as the statistics count it now, or null when the ticket or visit does not exist. */
  arrival(ref: ArrivalRef): ArrivalState | null {
    // Prepared once: this runs inside every visit close (the outbox's event).
    this.arrivalStatements ??= {
      ticket: this.db.prepare(`SELECT t.office_id AS office, ${TICKET_ARRIVAL.slice('SELECT '.length)}`),
      visit: this.db.prepare(`SELECT v.office_id AS office, ${VISIT_ARRIVAL.slice('SELECT '.length)}`),
    };
    const rows = (
      'ticketId' in ref
        ? this.arrivalStatements.ticket.all(ref.ticketId)
        : this.arrivalStatements.visit.all(ref.visitId)
    ) as (ArrivalErrandRow & { office: string })[];
    if (rows.length === 0) return null;
    const officeId = rows[0]!.office;
    return { officeId, counts: rows[0]!.state !== 'cancelled', arrival: arrivalsOf(rows, officeId)[0]! };
  }

  arrivals(range: StatsRange): StatsArrival[] {
    return arrivalsOf(this.rows(range), range.officeId);
  }

  visitRows(range: StatsRange): VisitExportRow[] {
    return visitRowsOf(this.rows(range));
  }

  /** Both from one read, for an export that holds the report and the raw rows. */
  arrivalsWithVisitRows(range: StatsRange): { arrivals: StatsArrival[]; visitRows: VisitExportRow[] } {
    const rows = this.rows(range);
    return { arrivals: arrivalsOf(rows, range.officeId), visitRows: visitRowsOf(rows) };
  }
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

/**
 * One row per errand of every visit in the range, for the raw export: in order of arrival
 * (the instant, so both 02:30s of the autumn DST night keep their order), each visit's
 * errands together, numbered per export so rows can be grouped into visits without an id.
 */
function visitRowsOf(all: readonly ArrivalErrandRow[]): VisitExportRow[] {
  const rows = all.filter((r) => r.agency !== null);
  rows.sort((a, b) =>
    a.arrived_at < b.arrived_at
      ? -1
      : a.arrived_at > b.arrived_at
        ? 1
        : a.visit_id! < b.visit_id!
          ? -1
          : a.visit_id! > b.visit_id!
            ? 1
            : a.position! - b.position!,
  );
  let visitNumber = 0;
  let lastVisit: string | null = null;
  return rows.map((r) => {
    if (r.visit_id !== lastVisit) {
      visitNumber++;
      lastVisit = r.visit_id;
    }
    return {
      visitNumber,
      localDate: r.local_date,
      arrivedTime: stockholmTime(new Date(r.arrived_at)),
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
  });
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
