import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DEFAULT_SERVICE_LEVEL_MINUTES, EXPORT_FORMATS, type StatsArrival } from '../../shared/stats';
import { computeReport } from '../../shared/statsCompute';
import { eventToArrival } from '../../shared/sync';
import { ApiError, parseOr422 } from '../errors';
import { nationalExport } from '../nationalReport';
import { authenticate } from '../principal';
import type { RouteContext } from './context';

/** Two calendar years plus a leap day: the longest range one query may cover. */
const MAX_RANGE_DAYS = 731;

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/** A range of local days, from ≤ to, at most two years: every statistics query's. */
const RANGE = {
  from: z.iso.date(),
  to: z.iso.date(),
  serviceLevelMinutes: z.coerce.number().int().min(1).max(240).optional(),
};
function withRangeRules<T extends z.ZodType<{ from: string; to: string }>>(schema: T) {
  return schema
    .refine((q) => q.from <= q.to, { message: 'from is after to', path: ['from'] })
    .refine((q) => dayNumber(q.to) - dayNumber(q.from) < MAX_RANGE_DAYS, {
      message: 'the range is longer than two years',
      path: ['to'],
    });
}

export const StatsQuerySchema = withRangeRules(
  z.object({ office: z.string().regex(/^[a-z0-9-]{2,60}$/), ...RANGE }).strict(),
);

/** The national table: every office and the whole country, as a file. */
export const NationalQuerySchema = withRangeRules(
  z
    .object({
      ...RANGE,
      format: z.enum(EXPORT_FORMATS).default('csv_excel'),
      lang: z.enum(['sv', 'en']).default('sv'),
    })
    .strict(),
);

export function statsRoutes(app: FastifyInstance, { store, deviceRateLimit, now }: RouteContext): void {
  // The national level (issue 6, central view): analysts only; an office's device sees its own office.
  app.get('/v1/stats/national', { config: { rateLimit: deviceRateLimit } }, async (request, reply) => {
    const principal = await authenticate(store, request);
    if (principal.kind !== 'analyst')
      throw new ApiError(403, 'FORBIDDEN_OFFICE', 'the national table is for analyst tokens only');
    const query = parseOr422(NationalQuerySchema, request.query);
    const file = await nationalExport(store, {
      ...query,
      serviceLevelMinutes: query.serviceLevelMinutes ?? DEFAULT_SERVICE_LEVEL_MINUTES,
      now: now(),
    });
    return reply
      .header('content-type', file.mimeType)
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      .send(file.bytes);
  });

  app.get('/v1/stats/daily', { config: { rateLimit: deviceRateLimit } }, async (request) => {
    const principal = await authenticate(store, request);
    const query = parseOr422(StatsQuerySchema, request.query);
    if (principal.kind === 'device' && principal.device.officeId !== query.office)
      throw new ApiError(403, 'FORBIDDEN_OFFICE', 'a device may query its own office only');
    const events = await store.currentEvents(query.office, query.from, query.to);
    const arrivals = events.map(eventToArrival).filter((a): a is StatsArrival => a !== null);
    return computeReport(arrivals, {
      officeId: query.office,
      from: query.from,
      to: query.to,
      serviceLevelMinutes: query.serviceLevelMinutes ?? DEFAULT_SERVICE_LEVEL_MINUTES,
    });
  });
}
