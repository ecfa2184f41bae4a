import { create } from 'zustand';
import type { StatsJob, SupervisorSession, SupervisorStatus } from '../../shared/api';
import type { ApiError } from '../../shared/errors';
import type { ExportFormat, StatsReport, StatsTable } from '../../shared/stats';
import { DEFAULT_SERVICE_LEVEL_MINUTES } from '../../shared/stats';
import { stockholmDate } from '../../shared/time';
import { call, onHostEvent, saveExport, toApiError } from '../api/client';
import { presetRange, type RangePreset } from '../supervisor/ranges';

export type { StatsTable as ExportTable } from '../../shared/stats';

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
  /** That export's job in the backend: rows done of rows total, then its file (or its end). */
  job: StatsJob | null;
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
  /** Runs an export to its end (progress in `job`) and saves its file; resolves with the finished job, or null. */
  exportFile(table: StatsTable, format: ExportFormat, lang: 'sv' | 'en'): Promise<StatsJob | null>;
  /** Stops the running export; its half-written file is removed. */
  cancelExport(): Promise<void>;
  /** Leaving the view: the session ends and nothing of it stays in memory. */
  reset(): Promise<void>;
  refreshStatus(): Promise<void>;
}

const today = () => stockholmDate(new Date());

export const useSupervisor = create<SupervisorState>()((set, get) => {
  /**
   * Follows an export until it ends: the backend announces the `stats` topic as it makes
   * progress, and each announcement refetches the job (pushed, never polled).
   */
  function followJob(token: string, jobId: string): Promise<StatsJob | null> {
    return new Promise((resolve) => {
      let ended = false;
      const refresh = async () => {
        let job: StatsJob;
        try {
          job = await call('stats.job', { token, jobId });
        } catch (err) {
          if (ended) return;
          ended = true;
          off();
          set({ error: toApiError(err) });
          return resolve(null);
        }
        if (ended || get().job?.jobId !== jobId) return;
        set({ job });
        if (job.state === 'running') return;
        ended = true;
        off();
        resolve(job);
      };
      const off = onHostEvent((event) => {
        if (event.type === 'changed' && event.topics.includes('stats')) void refresh();
      });
      void refresh();
    });
  }

  /** Bumped by every request whose answer replaces what is shown: a late answer to an older one is dropped. */
  let generation = 0;

  /** A call whose failure lands in this view's error; an expired session sends the supervisor back to login. */
  async function attempt<T>(fn: () => Promise<T>): Promise<T | null> {
    set({ error: null });
    try {
      return await fn();
    } catch (err) {
      const error = toApiError(err);
      set({ error, ...(error.code === 'SUPERVISOR_REQUIRED' ? { session: null, report: null } : {}) });
      if (error.code === 'SUPERVISOR_DENIED' || error.code === 'SUPERVISOR_LOCKED') {
        const officeId = get().officeId;
        if (officeId) set({ status: await call('supervisor.status', { officeId }).catch(() => get().status) });
      }
      return null;
    }
  }

  return {
    officeId: null,
    offices: [],
    status: null,
    session: null,
    // Today first: a supervisor's first question is how today is going.
    preset: 'today',
    ...presetRange('today', today()),
    serviceLevelMinutes: DEFAULT_SERVICE_LEVEL_MINUTES,
    report: null,
    loading: false,
    exporting: null,
    job: null,
    error: null,

    async init(defaultOffice) {
      // The presets count from today: a counter PC left on over a weekend must not show an old "last week".
      const preset = get().preset;
      if (preset !== 'custom') set(presetRange(preset, today()));
      const withData = (await attempt(() => call('stats.offices', {}))) ?? [];
      const offices = [...new Set([defaultOffice, ...withData])].sort();
      set({ offices });
      await get().pickOffice(get().officeId ?? defaultOffice);
    },

    async pickOffice(officeId) {
      if (get().session && get().session!.officeId !== officeId) await get().lock();
      const mine = ++generation;
      set({ officeId, status: null });
      const status = await attempt(() => call('supervisor.status', { officeId }));
      if (mine === generation) set({ status });
    },

    async refreshStatus() {
      const officeId = get().officeId;
      if (!officeId) return;
      const mine = ++generation;
      const status = await attempt(() => call('supervisor.status', { officeId }));
      if (mine === generation && status) set({ status });
    },

    async reset() {
      await get().lock();
      generation++;
      set({ officeId: null, status: null, error: null, exporting: null, job: null });
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
      generation++;
      set({ session: null, report: null, loading: false });
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
      const mine = ++generation;
      set({ loading: true });
      const report = await attempt(() => call('stats.report', { token: session.token, from, to, serviceLevelMinutes }));
      // Only the newest request may change the screen (quick preset clicks, a logout meanwhile).
      if (mine === generation) set({ loading: false, ...(report ? { report } : {}) });
    },

    async exportFile(table, format, lang) {
      // The file holds what is on screen: the shown report's range and service level.
      const { session, report } = get();
      if (!session || !report) return null;
      const { from, to, serviceLevelMinutes } = report;
      set({ exporting: `${table}:${format}`, job: null });
      const started = await attempt(() =>
        call('stats.export', { token: session.token, from, to, serviceLevelMinutes, table, format, lang }),
      );
      if (!started) {
        set({ exporting: null });
        return null;
      }
      set({ job: started });
      const ended = await followJob(session.token, started.jobId);
      set({ exporting: null, job: ended });
      if (ended?.state !== 'done' || !ended.downloadKey) return null;
      await saveExport({ key: ended.downloadKey, fileName: ended.fileName });
      return ended;
    },

    async cancelExport() {
      const { session, job } = get();
      if (!session || !job || job.state !== 'running') return;
      const cancelled = await attempt(() => call('stats.cancel', { token: session.token, jobId: job.jobId }));
      if (cancelled && get().job?.jobId === cancelled.jobId) set({ job: cancelled });
    },
  };
});
