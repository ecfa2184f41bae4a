import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import { HubImageReader } from '../../../db/standbyMirror';
import type { HubDevice } from '../../../shared/api';
import { AppError, apiError, type ApiError } from '../../../shared/errors';
import { stockholmDate } from '../../../shared/time';
import type { ServiceContext } from '../context';
import type { FullHost } from '../host';
import { fingerprintOf } from './certificate';
import { EPOCH_HEADER, Roster, StandbyPull, TAKEOVER_PATHS, epochOf, type StandbyImageReply } from './takeoverWire';
import { HUB_PATHS } from './wire';

/** At most this many changed tickets (and outbox rows) per pull; the standby pulls again at once for the rest. */
const PULL_EVENTS = 5000;

/** Yesterday's tickets still waiting are called today, so the mirror keeps two days. */
function mirrorFrom(now: Date): string {
  return stockholmDate(new Date(now.getTime() - 36 * 3_600_000));
}

function remoteHost(request: FastifyRequest): string {
  return (request.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
}

/**
 * The hub's side of a takeover (decision 0008): the standby's pull of the queue, the roster
 * devices follow, and the epoch check on every device request, which makes a hub that meets
 * a higher epoch step down for good. Registered before the hub's own routes so its hook
 * sees every request.
 */
export function registerTakeoverRoutes(app: FastifyInstance, ctx: ServiceContext, host: FullHost): () => void {
  const image = new HubImageReader(ctx.store.db);
  const streams = new Set<ServerResponse>();
  ctx.numberBlocks.wake = () => host.publish(['hub']);

  function who(request: FastifyRequest): HubDevice | ApiError {
    try {
      const header = request.headers.authorization;
      return ctx.hubDevices.authenticate(header?.startsWith('Bearer ') ? header.slice(7) : '');
    } catch (err) {
      if (err instanceof AppError) return apiError(err.code, err.details);
      throw err;
    }
  }
  const refused = (reply: FastifyReply, status: number, error: ApiError) => reply.code(status).send({ error });

  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0];
    if (path === HUB_PATHS.pair || path === TAKEOVER_PATHS.roster) return;
    const seen = epochOf(request.headers[EPOCH_HEADER]);
    // Only a paired device's word counts: a stranger's header must not stop the office's hub.
    if (
      seen > ctx.hubState.state().epoch &&
      !('code' in who(request)) &&
      ctx.write(() => ctx.hubState.stepDown(ctx.now().toISOString(), seen))
    ) {
      // Met a newer hub: its own screens refetch, and devices still listening here must go
      // and find it (the notice first: nothing may be written to a stream once it is ended).
      host.publish(['hub', 'queue']);
      for (const stream of streams) stream.end();
    }
    if (ctx.hubState.state().steppedDownAt) {
      return refused(reply, 409, apiError('HUB_STEPPED_DOWN', [{ path: 'epoch', issue: 'stepped_down' }]));
    }
    if (path === HUB_PATHS.events) {
      streams.add(reply.raw);
      reply.raw.once('close', () => streams.delete(reply.raw));
    }
  });

  // An issue through the hub waits (briefly) for its number's block to be on the standby.
  app.addHook('preHandler', async (request) => {
    if (request.url !== HUB_PATHS.request) return;
    const body = request.body as { channel?: unknown; input?: { queueLetter?: unknown } } | null;
    const letter = body?.input?.queueLetter;
    const setup = ctx.setup.get();
    if (body?.channel !== 'tickets.issue' || typeof letter !== 'string' || !setup) return;
    const today = stockholmDate(ctx.now());
    await ctx.numberBlocks.ready(setup.officeId, today, letter, ctx.queue.nextSeq(setup.officeId, today, letter));
  });

  app.get(TAKEOVER_PATHS.roster, async (request, reply) => {
    const device = who(request);
    if ('code' in device) return refused(reply, 401, device);
    const state = ctx.hubState.state();
    const standby =
      state.standbyDeviceId && state.standbyHost && state.standbyPort && state.standbyCertPem
        ? {
            deviceId: state.standbyDeviceId,
            host: state.standbyHost,
            port: state.standbyPort,
            certPem: state.standbyCertPem,
            fingerprint: fingerprintOf(state.standbyCertPem),
          }
        : null;
    return Roster.parse({
      epoch: state.epoch,
      steppedDown: state.steppedDownAt !== null,
      standbyDeviceId: state.standbyDeviceId,
      standby,
    });
  });

  app.post(TAKEOVER_PATHS.standby, async (request, reply) => {
    const device = who(request);
    if ('code' in device) return refused(reply, 401, device);
    if (ctx.hubState.state().standbyDeviceId !== device.id)
      return refused(reply, 403, apiError('FORBIDDEN', [{ path: '', issue: 'not_standby' }]));
    const pull = StandbyPull.safeParse(request.body);
    if (!pull.success) return refused(reply, 400, apiError('BAD_REQUEST', [{ path: 'body', issue: 'invalid' }]));
    const setup = ctx.setup.get();
    const now = ctx.now();
    const today = stockholmDate(now);
    const fromDate = mirrorFrom(now);
    // A pull only writes when something changed (an acknowledgement, the standby's address, a
    // new block): most pulls are reads, so the standby never holds up the counters' writes.
    ctx.numberBlocks.acknowledge(pull.data.acknowledged);
    // What the standby holds of the outbox may now be uploaded.
    if (
      pull.data.outboxAfter > ctx.hubState.outboxAcknowledged() &&
      ctx.write(() => ctx.hubState.acknowledgeOutbox(pull.data.outboxAfter))
    )
      ctx.sync.kick();
    const from = remoteHost(request);
    const before = ctx.hubState.state();
    const moved =
      before.standbyHost !== from ||
      before.standbyPort !== pull.data.port ||
      before.standbyCertPem !== pull.data.certPem;
    if (moved) ctx.write(() => ctx.hubState.setStandbyEndpoint(from, pull.data.port, pull.data.certPem));
    const officeId = setup?.officeId ?? '';
    if (setup) {
      const letters = image.queues(officeId).map((q) => String(q.letter));
      ctx.numberBlocks.reserveAhead(officeId, today, letters, (l) => ctx.queue.nextSeq(officeId, today, l) - 1);
    }
    // Synchronous reads on the hub's one connection: nothing can change between them.
    const cursor = image.cursor();
    const changed =
      pull.data.after === 0 || pull.data.after > cursor
        ? { rows: image.ticketsFrom(fromDate), cursor }
        : image.ticketsChangedAfter(pull.data.after, fromDate, PULL_EVENTS);
    // The outbox travels with the queue, so a takeover loses no event and forks no chain.
    const outbox = image.outboxAfter(pull.data.outboxAfter, fromDate, PULL_EVENTS);
    const answer: StandbyImageReply = {
      cursor: changed.cursor,
      more: changed.cursor < cursor || outbox.more,
      fromDate,
      tickets: changed.rows,
      outbox: outbox.rows,
      outboxCursor: outbox.cursor,
      state: {
        epoch: before.epoch,
        standbyDeviceId: device.id,
        setup: setup ? { officeId: setup.officeId, officerSignature: setup.officerSignature } : null,
        queues: image.queues(officeId),
        counters: image.counters(officeId),
        appointments: image.appointments(officeId, fromDate),
        devices: image.devices(),
        passphrase: image.passphrase(officeId),
        blocks: ctx.hubState.blocksFrom(fromDate).filter((b) => b.officeId === officeId),
      },
    };
    // Devices learn where the standby listens (their roster) from the change notice.
    if (moved) host.publish(['hub']);
    return answer;
  });

  return () => {
    ctx.numberBlocks.wake = () => {};
  };
}
