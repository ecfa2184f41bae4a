import rateLimit from '@fastify/rate-limit';
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { ApiError, sendApiError } from './errors';
import { rateLimitKey } from './principal';
import { contentRoutes } from './routes/content';
import type { RouteContext } from './routes/context';
import { enrollRoutes } from './routes/enroll';
import { eventRoutes } from './routes/events';
import { healthRoutes } from './routes/health';
import { statsRoutes } from './routes/stats';
import { StoreUnavailableError, type ServerStore } from './store/types';

export interface ServerLimits {
  /** Requests per device token per window on the token routes (events, stats, guides, registry). Default 120. */
  perDevice?: number;
  /** Enrollment attempts per client address per window. Default 10. */
  enrollPerAddress?: number;
  /** The window, ms. Default 60 000. */
  windowMs?: number;
}

export interface BuildServerOptions {
  store: ServerStore;
  /** The server clock (receipt times, clock skew, enrollment expiry); tests pin it. */
  now?: () => Date;
  /** false: silent; true (default): JSON lines on stdout; or pino options (level, stream). */
  logger?: boolean | { level?: string; stream?: { write(line: string): void } };
  limits?: ServerLimits;
  /**
   * Proxies in front whose X-Forwarded-For to believe (Fastify's trustProxy: true, or their
   * addresses / CIDRs, comma-separated). Production runs behind a TLS proxy: without this, every device has the
   * proxy's address and the per-address enrollment limit would be one for the whole country.
   */
  trustProxy?: boolean | string;
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
  // With `tls` Fastify makes an https server; the routes are the same either way.
  const app = Fastify({
    ...(options.tls ? { https: { cert: options.tls.cert, key: options.tls.key } } : {}),
    logger: loggerOptions(options.logger ?? true),
    // One line per request is written in onResponse below, without bodies or headers.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024,
    // Fastify's own closing 503 is not in the contract's error shape: requests that reach a
    // closing server are served (close waits for them), and a closed store answers UNAVAILABLE.
    return503OnClosing: false,
    trustProxy: options.trustProxy ?? false,
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

  const context: RouteContext = {
    store: options.store,
    now,
    deviceRateLimit: { max: options.limits?.perDevice ?? 120, timeWindow: windowMs, keyGenerator: rateLimitKey },
    enrollRateLimit: { max: options.limits?.enrollPerAddress ?? 10, timeWindow: windowMs },
  };

  app.register(rateLimit, {
    global: false,
    // Thrown into the error handler above, which answers RATE_LIMITED; the plugin sets Retry-After.
    errorResponseBuilder: (_request, ctx) => ({ statusCode: 429, message: `rate limited, retry in ${ctx.after}` }),
  });
  app.register(async (scope) => {
    healthRoutes(scope, context);
    enrollRoutes(scope, context);
    eventRoutes(scope, context);
    statsRoutes(scope, context);
    contentRoutes(scope, context);
  });
  return app;
}
