import { requireSetup } from '../rules/setupRequirement';
import type { PrefixHandlers } from './types';

export const queuesHandlers: PrefixHandlers<'queues'> = {
  'queues.save': (input, ctx) => {
    const { officeId } = requireSetup(ctx);
    ctx.write(() => ctx.queue.saveQueue(officeId, input));
    ctx.touch('queue');
    return ctx.queue.queues(officeId);
  },
};
