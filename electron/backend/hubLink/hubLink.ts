import { randomUUID } from 'node:crypto';
import type { Agent } from 'node:https';
import type { HostEvent, HubLinkStatus, Reply } from '../../../shared/api';
import { AppError, apiError } from '../../../shared/errors';
import { TOPICS, type Topic } from '../../../shared/topics';

/** Every topic: after a gap (reconnect, unpair, revoked) each window refetches all it shows. */
const ALL_TOPICS = TOPICS as readonly Topic[];
import { HUB_EVENT_BATCH_PATH, HUB_PATHS, OFFICER_HEADER } from '../hub/wire';
import type { SecretStore } from '../sync/secretStore';
import { originOf } from './hubAddress';
import { pairWithHub } from './pairing';
import { asApiError, HubTransportError, openEventStream, pinnedAgent, postJson, type HubResponse } from './hubClient';
import { readHubLink, removeHubLink, writeHubLink, type HubLinkRecord } from './hubLinkFile';
import { EPOCH_HEADER } from '../hub/takeoverWire';
import { fetchRoster, probeSuccessor, readRoster, removeRoster, writeRoster, type KnownRoster } from './roster';
import { StandbyMirrorLoop, type StandbyMirrorOptions } from './standbyMirror';

export interface HubLinkOptions {
  dataDir: string;
  secrets: SecretStore;
  now: () => Date;
  /** scrypt cost of the pairing key: the hub's, PAIRING_COST_N in the product. */
  pairingCostN: number;
  /** One attempt's time limit; the counter says "hub unreachable" after the retries. */
  requestTimeoutMs?: number;
  /** Waits between attempts of one request (same idempotency key). */
  retryDelaysMs?: readonly number[];
  /** Waits before reopening the event stream, growing to the last. */
  reconnectDelaysMs?: readonly number[];
  /**
   * How often a linked device asks the roster's standby whether it took over, even while its
   * hub answers: a hub cut off from the rest of the office (not dead) is left within this.
   */
  probeEveryMs?: number;
  log?: (entry: { level: 'error' | 'info'; msg: string }) => void;
  /** What this PC still owes the hub (hubLink/hubJournal.ts), shown with the link's state. */
  backlog?: () => Pick<HubLinkStatus, 'pendingActions' | 'refusedActions' | 'pendingEvents'>;
  /** This device now follows a hub that took over (before the stream to it opens). */
  followed?: () => void;
  /** Where this PC keeps the hub's queue when it is the office's standby (takeover). */
  standby?: Omit<StandbyMirrorOptions, 'dataDir' | 'now' | 'log'>;
}

/** How one request goes to the hub. */
export interface ForwardOptions {
  /** A journalled action's own key, the same at every replay; a fresh one otherwise. */
  key?: string;
  /** The officer at this counter (its own setup), sent with the request. */
  officer?: string | null;
  /** Already sent once more after following a takeover: do not follow again. */
  followed?: boolean;
}

const DEFAULT_RETRY_DELAYS = [250, 1000] as const;
const DEFAULT_RECONNECT_DELAYS = [500, 1000, 2000, 5000] as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * This installation's link to its office hub (the device side of pairing and transport).
 * Without a link nothing changes: the installation is its own hub, as a travelling
 * officer's laptop always is. With one, `forward` sends the handler table's requests to
 * the hub over HTTPS with the pinned certificate, each with an idempotency key that its
 * retries reuse, and the hub's change notices arrive on `subscribe`.
 */
export class HubLink {
  private link: HubLinkRecord | null;
  /** The link file exists but cannot be read: refuse everything until unpaired. */
  private unreadable: boolean;
  private agent: Agent | null = null;
  private token: string | null = null;
  private unreachableSince: Date | null = null;
  private stream: { close(): void } | null = null;
  private reconnect: NodeJS.Timeout | null = null;
  private reconnectAttempt = 0;
  private stopped = false;
  private readonly listeners = new Set<(event: HostEvent) => void>();
  private following: Promise<boolean> | null = null;
  private probe: NodeJS.Timeout | null = null;
  /** The highest hub epoch seen and the standby to follow (hubLink/roster.ts). */
  private roster: KnownRoster;
  /** Runs while the hub names this PC its standby. */
  readonly mirror: StandbyMirrorLoop | null;

