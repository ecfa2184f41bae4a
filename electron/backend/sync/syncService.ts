import { readSetup } from '../../../db/settings';
import type { StatsBundleFile, SyncErrorCode, SyncStatus } from '../../../shared/apiResults';
import type { Topic } from '../../../shared/topics';
import type { StoreContext } from '../context';
import type { TrustedKey } from '../../../shared/node/signatures';
import type { HostLog } from '../host';
import { backoffDelayMs } from './backoff';
import { downSyncIfDue } from './downSync';
import type { DrainResult } from './drain';
import { drainEveryOffice } from './drainOffices';
import { officeStatuses } from './officeStatus';
import { reportFinishedDays } from './endOfDayReport';
import { enrollWithService } from './enrollment';
import type { SecretStore } from './secretStore';
import { exportStatsFile } from './statsFileExport';
import { SyncClient } from './syncClient';
import { officeSyncedAt, readSyncSettings, trustedOffices, writeSyncSettings, type SyncSettings } from './syncSettings';

export interface SyncOptions {
  /** A call that outlives this is abandoned (the service may still commit it). */
  timeoutMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** How often to look for new events (and sweep past days) when all is well. */
  pollMs: number;
  /** Guides and registry are fetched at most this often. */
  downSyncEveryMs: number;
  /** How soon after a closed visit its event is sent (visits closing together go in one batch). */
  kickDelayMs: number;
  batchSize?: number;
  random: () => number;
  fetch?: typeof fetch;
}

export const DEFAULT_SYNC_OPTIONS: SyncOptions = {
  timeoutMs: 15_000,
  baseDelayMs: 2_000,
  maxDelayMs: 10 * 60_000,
  pollMs: 60_000,
  downSyncEveryMs: 60 * 60_000,
  kickDelayMs: 2_000,
  random: Math.random,
};

/**
 * The uploader and everything around it (docs/sync.md): enrollment, the drain loop with
 * backoff, the down-sync of guides, the offline statistics file, and the status the UI
 * shows. It runs on the backend's event loop between requests: each database step is a
 * short statement, network waits are async, so the counter never waits for it.
 */
export class SyncService {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private failures = 0;
  private nextAttemptAt: string | null = null;
  private clockSkewSeconds: number | null = null;
  private stopped = true;
  private generation = 0;
  private readonly options: SyncOptions;

  constructor(
    private readonly ctx: StoreContext,
    private readonly secrets: SecretStore,
    private readonly hooks: {
      log?: HostLog;
      publish?: (topics: Topic[]) => void;
      /** Where a fetched office registry is installed, and the keys it must be signed by. */
      dataDir?: string;
      trustedKeys?: readonly TrustedKey[];
    } = {},
    options: Partial<SyncOptions> = {},
  ) {
    this.options = { ...DEFAULT_SYNC_OPTIONS, ...options };
  }

  private get settings(): SyncSettings {
    return readSyncSettings(this.ctx.store.db);
  }

  private save(patch: Partial<SyncSettings>): void {
    writeSyncSettings(this.ctx.store.db, patch);
  }

  /** Starts the rounds: one soon, then every pollMs (or after a backoff). */
  start(): void {
    this.stopped = false;
    this.schedule(1_000);
  }

