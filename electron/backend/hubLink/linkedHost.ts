import type { Reply } from '../../../shared/api';
import { apiError } from '../../../shared/errors';
import type { ServiceContext } from '../context';
import type { FullHost } from '../host';
import type { HubCatchUp } from './hubCatchUp';
import type { HubLink } from './hubLink';
import { SERVE, answeredOnCounter, waitsForJournal } from './localChannels';
import { serveAtCounter } from './serveAtCounter';
import { setupAtCounter } from './setupAtCounter';

/**
 * The host every window of this installation talks to. On its own (no hub link) it is
 * the local host, unchanged. Paired, the link's own channels (`hubLink.*`) stay here so a
 * device can always see and undo its link; a counter PC also answers its case log and
 * setup itself (localChannels.ts) and opens the visit of a ticket the hub serves; every
 * other request goes to the office hub, with the counter's officer. The windows hear both
 * the local host's and the hub's change notices.
 */
export function linkedHost(local: FullHost, link: HubLink, ctx: ServiceContext, catchUp: HubCatchUp): FullHost {
  const officer = () => ctx.setup.get()?.officerSignature ?? null;
  return {
    publish: (topics) => local.publish(topics),
    subscribe(listener) {
      const offLocal = local.subscribe(listener);
      const offLink = link.subscribe(listener);
      return () => {
        offLocal();
        offLink();
      };
    },
    async handle(raw, hooks) {
      const channel = (raw as { channel?: unknown } | null)?.channel;
      const name = typeof channel === 'string' ? channel : '';
      if (!link.linked || name.startsWith('hubLink.')) return local.handle(raw, hooks);
      if (link.role !== 'counter') return link.forward(raw);
      if (name === 'setup.save') return setupAtCounter({ ctx, link, local }, raw, hooks);
      if (answeredOnCounter(name)) {
        const reply = await local.handle(raw, hooks);
        // A closed visit owes the hub its ticket's end and its event: sent at once if it answers.
        if (reply.ok && name === 'visits.close') void catchUp.run();
        return reply;
      }
      if (!waitsForJournal(name)) return link.forward(raw, { officer: officer() });
      if (catchUp.owesActions()) {
        // A ticket's end is still owed to the hub: the queue must hear of it before this request
        // (else "call next" finds the counter still serving). Known away: say so at once, unless
        // its standby took over meanwhile (the journal then goes there first, as any request would).
        if (link.status().state === 'unreachable' && !(await link.follow())) void catchUp.run();
        else await catchUp.run();
        if (catchUp.owesActions()) return queueNeedsHub(envelopeId(raw));
      }
      const reply =
        name === SERVE
          ? await serveAtCounter({ ctx, link, local, publish: local.publish }, raw)
          : await link.forward(raw, { officer: officer() });
      return !reply.ok && reply.error.code === 'HUB_UNREACHABLE' ? queueNeedsHub(reply.id) : reply;
    },
  };
}

/** The queue is the hub's: said plainly, with what the officer can still do (errors.issue.queue_needs_hub). */
function queueNeedsHub(id: number): Reply {
  return { id, ok: false, error: apiError('HUB_UNREACHABLE', [{ path: '', issue: 'queue_needs_hub' }]) };
}

function envelopeId(raw: unknown): number {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'number' ? id : -1;
}
