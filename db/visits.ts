import type { Database, Statement } from 'better-sqlite3';
import type { Errand, Visit, VisitCorrection } from '../shared/api';
import type { Agency, CorrectionReason, ErrandKind, Outcome, OverrideReason } from '../shared/domain';

interface VisitRow {
  id: string;
  office_id: string;
  officer_signature: string;
  started_at: string;
  local_date: string;
  closed_at: string | null;
  ticket_id: string | null;
  ticket_number: string | null;
  counter_id: string | null;
  counter_name: string | null;
  waiting_seconds: number | null;
  corrections: number;
}
interface ErrandRow {
  id: string;
  visit_id: string;
  position: number;
  agency: Agency;
  errand_kind: ErrandKind;
  outcome: Outcome | null;
  created_at: string;
  lacks_eid: number;
  interpreter: number;
  language: string | null;
  note: string | null;
  note_purge_after: string | null;
  guide_ref: string | null;
  referral_to: string | null;
  guide_outcome: Outcome | null;
  outcome_reason: OverrideReason | null;
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
    lacksEid: r.lacks_eid === 1,
    interpreter: r.interpreter === 1,
    language: r.language,
    note: r.note,
    notePurgeAfter: r.note_purge_after,
    guideRef: r.guide_ref,
    guideOutcome: r.guide_outcome ?? null,
    outcomeReason: r.outcome_reason ?? null,
    referralTo: r.referral_to ? r.referral_to.split(',') : null,
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
    ticketId: r.ticket_id,
    ticketNumber: r.ticket_number,
    counterId: r.counter_id,
    counterName: r.counter_name,
    waitingSeconds: r.waiting_seconds,
    corrections: r.corrections,
    errands,
  };
}

/**
 * Visits with the number of their ticket and the name of their counter. A visit of a ticket the
 * office hub handed to this PC shows that ticket (its own ticket_id column cannot name it).
 */
const VISIT_SELECT = `SELECT v.*, COALESCE(v.ticket_id, h.ticket_id) AS ticket_id,
  COALESCE(t.number, h.number) AS ticket_number, c.name AS counter_name FROM visits v
  LEFT JOIN tickets t ON t.id = v.ticket_id LEFT JOIN counters c ON c.id = v.counter_id
  LEFT JOIN handed_arrivals h ON h.visit_id = v.id`;

export interface ErrandDetails {
  lacksEid?: boolean;
  interpreter?: boolean;
  language?: string | null;
  note?: string | null;
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
  private readonly reopenStmt: Statement;
  private readonly insertCorrectionStmt: Statement;
  private readonly correctionsStmt: Statement;
  private readonly purgeNotesStmt: Statement;

  constructor(private readonly db: Database) {
    this.insertVisitStmt = db.prepare(
      `INSERT INTO visits (id, office_id, officer_signature, started_at, local_date, ticket_id, counter_id, waiting_seconds)
       VALUES (@id, @officeId, @officerSignature, @startedAt, @localDate, @ticketId, @counterId, @waitingSeconds)`,
    );
    this.visitByIdStmt = db.prepare(`${VISIT_SELECT} WHERE v.id = ?`);
    this.errandsOfVisitStmt = db.prepare('SELECT * FROM errands WHERE visit_id = ? ORDER BY position');
    this.insertErrandStmt = db.prepare(
      `INSERT INTO errands (id, visit_id, position, agency, errand_kind, created_at)
       VALUES (@id, @visitId, (SELECT COALESCE(MAX(position), 0) + 1 FROM errands WHERE visit_id = @visitId),
               @agency, @errandKind, @createdAt)`,
    );
    this.errandByIdStmt = db.prepare('SELECT * FROM errands WHERE id = ?');
    this.setOutcomeStmt = db.prepare('UPDATE errands SET outcome = ?, outcome_reason = ? WHERE id = ?');
    // A corrected visit closes again at its first end, so its service time stays true.
    this.closeStmt = db.prepare(
      `UPDATE visits SET closed_at = COALESCE(first_closed_at, @closedAt), first_closed_at = COALESCE(first_closed_at, @closedAt)
       WHERE id = @id AND closed_at IS NULL RETURNING closed_at`,
    );
    this.openOfOfficerStmt = db.prepare(
      `SELECT id FROM visits WHERE office_id = ? AND officer_signature = ? AND closed_at IS NULL
       ORDER BY started_at DESC, rowid DESC LIMIT 1`,
    );
    this.visitsOfDayStmt = db.prepare(
      `${VISIT_SELECT} WHERE v.office_id = ? AND v.local_date = ? ORDER BY v.started_at DESC, v.id`,
    );
    this.errandsOfDayStmt = db.prepare(
      `SELECT e.* FROM errands e JOIN visits v ON v.id = e.visit_id
       WHERE v.office_id = ? AND v.local_date = ? ORDER BY e.visit_id, e.position`,
    );
    this.reopenStmt = db.prepare(
      'UPDATE visits SET closed_at = NULL, corrections = corrections + 1 WHERE id = ? AND closed_at IS NOT NULL',
    );
    this.insertCorrectionStmt = db.prepare(
      'INSERT INTO visit_corrections (visit_id, officer_signature, at, before_json, reason) VALUES (?, ?, ?, ?, ?)',
    );
    this.correctionsStmt = db.prepare(
      'SELECT officer_signature, at, before_json, reason FROM visit_corrections WHERE visit_id = ? ORDER BY id',
    );
    this.purgeNotesStmt = db.prepare(
      'UPDATE errands SET note = NULL, note_purge_after = NULL WHERE note IS NOT NULL AND note_purge_after <= ?',
    );
  }

