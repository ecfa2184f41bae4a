import { MAX_ERRANDS_PER_VISIT } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { stockholmDate } from '../../../shared/time';
import { notePurgeAfter } from '../retention';
import { requireSetup } from '../rules/setupRequirement';
import { endTicketOfVisit } from '../rules/ticketEnd';
import { arrivalOf, errandOfOpenVisit, openVisit, ownVisit, requireNoOpenVisit } from '../rules/visitGuards';
import type { PrefixHandlers } from './types';

export const visitsHandlers: PrefixHandlers<'visits'> = {
  /** A visit without a ticket (a walk-in at a flexible office with no queue). */
  'visits.start': (_input, ctx) => {
    const setup = requireSetup(ctx);
    const now = ctx.now();
    const id = ctx.newId();
    ctx.write(() => {
      requireNoOpenVisit(ctx, setup.officeId, setup.officerSignature);
      ctx.visits.insertVisit({
        id,
        officeId: setup.officeId,
        officerSignature: setup.officerSignature,
        startedAt: now.toISOString(),
        localDate: stockholmDate(now),
      });
    });
    ctx.touch('visits');
    return ctx.visits.findVisit(id)!;
  },

  'visits.current': (_input, ctx) => {
    const setup = requireSetup(ctx);
    return ctx.visits.openVisitOf(setup.officeId, setup.officerSignature);
  },

  'visits.addErrand': (input, ctx) =>
    ctx.write(() => {
      const visit = openVisit(ctx, input.visitId);
      // Bounded like its statistics event: a visit that could not be evented could not be closed.
      if (visit.errands.length >= MAX_ERRANDS_PER_VISIT)
        throw new AppError('TOO_MANY_ERRANDS', [{ path: 'visitId', issue: `max_${MAX_ERRANDS_PER_VISIT}` }]);
      ctx.visits.insertErrand({
        id: ctx.newId(),
        visitId: input.visitId,
        agency: input.agency,
        errandKind: input.errandKind,
        createdAt: ctx.now().toISOString(),
      });
      ctx.touch('visits');
      return ctx.visits.findVisit(input.visitId)!;
    }),

  'visits.setOutcome': (input, ctx) =>
    ctx.write(() => {
      const errand = errandOfOpenVisit(ctx, input.errandId);
      // Another outcome than the guide reached needs a reason; the guide's own outcome needs none.
      const overrides = errand.guideOutcome !== null && input.outcome !== errand.guideOutcome;
      if (overrides && !input.reason)
        throw new AppError('OVERRIDE_REASON_REQUIRED', [{ path: 'reason', issue: 'required' }]);
      ctx.visits.setOutcome(errand.id, input.outcome, overrides ? input.reason! : null);
      ctx.touch('visits');
      return ctx.visits.findVisit(errand.visitId)!;
    }),

  'visits.updateErrand': (input, ctx) =>
    ctx.write(() => {
      const errand = errandOfOpenVisit(ctx, input.errandId);
      const { errandId: _id, ...details } = input;
      const note = details.note === '' ? null : details.note;
      ctx.visits.updateErrand(errand.id, { ...details, note }, notePurgeAfter(ctx.now()));
      ctx.touch('visits');
      return ctx.visits.findVisit(errand.visitId)!;
    }),

  'visits.close': (input, ctx) =>
    ctx.write(() => {
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
      const now = new Date(Math.max(ctx.now().getTime(), Date.parse(visit.startedAt))).toISOString();
      const closedAt = ctx.visits.close(visit.id, now);
      if (!closedAt) throw new AppError('VISIT_CLOSED');
      // The ticket ends with its visit (a corrected visit's ticket is already done).
      endTicketOfVisit(ctx, visit);
      // Its statistics event, in this same transaction (a correction supersedes the earlier one).
      ctx.outbox.record(arrivalOf(visit), ctx.now());
      ctx.touch('visits');
      return { ...visit, closedAt };
    }),

  /** Corrections happen the same day, and the visit as it was is kept as history. */
  'visits.reopen': (input, ctx) =>
    ctx.write(() => {
      const setup = requireSetup(ctx);
      const visit = ownVisit(ctx, input.visitId);
      if (!visit.closedAt) throw new AppError('VISIT_OPEN');
      if (visit.localDate !== stockholmDate(ctx.now())) throw new AppError('VISIT_NOT_TODAY');
      // Only the officer who had the visit corrects it (their figures, their log).
      if (visit.officerSignature !== setup.officerSignature) throw new AppError('OTHER_OFFICER');
      requireNoOpenVisit(ctx, setup.officeId, setup.officerSignature);
      ctx.visits.reopen(visit, setup.officerSignature, ctx.now().toISOString(), input.reason ?? null);
      ctx.touch('visits');
      return ctx.visits.findVisit(visit.id)!;
    }),

  'visits.history': (input, ctx) => {
    ownVisit(ctx, input.visitId);
    return ctx.visits.corrections(input.visitId);
  },

  'visits.today': (_input, ctx) => {
    const { officeId } = requireSetup(ctx);
    const localDate = stockholmDate(ctx.now());
    return { localDate, visits: ctx.visits.visitsOfDay(officeId, localDate) };
  },
};
