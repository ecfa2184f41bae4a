/**
 * The visitor queue's rules, pure so every transition and the call order can be
 * tested exhaustively. Definitions follow docs/domain.md (The queue).
 */

export const TICKET_STATES = ['waiting', 'called', 'serving', 'done', 'no_show', 'cancelled'] as const;
export type TicketState = (typeof TICKET_STATES)[number];

/** What an officer (or the kiosk, or closing a visit) can do to a ticket. */
export const TICKET_ACTIONS = [
  'call',
  'recall',
  'serve',
  'no_show',
  'requeue',
  'transfer',
  'cancel',
  'finish',
] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

/**
 * The legal transitions. Anything not listed is refused with ILLEGAL_TRANSITION.
 * - recall: call the same ticket again (also after a no-show: the visitor turned up late).
 * - requeue: put a called ticket back in its queue (visitor stepped away).
 * - transfer: into another queue, keeping the original arrival time.
 * - finish: only by closing the ticket's visit.
 */
export const TRANSITIONS: Record<TicketAction, Partial<Record<TicketState, TicketState>>> = {
  call: { waiting: 'called' },
  recall: { called: 'called', no_show: 'called' },
  serve: { called: 'serving' },
  no_show: { called: 'no_show' },
  requeue: { called: 'waiting' },
  transfer: { waiting: 'waiting', called: 'waiting' },
  cancel: { waiting: 'cancelled', called: 'cancelled' },
  finish: { serving: 'done' },
};

export function nextState(state: TicketState, action: TicketAction): TicketState | null {
  return TRANSITIONS[action][state] ?? null;
}

/** The running number shown to the visitor: queue letter + at least three digits (A001). */
export function ticketNumber(letter: string, seq: number): string {
  return `${letter}${String(seq).padStart(3, '0')}`;
}

export interface CallCandidate {
  id: string;
  queueLetter: string;
  /** Arrival (kept across transfers), ISO instant. */
  issuedAt: string;
  /** Booked time of a checked-in appointment, ISO instant, or null for a walk-in. */
  appointmentAt: string | null;
}

export interface CallOrderOptions {
  /** Queue priorities: higher first. Missing queues count as 0. */
  priorities: Record<string, number>;
  /** Queues this counter serves; empty means all. */
  queues?: readonly string[];
  /** A checked-in appointment counts as due from this many minutes before its time. */
  appointmentLeadMinutes: number;
}

export const DEFAULT_APPOINTMENT_LEAD_MINUTES = 5;

/**
 * "Call next", documented order:
 * 1. checked-in appointments that are due (booked time − lead ≤ now), earliest booking first;
 * 2. then by queue priority, higher first;
 * 3. then first come, first served by arrival time (a transfer keeps its arrival);
 * 4. ties by ticket id, so the order is total and stable.
 */
export function orderForCalling(
  candidates: readonly CallCandidate[],
  now: Date,
  options: CallOrderOptions,
): CallCandidate[] {
  const lead = options.appointmentLeadMinutes * 60_000;
  const due = (c: CallCandidate) => c.appointmentAt !== null && Date.parse(c.appointmentAt) - lead <= now.getTime();
  const allowed = options.queues?.length ? new Set(options.queues) : null;
  return candidates
    .filter((c) => !allowed || allowed.has(c.queueLetter))
    .sort((a, b) => {
      const dueA = due(a);
      const dueB = due(b);
      if (dueA !== dueB) return dueA ? -1 : 1;
      if (dueA && dueB && a.appointmentAt !== b.appointmentAt) return a.appointmentAt! < b.appointmentAt! ? -1 : 1;
      const pa = options.priorities[a.queueLetter] ?? 0;
      const pb = options.priorities[b.queueLetter] ?? 0;
      if (pa !== pb) return pb - pa;
      if (a.issuedAt !== b.issuedAt) return a.issuedAt < b.issuedAt ? -1 : 1;
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    });
}

/**
 * Waiting time in whole seconds: first call − issued; if the ticket was recalled after a
 * no-show, its last call counts instead (docs/domain.md).
 */
export function waitingSeconds(
  issuedAt: string,
  firstCalledAt: string,
  lastCalledAt: string,
  recalledAfterNoShow: boolean,
): number {
  const called = recalledAfterNoShow ? lastCalledAt : firstCalledAt;
  return Math.max(0, Math.round((Date.parse(called) - Date.parse(issuedAt)) / 1000));
}