  insertVisit(v: {
    id: string;
    officeId: string;
    officerSignature: string;
    startedAt: string;
    localDate: string;
    ticketId?: string | null;
    counterId?: string | null;
    waitingSeconds?: number | null;
  }) {
    this.insertVisitStmt.run({ ticketId: null, counterId: null, waitingSeconds: null, ...v });
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

  /** The officer's outcome, with the reason when it overrides the guide's. */
  setOutcome(errandId: string, outcome: Outcome, reason: OverrideReason | null = null) {
    this.setOutcomeStmt.run(outcome, reason, errandId);
  }

  /** Pins the guide version an errand is walked with; a pin already there is kept. */
  pinGuide(errandId: string, guideRef: string): void {
    this.db.prepare('UPDATE errands SET guide_ref = COALESCE(guide_ref, ?) WHERE id = ?').run(guideRef, errandId);
  }

  /** The outcome a guide reached, and where a referral points (office ids or `channel:<name>`). */
  recordGuideOutcome(errandId: string, outcome: Outcome, referralTo: string[] | null): void {
    this.db
      .prepare('UPDATE errands SET outcome = ?, guide_outcome = ?, outcome_reason = NULL, referral_to = ? WHERE id = ?')
      .run(outcome, outcome, referralTo?.join(',') ?? null, errandId);
  }

  /** Guide versions errands of open visits are pinned to: the package store must keep them. */
  pinnedGuideRefs(): string[] {
    // From the open visits (CROSS JOIN keeps that order: the partial index of open visits),
    // never from every guided errand in history: this runs at every start (issue 12).
    return (
      this.db
        .prepare(
          `SELECT DISTINCT e.guide_ref AS ref FROM visits v CROSS JOIN errands e ON e.visit_id = v.id
           WHERE v.closed_at IS NULL AND e.guide_ref IS NOT NULL`,
        )
        .all() as { ref: string }[]
    ).map((r) => r.ref);
  }

  /** Closes an open visit; returns its closing time (the first one, for a corrected visit), or null if it was not open. */
  close(visitId: string, closedAt: string): string | null {
    const row = this.closeStmt.get({ id: visitId, closedAt }) as { closed_at: string } | undefined;
    return row?.closed_at ?? null;
  }

  openVisitOf(officeId: string, officerSignature: string): Visit | null {
    const row = this.openOfOfficerStmt.get(officeId, officerSignature) as { id: string } | undefined;
    return row ? this.findVisit(row.id) : null;
  }

  /** Flags and note of one errand; only the fields given change. */
  updateErrand(errandId: string, details: ErrandDetails, notePurgeAfter: string | null): void {
    const sets: string[] = [];
    const params: Record<string, unknown> = { id: errandId };
    const set = (column: string, name: string, value: unknown) => {
      sets.push(`${column} = @${name}`);
      params[name] = value;
    };
    if (details.lacksEid !== undefined) set('lacks_eid', 'lacksEid', details.lacksEid ? 1 : 0);
    if (details.interpreter !== undefined) set('interpreter', 'interpreter', details.interpreter ? 1 : 0);
    if (details.language !== undefined) set('language', 'language', details.language);
    if (details.note !== undefined) {
      set('note', 'note', details.note);
      set('note_purge_after', 'purge', details.note === null ? null : notePurgeAfter);
    }
    if (sets.length) this.db.prepare(`UPDATE errands SET ${sets.join(', ')} WHERE id = @id`).run(params);
  }

  /** Reopens a closed visit for correction, keeping what it was (without notes) as history. */
  reopen(visit: Visit, officerSignature: string, at: string, reason: CorrectionReason | null = null): boolean {
    const before = { ...visit, errands: visit.errands.map((e) => ({ ...e, note: null, notePurgeAfter: null })) };
    if (this.reopenStmt.run(visit.id).changes !== 1) return false;
    this.insertCorrectionStmt.run(visit.id, officerSignature, at, JSON.stringify(before), reason);
    return true;
  }

  corrections(visitId: string): VisitCorrection[] {
    return (
      this.correctionsStmt.all(visitId) as {
        officer_signature: string;
        at: string;
        before_json: string;
        reason: CorrectionReason | null;
      }[]
    ).map((r) => ({
      officerSignature: r.officer_signature,
      at: r.at,
      reason: r.reason,
      before: JSON.parse(r.before_json) as Visit,
    }));
  }

  /**
   * Removes every note whose retention has run out; returns how many. With secure_delete
   * the old text is overwritten in the database, and the WAL (which still holds the old
   * pages) is checkpointed and truncated so no copy lingers there either.
   */
  purgeNotes(now: string): number {
    const purged = this.purgeNotesStmt.run(now).changes;
    if (purged > 0) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return purged;
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
}
