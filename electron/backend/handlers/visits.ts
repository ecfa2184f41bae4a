import { AppError } from '../../../shared/errors';
import { stockholmDate } from '../../../shared/time';
import type { Visit } from '../../../shared/api';
import type { BackendContext } from '../context';
import { requireSetup } from './setup';
import type { HandlersFor } from './types';

/** A visit of this office that is still open; anything else is a typed error. */
function openVisit(ctx: BackendContext, visitId: string): Visit {
  const { officeId } = requireSetup(ctx);
  const visit = ctx.visits.findVisit(visitId);
  if (!visit || visit.officeId !== officeId) throw new AppError('NOT_FOUND', [{ path: 'visitId', issue: 'not_found' }]);
  if (visit.closedAt) throw new AppError('VISIT_CLOSED');
  return visit;
}

export const visitHandlers: HandlersFor<
  'visits.start' | 'visits.current' | 'visits.addErrand' | 'visits.setOutcome' | 'visits.close' | 'visits.today'
> = {
  'visits.start': (_input, ctx) => {
    const setup = requireSetup(ctx);
    const now = ctx.now();
    const id = ctx.newId();
    ctx.visits.insertVisit({
      id,
      officeId: setup.officeId,
      officerSignature: setup.officerSignature,
      startedAt: now.toISOString(),
      localDate: stockholmDate(now),
    });
    return ctx.visits.findVisit(id)!;
  },

  'visits.current': (_input, ctx) => {
    const setup = requireSetup(ctx);
    return ctx.visits.openVisitOf(setup.officeId, setup.officerSignature);
  },

  'visits.addErrand': (input, ctx) =>
    ctx.visits.transaction(() => {
      openVisit(ctx, input.visitId);
      ctx.visits.insertErrand({
        id: ctx.newId(),
        visitId: input.visitId,
        agency: input.agency,
        errandKind: input.errandKind,
        createdAt: ctx.now().toISOString(),
      });
      return ctx.visits.findVisit(input.visitId)!;
    }),

  'visits.setOutcome': (input, ctx) =>
    ctx.visits.transaction(() => {
      const errand = ctx.visits.findErrand(input.errandId);
      if (!errand) throw new AppError('NOT_FOUND', [{ path: 'errandId', issue: 'not_found' }]);
      openVisit(ctx, errand.visitId);
      ctx.visits.setOutcome(errand.id, input.outcome);
      return ctx.visits.findVisit(errand.visitId)!;
    }),

  'visits.close': (input, ctx) =>
    ctx.visits.transaction(() => {
      const visit = openVisit(ctx, input.visitId);
      const missing = visit.errands.filter((e) => e.outcome === null);
      if (visit.errands.length === 0 || missing.length > 0) {
        throw new AppError(
          'VISIT_INCOMPLETE',
          visit.errands.length === 0
            ? [{ path: 'errands', issue: 'no_errands' }]
            : missing.map((e) => ({ path: `errands.${e.position}.outcome`, issue: 'missing_outcome' })),
        );
      }
      // Never before the start, even if the wall clock stepped back (NTP, DST confusion).
      const closedAt = new Date(Math.max(ctx.now().getTime(), Date.parse(visit.startedAt))).toISOString();
      if (!ctx.visits.close(visit.id, closedAt)) throw new AppError('VISIT_CLOSED');
      return { ...visit, closedAt };
    }),

  'visits.today': (_input, ctx) => {
    const { officeId } = requireSetup(ctx);
    const localDate = stockholmDate(ctx.now());
    return { localDate, visits: ctx.visits.visitsOfDay(officeId, localDate) };
  },
};
