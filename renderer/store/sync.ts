import { create } from 'zustand';
import type { ReceiptResult, StatsBundleFile, SyncStatus } from '../../shared/api';
import type { ApiError } from '../../shared/errors';
import { call, toApiError } from '../api/client';

/** What the Settings section is doing right now; the header shows "Synkar …" for 'now'. */
export type SyncAction = 'enroll' | 'now' | 'export' | 'disconnect' | 'receipt';

interface SyncState {
  /** null until the first answer (the header then shows nothing rather than a guess). */
  status: SyncStatus | null;
  action: SyncAction | null;
  /** The last failed Settings action, explained in the Sync section (never in the counter's error slot). */
  error: ApiError | null;
  refresh(): Promise<void>;
  enroll(input: { serverUrl: string; code: string; deviceName: string }): Promise<boolean>;
  syncNow(): Promise<boolean>;
  exportBundle(): Promise<StatsBundleFile | null>;
  /** An import receipt's text (admin import-bundle --receipt). */
  importReceipt(content: string): Promise<ReceiptResult | null>;
  disconnect(): Promise<boolean>;
  dismissError(): void;
}

/**
 * The sync status the header and Settings show. It lives apart from the session store so
 * nothing here ever sets the counter's busy flag: a slow or failing service can never hold
 * up the officer. Refreshes are pushed (the 'sync' topic, and 'visits'/'queue' because a
 * closed visit adds a pending event) and coalesced: at most one request in flight, plus
 * one more if news arrived meanwhile.
 */
export const useSync = create<SyncState>()((set, get) => {
  let inFlight: Promise<void> | null = null;
  let again = false;
  /** Bumped by every action: a refresh begun before an action ended carries older news and is dropped. */
  let generation = 0;

  async function fetchOnce(): Promise<void> {
    const started = generation;
    try {
      const status = await call('sync.status', {});
      if (started === generation && get().action === null) set({ status });
    } catch {
      // The header stays as it was: the backend banner already says when the backend is gone.
    }
  }

  async function act<T>(action: SyncAction, fn: () => Promise<T>): Promise<T | null> {
    generation++;
    set({ action, error: null });
    try {
      return await fn();
    } catch (err) {
      set({ error: toApiError(err) });
      return null;
    } finally {
      generation++;
      set({ action: null });
      // Whatever happened, show the backend's view afterwards (pending counts move with an export too).
      void get().refresh();
    }
  }

  return {
    status: null,
    action: null,
    error: null,

    refresh() {
      if (inFlight) {
        again = true;
        return inFlight;
      }
      inFlight = (async () => {
        do {
          again = false;
          await fetchOnce();
        } while (again);
        inFlight = null;
      })();
      return inFlight;
    },

    enroll: async (input) =>
      (await act('enroll', async () => {
        set({ status: await call('sync.enroll', input) });
        return true;
      })) ?? false,

    syncNow: async () =>
      (await act('now', async () => {
        set({ status: await call('sync.now', {}) });
        return true;
      })) ?? false,

    exportBundle: (): Promise<StatsBundleFile | null> => act('export', () => call('sync.exportBundle', {})),

    importReceipt: (content): Promise<ReceiptResult | null> =>
      act('receipt', () => call('sync.importReceipt', { content })),

    disconnect: async () =>
      (await act('disconnect', async () => {
        set({ status: await call('sync.disconnect', {}) });
        return true;
      })) ?? false,

    dismissError: () => set({ error: null }),
  };
});
