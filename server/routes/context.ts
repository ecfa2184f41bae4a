import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PlausibilityRules } from '../plausibility';
import type { ReportPool } from '../reports/reportPool';
import type { ServerStore } from '../store/types';

/** What every route module gets from buildServer. */
export interface RouteContext {
  store: ServerStore;
  now: () => Date;
  /**
   * Options for every token route: the rate limit (per known token; one bucket per address
   * for requests without a valid token) and the token check, made before the body is read.
   */
  tokenRoute: {
    config: {
      rateLimit: {
        max: (request: FastifyRequest, key: string) => number;
        timeWindow: number;
        keyGenerator: (r: FastifyRequest) => Promise<string>;
      };
    };
    preParsing: (request: FastifyRequest, reply: FastifyReply, payload: unknown) => Promise<unknown>;
  };
  /** For enrollment (keyed by address). */
  enrollRateLimit: { max: number; timeWindow: number };
  /** Reports and exports run here, off the event loop. */
  reports: ReportPool;
  ingest: {
    plausibility: PlausibilityRules;
    /** New events one device may store per server (UTC) day. */
    dailyEventsPerDevice: number;
  };
}
