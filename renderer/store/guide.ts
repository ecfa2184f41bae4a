import { create } from 'zustand';
import type { GuideBundle, GuideCatalogEntry, GuideImportResult, InstalledGuidePackage } from '../../shared/api';
import type { Answer } from '../../shared/guide';
import type { Outcome } from '../../shared/domain';
import { call } from '../api/client';
import { counterLane, useSession } from './session';

/**
 * The guide being walked. Only answers live here (option ids, dates, numbers, ticked
 * items, and the AGE from a personnummer step, never the number itself), in memory:
 * nothing of a walk is stored until the outcome is recorded on the errand.
 */
interface GuideState {
  /** 'errand': walked for an errand of the open visit; 'lookup': the officer is just looking something up. */
  mode: 'errand' | 'lookup' | null;
  bundle: GuideBundle | null;
  errandId: string | null;
  answers: Record<string, Answer>;
  /** Answers taken back with "back", offered again when that step comes up. */
  previous: Record<string, Answer>;
  catalog: GuideCatalogEntry[];
  /** The outcome last saved from a guide, confirmed beside the visit's "Avsluta besök". */
  recorded: { errandId: string; outcome: Outcome } | null;
  packages: InstalledGuidePackage[];

  loadCatalog(): Promise<void>;
  openLookup(): Promise<void>;
  pickGuide(errandKind: string): Promise<void>;
  openForErrand(errandId: string): Promise<void>;
  answer(nodeId: string, value: Answer): void;
  /** Drops the answer of `nodeId` (the last answered step); later answers are kept. */
  back(nodeId: string): void;
  close(): void;
  record(): Promise<boolean>;
  importPackage(content: string): Promise<GuideImportResult | null>;
}

/** Guide requests run in the counter's lane, so their errors show where all others do. */
const act = counterLane.request;

const fresh = { answers: {}, previous: {} };

export const useGuide = create<GuideState>()((set, get) => ({
  mode: null,
  bundle: null,
  errandId: null,
  answers: {},
  previous: {},
  catalog: [],
  recorded: null,
  packages: [],

  async loadCatalog() {
    const [catalog, packages] = await Promise.all([call('guides.catalog', {}), call('guides.packages', {})]);
    set({ catalog, packages });
  },

  async openLookup() {
    set({ mode: 'lookup', bundle: null, errandId: null, ...fresh });
    await act(() => get().loadCatalog());
  },

  async pickGuide(errandKind) {
    const bundle = await act(() => call('guides.get', { errandKind }));
    if (bundle) set({ mode: 'lookup', bundle, errandId: null, ...fresh });
  },

  async openForErrand(errandId) {
    const bundle = await act(() => call('guides.open', { errandId }));
    if (bundle) set({ mode: 'errand', bundle, errandId, recorded: null, ...fresh });
  },

  answer: (nodeId, value) => {
    const previous = { ...get().previous };
    delete previous[nodeId];
    set({ answers: { ...get().answers, [nodeId]: value }, previous });
  },

  back: (nodeId) => {
    const answers = { ...get().answers };
    const taken = answers[nodeId];
    delete answers[nodeId];
    set({ answers, previous: taken === undefined ? get().previous : { ...get().previous, [nodeId]: taken } });
  },

  close: () => set({ mode: null, bundle: null, errandId: null, ...fresh }),

  async record() {
    const { errandId, answers } = get();
    if (!errandId) return false;
    const visit = await act(() => call('guides.record', { errandId, answers }));
    if (!visit) return false;
    useSession.getState().showVisit(visit);
    get().close();
    const outcome = visit.errands.find((e) => e.id === errandId)?.outcome;
    if (outcome) set({ recorded: { errandId, outcome } });
    return true;
  },

  async importPackage(content) {
    const result = await act(() => call('guides.import', { content }));
    if (result) await act(() => get().loadCatalog());
    return result;
  },
}));
