import { toTicket } from '../../../db/queue';
import { AppError } from '../../../shared/errors';
import { stockholmDate, stockholmInstant } from '../../../shared/time';
import type { TicketAction } from '../../../shared/queue';
import type { BackendContext } from '../context';
import type { HandlersFor } from './types';
import { requireSetup } from './setup';
import {
  applyAction,
  issueTicket,
  nextToCall,
  openCounter,
  requireQueue,
  serveTicket,
  waitingInOrder,
} from './tickets';

/** How many recent calls the counter view and the waiting-room display show. */
const RECENT_CALLS = 8;

type QueueChannels =
  | 'queue.snapshot'
  | 'queue.display'
  | 'queue.kiosk'
  | 'queues.save'
  | 'counters.open'
  | 'counters.close'
  | 'tickets.issue'
  | 'tickets.callNext'
  | 'tickets.call'
  | 'tickets.recall'
  | 'tickets.noShow'
  | 'tickets.requeue'
  | 'tickets.serve'
  | 'tickets.transfer'
  | 'tickets.cancel'
  | 'tickets.history'
  | 'appointments.book'
  | 'appointments.checkIn';

/** An action on one ticket by the officer at an open counter, in one transaction. */
function atCounter(ctx: BackendContext, input: { counterId: string; ticketId: string }, action: TicketAction) {
  const { officeId } = requireSetup(ctx);
  return ctx.write(() =>
    toTicket(applyAction(ctx, officeId, input.ticketId, action, openCounter(ctx, officeId, input.counterId))),
  );
}

/** How long a ticket left waiting at midnight stays in view the next day. */
const CARRY_OVER_MS = 12 * 3_600_000;

/** Yesterday's tickets still waiting that were issued in the last 12 hours (see QueueSnapshot.carriedOver). */
function carriedOver(ctx: BackendContext, officeId: string, today: string, now: Date) {
  const yesterday = stockholmDate(new Date(stockholmInstant(today, '00:00').getTime() - 1));
  return waitingInOrder(ctx, officeId, yesterday).filter(
    (t) => now.getTime() - Date.parse(t.issued_at) < CARRY_OVER_MS,
  );
}

