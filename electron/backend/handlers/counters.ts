import { AppError } from '../../../shared/errors';
import { requireSetup } from '../rules/setupRequirement';
import { openCounter, requireCounterFree } from '../rules/ticketTransitions';
import type { PrefixHandlers } from './types';

export const countersHandlers: PrefixHandlers<'counters'> = {
  'counters.open': (input, ctx) => {
    const setup = requireSetup(ctx);
    const officer = input.officerSignature ?? setup.officerSignature;
    return ctx.write(() => {
      const counter = ctx.queue.counter(setup.officeId, input.counterId);
      if (!counter) throw new AppError('NOT_FOUND', [{ path: 'counterId', issue: 'not_found' }]);
      if (counter.officerSignature && counter.officerSignature !== officer) {
        throw new AppError('COUNTER_BUSY', [{ path: 'counterId', issue: 'opened_by_other' }]);
      }
      // An officer sits at one counter: moving closes the previous one (if it holds no ticket).
      const previous = ctx.queue.counterOfOfficer(setup.officeId, officer);
      if (previous && previous.id !== counter.id) {
        requireCounterFree(ctx, previous.id);
        ctx.queue.closeCounter(previous.id);
      }
      ctx.queue.openCounter(counter.id, officer, ctx.now().toISOString());
      ctx.touch('queue');
      return ctx.queue.counters(setup.officeId);
    });
  },

  'counters.close': (input, ctx) => {
    const { officeId } = requireSetup(ctx);
    return ctx.write(() => {
      const counter = openCounter(ctx, officeId, input.counterId);
      requireCounterFree(ctx, counter.id);
      ctx.queue.closeCounter(counter.id);
      ctx.touch('queue');
      return ctx.queue.counters(officeId);
    });
  },
};
