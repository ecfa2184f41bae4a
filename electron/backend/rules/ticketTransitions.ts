import type { TicketRow } from '../../../db/queueRows';
import { toTicket } from '../../../db/queueRows';
import type { Counter, Ticket, Visit } from '../../../shared/api';
import { AppError } from '../../../shared/errors';
import {
  DEFAULT_APPOINTMENT_LEAD_MINUTES,
  nextState,
  ticketNumber,
  waitingSeconds,
  type TicketAction,
} from '../../../shared/queue';
import { stockholmDate } from '../../../shared/time';
import type { BackendContext, StoreContext } from '../context';
import { requireSetup } from './setupRequirement';
import { requireNoOpenVisit } from './visitGuards';

/** A counter of this office that is open; the officer at it acts. */
export function openCounter(
  ctx: BackendContext,
  officeId: string,
  counterId: string,
): Counter & { officerSignature: string } {
  const counter = ctx.queue.counter(officeId, counterId);
  if (!counter) throw new AppError('NOT_FOUND', [{ path: 'counterId', issue: 'not_found' }]);
  if (!counter.officerSignature) throw new AppError('COUNTER_NOT_OPEN', [{ path: 'counterId', issue: 'closed' }]);
  return counter as Counter & { officerSignature: string };
}

/** A counter holds one ticket at a time: calling, closing or leaving it needs it free. */
export function requireCounterFree(ctx: StoreContext, counterId: string): void {
  if (ctx.queue.activeOfCounter(counterId))
    throw new AppError('COUNTER_HAS_TICKET', [{ path: 'counterId', issue: 'has_active_ticket' }]);
}

export function requireQueue(ctx: BackendContext, officeId: string, letter: string) {
  const queue = ctx.queue.queues(officeId).find((q) => q.letter === letter && q.active);
  if (!queue) throw new AppError('UNKNOWN_QUEUE', [{ path: 'queueLetter', issue: 'unknown_queue' }]);
  return queue;
}

function ticketRow(ctx: BackendContext, officeId: string, ticketId: string): TicketRow {
  const row = ctx.queue.ticketRow(officeId, ticketId);
  if (!row) throw new AppError('NOT_FOUND', [{ path: 'ticketId', issue: 'not_found' }]);
  return row;
}

/**
 * Applies one action to a ticket: checks the transition is legal and that the counter
 * may do it, writes the new state and its event. Runs inside the caller's transaction.
 */
export function applyAction(
  ctx: BackendContext,
  officeId: string,
  ticketId: string,
  action: TicketAction,
  counter: (Counter & { officerSignature: string }) | null,
  change: { queueLetter?: string } = {},
): TicketRow {
  const row = ticketRow(ctx, officeId, ticketId);
  const state = nextState(row.state, action);
  if (!state) throw new AppError('ILLEGAL_TRANSITION', [{ path: 'ticketId', issue: `${row.state}:${action}` }]);
  // Only the counter that called a ticket may serve, requeue or mark it a no-show.
  const ownOnly =
    action === 'serve' ||
    action === 'no_show' ||
    action === 'requeue' ||
    (action === 'recall' && row.state === 'called');
  if (ownOnly && counter && row.counter_id !== counter.id) {
    throw new AppError('COUNTER_BUSY', [{ path: 'ticketId', issue: 'other_counter' }]);
  }
  const now = ctx.now().toISOString();
  const next: TicketRow = { ...row, state };
  if (change.queueLetter) next.queue_letter = change.queueLetter;
  switch (action) {
    case 'call':
    case 'recall':
      next.counter_id = counter!.id;
      next.officer_signature = counter!.officerSignature;
      next.first_called_at = row.first_called_at ?? now;
      next.last_called_at = now;
      next.call_count = row.call_count + 1;
      if (row.state === 'no_show') next.recalled_after_no_show = 1;
      next.ended_at = null;
      break;
    case 'serve':
      next.service_started_at = now;
      break;
    case 'requeue':
    case 'transfer':
      next.counter_id = null;
      next.officer_signature = null;
      break;
    case 'no_show':
    case 'cancel':
    case 'finish':
      next.ended_at = now;
      break;
  }
  let written: boolean;
  try {
    written = ctx.queue.transition(row, next, action, now);
  } catch (err) {
    // The partial unique index: this counter already has a called or served ticket.
    if (String((err as Error).message).includes('tickets.counter_id')) {
      throw new AppError('COUNTER_HAS_TICKET', [{ path: 'counterId', issue: 'has_active_ticket' }]);
    }
    throw err;
  }
  if (!written) throw new AppError('ILLEGAL_TRANSITION', [{ path: 'ticketId', issue: 'changed_meanwhile' }]);
  // A no-show, or a voided ticket that was already counted, is news for the statistics.
  // (Any other change is reported by its visit's close, or by the end-of-day sweep.)
  if (action === 'no_show' || action === 'cancel') ctx.outbox.record({ ticketId }, ctx.now());
  ctx.touch('queue');
  return next;
}