  constructor(private readonly options: HubLinkOptions) {
    this.roster = readRoster(options.dataDir);
    this.mirror = options.standby
      ? new StandbyMirrorLoop(
          { ...options.standby, dataDir: options.dataDir, now: options.now, log: options.log },
          (path, body) => this.post(path, body),
        )
      : null;
    const link = readHubLink(options.dataDir);
    this.unreadable = link === 'unreadable';
    this.link = link === 'unreadable' ? null : link;
    if (this.unreadable)
      options.log?.({ level: 'error', msg: 'hub-link.json cannot be read: refusing until unpaired' });
  }

  get linked(): boolean {
    return this.link !== null || this.unreadable;
  }

  status(): HubLinkStatus {
    const link = this.link;
    const state = this.unreadable
      ? 'revoked'
      : !link
        ? 'standalone'
        : link.revokedAt
          ? 'revoked'
          : this.unreachableSince
            ? 'unreachable'
            : 'connected';
    return {
      state,
      address: link?.address ?? null,
      role: link?.role ?? null,
      deviceName: link?.deviceName ?? null,
      fingerprint: link?.fingerprint ?? null,
      unreachableSince: this.unreachableSince?.toISOString() ?? null,
      secretStorage: this.options.secrets.kind,
      ...(this.options.backlog?.() ?? { pendingActions: 0, refusedActions: 0, pendingEvents: 0 }),
    };
  }

  /** Pairs with the hub at `address` using a one-time code; the certificate seen now is pinned. */
  async pair(address: string, code: string): Promise<HubLinkStatus> {
    if (this.linked) throw new AppError('HUB_PAIRING_REFUSED', [{ path: 'address', issue: 'already_paired' }]);
    const { record, agent, token } = await pairWithHub(address, code, {
      timeoutMs: this.timeoutMs,
      pairingCostN: this.options.pairingCostN,
      now: this.options.now,
    });
    // The token first: a link on disk without its token would be a link that cannot work.
    await this.options.secrets.save('hub-token', token);
    writeHubLink(this.options.dataDir, record);
    this.link = record;
    this.agent = agent;
    this.token = token;
    this.unreachableSince = null;
    this.start();
    return this.status();
  }

  /** Forgets the hub: this installation is on its own again (its own queue, as before pairing). */
  async unpair(): Promise<HubLinkStatus> {
    this.stop();
    this.agent?.destroy();
    this.agent = null;
    this.token = null;
    this.link = null;
    this.unreadable = false;
    this.unreachableSince = null;
    removeHubLink(this.options.dataDir);
    removeRoster(this.options.dataDir);
    this.roster = readRoster(this.options.dataDir);
    await this.options.secrets.remove('hub-token');
    this.stopped = false;
    this.emit({ type: 'changed', topics: [...ALL_TOPICS] });
    return this.status();
  }

