import { channels, type ArrivalHandover, type Reply, type Topic, type Visit } from '../../../shared/api';
import { AppError, apiError } from '../../../shared/errors';
import type { ServiceContext } from '../context';
import type { Host } from '../host';
import type { HubLink } from './hubLink';
import { HAND_OVER, SERVE } from './localChannels';

/**
 * `tickets.serve` on a paired counter PC: the hub serves the ticket and hands its arrival to
 * this PC (`tickets.handOver`, with its idempotency key's retries), then the visit opens here,
 * in this PC's store, keyed by the ticket: a serve repeated after a crash between the two
 * finds the hand-over (the hub answers it again) and the visit already there.
 */
export async function serveAtCounter(
  deps: { ctx: ServiceContext; link: HubLink; local: Host; publish(topics: Topic[]): void },
  raw: unknown,
): Promise<Reply> {
  const { ctx, link } = deps;
  const parsed = channels[SERVE].input.safeParse((raw as { input?: unknown } | null)?.input);
  // A malformed request is refused exactly as the local door refuses it.
  if (!parsed.success) return deps.local.handle(raw);
  const id = (raw as { id: number }).id;
  const refuse = (err: AppError): Reply => ({ id, ok: false, error: apiError(err.code, err.details) });
  const setup = ctx.setup.get();
  if (!setup) return refuse(new AppError('SETUP_REQUIRED'));
  if (ctx.visits.openVisitOf(setup.officeId, setup.officerSignature))
    return refuse(new AppError('VISIT_OPEN', [{ path: '', issue: 'visit_in_progress' }]));
  const reply = await link.forward({ id, channel: HAND_OVER, input: parsed.data }, { officer: setup.officerSignature });
  if (!reply.ok) return reply;
  const handover = reply.result as ArrivalHandover;
  const visit = ctx.write((): Visit => {
    const known = ctx.counterArrivals.handed(handover.ticketId);
    if (known) return ctx.visits.findVisit(known.visitId)!;
    const visitId = ctx.newId();
    const now = ctx.now().toISOString();
    ctx.visits.insertVisit({
      id: visitId,
      officeId: handover.officeId,
      officerSignature: setup.officerSignature,
      // This PC's clock, like the close: the service time is measured on one clock.
      startedAt: now,
      localDate: handover.localDate, // a visit counts on the day its ticket was issued
      waitingSeconds: handover.waitingSeconds,
    });
    ctx.counterArrivals.insertHanded(handover, visitId, now);
    return ctx.visits.findVisit(visitId)!;
  });
  deps.publish(['visits']);
  return { id, ok: true, result: visit };
}
