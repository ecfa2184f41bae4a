import type { FastifyRequest } from 'fastify';
import type { ServerStore } from '../store/types';

/** What every route module gets from buildServer. */
export interface RouteContext {
  store: ServerStore;
  now: () => Date;
  /** @fastify/rate-limit route config for device-token routes (keyed by token hash). */
  deviceRateLimit: { max: number; timeWindow: number; keyGenerator: (r: FastifyRequest) => string };
  /** For enrollment (keyed by address). */
  enrollRateLimit: { max: number; timeWindow: number };
}
