import { toTicket } from '../../../db/queueRows';
import { AppError } from '../../../shared/errors';
import type { TicketAction } from '../../../shared/queue';
import { stockholmDate } from '../../../shared/time';
import type { BackendContext } from '../context';
import { finishHandedTicket, handOverTicket } from '../rules/arrivalHandover';
import { requireSetup } from '../rules/setupRequirement';
import {
  applyAction,
  requireCounterFree,
  issueTicket,
  nextToCall,
  openCounter,
  requireQueue,
  serveTicket,
} from '../rules/ticketTransitions';
import type { PrefixHandlers } from './types';

/** An action on one ticket by the officer at an open counter, in one transaction. */
function atCounter(ctx: BackendContext, input: { counterId: string; ticketId: string }, action: TicketAction) {
  const { officeId } = requireSetup(ctx);
  return ctx.write(() =>
    toTicket(applyAction(ctx, officeId, input.ticketId, action, openCounter(ctx, officeId, input.counterId))),
  );
}

export const ticketsHandlers: PrefixHandlers<'tickets'> = {
  'tickets.issue': (input, ctx) => {
    const { officeId } = requireSetup(ctx);
    return ctx.write(() => issueTicket(ctx, officeId, input.queueLetter, input.source));
  },

  'tickets.callNext': (input, ctx) => {
    const { officeId } = requireSetup(ctx);
    return ctx.write(() => {
      const counter = openCounter(ctx, officeId, input.counterId);
      requireCounterFree(ctx, counter.id);
      const next = nextToCall(ctx, officeId, stockholmDate(ctx.now()));
      return next ? toTicket(applyAction(ctx, officeId, next.id, 'call', counter)) : null;
    });
  },

  'tickets.call': (input, ctx) => atCounter(ctx, input, 'call'),

  'tickets.recall': (input, ctx) => atCounter(ctx, input, 'recall'),

  'tickets.noShow': (input, ctx) => atCounter(ctx, input, 'no_show'),

  'tickets.requeue': (input, ctx) => atCounter(ctx, input, 'requeue'),

  'tickets.serve': (input, ctx) => ctx.write(() => serveTicket(ctx, input.ticketId, input.counterId)),

  'tickets.handOver': (input, ctx) => ctx.write(() => handOverTicket(ctx, input.ticketId, input.counterId)),

  'tickets.finish': (input, ctx) => ctx.write(() => finishHandedTicket(ctx, input.ticketId)),

  'tickets.transfer': (input, ctx) => {
    const { officeId } = requireSetup(ctx);
    return ctx.write(() => {
      requireQueue(ctx, officeId, input.queueLetter);
      return toTicket(applyAction(ctx, officeId, input.ticketId, 'transfer', null, { queueLetter: input.queueLetter }));
    });
  },

  'tickets.cancel': (input, ctx) => {
    const { officeId } = requireSetup(ctx);
    return ctx.write(() => toTicket(applyAction(ctx, officeId, input.ticketId, 'cancel', null)));
  },

  'tickets.history': (input, ctx) => {
    const { officeId } = requireSetup(ctx);
    if (!ctx.queue.ticketRow(officeId, input.ticketId))
      throw new AppError('NOT_FOUND', [{ path: 'ticketId', issue: 'not_found' }]);
    return ctx.queue.events(input.ticketId);
  },
};
