import type { Visit } from '../../../shared/api';
import { AppError } from '../../../shared/errors';
import type { BackendContext } from '../context';
import { requireSetup } from './setupRequirement';

/** An officer works one visit at a time: a second one would collect service time unseen. */
export function requireNoOpenVisit(ctx: BackendContext, officeId: string, officer: string): void {
  if (ctx.visits.openVisitOf(officeId, officer))
    throw new AppError('VISIT_OPEN', [{ path: '', issue: 'visit_in_progress' }]);
}

/** A visit of this office, or NOT_FOUND. */
export function ownVisit(ctx: BackendContext, visitId: string): Visit {
  const { officeId } = requireSetup(ctx);
  const visit = ctx.visits.findVisit(visitId);
  if (!visit || visit.officeId !== officeId) throw new AppError('NOT_FOUND', [{ path: 'visitId', issue: 'not_found' }]);
  return visit;
}

/** A visit of this office that is still open; anything else is a typed error. */
export function openVisit(ctx: BackendContext, visitId: string): Visit {
  const visit = ownVisit(ctx, visitId);
  if (visit.closedAt) throw new AppError('VISIT_CLOSED');
  return visit;
}

export function errandOfOpenVisit(ctx: BackendContext, errandId: string) {
  const errand = ctx.visits.findErrand(errandId);
  if (!errand) throw new AppError('NOT_FOUND', [{ path: 'errandId', issue: 'not_found' }]);
  openVisit(ctx, errand.visitId);
  return errand;
}

/** The arrival a visit counts for: its ticket, or itself when it had none. */
export function arrivalOf(visit: Visit) {
  return visit.ticketId ? { ticketId: visit.ticketId } : { visitId: visit.id };
}
