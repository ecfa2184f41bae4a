import type { Database, Statement } from 'better-sqlite3';
import type { Appointment, CalledNumber, Counter, QueueConfig, Ticket, TicketEvent } from '../shared/api';
import type { TicketAction } from '../shared/queue';
import {
  toAppointment,
  toCounter,
  toQueue,
  toTicket,
  type AppointmentRow,
  type CounterRow,
  type QueueRow,
  type TicketRow,
} from './queueRows';

/** The queue's statements, prepared once per connection; named, so a typo is a compile error. */
function prepareStatements(db: Database) {
  const p = (sql: string): Statement => db.prepare(sql);
  return {
    queues: p('SELECT * FROM queues WHERE office_id = ? ORDER BY letter'),
    upsertQueue: p(
      `INSERT INTO queues (office_id, letter, name, agencies, errand_kinds, priority, kiosk, active)
         VALUES (@officeId, @letter, @name, @agencies, @errandKinds, @priority, @kiosk, @active)
         ON CONFLICT (office_id, letter) DO UPDATE SET name = excluded.name, agencies = excluded.agencies,
           errand_kinds = excluded.errand_kinds, priority = excluded.priority, kiosk = excluded.kiosk, active = excluded.active`,
    ),
    counters: p('SELECT * FROM counters WHERE office_id = ? ORDER BY name'),
    counter: p('SELECT * FROM counters WHERE id = ? AND office_id = ?'),
    insertCounter: p('INSERT INTO counters (id, office_id, name) VALUES (?, ?, ?)'),
    openCounter: p('UPDATE counters SET officer_signature = ?, opened_at = ? WHERE id = ?'),
    closeCounter: p('UPDATE counters SET officer_signature = NULL, opened_at = NULL WHERE id = ?'),
    counterOfOfficer: p('SELECT * FROM counters WHERE office_id = ? AND officer_signature = ?'),
    nextSeq: p(
      'SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM tickets WHERE office_id = ? AND local_date = ? AND issued_letter = ?',
    ),
    insertTicket: p(
      `INSERT INTO tickets (id, office_id, local_date, issued_letter, seq, number, queue_letter, state, source, issued_at,
                              appointment_id, appointment_at)
         VALUES (@id, @officeId, @localDate, @letter, @seq, @number, @letter, 'waiting', @source, @issuedAt,
                 @appointmentId, @appointmentAt)`,
    ),
    ticket: p('SELECT * FROM tickets WHERE id = ? AND office_id = ?'),
    // The documented call order (shared/queue.ts orderForCalling), in SQL so "call next"
    // reads one row, not the whole queue. test/integration/db/callOrder.test.ts holds
    // the two to the same answers.
    waitingInOrder: p(
      `SELECT t.* FROM tickets t JOIN queues q ON q.office_id = t.office_id AND q.letter = t.queue_letter
         WHERE t.office_id = @officeId AND t.local_date = @localDate AND t.state = 'waiting'
         ORDER BY (t.appointment_at IS NOT NULL AND t.appointment_at <= @dueBefore) DESC,
                  CASE WHEN t.appointment_at <= @dueBefore THEN t.appointment_at END ASC,
                  q.priority DESC, t.issued_at ASC, t.id ASC
         LIMIT @limit`,
    ),
    waitingCounts: p(
      `SELECT queue_letter, COUNT(*) AS n FROM tickets
         WHERE office_id = ? AND local_date = ? AND state = 'waiting' GROUP BY queue_letter`,
    ),
    firstDueBooking: p(
      `SELECT t.* FROM tickets t JOIN queues q ON q.office_id = t.office_id AND q.letter = t.queue_letter
         WHERE t.office_id = ? AND t.local_date = ? AND t.state = 'waiting'
           AND t.appointment_at IS NOT NULL AND t.appointment_at <= ?
         ORDER BY t.appointment_at, q.priority DESC, t.issued_at, t.id LIMIT 1`,
    ),
    firstArrivalIn: p(
      `SELECT * FROM tickets INDEXED BY tickets_waiting
         WHERE office_id = ? AND local_date = ? AND state = 'waiting' AND queue_letter IN (SELECT value FROM json_each(?))
         ORDER BY issued_at, id LIMIT 1`,
    ),
    activeOfOffice: p(
      "SELECT * FROM tickets WHERE office_id = ? AND state IN ('called', 'serving') ORDER BY last_called_at",
    ),
    noShowsOfDay: p(
      "SELECT * FROM tickets WHERE office_id = ? AND local_date = ? AND state = 'no_show' ORDER BY last_called_at DESC",
    ),
    activeOfCounter: p("SELECT * FROM tickets WHERE counter_id = ? AND state IN ('called', 'serving')"),
    update: p(
      `UPDATE tickets SET state = @state, queue_letter = @queueLetter, counter_id = @counterId,
           officer_signature = @officerSignature, first_called_at = @firstCalledAt, last_called_at = @lastCalledAt,
           call_count = @callCount, recalled_after_no_show = @recalledAfterNoShow,
           service_started_at = @serviceStartedAt, ended_at = @endedAt
         WHERE id = @id AND state = @expectedState`,
    ),
    event: p(
      `INSERT INTO ticket_events (ticket_id, action, from_state, to_state, queue_letter, counter_id, officer_signature, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    events: p(
      'SELECT action, from_state, to_state, queue_letter, counter_id, at FROM ticket_events WHERE ticket_id = ? ORDER BY id',
    ),
    recentCalls: p(
      `SELECT t.number, c.name AS counter_name, e.at FROM ticket_events e
         JOIN tickets t ON t.id = e.ticket_id JOIN counters c ON c.id = e.counter_id
         WHERE t.office_id = ? AND t.local_date = ? AND e.action IN ('call', 'recall')
         ORDER BY e.id DESC LIMIT ?`,
    ),
    insertAppointment: p(
      `INSERT INTO appointments (id, office_id, queue_letter, reference, scheduled_at, local_date, agency, errand_kind, created_at)
         VALUES (@id, @officeId, @queueLetter, @reference, @scheduledAt, @localDate, @agency, @errandKind, @createdAt)`,
    ),
    appointmentsOfDay: p('SELECT * FROM appointments WHERE office_id = ? AND local_date = ? ORDER BY scheduled_at'),
    appointmentByRef: p('SELECT * FROM appointments WHERE office_id = ? AND local_date = ? AND reference = ?'),
    checkIn: p('UPDATE appointments SET ticket_id = ? WHERE id = ? AND ticket_id IS NULL'),
  };
}

export class QueueRepository {
  private readonly s: ReturnType<typeof prepareStatements>;

  constructor(private readonly db: Database) {
    this.s = prepareStatements(db);
  }

  queues(officeId: string): QueueConfig[] {
    return (this.s.queues.all(officeId) as QueueRow[]).map(toQueue);
  }

  saveQueue(officeId: string, q: QueueConfig): void {
    this.s.upsertQueue.run({
      officeId,
      letter: q.letter,
      name: q.name,
      agencies: JSON.stringify(q.agencies),
      errandKinds: JSON.stringify(q.errandKinds),
      priority: q.priority,
      kiosk: q.kiosk ? 1 : 0,
      active: q.active ? 1 : 0,
    });
  }

  counters(officeId: string): Counter[] {
    return (this.s.counters.all(officeId) as CounterRow[]).map(toCounter);
  }

  counter(officeId: string, id: string): Counter | null {
    const row = this.s.counter.get(id, officeId) as CounterRow | undefined;
    return row ? toCounter(row) : null;
  }

  addCounter(officeId: string, id: string, name: string): void {
    this.s.insertCounter.run(id, officeId, name);
  }

  counterOfOfficer(officeId: string, officer: string): Counter | null {
    const row = this.s.counterOfOfficer.get(officeId, officer) as CounterRow | undefined;
    return row ? toCounter(row) : null;
  }

  openCounter(id: string, officer: string, at: string): void {
    this.s.openCounter.run(officer, at, id);
  }

  closeCounter(id: string): void {
    this.s.closeCounter.run(id);
  }

  nextSeq(officeId: string, localDate: string, letter: string): number {
    return (this.s.nextSeq.get(officeId, localDate, letter) as { seq: number }).seq;
  }

  insertTicket(t: {
    id: string;
    officeId: string;
    localDate: string;
    letter: string;
    seq: number;
    number: string;
    source: Ticket['source'];
    issuedAt: string;
    appointmentId: string | null;
    appointmentAt: string | null;
  }): void {
    this.s.insertTicket.run(t);
  }

  ticketRow(officeId: string, id: string): TicketRow | null {
    return (this.s.ticket.get(id, officeId) as TicketRow | undefined) ?? null;
  }

  /** How many wait in each queue today. */
  waitingCounts(officeId: string, localDate: string): Map<string, number> {
    const rows = this.s.waitingCounts.all(officeId, localDate) as { queue_letter: string; n: number }[];
    return new Map(rows.map((r) => [r.queue_letter, r.n]));
  }

  /**
   * The first ticket of waitingInOrder without sorting the queue: a due booking if there
   * is one, else the earliest arrival in the highest-priority queues that have anyone,
   * each found through an index. Same answer as waitingInOrder(…, 1).
   */
  nextToCall(officeId: string, localDate: string, dueBefore: string): TicketRow | null {
    const due = this.s.firstDueBooking.get(officeId, localDate, dueBefore) as TicketRow | undefined;
    if (due) return due;
    const levels = new Map<number, string[]>();
    for (const q of this.queues(officeId)) levels.set(q.priority, [...(levels.get(q.priority) ?? []), q.letter]);
    for (const priority of [...levels.keys()].sort((a, b) => b - a)) {
      const letters = JSON.stringify(levels.get(priority));
      const first = this.s.firstArrivalIn.get(officeId, localDate, letters) as TicketRow | undefined;
      if (first) return first;
    }
    return null;
  }

  /**
   * Today's waiting tickets in call order; `dueBefore` is now + the appointment lead
   * (ISO instant), `limit` 1 for "call next".
   */
  waitingInOrder(officeId: string, localDate: string, dueBefore: string, limit = -1): TicketRow[] {
    return this.s.waitingInOrder.all({ officeId, localDate, dueBefore, limit }) as TicketRow[];
  }

  /** Every ticket of the office being called or served now (whatever day it was issued). */
  activeTickets(officeId: string): Ticket[] {
    return (this.s.activeOfOffice.all(officeId) as TicketRow[]).map(toTicket);
  }

  noShowTickets(officeId: string, localDate: string): Ticket[] {
    return (this.s.noShowsOfDay.all(officeId, localDate) as TicketRow[]).map(toTicket);
  }

  activeOfCounter(counterId: string): TicketRow | null {
    return (this.s.activeOfCounter.get(counterId) as TicketRow | undefined) ?? null;
  }

  /**
   * Writes a ticket's new state and its event. The update is guarded by the state the
   * caller read, so a change that lost a race changes nothing (returns false).
   */
  transition(row: TicketRow, next: TicketRow, action: TicketAction, at: string): boolean {
    const changed = this.s.update.run({
      id: row.id,
      expectedState: row.state,
      state: next.state,
      queueLetter: next.queue_letter,
      counterId: next.counter_id,
      officerSignature: next.officer_signature,
      firstCalledAt: next.first_called_at,
      lastCalledAt: next.last_called_at,
      callCount: next.call_count,
      recalledAfterNoShow: next.recalled_after_no_show,
      serviceStartedAt: next.service_started_at,
      endedAt: next.ended_at,
    }).changes;
    if (changed !== 1) return false;
    this.s.event.run(
      row.id,
      action,
      row.state,
      next.state,
      next.queue_letter,
      next.counter_id,
      next.officer_signature,
      at,
    );
    return true;
  }

  /** The issue event (no from-state). */
  issued(row: { id: string; letter: string }, at: string): void {
    this.s.event.run(row.id, 'issue', null, 'waiting', row.letter, null, null, at);
  }

  /** A ticket's history, oldest first. */
  events(ticketId: string): TicketEvent[] {
    type Row = {
      action: string;
      from_state: string | null;
      to_state: string;
      queue_letter: string;
      counter_id: string | null;
      at: string;
    };
    return (this.s.events.all(ticketId) as Row[]).map((e) => ({
      action: e.action,
      fromState: e.from_state,
      toState: e.to_state,
      queueLetter: e.queue_letter,
      counterId: e.counter_id,
      at: e.at,
    }));
  }

  /** The latest calls, newest first, each number once (a recall moves it to the top). */
  recentCalls(officeId: string, localDate: string, limit: number): CalledNumber[] {
    type Row = { number: string; counter_name: string; at: string };
    const rows = this.s.recentCalls.all(officeId, localDate, limit * 4) as Row[];
    const seen = new Set<string>();
    const calls: CalledNumber[] = [];
    for (const r of rows) {
      if (seen.has(r.number)) continue;
      seen.add(r.number);
      calls.push({ number: r.number, counterName: r.counter_name, calledAt: r.at });
      if (calls.length === limit) break;
    }
    return calls;
  }

  insertAppointment(a: {
    id: string;
    officeId: string;
    queueLetter: string;
    reference: string;
    scheduledAt: string;
    localDate: string;
    agency: string | null;
    errandKind: string | null;
    createdAt: string;
  }): void {
    this.s.insertAppointment.run(a);
  }

  appointmentsOfDay(officeId: string, localDate: string): Appointment[] {
    return (this.s.appointmentsOfDay.all(officeId, localDate) as AppointmentRow[]).map(toAppointment);
  }

  appointmentByReference(officeId: string, localDate: string, reference: string): Appointment | null {
    const row = this.s.appointmentByRef.get(officeId, localDate, reference) as AppointmentRow | undefined;
    return row ? toAppointment(row) : null;
  }

  checkIn(appointmentId: string, ticketId: string): boolean {
    return this.s.checkIn.run(ticketId, appointmentId).changes === 1;
  }
}