export const queueHandlers: HandlersFor<QueueChannels> = {
  'queue.snapshot': (_input, ctx) => {
    const { officeId } = requireSetup(ctx);
    const now = ctx.now();
    const localDate = stockholmDate(now);
    const waiting = waitingInOrder(ctx, officeId, localDate);
    const queues = ctx.queue.queues(officeId).map((q) => {
      const mine = waiting.filter((t) => t.queue_letter === q.letter);
      const oldest = mine.reduce<string | null>(
        (min, t) => (min === null || t.issued_at < min ? t.issued_at : min),
        null,
      );
      return {
        ...q,
        waiting: mine.length,
        longestWaitSeconds: oldest ? Math.max(0, Math.round((now.getTime() - Date.parse(oldest)) / 1000)) : null,
      };
    });
    return {
      localDate,
      queues,
      waiting: waiting.map(toTicket),
      carriedOver: carriedOver(ctx, officeId, localDate, now).map(toTicket),
      active: ctx.queue.activeRows(officeId).map(toTicket),
      noShows: ctx.queue.noShowRows(officeId, localDate).map(toTicket),
      counters: ctx.queue.counters(officeId),
      recentCalls: ctx.queue.recentCalls(officeId, localDate, RECENT_CALLS),
      appointments: ctx.queue.appointmentsOfDay(officeId, localDate),
    };
  },

  'queue.display': (_input, ctx) => {
    const { officeId } = requireSetup(ctx);
    const localDate = stockholmDate(ctx.now());
    // The display shows counts only: counted in SQL, not by ordering the whole queue.
    const counts = ctx.queue.waitingCounts(officeId, localDate);
    return {
      recentCalls: ctx.queue.recentCalls(officeId, localDate, 6),
      queues: ctx.queue
        .queues(officeId)
        .filter((q) => q.active)
        .map((q) => ({ letter: q.letter, name: q.name, waiting: counts.get(q.letter) ?? 0 })),
    };
  },

  'queue.kiosk': (_input, ctx) => {
    const { officeId } = requireSetup(ctx);
    // How many wait, so the ticket can say how many are ahead (the display shows the same counts).
    const counts = ctx.queue.waitingCounts(officeId, stockholmDate(ctx.now()));
    return ctx.queue
      .queues(officeId)
      .filter((q) => q.active && q.kiosk)
      .map((q) => ({ letter: q.letter, name: q.name, waiting: counts.get(q.letter) ?? 0 }));
  },

  'queues.save': (input, ctx) => {
    const { officeId } = requireSetup(ctx);
    ctx.write(() => ctx.queue.saveQueue(officeId, input));
    ctx.touch('queue');
    return ctx.queue.queues(officeId);
  },

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
        if (ctx.queue.activeOfCounter(previous.id))
          throw new AppError('COUNTER_HAS_TICKET', [{ path: 'counterId', issue: 'has_active_ticket' }]);
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
      if (ctx.queue.activeOfCounter(counter.id)) {
        throw new AppError('COUNTER_HAS_TICKET', [{ path: 'counterId', issue: 'has_active_ticket' }]);
      }
      ctx.queue.closeCounter(counter.id);
      ctx.touch('queue');
      return ctx.queue.counters(officeId);
    });
  },

  'tickets.issue': (input, ctx) => {
    const { officeId } = requireSetup(ctx);
    return ctx.write(() => issueTicket(ctx, officeId, input.queueLetter, input.source));
  },

  'tickets.callNext': (input, ctx) => {
    const { officeId } = requireSetup(ctx);
    return ctx.write(() => {
      const counter = openCounter(ctx, officeId, input.counterId);
      if (ctx.queue.activeOfCounter(counter.id)) {
        throw new AppError('COUNTER_HAS_TICKET', [{ path: 'counterId', issue: 'has_active_ticket' }]);
      }
      const next = nextToCall(ctx, officeId, stockholmDate(ctx.now()));
      return next ? toTicket(applyAction(ctx, officeId, next.id, 'call', counter)) : null;
    });
  },

  'tickets.call': (input, ctx) => atCounter(ctx, input, 'call'),

  'tickets.recall': (input, ctx) => atCounter(ctx, input, 'recall'),

  'tickets.noShow': (input, ctx) => atCounter(ctx, input, 'no_show'),

  'tickets.requeue': (input, ctx) => atCounter(ctx, input, 'requeue'),

  'tickets.serve': (input, ctx) => ctx.write(() => serveTicket(ctx, input.ticketId, input.counterId)),

  'tickets.transfer': (input, ctx) => {
    const { officeId } = requireSetup(ctx);
    return ctx.write(() => {
      requireQueue(ctx, officeId, input.queueLetter);
      return toTicket(
        applyAction(ctx, officeId, input.ticketId, 'transfer', null, { queue_letter: input.queueLetter }),
      );
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
    return ctx.queue.events(input.ticketId).map((e) => ({
      action: e.action,
      fromState: e.from_state,
      toState: e.to_state,
      queueLetter: e.queue_letter,
      counterId: e.counter_id,
      at: e.at,
    }));
  },

  'appointments.book': (input, ctx) => {
    const { officeId } = requireSetup(ctx);
    return ctx.write(() => {
      requireQueue(ctx, officeId, input.queueLetter);
      const localDate = stockholmDate(new Date(input.scheduledAt));
      if (ctx.queue.appointmentByReference(officeId, localDate, input.reference)) {
        throw new AppError('DUPLICATE', [{ path: 'reference', issue: 'duplicate' }]);
      }
      const id = ctx.newId();
      ctx.queue.insertAppointment({
        id,
        officeId,
        queueLetter: input.queueLetter,
        reference: input.reference,
        scheduledAt: new Date(input.scheduledAt).toISOString(),
        localDate,
        agency: input.agency,
        errandKind: input.errandKind,
        createdAt: ctx.now().toISOString(),
      });
      ctx.touch('queue');
      return ctx.queue.appointmentByReference(officeId, localDate, input.reference)!;
    });
  },

  'appointments.checkIn': (input, ctx) => {
    const { officeId } = requireSetup(ctx);
    return ctx.write(() => {
      const appointment = ctx.queue.appointmentByReference(officeId, stockholmDate(ctx.now()), input.reference);
      if (!appointment || appointment.cancelledAt) {
        throw new AppError('APPOINTMENT_NOT_FOUND', [{ path: 'reference', issue: 'not_found' }]);
      }
      if (appointment.ticketId)
        throw new AppError('APPOINTMENT_CHECKED_IN', [{ path: 'reference', issue: 'checked_in' }]);
      const ticket = issueTicket(ctx, officeId, appointment.queueLetter, 'appointment', appointment);
      ctx.queue.checkIn(appointment.id, ticket.id);
      return ticket;
    });
  },
};
