import rateLimit from '@fastify/rate-limit';
import Fastify from 'fastify';
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { AppError, apiError, type ApiError } from '../../../shared/errors';
import type { HubDevice } from '../../../shared/api';
import type { Backend } from '../boot';
import type { HubCertificate } from '../hub/certificate';
import { hostForRole } from '../hostForRole';
import { HUB_EVENT_BATCH_PATH, HUB_KEEP_ALIVE_MS, HUB_PATHS, OFFICER_HEADER } from '../hub/wire';
import { receiveDeviceEvents } from '../hub/eventInbox';
import { Signature } from '../../../shared/api';
import { registerTakeoverRoutes } from '../hub/takeoverRoutes';
import { coalesceChanges } from '../hub/changeCoalescer';
import { recentDevices } from '../hub/recentDevices';

export interface HubServerOptions {
  backend: Backend;
  certificate: HubCertificate;
  /** Where to listen: every interface of the office PC by default; tests use 127.0.0.1. */
  listenHost?: string;
  port: number;
}

export interface HubServer {
  /** https://host:port as devices type it (with the address listened on). */
  address: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Pairing attempts per address and minute. A code allows five tries anyway; this keeps a
 * stranger on the LAN from burning every live code's tries by guessing code ids.
 */
export const PAIR_ATTEMPTS_PER_MINUTE = 20;
/** Comment lines on the event stream keep idle connections (and NAT/firewall state) alive. */
const HEARTBEAT_MS = 15_000;

const PairBody = z
  .object({ codeId: z.string().regex(/^[A-HJ-NP-Z2-9]{4}$/), proof: z.string().regex(/^[A-Za-z0-9_-]{43}$/) })
  .strict();
const IdempotencyKey = z.uuid();

/** HTTP status for each refusal the hub itself makes (the handler table's replies are always 200). */
function statusOf(error: ApiError): number {
  if (error.code === 'HUB_DEVICE_REVOKED') return 401;
  if (error.code === 'HUB_PAIRING_REFUSED') return 403;
  if (error.code === 'HUB_NOT_SERVING') return 503;
  return 400;
}

/** What a device keeps itself; at the hub these are refused for every device. */
function deviceOwn(channel: string): boolean {
  return (
    channel.startsWith('hubLink.') ||
    channel.startsWith('visits.') ||
    channel === 'setup.save' ||
    channel === 'tickets.serve'
  );
}

/**
 * The hub PC's own business, which a device must not do there: its connection to the central
 * statistics service (enrolling or disconnecting it needs no passphrase, so a counter could
 * cut the office's statistics off), and a statistics export, whose file is written on the hub
 * PC where the counter cannot save it. Refused with an issue the counter's UI explains.
 */
const HUB_PC_ONLY: ReadonlySet<string> = new Set(['sync.enroll', 'sync.disconnect', 'stats.export']);

function bearer(header: string | undefined): string {
  return header?.startsWith('Bearer ') ? header.slice(7) : '';
}

/**
 * The office hub's host: the handler table over HTTPS for paired devices, each limited
 * to its role (`hostForRole`, as windows are), a one-time-code pairing exchange, and a
 * server-sent event stream of changed topics. Adds no logic of its own beyond who may
 * ask: every input still passes the host's envelope, size and zod checks.
 */
export async function startHubServer(options: HubServerOptions): Promise<HubServer> {
  const { backend, certificate } = options;
  const ctx = backend.context;
  if (!ctx) throw new Error(`the hub cannot serve without its store: ${backend.storeError?.message}`);
  const app = Fastify({
    logger: false,
    https: { key: certificate.keyPem, cert: certificate.certPem },
    bodyLimit: 2_500_000, // a guide package import is the largest request (see LARGE_INPUT_BYTES)
    forceCloseConnections: true,
    // A counter's connection outlives the minutes between its calls (hub/wire.ts).
    keepAliveTimeout: HUB_KEEP_ALIVE_MS,
  });
  const refuse = (reply: { code(n: number): { send(b: unknown): unknown } }, error: ApiError) =>
    reply.code(statusOf(error)).send({ error });

  // Each request names its device by token; a second's memory of the answer spares the
  // store a read per request (hub/recentDevices.ts), forgotten on any revocation.
  const known = recentDevices((token) => ctx!.hubDevices.authenticate(token));
  /** Who is asking, or the refusal to send. */
  function device(authorization: string | undefined): HubDevice | ApiError {
    try {
      return known.authenticate(bearer(authorization));
    } catch (err) {
      if (err instanceof AppError) return apiError(err.code, err.details);
      throw err;
    }
  }
  const isError = (d: HubDevice | ApiError): d is ApiError => 'code' in d;

  await app.register(rateLimit, {
    global: false,
    // Thrown to the error handler below, which answers in the hub's own shape.
    errorResponseBuilder: (_request, ctx) => ({ statusCode: 429, message: `retry in ${ctx.after}` }),
  });
  app.setErrorHandler((err: { statusCode?: number }, _request, reply) => {
    if (err.statusCode === 429) {
      return reply
        .code(429)
        .send({ error: apiError('HUB_PAIRING_REFUSED', [{ path: 'code', issue: 'too_many_attempts' }]) });
    }
    return reply.send(err);
  });
  const pairLimit = { rateLimit: { max: PAIR_ATTEMPTS_PER_MINUTE, timeWindow: 60_000 } };
  // Epochs, the standby's mirror and the roster (hub/takeoverRoutes.ts); its hook sees every request.
  const offTakeover = registerTakeoverRoutes(app, ctx, backend.host);

  app.post(HUB_PATHS.pair, { config: pairLimit }, async (request, reply) => {
    const body = PairBody.safeParse(request.body);
    if (!body.success) return refuse(reply, apiError('HUB_PAIRING_REFUSED', [{ path: 'code', issue: 'malformed' }]));
    try {
      return ctx.hubDevices.pair(body.data.codeId, body.data.proof);
    } catch (err) {
      if (err instanceof AppError) return refuse(reply, apiError(err.code, err.details));
      throw err;
    }
  });

  app.post(HUB_PATHS.request, async (request, reply) => {
    const who = device(request.headers.authorization);
    if (isError(who)) return refuse(reply, who);
    const rawKey = request.headers['idempotency-key'];
    const key = rawKey === undefined ? null : IdempotencyKey.safeParse(rawKey);
    if (key && !key.success)
      return refuse(reply, apiError('BAD_REQUEST', [{ path: 'idempotencyKey', issue: 'invalid' }]));
    // A device's link to the hub, its officer's setup and its case log are its own business:
    // they never reach the hub's (a counter serves through tickets.handOver; decision 0008).
    const channel = (request.body as { channel?: unknown } | null)?.channel;
    if (typeof channel === 'string' && deviceOwn(channel)) {
      const id = (request.body as { id?: unknown }).id;
      return { id: typeof id === 'number' ? id : -1, ok: false, error: apiError('FORBIDDEN') };
    }
    if (typeof channel === 'string' && HUB_PC_ONLY.has(channel)) {
      const id = (request.body as { id?: unknown }).id;
      return {
        id: typeof id === 'number' ? id : -1,
        ok: false,
        error: apiError('FORBIDDEN', [{ path: '', issue: 'hub_pc_only' }]),
      };
    }
    // The officer at a counter comes with each request; only a counter device has one.
    const rawOfficer = request.headers[OFFICER_HEADER];
    const officer = who.role === 'counter' && typeof rawOfficer === 'string' ? Signature.safeParse(rawOfficer) : null;
    if (officer && !officer.success)
      return refuse(reply, apiError('BAD_REQUEST', [{ path: 'officer', issue: 'invalid' }]));
    return ctx.hubRequests.handle(hostForRole(backend.host, who.role), key ? key.data! : null, request.body, {
      deviceId: who.id,
      officer: officer?.data ?? null,
    });
  });

  // A counter PC's statistics events join the office's outbox (hub/eventInbox.ts).
  app.post(HUB_EVENT_BATCH_PATH, async (request, reply) => {
    const who = device(request.headers.authorization);
    if (isError(who)) return refuse(reply, who);
    if (who.role !== 'counter') return reply.code(403).send({ error: apiError('FORBIDDEN') });
    try {
      const answer = receiveDeviceEvents(ctx, who.id, request.body);
      ctx.sync.kick();
      return answer;
    } catch (err) {
      if (err instanceof AppError) return reply.code(422).send({ error: apiError(err.code, err.details) });
      throw err;
    }
  });

  // Live updates: the host's events as server-sent events, per device until it is revoked.
  const streams = new Map<string, Set<ServerResponse>>();
  const offRevoked = ctx.hubDevices.onRevoked((deviceId) => {
    known.forget();
    for (const stream of streams.get(deviceId) ?? []) stream.end();
  });
  app.get(HUB_PATHS.events, (request, reply) => {
    const who = device(request.headers.authorization);
    if (isError(who)) return refuse(reply, who);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    raw.write(': connected\n\n');
    const mine = streams.get(who.id) ?? new Set();
    streams.set(who.id, mine.add(raw));
    const changes = coalesceChanges((event) => raw.write(`data: ${JSON.stringify(event)}\n\n`));
    const off = backend.host.subscribe((event) => changes.push(event));
    const heartbeat = setInterval(() => raw.write(': \n\n'), HEARTBEAT_MS);
    request.raw.on('close', () => {
      off();
      changes.close();
      clearInterval(heartbeat);
      mine.delete(raw);
    });
    return undefined;
  });

  await app.listen({ host: options.listenHost ?? '0.0.0.0', port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  ctx.hubDevices.serveWith(certificate.fingerprint);
  const purge = setInterval(() => ctx.hubRequests.purge(), 60 * 60_000);
  purge.unref();
  ctx.hubRequests.purge();
  return {
    address: `https://${options.listenHost ?? '0.0.0.0'}:${port}`,
    port,
    close: async () => {
      clearInterval(purge);
      offRevoked();
      offTakeover();
      ctx.hubDevices.serveWith(null);
      await app.close();
    },
  };
}
