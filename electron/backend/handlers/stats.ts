import { DEFAULT_SERVICE_LEVEL_MINUTES } from '../../../shared/stats';
import type { BackendContext } from '../context';
import type { PrefixHandlers } from './types';

type RangeInput = { token: string; from: string; to: string; serviceLevelMinutes?: number };

/** The range asked for, of the office the supervisor's session is for; never another office's. */
function rangeOf(ctx: BackendContext, input: RangeInput) {
  return { officeId: ctx.supervisor.officeOf(input.token), from: input.from, to: input.to };
}

const levelOf = (input: RangeInput) => input.serviceLevelMinutes ?? DEFAULT_SERVICE_LEVEL_MINUTES;

/**
 * The supervisor's figures. Reports and exports read the store in a worker thread
 * (stats/statsJobs.ts), never on the event loop that answers the counter.
 */
export const statsHandlers: PrefixHandlers<'stats'> = {
  'stats.offices': (_input, ctx) => ctx.stats.officesWithData(),
  'stats.report': (input, ctx) => ctx.statsJobs.report(rangeOf(ctx, input), levelOf(input)),
  'stats.export': (input, ctx) =>
    ctx.statsJobs.startExport(ctx.supervisor.officeOf(input.token), {
      range: rangeOf(ctx, input),
      serviceLevelMinutes: levelOf(input),
      table: input.table,
      format: input.format,
      lang: input.lang,
      now: ctx.now().toISOString(),
    }),
  'stats.job': (input, ctx) => ctx.statsJobs.status(input.jobId, ctx.supervisor.officeOf(input.token)),
  'stats.cancel': (input, ctx) => ctx.statsJobs.cancel(input.jobId, ctx.supervisor.officeOf(input.token)),
};
