import { DEFAULT_SERVICE_LEVEL_MINUTES, type StatsArrival } from '../../../shared/stats';
import { computeReport } from '../../../shared/statsCompute';
import type { BackendContext } from '../context';
import { buildExport } from '../stats/exportFile';
import type { PrefixHandlers } from './types';

type RangeInput = { token: string; from: string; to: string; serviceLevelMinutes?: number };

/** The range asked for, of the office the supervisor's session is for; never another office's. */
function rangeOf(ctx: BackendContext, input: RangeInput) {
  return { officeId: ctx.supervisor.officeOf(input.token), from: input.from, to: input.to };
}

function reportOf(arrivals: StatsArrival[], range: ReturnType<typeof rangeOf>, input: RangeInput) {
  return computeReport(arrivals, {
    ...range,
    serviceLevelMinutes: input.serviceLevelMinutes ?? DEFAULT_SERVICE_LEVEL_MINUTES,
  });
}

export const statsHandlers: PrefixHandlers<'stats'> = {
  'stats.offices': (_input, ctx) => ctx.stats.officesWithData(),
  'stats.report': (input, ctx) => {
    const range = rangeOf(ctx, input);
    return reportOf(ctx.stats.arrivals(range), range, input);
  },
  'stats.export': async (input, ctx) => {
    const range = rangeOf(ctx, input);
    // Raw rows and the report come from one read of the store.
    const read =
      input.table === 'visits'
        ? ctx.stats.arrivalsWithVisitRows(range)
        : { arrivals: ctx.stats.arrivals(range), visitRows: undefined };
    const file = await buildExport({
      report: reportOf(read.arrivals, range, input),
      content: input.table,
      visits: read.visitRows,
      format: input.format,
      lang: input.lang,
      now: ctx.now(),
    });
    return {
      fileName: file.fileName,
      mimeType: file.mimeType,
      base64: file.bytes.toString('base64'),
      bytes: file.bytes.length,
    };
  },
};
