import { create } from 'zustand';
import type { HubLinkStatus } from '../../shared/api';
import type { ApiError } from '../../shared/errors';
import { call, toApiError } from '../api/client';

interface HubLinkState {
  /** null until the first answer. */
  status: HubLinkStatus | null;
  /** This installation serves as its office's hub (asked only when it has no link of its own). */
  serving: boolean;
  /** This installation was the hub and another PC took over the queue. */
  steppedDown: boolean;
  action: 'pair' | 'unpair' | null;
  /** The last failed pairing or unpairing, explained in the hub section. */
  error: ApiError | null;
  refresh(): Promise<void>;
  pair(input: { address: string; code: string }): Promise<boolean>;
  unpair(): Promise<boolean>;
  dismissError(): void;
}

/**
 * This installation's link to its office hub, for Settings (and later the header). Apart
 * from the session store, like sync, so pairing never sets the counter's busy flag.
 * Refreshed when the 'hub' topic is pushed (connected, unreachable, revoked, unpaired).
 */
export const useHubLink = create<HubLinkState>()((set) => {
  async function act(action: 'pair' | 'unpair', run: () => Promise<HubLinkStatus>): Promise<boolean> {
    set({ action, error: null });
    try {
      set({ status: await run(), action: null });
      return true;
    } catch (err) {
      set({ error: toApiError(err), action: null });
      return false;
    }
  }
  return {
    status: null,
    serving: false,
    steppedDown: false,
    action: null,
    error: null,
    async refresh() {
      try {
        const status = await call('hubLink.status', {});
        // A paired PC's hub.status is the hub's own answer: only a PC on its own can be the hub.
        const hub = status.state === 'standalone' ? await call('hub.status', {}) : null;
        set({ status, serving: hub?.serving ?? false, steppedDown: hub?.steppedDown ?? false });
      } catch (err) {
        set({ error: toApiError(err) });
      }
    },
    pair: (input) => act('pair', () => call('hubLink.pair', input)),
    unpair: () => act('unpair', () => call('hubLink.unpair', {})),
    dismissError: () => set({ error: null }),
  };
});