  /**
   * One request to the hub. Lost replies and dropped connections are retried with the
   * same idempotency key, so the hub acts once; after the last attempt the window is told
   * the hub is unreachable. The hub's own refusals (revoked, bad input) come back as is.
   */
  async forward(raw: unknown, options: ForwardOptions = {}): Promise<Reply> {
    const followed = options.followed ?? false;
    const id = (raw as { id?: unknown } | null)?.id;
    const replyId = typeof id === 'number' ? id : -1;
    const link = this.link;
    if (!link)
      return {
        id: replyId,
        ok: false,
        error: apiError('HUB_DEVICE_REVOKED', [{ path: '', issue: 'link_unreadable' }]),
      };
    if (link.revokedAt)
      return { id: replyId, ok: false, error: apiError('HUB_DEVICE_REVOKED', [{ path: '', issue: 'revoked' }]) };
    const key = options.key ?? randomUUID();
    const headers: Record<string, string> = { 'idempotency-key': key };
    if (options.officer) headers[OFFICER_HEADER] = options.officer;
    const delays = this.options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS;
    let last: HubTransportError | null = null;
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      if (attempt > 0) await sleep(delays[attempt - 1]!);
      try {
        const answer = await postJson(
          await this.connection(),
          { host: link.host, port: link.port, path: HUB_PATHS.request },
          raw,
          // The token is read by connection() above (argument order), on the first call.
          { ...headers, authorization: `Bearer ${this.token}`, ...this.epochHeader() },
          this.timeoutMs,
        );
        this.reachable();
        if (answer.status === 200) return answer.body as Reply;
        const error = asApiError(answer.body, apiError('INTERNAL'));
        // Another PC took over the queue: follow it (once) and ask there.
        if (error.code === 'HUB_STEPPED_DOWN' && !followed && (await this.movedOn(link)))
          return this.forward(raw, { ...options, followed: true });
        if (error.code === 'HUB_DEVICE_REVOKED') this.markRevoked();
        return { id: replyId, ok: false, error };
      } catch (err) {
        if (!(err instanceof HubTransportError)) throw err;
        last = err;
        // A certificate that changed is not a passing fault: retrying would not help.
        if (err.kind === 'certificate') break;
      }
    }
    this.unreachable();
    if (last?.kind !== 'certificate' && !followed && (await this.movedOn(link)))
      return this.forward(raw, { ...options, followed: true });
    const code = last?.kind === 'certificate' ? 'HUB_CERTIFICATE_CHANGED' : 'HUB_UNREACHABLE';
    return { id: replyId, ok: false, error: apiError(code) };
  }

  /**
   * A batch of this PC's statistics events to the hub (one attempt; the caller retries later).
   * The hub's reply, or null when it could not be reached.
   */
  async postEvents(batch: unknown): Promise<{ status: number; body: unknown } | null> {
    const link = this.link;
    if (!link || link.revokedAt) return null;
    try {
      const answer = await postJson(
        await this.connection(),
        { host: link.host, port: link.port, path: HUB_EVENT_BATCH_PATH },
        batch,
        { authorization: `Bearer ${this.token}` },
        this.timeoutMs,
      );
      this.reachable();
      if (answer.status === 401) this.markRevoked();
      return answer;
    } catch (err) {
      if (!(err instanceof HubTransportError)) throw err;
      this.unreachable();
      return null;
    }
  }

  /** The role this PC was paired in; null on its own. */
  get role(): HubLinkRecord['role'] | null {
    return this.link?.role ?? null;
  }

  /** The hub's change notices (and this link's own: connected, lost, unpaired). */
  subscribe(listener: (event: HostEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Opens the event stream (and keeps reopening it) when linked. */
  start(): void {
    this.stopped = false;
    if (this.link && !this.link.revokedAt && !this.stream && !this.reconnect) void this.openStream();
    if (this.link && !this.probe) {
      this.probe = setInterval(() => void this.follow(), this.options.probeEveryMs ?? 30_000);
      this.probe.unref();
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.probe) clearInterval(this.probe);
    this.probe = null;
    if (this.reconnect) clearTimeout(this.reconnect);
    this.reconnect = null;
    this.stream?.close();
    this.stream = null;
  }

  close(): void {
    this.stop();
    this.mirror?.stop();
    this.agent?.destroy();
  }

  private get timeoutMs(): number {
    return this.options.requestTimeoutMs ?? 4000;
  }

  private async connection(): Promise<Agent> {
    const link = this.link!;
    this.agent ??= pinnedAgent(link);
    this.token ??= await this.options.secrets.load('hub-token');
    return this.agent;
  }

  private async openStream(): Promise<void> {
    const link = this.link;
    if (!link || this.stopped || this.stream) return;
    let opened = false;
    const stream = openEventStream(
      await this.connection(),
      { host: link.host, port: link.port, path: HUB_PATHS.events },
      { authorization: `Bearer ${this.token}`, ...this.epochHeader() },
      (data) => {
        const event = data as HostEvent;
        if (event?.type === 'changed' && Array.isArray(event.topics)) {
          this.emit(event);
          if (event.topics.includes('hub')) void this.refreshRoster();
          if (event.topics.includes('queue') || event.topics.includes('hub')) this.mirror?.kick();
        }
      },
      (status) => {
        if (this.stream !== stream) return;
        this.stream = null;
        if (status === 401) return this.markRevoked();
        if (opened) this.unreachable();
        this.scheduleReconnect();
      },
      this.timeoutMs,
    );
    this.stream = stream;
    try {
      const status = await stream.opened;
      if (status === 200) {
        opened = true;
        this.reconnectAttempt = 0;
        this.reachable();
        // Whatever happened while the stream was down: every window refetches.
        this.emit({ type: 'changed', topics: [...ALL_TOPICS] });
        void this.refreshRoster();
      }
    } catch (err) {
      this.unreachable();
      this.options.log?.({ level: 'info', msg: `hub event stream: ${(err as Error).message}` });
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnect || !this.link || this.link.revokedAt) return;
    const delays = this.options.reconnectDelaysMs ?? DEFAULT_RECONNECT_DELAYS;
    const wait = delays[Math.min(this.reconnectAttempt++, delays.length - 1)]!;
    this.reconnect = setTimeout(() => {
      this.reconnect = null;
      // The hub may be gone for good: if the standby took over, follow it first.
      void this.follow().then((moved) => {
        if (!moved) void this.openStream();
      });
    }, wait);
    this.reconnect.unref();
  }

  /** The epoch this device has seen, on every request: a hub below it steps down. */
  private epochHeader(): Record<string, string> {
    return { [EPOCH_HEADER]: String(this.roster.epoch) };
  }

  /** A POST to the hub over the pinned link (the standby's mirror pulls). */
  async post(path: string, body: unknown): Promise<HubResponse> {
    const link = this.link;
    if (!link || link.revokedAt) throw new HubTransportError('unreachable', 'not linked');
    return postJson(
      await this.connection(),
      { host: link.host, port: link.port, path },
      body,
      { authorization: `Bearer ${this.token}`, ...this.epochHeader() },
      this.timeoutMs,
    );
  }

  /** Reads the hub's roster; keeps it when its epoch is not lower than ours; starts or stops the mirror. */
  private async refreshRoster(): Promise<void> {
    const link = this.link;
    if (!link || link.revokedAt) return;
    try {
      const roster = await fetchRoster(await this.connection(), link, this.token!, this.roster.epoch, this.timeoutMs);
      if (!roster || roster.epoch < this.roster.epoch) return;
      const { steppedDown: _, ...known } = roster;
      if (JSON.stringify(known) !== JSON.stringify(this.roster)) {
        this.roster = known;
        writeRoster(this.options.dataDir, known);
      }
      const mine = roster.standbyDeviceId === link.deviceId && link.role === 'counter';
      if (mine) this.mirror?.start();
      else if (this.mirror?.active) {
        this.mirror.stop();
        this.mirror.clearStore();
      }
    } catch (err) {
      this.options.log?.({ level: 'info', msg: `hub roster: ${(err as Error).message}` });
    }
  }

  /** The highest hub epoch this device has seen, and the standby it would follow. */
  get knownRoster(): KnownRoster {
    return this.roster;
  }

  /** Whether this device now has another hub than `from` (followed meanwhile, or now). */
  private async movedOn(from: HubLinkRecord): Promise<boolean> {
    return this.link !== from || ((await this.follow()) && this.link !== from);
  }

  follow(): Promise<boolean> {
    // One probe at a time: a request and the stream's reconnect may both ask.
    this.following ??= this.probeAndFollow().finally(() => (this.following = null));
    return this.following;
  }

  /**
   * When the hub does not answer (or stepped down): asks the roster's standby whether it
   * took over, and if it did (a higher epoch, over its vouched-for certificate) makes it
   * this device's hub. No re-pairing: the same device id and token.
   */
  private async probeAndFollow(): Promise<boolean> {
    const link = this.link;
    if (!link || link.revokedAt || !this.roster.standby || this.roster.standbyDeviceId === link.deviceId) return false;
    this.token ??= await this.options.secrets.load('hub-token');
    const next = await probeSuccessor(this.roster, this.token!, this.timeoutMs);
    if (!next || this.link !== link) return this.link !== link;
    const standby = this.roster.standby;
    this.link = {
      ...link,
      address: originOf(standby.host, standby.port),
      host: standby.host,
      port: standby.port,
      certPem: standby.certPem,
      fingerprint: standby.fingerprint,
    };
    writeHubLink(this.options.dataDir, this.link);
    const { steppedDown: _, ...known } = next;
    this.roster = known;
    writeRoster(this.options.dataDir, known);
    this.agent?.destroy();
    this.agent = null;
    this.options.log?.({ level: 'info', msg: `following the hub of epoch ${next.epoch} at ${this.link.address}` });
    try {
      this.options.followed?.();
    } catch (err) {
      this.options.log?.({ level: 'error', msg: `after following: ${(err as Error).message}` });
    }
    this.stream?.close();
    this.stream = null;
    if (!this.reconnect && !this.stopped) void this.openStream();
    this.emit({ type: 'changed', topics: [...ALL_TOPICS] });
    return true;
  }

  private reachable(): void {
    if (this.unreachableSince === null) return;
    this.unreachableSince = null;
    this.emit({ type: 'changed', topics: ['hub'] });
  }

  private unreachable(): void {
    if (this.unreachableSince !== null) return;
    this.unreachableSince = this.options.now();
    this.emit({ type: 'changed', topics: ['hub'] });
  }

  private markRevoked(): void {
    if (!this.link || this.link.revokedAt) return;
    this.link = { ...this.link, revokedAt: this.options.now().toISOString() };
    writeHubLink(this.options.dataDir, this.link);
    this.stop();
    this.emit({ type: 'changed', topics: [...ALL_TOPICS] });
  }

  private emit(event: HostEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        this.options.log?.({ level: 'error', msg: `hub event listener failed: ${(err as Error).message}` });
      }
    }
  }
}
