import { create } from 'zustand';
import type { HubTakeoverStatus } from '../../shared/api';
import type { ApiError } from '../../shared/errors';
import { call, toApiError } from '../api/client';

interface HubTakeoverState {
  /** null until asked (only on a paired counter). */
  status: HubTakeoverStatus | null;
  busy: boolean;
  error: ApiError | null;
  refresh(): Promise<void>;
  takeOver(passphrase: string): Promise<boolean>;
  dismissError(): void;
}

/** Whether this paired counter stands by to take over the queue, and the takeover itself. */
export const useHubTakeover = create<HubTakeoverState>()((set) => ({
  status: null,
  busy: false,
  error: null,
  async refresh() {
    try {
      set({ status: await call('hubLink.takeoverStatus', {}) });
    } catch (err) {
      set({ error: toApiError(err) });
    }
  },
  async takeOver(passphrase) {
    set({ busy: true, error: null });
    try {
      set({ status: await call('hubLink.takeOver', { passphrase }), busy: false });
      return true;
    } catch (err) {
      set({ error: toApiError(err), busy: false });
      return false;
    }
  },
  dismissError: () => set({ error: null }),
}));
