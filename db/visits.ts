import type { Database, Statement } from 'better-sqlite3';
import type { Errand, Visit } from '../shared/api';
import type { Agency, ErrandKind, Outcome } from '../shared/domain';

interface VisitRow {
  id: string;
  office_id: string;
  officer_signature: string;
  started_at: string;
  local_date: string;
  closed_at: string | null;
}
interface ErrandRow {
  id: string;
  visit_id: string;
  position: number;
  agency: Agency;
  errand_kind: ErrandKind;
  outcome: Outcome | null;
  created_at: string;
}

function toErrand(r: ErrandRow): Errand {
  return {
    id: r.id,
    visitId: r.visit_id,
    position: r.position,
    agency: r.agency,
    errandKind: r.errand_kind,
    outcome: r.outcome,
    createdAt: r.created_at,
  };
}
function toVisit(r: VisitRow, errands: Errand[]): Visit {
  return {
    id: r.id,
    officeId: r.office_id,
    officerSignature: r.officer_signature,
    startedAt: r.started_at,
    localDate: r.local_date,
    closedAt: r.closed_at,
    errands,
  };
}

/**
 * The case log's statements, prepared once per connection: the hot paths (close a
 * visit, today's log) must cost about what the raw SQL costs (see test/bench).
 */
export class VisitRepository {
  private readonly insertVisitStmt: Statement;
  private readonly visitByIdStmt: Statement;
  private readonly errandsOfVisitStmt: Statement;
  private readonly insertErrandStmt: Statement;
  private readonly errandByIdStmt: Statement;
  private readonly setOutcomeStmt: Statement;
  private readonly closeStmt: Statement;
  private readonly openOfOfficerStmt: Statement;
  private readonly visitsOfDayStmt: Statement;
  private readonly errandsOfDayStmt: Statement;

  constructor(private readonly db: Database) {
    this.insertVisitStmt = db.prepare(
      `INSERT INTO visits (id, office_id, officer_signature, started_at, local_date)
       VALUES (@id, @officeId, @officerSignature, @startedAt, @localDate)`,
    );
    this.visitByIdStmt = db.prepare('SELECT * FROM visits WHERE id = ?');
    this.errandsOfVisitStmt = db.prepare('SELECT * FROM errands WHERE visit_id = ? ORDER BY position');
    this.insertErrandStmt = db.prepare(
      `INSERT INTO errands (id, visit_id, position, agency, errand_kind, created_at)
       VALUES (@id, @visitId, (SELECT COALESCE(MAX(position), 0) + 1 FROM errands WHERE visit_id = @visitId),
               @agency, @errandKind, @createdAt)`,
    );
    this.errandByIdStmt = db.prepare('SELECT * FROM errands WHERE id = ?');
    this.setOutcomeStmt = db.prepare('UPDATE errands SET outcome = ? WHERE id = ?');
    this.closeStmt = db.prepare('UPDATE visits SET closed_at = ? WHERE id = ? AND closed_at IS NULL');
    this.openOfOfficerStmt = db.prepare(
      `SELECT * FROM visits WHERE office_id = ? AND officer_signature = ? AND closed_at IS NULL
       ORDER BY started_at DESC LIMIT 1`,
    );
    this.visitsOfDayStmt = db.prepare(
      'SELECT * FROM visits WHERE office_id = ? AND local_date = ? ORDER BY started_at DESC, id',
    );
    this.errandsOfDayStmt = db.prepare(
      `SELECT e.* FROM errands e JOIN visits v ON v.id = e.visit_id
       WHERE v.office_id = ? AND v.local_date = ? ORDER BY e.visit_id, e.position`,
    );
  }

  insertVisit(v: { id: string; officeId: string; officerSignature: string; startedAt: string; localDate: string }) {
    this.insertVisitStmt.run(v);
  }

  findVisit(id: string): Visit | null {
    const row = this.visitByIdStmt.get(id) as VisitRow | undefined;
    if (!row) return null;
    return toVisit(row, (this.errandsOfVisitStmt.all(id) as ErrandRow[]).map(toErrand));
  }

  findErrand(id: string): Errand | null {
    const row = this.errandByIdStmt.get(id) as ErrandRow | undefined;
    return row ? toErrand(row) : null;
  }

  insertErrand(e: { id: string; visitId: string; agency: Agency; errandKind: ErrandKind; createdAt: string }) {
    this.insertErrandStmt.run(e);
  }

  setOutcome(errandId: string, outcome: Outcome) {
    this.setOutcomeStmt.run(outcome, errandId);
  }

  /** Returns false when the visit was already closed (nothing changed). */
  close(visitId: string, closedAt: string): boolean {
    return this.closeStmt.run(closedAt, visitId).changes === 1;
  }

  openVisitOf(officeId: string, officerSignature: string): Visit | null {
    const row = this.openOfOfficerStmt.get(officeId, officerSignature) as VisitRow | undefined;
    return row ? this.findVisit(row.id) : null;
  }

  /** All visits of one office on one local day, newest first, with their errands (two queries, no N+1). */
  visitsOfDay(officeId: string, localDate: string): Visit[] {
    const errands = new Map<string, Errand[]>();
    for (const r of this.errandsOfDayStmt.all(officeId, localDate) as ErrandRow[]) {
      const list = errands.get(r.visit_id) ?? [];
      list.push(toErrand(r));
      errands.set(r.visit_id, list);
    }
    return (this.visitsOfDayStmt.all(officeId, localDate) as VisitRow[]).map((r) =>
      toVisit(r, errands.get(r.id) ?? []),
    );
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}
