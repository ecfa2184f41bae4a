import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { readSetup } from '../../../db/settings';
import type { SyncErrorCode, SyncStatus, StatsBundleFile } from '../../../shared/apiResults';
import { AppError } from '../../../shared/errors';
import { keyFingerprint, signStatsBundle } from './statsBundle';
import { stockholmDate } from '../../../shared/time';
import type { Topic } from '../../../shared/topics';
import type { BackendContext } from '../context';
import type { HostLog } from '../host';
import { backoffDelayMs } from './backoff';
import { downSyncGuides } from './downSync';
import type { TrustedKey } from '../guides/signature';
import { installRegistry } from '../registry';
import { drainOutbox, type DrainResult } from './drain';
import type { SecretStore } from './secretStore';
import { parseServerAddress } from './serverAddress';
import { SyncClient } from './syncClient';
import { readSyncSettings, writeSyncSettings, type SyncSettings } from './syncSettings';

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

/** Arrivals swept per transaction. */
const SWEEP_CHUNK = 500;

/** The day before a local date (YYYY-MM-DD), for the sweep's one day of overlap. */
function dayBefore(localDate: string): string {
  const d = new Date(`${localDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

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
    private readonly ctx: BackendContext,
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
    const pending = this.ctx.outbox.pendingCounts();
    const office = s.officeId ?? readSetup(this.ctx.store.db)?.officeId ?? null;
    const ours = office ? (pending[office] ?? 0) : 0;
    const all = Object.values(pending).reduce((a, b) => a + b, 0);
    const rejected = this.ctx.outbox.rejectedCount();
    const enrolled = s.serverUrl !== null && s.deviceId !== null;
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
      pending: ours,
      pendingOtherOffices: all - ours,
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

  /**
   * The end-of-day report: once per new local day, every arrival of the days since the
   * last one gets the event of its final state if that is news (a ticket left waiting, a
   * visit left open, a recalled no-show never served, history from before the outbox).
   * In pages of SWEEP_CHUNK arrivals, one short transaction each with a turn of the event
   * loop between them: the first sweep after an upgrade (a year of history) never holds
   * the counter up. Returns the events written.
   */
  async sweep(): Promise<number> {
    const today = stockholmDate(this.ctx.now());
    const s = this.settings;
    if (s.sweptBefore === today) return 0;
    // From the day before the last sweep's: a visit that crossed midnight may have closed
    // since. A clock that stepped back (the last sweep is "in the future") rereads only
    // yesterday, never the whole history.
    const since = !s.sweptBefore ? '0000-01-01' : s.sweptBefore < today ? dayBefore(s.sweptBefore) : dayBefore(today);
    // Once a day, what the service refused gets another chance (it may have been upgraded).
    this.ctx.write(() => this.ctx.outbox.retryParked());
    let written = 0;
    for (const kind of ['tickets', 'visits'] as const) {
      let afterId = '';
      for (;;) {
        const page = this.ctx.write(() =>
          this.ctx.outbox.sweepPage(kind, { since, today, afterId, limit: SWEEP_CHUNK }, this.ctx.now()),
        );
        written += page.written;
        for (const failure of page.failed)
          this.hooks.log?.({ level: 'error', msg: `no statistics event for an arrival: ${failure}` });
        if (page.seen < SWEEP_CHUNK || page.lastId === null) break;
        afterId = page.lastId;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    this.save({ sweptBefore: today });
    return written;
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
      result = await drainOutbox({
        outbox: this.ctx.outbox,
        client,
        officeId: s.officeId,
        now: this.ctx.now,
        batchSize: this.options.batchSize,
        cancelled: () => generation !== this.generation,
      });
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
      await this.maybeDownSync(client);
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
    const backoff = backoffDelayMs(this.failures, {
      baseMs: this.options.baseDelayMs,
      maxMs: this.options.maxDelayMs,
      random: this.options.random,
    });
    this.schedule(Math.max(backoff, Math.min(result.retryAfterMs ?? 0, this.options.maxDelayMs)));
  }

  private async maybeDownSync(client: SyncClient): Promise<void> {
    const s = this.settings;
    const due =
      s.lastDownSyncAt === null ||
      this.ctx.now().getTime() - Date.parse(s.lastDownSyncAt) >= this.options.downSyncEveryMs;
    if (!due) return;
    try {
      const report = await downSyncGuides(client, this.ctx.guides, s.guidesEtag);
      for (const refused of report.guidesRefused)
        this.hooks.log?.({
          level: 'error',
          msg: `guide package from the service refused: ${refused.packageId}@${refused.version} (${refused.reason})`,
        });
      if (report.guidesInstalled.length > 0) this.hooks.publish?.(['guides']);
      const registryDone = await this.downSyncRegistry(client, s.registryEtag);
      if (!report.failed && registryDone)
        this.save({ guidesEtag: report.guidesEtag, lastDownSyncAt: this.ctx.now().toISOString() });
    } catch (err) {
      this.hooks.log?.({ level: 'error', msg: `guide down-sync failed: ${(err as Error).message}` });
    }
  }

  /**
   * The office registry, when the service has a newer signed one: verified against the
   * trusted publisher keys and the schema, written atomically, then used at once. Returns
   * false when it should be asked for again next time.
   */
  private async downSyncRegistry(client: SyncClient, etag: string | null): Promise<boolean> {
    const { dataDir, trustedKeys } = this.hooks;
    if (!dataDir || !trustedKeys) return true;
    const reply = await client.registry(etag);
    if (reply.kind === 'not_modified') return true;
    if (reply.kind === 'http' && reply.status === 404) return true; // nothing published yet
    if (reply.kind !== 'ok') return false;
    const active = { registry: this.ctx.registry, version: this.ctx.registryVersion };
    const result = installRegistry(dataDir, reply.body, trustedKeys, active);
    if (!result.ok) {
      this.hooks.log?.({ level: 'error', msg: `office registry from the service refused: ${result.reason}` });
      // Not asked again until the service publishes something else.
      this.save({ registryEtag: reply.etag });
      return true;
    }
    if (result.status === 'installed') {
      this.ctx.registry = result.active.registry;
      this.ctx.registryVersion = result.active.version;
      this.hooks.publish?.(['setup']);
    }
    this.save({ registryEtag: reply.etag });
    return true;
  }

  /** The device's Ed25519 key for offline statistics files, made on first need. */
  private roundFailed(error: SyncErrorCode, err: Error): void {
    this.hooks.log?.({ level: 'error', msg: `sync round failed: ${err.message}` });
    this.failures++;
    // The next try is set first: recording the error may fail too (a full disk), and the uploader must not stop.
    this.schedule(
      backoffDelayMs(this.failures, {
        baseMs: this.options.baseDelayMs,
        maxMs: this.options.maxDelayMs,
        random: this.options.random,
      }),
    );
    try {
      this.save({ lastErrorCode: error, lastErrorAt: this.ctx.now().toISOString() });
    } catch (saveErr) {
      this.hooks.log?.({ level: 'error', msg: `sync status not saved: ${(saveErr as Error).message}` });
    }
  }

  private async deviceKey(): Promise<{ privateKeyPem: string; publicKeyPem: string; fingerprint: string }> {
    const s = this.settings;
    let stored: string | null = null;
    try {
      stored = await this.secrets.load('device-key');
    } catch (err) {
      // A keyring that is only slow says so again later; never trade the registered key for that.
      if (/did not answer/.test((err as Error).message)) throw err;
      // Unreadable here (the data folder moved to another user or machine): a new key. The
      // administrator then imports its files with --trust and the fingerprint shown.
      this.hooks.log?.({ level: 'error', msg: `device key unreadable, making a new one: ${(err as Error).message}` });
    }
    if (stored && s.publicKeyPem && s.keyFingerprint)
      return { privateKeyPem: stored, publicKeyPem: s.publicKeyPem, fingerprint: s.keyFingerprint };
    const pair = generateKeyPairSync('ed25519');
    const privateKeyPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const publicKeyPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const fingerprint = keyFingerprint(publicKeyPem);
    await this.secrets.save('device-key', privateKeyPem);
    this.save({ publicKeyPem, keyFingerprint: fingerprint });
    return { privateKeyPem, publicKeyPem, fingerprint };
  }

  /** Settings → "Anslut": trades a one-time code for a device token. */
  async enroll(input: { serverUrl: string; code: string; deviceName: string }): Promise<SyncStatus> {
    const address = parseServerAddress(input.serverUrl);
    if (!address.ok) throw new AppError('SYNC_ADDRESS_INVALID', [{ path: 'serverUrl', issue: address.problem }]);
    const key = await this.deviceKey();
    const client = new SyncClient({
      baseUrl: address.url,
      timeoutMs: this.options.timeoutMs,
      fetch: this.options.fetch,
    });
    const setupOffice = readSetup(this.ctx.store.db)?.officeId;
    const request = { code: input.code, deviceName: input.deviceName, devicePublicKey: key.publicKeyPem };
    let reply = await client.enroll(setupOffice ? { ...request, officeId: setupOffice } : request);
    // A service from before the office check refuses the unknown field: ask it the old way
    // (the office is then checked here, after the answer).
    if (reply.kind === 'http' && reply.status === 422 && reply.details?.some((d) => d.path === 'officeId'))
      reply = await client.enroll(request);
    if (reply.kind !== 'ok') {
      const issue =
        reply.kind === 'network'
          ? 'offline'
          : reply.kind === 'timeout'
            ? 'timeout'
            : reply.kind === 'http' && reply.status === 409 && reply.details?.[0]?.issue.startsWith('other_office:')
              ? reply.details[0].issue
              : reply.kind === 'http' && reply.status === 422 && reply.code === 'ENROLLMENT_CODE_INVALID'
                ? 'code_invalid'
                : reply.kind === 'http' && reply.status === 429
                  ? 'rate_limited'
                  : 'server_error';
      throw new AppError('SYNC_ENROLL_FAILED', [{ path: 'code', issue }]);
    }
    const setup = readSetup(this.ctx.store.db);
    if (setup && reply.body.officeId !== setup.officeId)
      throw new AppError('SYNC_ENROLL_FAILED', [{ path: 'code', issue: `other_office:${reply.body.officeId}` }]);
    await this.secrets.save('sync-token', reply.body.token);
    this.save({
      serverUrl: address.url,
      deviceId: reply.body.deviceId,
      officeId: reply.body.officeId,
      deviceName: input.deviceName,
      revoked: false,
      lastErrorCode: null,
      lastErrorAt: null,
      guidesEtag: null,
      lastDownSyncAt: null,
    });
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
      revoked: false,
      lastErrorCode: null,
      lastErrorAt: null,
    });
    this.failures = 0;
    return this.status();
  }

  /**
   * "Exportera statistikfil": every pending event, of every office, signed with the device
   * key. They stay pending: if the file is lost nothing is; if it is imported and the
   * device later syncs too, the service counts each event once.
   */
  async exportBundle(): Promise<StatsBundleFile> {
    await this.sweep();
    const events = this.ctx.outbox.allPending();
    if (events.length === 0) throw new AppError('SYNC_NOTHING_PENDING');
    const key = await this.deviceKey();
    const now = this.ctx.now();
    const bundle = signStatsBundle(events, key.privateKeyPem, key.publicKeyPem, now.toISOString());
    const bytes = Buffer.from(JSON.stringify(bundle), 'utf8');
    const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
    const office = readSetup(this.ctx.store.db)?.officeId ?? 'lucka';
    return {
      fileName: `lucka-statistik-${office}-${stamp}-${key.fingerprint.slice(0, 8)}.json`,
      mimeType: 'application/json',
      base64: bytes.toString('base64'),
      bytes: bytes.length,
      events: events.length,
      keyFingerprint: key.fingerprint,
    };
  }
}

/** Device names default to something a person recognises in the admin's device list. */
export function defaultDeviceName(): string {
  return `Lucka-${randomUUID().slice(0, 8)}`;
}
