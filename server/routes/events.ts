import type { FastifyInstance } from 'fastify';
import { EventBatchSchema, MAX_BATCH_BYTES, MAX_BATCH_EVENTS, type EventBatchReply } from '../../shared/sync';
import { ApiError, parseOr422 } from '../errors';
import { implausibleEvents } from '../plausibility';
import { deviceOf } from '../principal';
import type { RouteContext } from './context';

export function eventRoutes(app: FastifyInstance, { store, now, tokenRoute, ingest }: RouteContext): void {
  app.post('/v1/events', { ...tokenRoute, bodyLimit: MAX_BATCH_BYTES }, async (request): Promise<EventBatchReply> => {
    const device = await deviceOf(store, request);
    // Too many events is the uploader's cue to halve the batch (413), not a contract breach (422).
    const raw = request.body as { events?: unknown } | null;
    if (raw && Array.isArray(raw.events) && raw.events.length > MAX_BATCH_EVENTS)
      throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `at most ${MAX_BATCH_EVENTS} events per batch`);
    const batch = parseOr422(EventBatchSchema, request.body);
    // A travelling device reports for every office of its set; one event outside it refuses
    // the whole batch, naming the office, so the device can hold that office's events back.
    const foreign = batch.events.findIndex((e) => !device.officeIds.includes(e.officeId));
    if (foreign !== -1) {
      const office = batch.events[foreign]!.officeId;
      throw new ApiError(
        403,
        'FORBIDDEN_OFFICE',
        `office ${office} is not among this device's offices (${device.officeIds.join(', ')}); the batch was refused`,
        [{ path: `events.${foreign}.officeId`, issue: `not_allowed:${office}` }],
      );
    }

    const receivedAt = now();
    const clockSkewSeconds = Math.round((Date.parse(batch.sentAt) - receivedAt.getTime()) / 1000);
    const result = await store.insertEvents({
      deviceId: device.id,
      source: 'upload',
      events: batch.events,
      receivedAt: receivedAt.toISOString(),
      clockSkewSeconds,
      quarantine: implausibleEvents(batch.events, receivedAt, ingest.plausibility),
      quota: { day: receivedAt.toISOString().slice(0, 10), max: ingest.dailyEventsPerDevice },
    });
    const { stored, conflicts, quarantined } = result;
    return { stored, conflicts, quarantined, receivedAt: receivedAt.toISOString(), clockSkewSeconds };
  });
}