  stop(): void {
    this.stopped = true;
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Something was written (a visit closed): send it soon, unless a backoff says wait. */
  kick(): void {
    if (this.stopped || this.failures > 0 || this.running) return;
    // A round already due sooner stays: a busy counter (a kick a second) must not keep postponing it.
    const due = this.nextAttemptAt ? Date.parse(this.nextAttemptAt) - this.ctx.now().getTime() : Infinity;
    if (this.timer && due <= this.options.kickDelayMs) return;
    this.schedule(this.options.kickDelayMs);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.nextAttemptAt = new Date(this.ctx.now().getTime() + ms).toISOString();
    this.timer = setTimeout(() => {
      this.timer = null;
      // round() reports its own failures; this catch only keeps a last-ditch error off the process.
      this.round().catch(() => undefined);
    }, ms);
    this.timer.unref?.();
  }

  status(): SyncStatus {
    const s = this.settings;
    const current = readSetup(this.ctx.store.db)?.officeId ?? null;
    const rejected = this.ctx.outbox.rejectedCount();
    const enrolled = s.serverUrl !== null && s.deviceId !== null;
    const offices = officeStatuses({
      summary: this.ctx.outbox.officeSummary(),
      current,
      trusted: enrolled ? trustedOffices(s) : null,
      syncedAt: officeSyncedAt(s),
    });
    let state: SyncStatus['state'] = 'idle';
    if (!enrolled) state = 'not_enrolled';
    else if (s.revoked) state = 'revoked';
    else if (this.running) state = 'syncing';
    else if (this.failures > 0) state = 'retrying';
    return {
      state,
      online: s.lastAttemptAt === null ? null : s.lastErrorCode === null || s.lastErrorCode === 'rejected',
      serverUrl: s.serverUrl,
      officeId: s.officeId,
      deviceId: s.deviceId,
      pending: offices.reduce((n, o) => n + o.pending, 0),
      offices,
      officeIds: enrolled ? trustedOffices(s) : [],
      rejected,
      lastSuccessAt: s.lastSuccessAt,
      lastAttemptAt: s.lastAttemptAt,
      // Events set aside stay a visible problem until they are gone, not only after the round that set them aside.
      lastError: (s.lastErrorCode as SyncErrorCode | null) ?? (rejected > 0 ? 'rejected' : null),
      lastErrorAt: s.lastErrorAt,
      nextAttemptAt: enrolled && !s.revoked && !this.stopped ? this.nextAttemptAt : null,
      clockSkewSeconds: this.clockSkewSeconds,
      keyFingerprint: s.keyFingerprint,
      secretStorage: this.secrets.kind,
    };
  }

  /** "Synka nu": a round now (after the one running, if any); answers with the status after it. */
  async syncNow(): Promise<SyncStatus> {
    if (this.running) await this.running;
    this.failures = 0;
    await this.round();
    return this.status();
  }

  /** The end-of-day report (endOfDayReport.ts); runs at the start of every round and before an export. */
  sweep(): Promise<number> {
    return reportFinishedDays(this.ctx, this.hooks.log);
  }

  private round(): Promise<void> {
    if (this.running) return this.running;
    const generation = this.generation;
    this.running = this.runRound(generation)
      // Whatever fails (the store, the OS keyring), the uploader says so and tries again: it never stops silently.
      .catch((err: Error) =>
        this.roundFailed(err.name === 'SecretUnavailable' ? 'secret_unavailable' : 'local_error', err),
      )
      .finally(() => {
        this.running = null;
        this.hooks.publish?.(['sync']);
        // Enrolled (or disconnected) while this round ran: start over with the new setup.
        if (this.generation !== generation && !this.stopped) this.schedule(0);
      });
    this.hooks.publish?.(['sync']);
    return this.running;
  }

  private async runRound(generation: number): Promise<void> {
    try {
      await this.sweep();
    } catch (err) {
      this.hooks.log?.({ level: 'error', msg: `sync sweep failed: ${(err as Error).message}` });
    }
    const s = this.settings;
    if (!s.serverUrl || !s.officeId || s.revoked) return;
    // A hub that stepped down after a takeover uploads nothing more: the new hub mirrored its
    // outbox and continues each arrival's chain; an event here it never saw would fork one.
    if (this.ctx.hubState.state().steppedDownAt) return;
    let token: string | null;
    try {
      token = await this.secrets.load('sync-token');
    } catch (err) {
      throw Object.assign(new Error(`the sync token cannot be read: ${(err as Error).message}`), {
        name: 'SecretUnavailable',
      });
    }
    if (!token) return;
    const client = new SyncClient({
      baseUrl: s.serverUrl,
      token,
      timeoutMs: this.options.timeoutMs,
      fetch: this.options.fetch,
    });
    const attemptAt = this.ctx.now().toISOString();
    let result: DrainResult;
    try {
      const round = await drainEveryOffice({
        outbox: this.ctx.outbox,
        client,
        trusted: trustedOffices(s),
        now: this.ctx.now,
        batchSize: this.options.batchSize,
        cancelled: () => generation !== this.generation,
      });
      result = round.result;
      if (generation !== this.generation) return;
      this.recordOffices(round.officeIds, round.drained);
    } catch (err) {
      // A local failure (the store): logged, retried like a network fault.
      this.hooks.log?.({ level: 'error', msg: `sync drain failed: ${(err as Error).message}` });
      result = { kind: 'failed', sent: 0, error: 'local_error', retryAfterMs: null, permanent: false };
    }
    if (generation !== this.generation) return;
    if (result.sent > 0) this.hooks.publish?.(['sync']);
    if (result.kind === 'done') {
      this.failures = 0;
      this.clockSkewSeconds = result.clockSkewSeconds;
      // Events set aside this round are worth telling the officer (and the administrator) about.
      const aside = result.rejected > 0;
      this.save({
        lastAttemptAt: attemptAt,
        lastSuccessAt: this.ctx.now().toISOString(),
        lastErrorCode: aside ? 'rejected' : null,
        lastErrorAt: aside ? this.ctx.now().toISOString() : null,
      });
      const { dataDir, trustedKeys } = this.hooks;
      await downSyncIfDue(
        client,
        this.ctx,
        { everyMs: this.options.downSyncEveryMs, registry: dataDir && trustedKeys ? { dataDir, trustedKeys } : null },
        this.hooks,
      );
      this.schedule(this.options.pollMs);
      return;
    }
    this.failures++;
    this.save({ lastAttemptAt: attemptAt, lastErrorCode: result.error, lastErrorAt: this.ctx.now().toISOString() });
    this.hooks.log?.({ level: 'info', msg: `sync failed: ${result.error} (sent ${result.sent} before)` });
    if (result.error === 'revoked' || result.error === 'unauthorized') {
      // Sending again cannot help: the device must be enrolled again.
      this.save({ revoked: true });
      this.nextAttemptAt = null;
      return;
    }
    this.schedule(Math.max(this.backoffMs(), Math.min(result.retryAfterMs ?? 0, this.options.maxDelayMs)));
  }

  /** The service's set as it answered this round, and the offices the round left with nothing unsent. */
  private recordOffices(officeIds: string[] | null, drained: string[]): void {
    const at = this.ctx.now().toISOString();
    const synced = { ...officeSyncedAt(this.settings) };
    for (const office of drained) synced[office] = at;
    this.save({
      officeSyncedAt: JSON.stringify(synced),
      ...(officeIds && officeIds.length > 0 ? { officeIds: officeIds.join(',') } : {}),
    });
  }

  /** The wait before the next try after `failures` failures in a row. */
  private backoffMs(): number {
    return backoffDelayMs(this.failures, {
      baseMs: this.options.baseDelayMs,
      maxMs: this.options.maxDelayMs,
      random: this.options.random,
    });
  }

  /** A round that threw (the store, the keyring): reported, and tried again after a backoff. */
  private roundFailed(error: SyncErrorCode, err: Error): void {
    this.hooks.log?.({ level: 'error', msg: `sync round failed: ${err.message}` });
    this.failures++;
    // The next try is set first: recording the error may fail too (a full disk), and the uploader must not stop.
    this.schedule(this.backoffMs());
    try {
      this.save({ lastErrorCode: error, lastErrorAt: this.ctx.now().toISOString() });
    } catch (saveErr) {
      this.hooks.log?.({ level: 'error', msg: `sync status not saved: ${(saveErr as Error).message}` });
    }
  }

  /** Settings → "Anslut": trades a one-time code for a device token. */
  async enroll(input: { serverUrl: string; code: string; deviceName: string }): Promise<SyncStatus> {
    await enrollWithService(
      {
        ctx: this.ctx,
        secrets: this.secrets,
        log: this.hooks.log,
        timeoutMs: this.options.timeoutMs,
        fetch: this.options.fetch,
      },
      input,
    );
    this.failures = 0;
    this.generation++;
    // A round running now finishes on the old setup and then schedules the next one itself.
    if (!this.stopped && !this.running) this.schedule(0);
    return this.status();
  }

  /** Forgets the service and the token (the events stay, pending). */
  async disconnect(): Promise<SyncStatus> {
    this.generation++;
    await this.secrets.remove('sync-token');
    this.save({
      serverUrl: null,
      deviceId: null,
      officeId: null,
      officeIds: null,
      officeSyncedAt: null,
      revoked: false,
      lastErrorCode: null,
      lastErrorAt: null,
    });
    this.failures = 0;
    return this.status();
  }

  /** "Exportera statistikfil" (statsFileExport.ts), after the end-of-day report so nothing of past days is missing. */
  async exportBundle(): Promise<StatsBundleFile> {
    await this.sweep();
    return exportStatsFile(this.ctx, this.secrets, this.hooks.log);
  }
}
