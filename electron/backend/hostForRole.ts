import { apiError } from '../../shared/errors';
import { CHANNELS_FOR_ROLE, type WindowRole } from '../../shared/roles';
import type { Host } from './host';

/** The host as one kind of window may use it: other channels answer FORBIDDEN. */
export function hostForRole(host: Host, role: WindowRole): Host {
  const allowed = CHANNELS_FOR_ROLE[role];
  if (allowed === 'all') return host;
  return {
    subscribe: (listener) => host.subscribe(listener),
    async handle(raw, hooks) {
      const { id, channel, input } = (raw ?? {}) as { id?: unknown; channel?: unknown; input?: unknown };
      if (typeof channel !== 'string' || !(allowed as readonly string[]).includes(channel)) {
        return { id: typeof id === 'number' ? id : -1, ok: false, error: apiError('FORBIDDEN') };
      }
      // A kiosk issues kiosk tickets only.
      if (role === 'kiosk' && channel === 'tickets.issue' && (input as { source?: unknown })?.source !== 'kiosk') {
        return { id: typeof id === 'number' ? id : -1, ok: false, error: apiError('FORBIDDEN') };
      }
      return host.handle(raw, hooks);
    },
  };
}
