import type { Database } from 'better-sqlite3';
import type { Agency, Outcome } from '../shared/domain';
import type { StatsArrival, StatsErrand, VisitExportRow } from '../shared/stats';
import { stockholmTime } from '../shared/time';

interface ArrivalRow {
  local_date: string;
  arrived_at: string;
  state: string | null;
  number: string | null;
  visit_id: string | null;
  waiting_seconds: number | null;
  started_at: string | null;
  closed_at: string | null;
}

interface ErrandRow {
  visit_id: string;
  position: number;
  agency: Agency;
  errand_kind: string;
  outcome: Outcome | null;
  lacks_eid: number;
  interpreter: number;
}

export interface StatsRange {
  officeId: string;
  from: string;
  to: string;
}

/**
 * Every arrival of an office in a range of local days: each ticket (on the day it was
 * issued, so a visit that crosses midnight counts once, on that day) and each visit
 * started without a ticket. A corrected visit is one row holding its corrected errands.
 */
const ARRIVALS = `
  SELECT t.local_date, t.issued_at AS arrived_at, t.state, t.number,
         v.id AS visit_id, v.waiting_seconds, v.started_at, v.closed_at
    FROM tickets t LEFT JOIN visits v ON v.ticket_id = t.id
   WHERE t.office_id = @officeId AND t.local_date BETWEEN @from AND @to
  UNION ALL
  SELECT v.local_date, v.started_at, NULL, NULL, v.id, v.waiting_seconds, v.started_at, v.closed_at
    FROM visits v
   WHERE v.ticket_id IS NULL AND v.office_id = @officeId AND v.local_date BETWEEN @from AND @to
   ORDER BY 1, 2`;

const ERRANDS = `
  SELECT e.visit_id, e.position, e.agency, e.errand_kind, e.outcome, e.lacks_eid, e.interpreter
    FROM errands e
    JOIN visits v ON v.id = e.visit_id
    LEFT JOIN tickets t ON t.id = v.ticket_id
   WHERE v.office_id = @officeId AND COALESCE(t.local_date, v.local_date) BETWEEN @from AND @to
   ORDER BY e.visit_id, e.position`;

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

  private errandsByVisit(range: StatsRange): Map<string, ErrandRow[]> {
    const byVisit = new Map<string, ErrandRow[]>();
    for (const row of this.db.prepare(ERRANDS).iterate(range) as IterableIterator<ErrandRow>) {
      const list = byVisit.get(row.visit_id);
      if (list) list.push(row);
      else byVisit.set(row.visit_id, [row]);
    }
    return byVisit;
  }

  arrivals(range: StatsRange): StatsArrival[] {
    const errands = this.errandsByVisit(range);
    const rows = this.db.prepare(ARRIVALS).all(range) as ArrivalRow[];
    return rows.map((r) => ({
      officeId: range.officeId,
      localDate: r.local_date,
      arrivedAt: r.arrived_at,
      noShow: r.state === 'no_show',
      visit: r.visit_id
        ? {
            waitingSeconds: r.waiting_seconds,
            serviceSeconds: r.closed_at ? secondsBetween(r.started_at!, r.closed_at) : null,
            errands: (errands.get(r.visit_id) ?? []).map(toStatsErrand),
          }
        : null,
    }));
  }

  /** One row per errand of every visit in the range, for the raw export. */
  visitRows(range: StatsRange): VisitExportRow[] {
    const errands = this.errandsByVisit(range);
    const rows = this.db.prepare(ARRIVALS).all(range) as ArrivalRow[];
    return rows.flatMap((r) =>
      (r.visit_id ? (errands.get(r.visit_id) ?? []) : []).map((e) => ({
        localDate: r.local_date,
        arrivedTime: stockholmTime(new Date(r.arrived_at)),
        ticketNumber: r.number,
        waitingSeconds: r.waiting_seconds,
        serviceSeconds: r.closed_at ? secondsBetween(r.started_at!, r.closed_at) : null,
        position: e.position,
        agency: e.agency,
        errandKind: e.errand_kind,
        outcome: e.outcome,
        lacksEid: e.lacks_eid === 1,
        interpreter: e.interpreter === 1,
      })),
    );
  }
}

function secondsBetween(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
}

function toStatsErrand(e: ErrandRow): StatsErrand {
  return {
    agency: e.agency,
    errandKind: e.errand_kind,
    outcome: e.outcome,
    lacksEid: e.lacks_eid === 1,
    interpreter: e.interpreter === 1,
  };
}
