import { toTicket } from '../../../db/queueRows';
import type { ArrivalHandover, Ticket } from '../../../shared/api';
import { AppError } from '../../../shared/errors';
import { waitingSeconds } from '../../../shared/queue';
import type { BackendContext, RequestCaller } from '../context';
import { requireSetup } from './setupRequirement';
import { applyAction, openCounter } from './ticketTransitions';

/**
 * The office hub's half of serving a ticket at a paired counter PC (decision 0008): the queue
 * stays here, the visit (and its notes) on that PC. Serving hands the arrival to the PC,
 * which from then on writes its statistics events; the hub writes none for it.
 */

function counterDevice(ctx: BackendContext): RequestCaller {
  if (!ctx.caller) throw new AppError('FORBIDDEN', [{ path: '', issue: 'counter_device_only' }]);
  return ctx.caller;
}

function handoverOf(ctx: BackendContext, ticket: ReturnType<typeof applyAction>): ArrivalHandover {
  return {
    ticketId: ticket.id,
    officeId: ticket.office_id,
    localDate: ticket.local_date,
    issuedAt: ticket.issued_at,
    number: ticket.number,
    counterId: ticket.counter_id!,
    waitingSeconds: waitingSeconds(
      ticket.issued_at,
      ticket.first_called_at!,
      ticket.last_called_at!,
      ticket.recalled_after_no_show === 1,
    ),
    serviceStartedAt: ticket.service_started_at!,
    supersedes: ctx.counterArrivals.lastEventOfTicket(ticket.id),
  };
}

/** Serve at the hub, inside the caller's transaction; the asking counter PC opens the visit. */
export function handOverTicket(ctx: BackendContext, ticketId: string, counterId: string): ArrivalHandover {
  const device = counterDevice(ctx);
  const { officeId } = requireSetup(ctx);
  const counter = openCounter(ctx, officeId, counterId);
  const before = ctx.queue.ticketRow(officeId, ticketId);
  // Already handed to this PC at this counter (a serve retried after the hub forgot its reply,
  // or a PC that stopped before opening the visit): the same hand-over again, nothing new.
  if (
    before?.state === 'serving' &&
    before.counter_id === counter.id &&
    ctx.counterArrivals.handedTo(ticketId) === device.deviceId
  )
    return handoverOf(ctx, before);
  const row = applyAction(ctx, officeId, ticketId, 'serve', counter);
  ctx.counterArrivals.handTo(ticketId, device.deviceId);
  return handoverOf(ctx, row);
}

/** The visit closed on the PC the ticket was handed to: the ticket is done (a replay of it is answered as done). */
export function finishHandedTicket(ctx: BackendContext, ticketId: string): Ticket {
  const device = counterDevice(ctx);
  const { officeId } = requireSetup(ctx);
  const row = ctx.queue.ticketRow(officeId, ticketId);
  if (!row) throw new AppError('NOT_FOUND', [{ path: 'ticketId', issue: 'not_found' }]);
  if (ctx.counterArrivals.handedTo(ticketId) !== device.deviceId)
    throw new AppError('COUNTER_BUSY', [{ path: 'ticketId', issue: 'other_device' }]);
  if (row.state === 'done') return toTicket(row);
  return toTicket(applyAction(ctx, officeId, ticketId, 'finish', null));
}
