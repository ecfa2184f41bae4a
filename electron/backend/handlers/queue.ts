import { toTicket } from '../../../db/queueRows';
import type { Ticket } from '../../../shared/api';
import { stockholmDate, stockholmInstant } from '../../../shared/time';
import type { BackendContext } from '../context';
import { requireSetup } from '../rules/setupRequirement';
import { waitingInOrder } from '../rules/ticketTransitions';
import type { PrefixHandlers } from './types';

/** How many recent calls the counter view and the waiting-room display show. */
const RECENT_CALLS = 8;

/** How long a ticket left waiting at midnight stays in view the next day. */
const CARRY_OVER_MS = 12 * 3_600_000;

/** Yesterday's tickets still waiting that were issued in the last 12 hours (see QueueSnapshot.carriedOver). */
function carriedOver(ctx: BackendContext, officeId: string, today: string, now: Date): Ticket[] {
  const yesterday = stockholmDate(new Date(stockholmInstant(today, '00:00').getTime() - 1));
  return waitingInOrder(ctx, officeId, yesterday)
    .map(toTicket)
    .filter((t) => now.getTime() - Date.parse(t.issuedAt) < CARRY_OVER_MS);
}

export const queueHandlers: PrefixHandlers<'queue'> = {
  'queue.snapshot': (_input, ctx) => {
    const { officeId } = requireSetup(ctx);
    const now = ctx.now();
    const localDate = stockholmDate(now);
    const waiting = waitingInOrder(ctx, officeId, localDate).map(toTicket);
    const queues = ctx.queue.queues(officeId).map((q) => {
      const mine = waiting.filter((t) => t.queueLetter === q.letter);
      const oldest = mine.reduce<string | null>(
        (min, t) => (min === null || t.issuedAt < min ? t.issuedAt : min),
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
      waiting,
      carriedOver: carriedOver(ctx, officeId, localDate, now),
      active: ctx.queue.activeTickets(officeId),
      noShows: ctx.queue.noShowTickets(officeId, localDate),
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
};
