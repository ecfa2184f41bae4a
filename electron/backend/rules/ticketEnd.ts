import type { Visit } from '../../../shared/api';
import type { BackendContext } from '../context';
import { applyAction } from './ticketTransitions';

/** The hub action that ends a handed ticket, replayed from the journal (hubLink/hubJournal.ts). */
export const FINISH_AT_HUB = 'tickets.finish';

/**
 * A visit's first close ends its ticket, inside the close's transaction. A ticket of this
 * store is finished here; a ticket the office hub handed to this PC is finished at the hub:
 * the action goes into the local journal in this same transaction and is sent (now, or when
 * the hub answers again) with its own idempotency key, so it happens once whatever the network does.
 */
export function endTicketOfVisit(ctx: BackendContext, visit: Visit): void {
  if (!visit.ticketId || visit.corrections > 0) return;
  const handed = ctx.counterArrivals.handed(visit.ticketId);
  if (!handed) {
    applyAction(ctx, visit.officeId, visit.ticketId, 'finish', null);
    return;
  }
  ctx.counterArrivals.addPending({
    key: ctx.newId(),
    channel: FINISH_AT_HUB,
    input: { ticketId: handed.ticketId, counterId: handed.counterId },
    at: ctx.now().toISOString(),
  });
  ctx.touch('hub');
}
