import type { FullHost } from '../host';
import type { HubLink } from './hubLink';

/**
 * The host every window of this installation talks to. On its own (no hub link) it is
 * the local host, unchanged. Paired, every request goes to the office hub, except the
 * link's own channels (`hubLink.*`), which stay here so a device can always see and undo
 * its link; the windows hear both the local host's and the hub's change notices.
 */
export function linkedHost(local: FullHost, link: HubLink): FullHost {
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
    handle(raw, hooks) {
      const channel = (raw as { channel?: unknown } | null)?.channel;
      const own = typeof channel === 'string' && channel.startsWith('hubLink.');
      return own || !link.linked ? local.handle(raw, hooks) : link.forward(raw);
    },
  };
}