/** Issues the next number of a queue for today (A001…), inside the caller's transaction. */
export function issueTicket(
  ctx: BackendContext,
  officeId: string,
  letter: string,
  source: Ticket['source'],
  appointment: { id: string; scheduledAt: string } | null = null,
): Ticket {
  requireQueue(ctx, officeId, letter);
  const now = ctx.now();
  const localDate = stockholmDate(now);
  // Above a takeover's floor, within blocks the standby holds (hub/numberBlocks.ts).
  const seq = ctx.numberBlocks.take(officeId, localDate, letter, ctx.queue.nextSeq(officeId, localDate, letter));
  const id = ctx.newId();
  ctx.queue.insertTicket({
    id,
    officeId,
    localDate,
    letter,
    seq,
    number: ticketNumber(letter, seq),
    source,
    issuedAt: now.toISOString(),
    appointmentId: appointment?.id ?? null,
    appointmentAt: appointment?.scheduledAt ?? null,
  });
  ctx.queue.issued({ id, letter }, now.toISOString());
  ctx.touch('queue');
  return toTicket(ctx.queue.ticketRow(officeId, id)!);
}

/** Today's waiting tickets in the documented call order (shared/queue.ts), for the counter's list. */
export function waitingInOrder(ctx: BackendContext, officeId: string, localDate: string): TicketRow[] {
  return ctx.queue.waitingInOrder(officeId, localDate, dueBefore(ctx));
}

/** The ticket "call next" takes: the head of waitingInOrder, found without sorting the queue. */
export function nextToCall(ctx: BackendContext, officeId: string, localDate: string): TicketRow | null {
  return ctx.queue.nextToCall(officeId, localDate, dueBefore(ctx));
}

/** A checked-in booking counts as due from this instant on (booked time − lead). */
function dueBefore(ctx: BackendContext): string {
  return new Date(ctx.now().getTime() + DEFAULT_APPOINTMENT_LEAD_MINUTES * 60_000).toISOString();
}

/** Serving starts: the ticket becomes a visit at this counter, with its waiting time. */
export function serveTicket(ctx: BackendContext, ticketId: string, counterId: string): Visit {
  const { officeId } = requireSetup(ctx);
  const counter = openCounter(ctx, officeId, counterId);
  const row = applyAction(ctx, officeId, ticketId, 'serve', counter);
  // After the transition check, so its clearer errors win; a refusal here rolls it back.
  requireNoOpenVisit(ctx, officeId, counter.officerSignature);
  const visitId = ctx.newId();
  const now = ctx.now();
  ctx.visits.insertVisit({
    id: visitId,
    officeId,
    officerSignature: counter.officerSignature,
    startedAt: now.toISOString(),
    localDate: row.local_date, // a visit counts on the day its ticket was issued
    ticketId,
    counterId,
    waitingSeconds: waitingSeconds(
      row.issued_at,
      row.first_called_at!,
      row.last_called_at!,
      row.recalled_after_no_show === 1,
    ),
  });
  ctx.touch('visits');
  return ctx.visits.findVisit(visitId)!;
}
