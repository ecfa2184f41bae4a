import { create } from 'zustand';
import type { Setup, TodayLog, Visit } from '../../shared/api';
import type { Agency, CorrectionReason, ErrandKind, Outcome, OverrideReason } from '../../shared/domain';
import type { ApiError } from '../../shared/errors';
import type { Office } from '../../shared/offices';
import { call } from '../api/client';
import { requestLane, type RequestLane } from './request';

/** confirm: the start-of-day screen (the office named large) before the counter opens. */
export type Phase = 'loading' | 'setup' | 'confirm' | 'counter' | 'unavailable';
export type BackendState = 'ready' | 'restarting' | 'down';

interface SessionState {
  phase: Phase;
  offices: Office[];
  setup: Setup | null;
  /** What the officer just confirmed, said once on the counter ("Du arbetar nu på …"). */
  confirmed: { officeId: string; switched: boolean } | null;
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
  /** Set by a save that changed the office: the confirmation screen says "byt till". */
  switched: boolean;
  /** "Ja, jag arbetar här": the office is confirmed for today and the counter opens. */
  confirmOffice(): Promise<boolean>;
  /** "Välj ett annat kontor": back to the picker. */
  chooseOtherOffice(): void;
  dismissConfirmed(): void;
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
    switched: false,
    confirmed: null,
    current: null,
    today: null,
    backend: 'ready',
    busy: false,
    error: null,

    async init() {
      await act(async () => {
        const [offices, setup, confirmation] = await Promise.all([
          call('offices.list', {}),
          call('setup.get', {}),
          call('setup.confirmation', {}),
        ]);
        set({ offices, setup });
        if (!setup) {
          set({ phase: 'setup' });
          return;
        }
        // The first start of a local day (or a switch not yet confirmed): the office is named before the counter opens.
        if (confirmation.needed) {
          if (get().phase !== 'setup') set({ phase: 'confirm' });
          return;
        }
        const [current, today] = await Promise.all([call('visits.current', {}), call('visits.today', {})]);
        set({ current, today, phase: 'counter' });
      });
    },

    confirmOffice: () =>
      act(async () => {
        const setup = get().setup;
        if (!setup) return;
        await call('setup.confirmOffice', { officeId: setup.officeId });
        const [current, today] = await Promise.all([call('visits.current', {}), call('visits.today', {})]);
        set({
          confirmed: { officeId: setup.officeId, switched: get().switched },
          switched: false,
          current,
          today,
          phase: 'counter',
        });
      }),

    chooseOtherOffice: () => set({ phase: 'setup', error: null }),
    dismissConfirmed: () => set({ confirmed: null }),

    saveSetup: (officeId, officerSignature) =>
      act(async () => {
        const before = get().setup;
        const switched = before !== null && before.officeId !== officeId;
        const setup = await call('setup.save', { officeId, officerSignature });
        set({ setup, confirmed: null });
        // A new office (or the first) is confirmed on its own screen before the counter opens.
        if ((await call('setup.confirmation', {})).needed) {
          set({ phase: 'confirm', switched: switched || get().switched });
          return;
        }
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

    editSetup: () => set({ phase: 'setup', error: null, confirmed: null }),
    leaveSetup: () => {
      if (get().setup) void get().init();
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
