import { DEFAULT_SERVICE_LEVEL_MINUTES } from '../../../shared/stats';
import { computeReport } from '../../../shared/statsCompute';
import type { BackendContext } from '../context';
import { buildExport } from '../stats/exportFile';
import type { HandlersFor } from './types';

/** The report for the office the supervisor's session is for; never another office's. */
function reportFor(
  ctx: BackendContext,
  input: { token: string; from: string; to: string; serviceLevelMinutes?: number },
) {
  const officeId = ctx.supervisor.officeOf(input.token);
  const range = { officeId, from: input.from, to: input.to };
  const report = computeReport(ctx.stats.arrivals(range), {
    ...range,
    serviceLevelMinutes: input.serviceLevelMinutes ?? DEFAULT_SERVICE_LEVEL_MINUTES,
  });
  return { range, report };
}

export const statsHandlers: HandlersFor<'stats.offices' | 'stats.report' | 'stats.export'> = {
  'stats.offices': (_input, ctx) => ctx.stats.officesWithData(),
  'stats.report': (input, ctx) => reportFor(ctx, input).report,
  'stats.export': async (input, ctx) => {
    const { range, report } = reportFor(ctx, input);
    const file = await buildExport({
      report,
      content: input.table,
      visits: input.table === 'visits' ? ctx.stats.visitRows(range) : undefined,
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
