import { create } from 'zustand';
import type { Setup, TodayLog, Visit } from '../../shared/api';
import type { Agency, ErrandKind, Outcome } from '../../shared/domain';
import type { ApiError } from '../../shared/errors';
import type { Office } from '../../shared/offices';
import { call, toApiError } from '../api/client';

export type Phase = 'loading' | 'setup' | 'counter' | 'unavailable';
export type BackendState = 'ready' | 'restarting' | 'down';

interface SessionState {
  phase: Phase;
  offices: Office[];
  setup: Setup | null;
  current: Visit | null;
  today: TodayLog | null;
  backend: BackendState;
  busy: boolean;
  error: ApiError | null;

  init(): Promise<void>;
  /** For the kiosk and the display: only whether the office is set up (they may not read the case log). */
  initPublic(): Promise<void>;
  /** Notes being typed, saved before the visit closes (Alt+A while typing must not lose them). */
  draftNotes: Record<string, string>;
  setDraftNote(errandId: string, note: string): void;
  flushNotes(): Promise<void>;
  saveSetup(officeId: string, officerSignature: string): Promise<boolean>;
  editSetup(): void;
  /** Back to the counter from Settings without saving (only once an office is set up). */
  leaveSetup(): void;
  startVisit(): Promise<void>;
  addErrand(agency: Agency, errandKind: ErrandKind): Promise<boolean>;
  setOutcome(errandId: string, outcome: Outcome): Promise<void>;
  closeVisit(): Promise<void>;
  updateErrand(
    errandId: string,
    details: { lacksEid?: boolean; interpreter?: boolean; language?: string | null; note?: string | null },
  ): Promise<void>;
  reopenVisit(visitId: string): Promise<void>;
  refreshVisits(): Promise<void>;
  showVisit(visit: Visit): void;
  setBackend(state: BackendState): void;
  setBusy(busy: boolean): void;
  setError(error: ApiError | null): void;
  dismissError(): void;
}

/** Set by the queue store: what else to reload after the backend comes back. */
let afterReconnect: (() => void) | null = null;
export function onReconnect(fn: () => void): void {
  afterReconnect = fn;
}

/**
 * The officer's session: setup, the visit in progress and today's log. Every action
 * goes through the typed client; a typed error lands in `error` for the UI to explain
 * in Swedish, and nothing is changed locally unless the backend said yes.
 */
export const useSession = create<SessionState>()((set, get) => {
  /** Runs one backend action with busy/error bookkeeping; returns false on a typed error. */
  /**
   * Bumped by every action: a background refresh that started before an action finished
   * carries older news than the action's own answer, and is dropped.
   */
  let generation = 0;

  async function act(fn: () => Promise<void>): Promise<boolean> {
    generation++;
    set({ busy: true, error: null });
    try {
      await fn();
      return true;
    } catch (err) {
      const error = toApiError(err);
      set({ error });
      if (error.code === 'SETUP_REQUIRED') set({ phase: 'setup' });
      if (error.code === 'STORE_UNAVAILABLE') set({ phase: 'unavailable' });
      return false;
    } finally {
      set({ busy: false });
    }
  }

  async function refreshToday() {
    set({ today: await call('visits.today', {}) });
  }

  return {
    phase: 'loading',
    offices: [],
    setup: null,
    current: null,
    today: null,
    backend: 'ready',
    busy: false,
    error: null,

    async init() {
      await act(async () => {
        const [offices, setup] = await Promise.all([call('offices.list', {}), call('setup.get', {})]);
        set({ offices, setup });
        if (!setup) {
          set({ phase: 'setup' });
          return;
        }
        const [current, today] = await Promise.all([call('visits.current', {}), call('visits.today', {})]);
        set({ current, today, phase: 'counter' });
      });
    },

    saveSetup: (officeId, officerSignature) =>
      act(async () => {
        const setup = await call('setup.save', { officeId, officerSignature });
        set({ setup });
        const [current, today] = await Promise.all([call('visits.current', {}), call('visits.today', {})]);
        set({ current, today, phase: 'counter' });
      }),

    async initPublic() {
      await act(async () => {
        const setup = await call('setup.get', {});
        set({ setup, phase: setup ? 'counter' : 'setup' });
      });
    },

    draftNotes: {},
    setDraftNote: (errandId, note) => set({ draftNotes: { ...get().draftNotes, [errandId]: note } }),
    async flushNotes() {
      const current = get().current;
      const drafts = get().draftNotes;
      for (const errand of current?.errands ?? []) {
        const draft = drafts[errand.id];
        if (draft !== undefined && draft.trim() !== (errand.note ?? '')) {
          await get().updateErrand(errand.id, { note: draft.trim() || null });
        }
      }
      set({ draftNotes: {} });
    },

    editSetup: () => set({ phase: 'setup', error: null }),
    leaveSetup: () => {
      if (get().setup) set({ phase: 'counter', error: null });
    },

    startVisit: async () => {
      await act(async () => {
        set({ current: await call('visits.start', {}) });
        await refreshToday();
      });
    },

    addErrand: (agency, errandKind) =>
      act(async () => {
        const visit = get().current;
        if (!visit) return;
        set({ current: await call('visits.addErrand', { visitId: visit.id, agency, errandKind }) });
        await refreshToday();
      }),

    setOutcome: async (errandId, outcome) => {
      await act(async () => {
        set({ current: await call('visits.setOutcome', { errandId, outcome }) });
        await refreshToday();
      });
    },

    closeVisit: async () => {
      await get().flushNotes();
      await act(async () => {
        const visit = get().current;
        if (!visit) return;
        await call('visits.close', { visitId: visit.id });
        set({ current: null });
        await refreshToday();
      });
    },

    updateErrand: async (errandId, details) => {
      await act(async () => {
        set({ current: await call('visits.updateErrand', { errandId, ...details }) });
      });
    },

    reopenVisit: async (visitId) => {
      await act(async () => {
        set({ current: await call('visits.reopen', { visitId }) });
        await refreshToday();
      });
    },

    async refreshVisits() {
      if (get().phase !== 'counter') return;
      // Only a refresh begun and ended with no action in between may overwrite state.
      const started = get().busy ? -1 : generation;
      try {
        const [current, today] = await Promise.all([call('visits.current', {}), call('visits.today', {})]);
        if (started === generation) set({ current, today });
      } catch (err) {
        set({ error: toApiError(err) });
      }
    },

    showVisit: (visit) => {
      set({ current: visit });
      void refreshToday();
    },

    setBusy: (busy) => set({ busy }),
    setError: (error) => set({ error }),

    setBackend: (backend) => {
      const wasDown = get().backend !== 'ready';
      set({ backend });
      // Back after a restart: reload what the backend holds; the store is the truth.
      if (backend === 'ready' && wasDown)
        void get()
          .init()
          .then(() => afterReconnect?.());
    },

    dismissError: () => set({ error: null }),
  };
});
