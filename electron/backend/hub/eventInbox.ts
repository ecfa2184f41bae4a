import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { MAX_BATCH_EVENTS, StatsEventSchema, type EventBatchReply } from '../../../shared/sync';
import type { StoreContext } from '../context';

/**
 * A counter PC's statistics events at its office hub (`POST /hub/v1/events`): the service's
 * batch contract (docs/sync.md: `sentAt`, up to 500 events, idempotent by event id, the
 * reply's `stored` and `conflicts`), plus each event's arrival key, which stays in the office
 * ('t:<ticket>' for a ticket the hub handed to that PC, 'v:<visit>' for its walk-in).
 */
export const DeviceEventBatchSchema = z
  .object({
    sentAt: z.iso.datetime(),
    events: z.array(StatsEventSchema).min(1).max(MAX_BATCH_EVENTS),
    arrivals: z
      .array(z.string().regex(/^[tv]:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/))
      .max(MAX_BATCH_EVENTS),
  })
  .strict()
  .refine((b) => b.arrivals.length === b.events.length, { path: ['arrivals'], message: 'one_per_event' });

/**
 * Stores the batch in the office's outbox (the hub's uploader sends it on with its own).
 * Only the hub's own office; a ticket's events only from the PC it was handed to, so each
 * arrival keeps one writer. Refused whole, with the paths, when any event is not acceptable.
 */
export function receiveDeviceEvents(ctx: StoreContext, deviceId: string, body: unknown): EventBatchReply {
  const parsed = DeviceEventBatchSchema.safeParse(body);
  if (!parsed.success)
    throw new AppError(
      'VALIDATION',
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), issue: i.code })),
    );
  const officeId = ctx.setup.get()?.officeId;
  if (!officeId) throw new AppError('SETUP_REQUIRED');
  const { events, arrivals, sentAt } = parsed.data;
  const issues = events.flatMap((event, i) => {
    if (event.officeId !== officeId) return [{ path: `events.${i}.officeId`, issue: 'other_office' }];
    const key = arrivals[i]!;
    const handedTo = key.startsWith('t:') ? ctx.counterArrivals.handedTo(key.slice(2)) : deviceId;
    return handedTo === deviceId ? [] : [{ path: `arrivals.${i}`, issue: 'not_handed_to_device' }];
  });
  if (issues.length > 0) throw new AppError('VALIDATION', issues);
  const now = ctx.now();
  const result = ctx.write(() =>
    ctx.officeEvents.receive(
      deviceId,
      events.map((event, i) => ({ event, arrivalKey: arrivals[i]! })),
      now.toISOString(),
    ),
  );
  return {
    ...result,
    receivedAt: now.toISOString(),
    clockSkewSeconds: Math.round((Date.parse(sentAt) - now.getTime()) / 1000),
  };
}
