import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DEFAULT_SERVICE_LEVEL_MINUTES, EXPORT_FORMATS } from '../../shared/stats';
import { ApiError, parseOr422 } from '../errors';
import { principalOf } from '../principal';
import type { RouteContext } from './context';

/** Two calendar years plus a leap day: the longest range an analyst's query (or the national export) may cover. */
const MAX_RANGE_DAYS = 731;
/**
 * A device may ask for its own office over at most a year plus a leap day: what its
 * supervisors compare with (the desktop computes its own figures locally; this is a check).
 */
export const DEVICE_MAX_RANGE_DAYS = 366;

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
const rangeDays = (q: { from: string; to: string }) => dayNumber(q.to) - dayNumber(q.from) + 1;

/** A range of local days, from ≤ to, at most two years: every statistics query's. */
const RANGE = {
  from: z.iso.date(),
  to: z.iso.date(),
  serviceLevelMinutes: z.coerce.number().int().min(1).max(240).optional(),
};
function withRangeRules<T extends z.ZodType<{ from: string; to: string }>>(schema: T) {
  return schema
    .refine((q) => q.from <= q.to, { message: 'from is after to', path: ['from'] })
    .refine((q) => rangeDays(q) <= MAX_RANGE_DAYS, {
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

/** Both statistics routes compute in the report pool (worker threads), one report per token at a time. */
export function statsRoutes(app: FastifyInstance, { store, tokenRoute, reports, now }: RouteContext): void {
  // The national level (issue 6, central view): analysts only; an office's device sees its own office.
  app.get('/v1/stats/national', tokenRoute, async (request, reply) => {
    const principal = await principalOf(store, request);
    if (principal.kind !== 'analyst')
      throw new ApiError(403, 'FORBIDDEN_OFFICE', 'the national table is for analyst tokens only');
    const query = parseOr422(NationalQuerySchema, request.query);
    const file = await reports.run(`analyst:${principal.analyst.id}`, {
      kind: 'national',
      from: query.from,
      to: query.to,
      format: query.format,
      lang: query.lang,
      serviceLevelMinutes: query.serviceLevelMinutes ?? DEFAULT_SERVICE_LEVEL_MINUTES,
      now: now().toISOString(),
    });
    if (file.kind !== 'national') throw new Error('the report pool answered another kind of job');
    // Streamed as the worker writes it: a national year never lies whole in the service's memory.
    return reply
      .header('content-type', file.mimeType)
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      .send(file.body);
  });

  app.get('/v1/stats/daily', tokenRoute, async (request, reply) => {
    const principal = await principalOf(store, request);
    const query = parseOr422(StatsQuerySchema, request.query);
    if (principal.kind === 'device') {
      if (!principal.device.officeIds.includes(query.office))
        throw new ApiError(403, 'FORBIDDEN_OFFICE', 'a device may query its own offices only');
      if (rangeDays(query) > DEVICE_MAX_RANGE_DAYS)
        throw new ApiError(422, 'VALIDATION', `a device may query at most ${DEVICE_MAX_RANGE_DAYS} days at a time`, [
          { path: 'to', issue: `the range is longer than ${DEVICE_MAX_RANGE_DAYS} days` },
        ]);
    }
    const key = principal.kind === 'device' ? `device:${principal.device.id}` : `analyst:${principal.analyst.id}`;
    const report = await reports.run(key, {
      kind: 'daily',
      officeId: query.office,
      from: query.from,
      to: query.to,
      serviceLevelMinutes: query.serviceLevelMinutes ?? DEFAULT_SERVICE_LEVEL_MINUTES,
    });
    if (report.kind !== 'daily') throw new Error('the report pool answered another kind of job');
    return reply.type('application/json; charset=utf-8').send(report.json);
  });
}
