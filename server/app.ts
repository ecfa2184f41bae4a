import rateLimit from '@fastify/rate-limit';
import Fastify, {
  LogController,
  type FastifyError,
  type FastifyInstance,
  type FastifyServerFactory,
  type FastifyServerOptions,
  type RawServerDefault,
} from 'fastify';
import { createServer as createHttpServer, type RequestListener } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { availableParallelism } from 'node:os';
import { ApiError, sendApiError } from './errors';
import { DEFAULT_PLAUSIBILITY, type PlausibilityRules } from './plausibility';
import { rateLimitKey, requireToken } from './principal';
import { SharedRateLimitStore } from './rateLimitStore';
import { ReportPool, type ReportPoolOptions } from './reports/reportPool';
import { contentRoutes } from './routes/content';
import type { RouteContext } from './routes/context';
import { enrollRoutes } from './routes/enroll';
import { deviceRoutes } from './routes/device';
import { eventRoutes } from './routes/events';
import { healthRoutes } from './routes/health';
import { statsRoutes } from './routes/stats';
import { QuotaExceededError, StoreUnavailableError, type ServerStore } from './store/types';
import { checkTrustProxy, type TrustProxy } from './trustProxy';

export interface ServerLimits {
  /** Requests per device token per window on the token routes (events, stats, guides, registry). Default 120. */
  perDevice?: number;
  /** Requests without a valid token (none, unknown, revoked) per client address per window, all in one bucket. Default 30. */
  unknownPerAddress?: number;
  /** Enrollment attempts per client address per window. Default 10. */
  enrollPerAddress?: number;
  /** The window, ms. Default 60 000. */
  windowMs?: number;
  /** New events one device may store per server (UTC) day; more is 429 until the next day. Default 20 000. */
  dailyEventsPerDevice?: number;
}

export interface ServerTimeouts {
  /** The request line and headers must arrive within this, ms. Default 10 000. */
  headersMs?: number;
  /** The whole request, body included, must arrive within this, ms (else 408 and the connection closed). Default 30 000. */
  requestMs?: number;
  /** How often Node checks those two, ms. Default 1 000. */
  checkEveryMs?: number;
}

/** A device's daily event quota: a large office's busiest day, several times over, plus a long-offline backlog. */
export const DEFAULT_DAILY_EVENTS_PER_DEVICE = 20_000;

export interface BuildServerOptions {
  store: ServerStore;
  /** The server clock (receipt times, clock skew, enrollment expiry); tests pin it. */
  now?: () => Date;
  /** false: silent; true (default): JSON lines on stdout; or pino options (level, stream). */
  logger?: boolean | { level?: string; stream?: { write(line: string): void } };
  limits?: ServerLimits;
  timeouts?: ServerTimeouts;
  /** Dates and times an office can really report; other events are quarantined (server/plausibility.ts). */
  plausibility?: Partial<PlausibilityRules>;
  /** The report worker threads (default: one per core but one, at least one, at most four). */
  reports?: Partial<ReportPoolOptions>;
  /**
   * Proxies in front whose X-Forwarded-For to believe: their addresses / CIDRs (comma-separated
   * or a list), or how many proxy hops to trust. Production runs behind a TLS proxy: without
   * this, every device has the proxy's address and the per-address limits would be one for the
   * whole country. `true` (believe anyone's header) is refused (server/trustProxy.ts).
   */
  trustProxy?: TrustProxy;
  /** Serve HTTPS with this certificate and key (PEM), where no TLS proxy stands in front. */
  tls?: { cert: string; key: string };
}

/** What the request log says for a request no route matched (its path is never logged). */
export const UNMATCHED_ROUTE = '(no route)';

/** Seconds a client is told to wait when the database is busy or down. */
const UNAVAILABLE_RETRY_SECONDS = 2;

/** Never logged: tokens and enrollment codes travel in these. */
const REDACT = ['req.headers.authorization', 'req.headers.cookie', 'req.body', 'res.body', 'body'];

function loggerOptions(logger: BuildServerOptions['logger']): FastifyServerOptions['logger'] {
  if (logger === false) return false;
  const custom = typeof logger === 'object' ? logger : {};
  return {
    level: custom.level ?? 'info',
    redact: { paths: REDACT, censor: '[redacted]' },
    ...(custom.stream ? { stream: custom.stream } : {}),
  };
}

/**
 * The central statistics service (docs/sync.md). Not listening yet: call `listen`, or use
 * startServer (server/run.ts) which also owns the store's lifetime.
 */
