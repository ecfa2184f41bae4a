import { create } from 'zustand';
import type { Setup, TodayLog, Visit } from '../../shared/api';
import type { Agency, CorrectionReason, ErrandKind, Outcome, OverrideReason } from '../../shared/domain';
import type { ApiError } from '../../shared/errors';
import type { Office } from '../../shared/offices';
import { call } from '../api/client';
import { requestLane, type RequestLane } from './request';

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
  setOutcome(errandId: string, outcome: Outcome, reason?: OverrideReason): Promise<boolean>;
  closeVisit(): Promise<void>;
  updateErrand(
    errandId: string,
    details: { lacksEid?: boolean; interpreter?: boolean; language?: string | null; note?: string | null },
  ): Promise<void>;
  reopenVisit(visitId: string, reason: CorrectionReason): Promise<void>;
  refreshVisits(): Promise<void>;
  showVisit(visit: Visit): void;
  setBackend(state: BackendState): void;
  setError(error: ApiError | null): void;
  dismissError(): void;
}

/** Set by the queue store: what else to reload after the backend comes back. */
let afterReconnect: (() => void) | null = null;
export function onReconnect(fn: () => void): void {
  afterReconnect = fn;
}

/**
 * The counter's request lane: the session, queue and guide stores share one busy flag and
 * one message area, so one place explains every error at the counter.
 */
export const counterLane: RequestLane = requestLane({
  busy: (busy) => useSession.setState({ busy }),
  error: (error) => useSession.setState({ error }),
  failed: (error) => {
    if (error.code === 'SETUP_REQUIRED') useSession.setState({ phase: 'setup' });
    if (error.code === 'STORE_UNAVAILABLE') useSession.setState({ phase: 'unavailable' });
  },
});

/**
 * The officer's session: setup, the visit in progress and today's log. Every action
 * goes through the typed client; a typed error lands in `error` for the UI to explain
 * in Swedish, and nothing is changed locally unless the backend said yes. Today's log
 * follows from the pushed 'visits' change, not from each action.
 */
export const useSession = create<SessionState>()((set, get) => {
  const act = async (fn: () => Promise<void>): Promise<boolean> =>
    (await counterLane.request(async () => (await fn(), true))) ?? false;

  /** Today's log and the visit in progress, reloaded once per pushed change (request.ts). */
  const refreshVisits = () => (get().phase === 'counter' ? loadVisits() : Promise.resolve());
  const loadVisits = counterLane.refresher(
    () => Promise.all([call('visits.current', {}), call('visits.today', {})]),
    ([current, today]) => set({ current, today }),
    (error) => set({ error }),
  );

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
      });
    },

    addErrand: (agency, errandKind) =>
      act(async () => {
        const visit = get().current;
        if (!visit) return;
        set({ current: await call('visits.addErrand', { visitId: visit.id, agency, errandKind }) });
      }),

    setOutcome: (errandId, outcome, reason) =>
      act(async () => {
        set({ current: await call('visits.setOutcome', { errandId, outcome, ...(reason ? { reason } : {}) }) });
      }),

    closeVisit: async () => {
      await get().flushNotes();
      await act(async () => {
        const visit = get().current;
        if (!visit) return;
        await call('visits.close', { visitId: visit.id });
        set({ current: null });
      });
    },

    updateErrand: async (errandId, details) => {
      await act(async () => {
        set({ current: await call('visits.updateErrand', { errandId, ...details }) });
      });
    },

    reopenVisit: async (visitId, reason) => {
      await act(async () => {
        set({ current: await call('visits.reopen', { visitId, reason }) });
      });
    },

    refreshVisits,

    showVisit: (visit) => set({ current: visit }),

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
