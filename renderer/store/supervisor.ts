import { create } from 'zustand';
import type { StatsExportFile, SupervisorSession, SupervisorStatus } from '../../shared/api';
import type { ApiError } from '../../shared/errors';
import type { ExportFormat, StatsReport } from '../../shared/stats';
import { DEFAULT_SERVICE_LEVEL_MINUTES } from '../../shared/stats';
import { stockholmDate } from '../../shared/time';
import { call, toApiError } from '../api/client';
import { presetRange, type RangePreset } from '../supervisor/ranges';

export type ExportTable = 'report' | 'visits';

/**
 * The supervisor's dashboard. The session token lives here, in memory only: closing the
 * window or logging out ends it, and the backend forgets it after 30 idle minutes.
 */
interface SupervisorState {
  officeId: string | null;
  offices: string[];
  status: SupervisorStatus | null;
  session: SupervisorSession | null;
  preset: RangePreset;
  from: string;
  to: string;
  serviceLevelMinutes: number;
  report: StatsReport | null;
  loading: boolean;
  /** The export being made ("table:format"), so its button can show progress while the rest stays usable. */
  exporting: string | null;
  /** Errors of this view (wrong passphrase, locked, bad range), shown next to what caused them. */
  error: ApiError | null;

  init(defaultOffice: string): Promise<void>;
  pickOffice(officeId: string): Promise<void>;
  unlock(passphrase: string): Promise<boolean>;
  setPassphrase(passphrase: string, current?: string): Promise<boolean>;
  lock(): Promise<void>;
  setPreset(preset: RangePreset): Promise<void>;
  setRange(from: string, to: string): Promise<void>;
  setServiceLevel(minutes: number): Promise<void>;
  load(): Promise<void>;
  exportFile(table: ExportTable, format: ExportFormat, lang: 'sv' | 'en'): Promise<StatsExportFile | null>;
}

const today = () => stockholmDate(new Date());

export const useSupervisor = create<SupervisorState>()((set, get) => {
  /** A call whose failure lands in this view's error; an expired session sends the supervisor back to login. */
  async function attempt<T>(fn: () => Promise<T>): Promise<T | null> {
    set({ error: null });
    try {
      return await fn();
    } catch (err) {
      const error = toApiError(err);
      set({ error, ...(error.code === 'SUPERVISOR_REQUIRED' ? { session: null, report: null } : {}) });
      const officeId = get().officeId;
      if (officeId && (error.code === 'SUPERVISOR_DENIED' || error.code === 'SUPERVISOR_LOCKED'))
        set({ status: await call('supervisor.status', { officeId }) });
      return null;
    }
  }

  return {
    officeId: null,
    offices: [],
    status: null,
    session: null,
    preset: 'lastWeek',
    ...presetRange('lastWeek', today()),
    serviceLevelMinutes: DEFAULT_SERVICE_LEVEL_MINUTES,
    report: null,
    loading: false,
    exporting: null,
    error: null,

    async init(defaultOffice) {
      const withData = (await attempt(() => call('stats.offices', {}))) ?? [];
      const offices = [...new Set([defaultOffice, ...withData])].sort();
      set({ offices });
      if (!get().officeId) await get().pickOffice(defaultOffice);
    },

    async pickOffice(officeId) {
      if (get().session && get().session!.officeId !== officeId) await get().lock();
      set({ officeId, status: null });
      const status = await attempt(() => call('supervisor.status', { officeId }));
      set({ status });
    },

    async unlock(passphrase) {
      const officeId = get().officeId;
      if (!officeId) return false;
      const session = await attempt(() => call('supervisor.unlock', { officeId, passphrase }));
      if (!session) return false;
      set({ session });
      await get().load();
      return true;
    },

    async setPassphrase(passphrase, current) {
      const officeId = get().officeId;
      if (!officeId) return false;
      const session = await attempt(() => call('supervisor.setPassphrase', { officeId, passphrase, current }));
      if (!session) return false;
      set({ session, status: await call('supervisor.status', { officeId }) });
      if (!get().report) await get().load();
      return true;
    },

    async lock() {
      const session = get().session;
      set({ session: null, report: null });
      if (session) await attempt(() => call('supervisor.lock', { token: session.token }));
    },

    async setPreset(preset) {
      set(preset === 'custom' ? { preset } : { preset, ...presetRange(preset, today()) });
      if (preset !== 'custom') await get().load();
    },

    async setRange(from, to) {
      set({ preset: 'custom', from, to });
      await get().load();
    },

    async setServiceLevel(minutes) {
      set({ serviceLevelMinutes: minutes });
      await get().load();
    },

    async load() {
      const { session, from, to, serviceLevelMinutes } = get();
      if (!session) return;
      set({ loading: true });
      const report = await attempt(() => call('stats.report', { token: session.token, from, to, serviceLevelMinutes }));
      set({ loading: false, ...(report ? { report } : {}) });
    },

    async exportFile(table, format, lang) {
      const { session, from, to, serviceLevelMinutes } = get();
      if (!session) return null;
      set({ exporting: `${table}:${format}` });
      const file = await attempt(() =>
        call('stats.export', { token: session.token, from, to, serviceLevelMinutes, table, format, lang }),
      );
      set({ exporting: null });
      return file;
    },
  };
});