export function buildServer(options: BuildServerOptions): FastifyInstance {
  const now = options.now ?? (() => new Date());
  const windowMs = options.limits?.windowMs ?? 60_000;
  const trustProxy = checkTrustProxy(options.trustProxy);
  const timeouts = {
    headersTimeout: options.timeouts?.headersMs ?? 10_000,
    requestTimeout: options.timeouts?.requestMs ?? 30_000,
    connectionsCheckingInterval: options.timeouts?.checkEveryMs ?? 1_000,
  };
  timeouts.headersTimeout = Math.min(timeouts.headersTimeout, timeouts.requestTimeout);
  const tls = options.tls;
  const app = Fastify({
    // Our own server, for Node's header and request (body) timeouts and how often they are
    // checked (Fastify passes neither); HTTPS with `tls`, the routes the same either way.
    serverFactory: ((handler: RequestListener) =>
      tls
        ? createHttpsServer({ ...timeouts, cert: tls.cert, key: tls.key }, handler)
        : createHttpServer(timeouts, handler)) as FastifyServerFactory<RawServerDefault>,
    logger: loggerOptions(options.logger ?? true),
    // One line per request is written in onResponse below, without bodies or headers.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024,
    // Fastify's own closing 503 is not in the contract's error shape: requests that reach a
    // closing server are served (close waits for them), and a closed store answers UNAVAILABLE.
    return503OnClosing: false,
    // A hop count as Express means it: the nearest N addresses are proxies (Fastify's own number trusts none).
    trustProxy: typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
  });

  // The API speaks JSON only: a text body is "not JSON" (400), not a string to validate.
  app.removeContentTypeParser('text/plain');

  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        // The route's pattern ("/v1/guides/:file"), never the path as sent: a mistyped address
        // can carry anything, a personnummer included. Unmatched requests log no path at all.
        route: request.routeOptions.url ?? UNMATCHED_ROUTE,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });

  app.setNotFoundHandler((_request, reply) => sendApiError(reply, new ApiError(404, 'NOT_FOUND', 'no such endpoint')));

  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof ApiError) return sendApiError(reply, err);
    if (err instanceof StoreUnavailableError) {
      request.log.warn(
        { cause: String((err.cause as Error | undefined)?.message ?? err.cause) },
        'database unavailable',
      );
      return sendApiError(
        reply,
        new ApiError(
          503,
          'UNAVAILABLE',
          'the database is busy or unavailable; try again later',
          undefined,
          UNAVAILABLE_RETRY_SECONDS,
        ),
      );
    }
    if (err instanceof QuotaExceededError) {
      const midnight = Date.parse(`${err.day}T00:00:00Z`) + 86_400_000;
      const wait = Math.max(1, Math.ceil((midnight - now().getTime()) / 1000));
      return sendApiError(
        reply,
        new ApiError(
          429,
          'RATE_LIMITED',
          `this device has stored its ${err.max} new events for ${err.day} (UTC); send the rest after midnight UTC`,
          [{ path: 'events', issue: `daily_quota:${err.max}` }],
          wait,
        ),
      );
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return sendApiError(reply, new ApiError(413, 'PAYLOAD_TOO_LARGE', 'the request body is too large'));
    if (err.statusCode === 429)
      return sendApiError(reply, new ApiError(429, 'RATE_LIMITED', 'too many requests; wait and retry'));
    if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500)
      // Not JSON, an empty body, an unsupported content type, a broken request line.
      return sendApiError(reply, new ApiError(400, 'BAD_REQUEST', 'the request is not valid JSON for this endpoint'));
    request.log.error({ err: { message: err.message, stack: err.stack } }, 'unexpected error');
    return sendApiError(reply, new ApiError(500, 'INTERNAL', 'internal error'));
  });

  const perToken = options.limits?.perDevice ?? 120;
  const perUnknownAddress = options.limits?.unknownPerAddress ?? 30;
  const reports = new ReportPool(options.store.location, {
    workers: options.reports?.workers ?? Math.max(1, Math.min(4, availableParallelism() - 1)),
    maxQueued: options.reports?.maxQueued ?? 50,
    workerHeapMb: options.reports?.workerHeapMb ?? 1024,
  });
  app.addHook('onClose', () => reports.close());
  const context: RouteContext = {
    store: options.store,
    now,
    tokenRoute: {
      config: {
        rateLimit: {
          max: (_request, key) => (key.startsWith('token:') ? perToken : perUnknownAddress),
          timeWindow: windowMs,
          keyGenerator: rateLimitKey(options.store),
        },
      },
      preParsing: requireToken(options.store),
    },
    enrollRateLimit: { max: options.limits?.enrollPerAddress ?? 10, timeWindow: windowMs },
    reports,
    ingest: {
      plausibility: { ...DEFAULT_PLAUSIBILITY, ...options.plausibility },
      dailyEventsPerDevice: options.limits?.dailyEventsPerDevice ?? DEFAULT_DAILY_EVENTS_PER_DEVICE,
    },
  };

  const counters = new SharedRateLimitStore();
  app.register(rateLimit, {
    global: false,
    // One set of counters for every route (server/rateLimitStore.ts).
    store: class {
      constructor() {
        return counters;
      }
    } as never,
    // Thrown into the error handler above, which answers RATE_LIMITED; the plugin sets Retry-After.
    errorResponseBuilder: (_request, ctx) => ({ statusCode: 429, message: `rate limited, retry in ${ctx.after}` }),
  });
  app.register(async (scope) => {
    healthRoutes(scope, context);
    enrollRoutes(scope, context);
    eventRoutes(scope, context);
    deviceRoutes(scope, context);
    statsRoutes(scope, context);
    contentRoutes(scope, context);
  });
  return app;
}
