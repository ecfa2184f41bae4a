import type { StandbyMirrorStore } from '../../../db/standbyMirror';
import { loadOrCreateHubCertificate } from '../hub/certificate';
import { StandbyImageReply, TAKEOVER_PATHS, type StandbyPull } from '../hub/takeoverWire';
import type { HubResponse } from './hubClient';

export interface StandbyMirrorOptions {
  dataDir: string;
  /** Where this PC will serve as the hub after a takeover (DEFAULT_HUB_PORT in the product). */
  port: number;
  store: StandbyMirrorStore;
  write: <T>(fn: () => T) => T;
  now: () => Date;
  log?: (entry: { level: 'error' | 'info'; msg: string }) => void;
}

/** A pull at least this often even when no change notice came (a missed notice costs nothing more). */
const PULL_EVERY_MS = 15_000;

/**
 * The standby's side of the mirror: pulls the hub's queue after every change notice and
 * stores it (inert, in standby_* tables) before acknowledging it on the next pull, so the
 * hub only ever issues numbers this PC has on disk. At most one pull runs at a time; a
 * notice during a pull makes one more.
 */
export class StandbyMirrorLoop {
  private running = false;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private certPem: string | null = null;
  /** Pulls done since start (tests wait on it). */
  pulls = 0;

  constructor(
    private readonly options: StandbyMirrorOptions,
    private readonly post: (path: string, body: unknown) => Promise<HubResponse>,
  ) {}

  get active(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.kick(), PULL_EVERY_MS);
    this.timer.unref();
    this.kick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** No longer the standby: what was mirrored binds nobody and is dropped. */
  clearStore(): void {
    this.options.write(() => this.options.store.clear());
  }

  kick(): void {
    if (!this.timer) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.pullUntilCurrent()
      .catch((err: Error) => this.options.log?.({ level: 'info', msg: `standby pull: ${err.message}` }))
      .finally(() => {
        this.running = false;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Pulls until the hub has nothing newer and every reservation stored has been acknowledged. */
  private async pullUntilCurrent(): Promise<void> {
    this.certPem ??= (await loadOrCreateHubCertificate(this.options.dataDir)).certPem;
    for (let round = 0; round < 50 && this.timer; round++) {
      const stored = this.options.store.image();
      const acknowledged = (stored?.state.blocks ?? []).map(({ officeId, localDate, letter, reserved }) => ({
        officeId,
        localDate,
        letter,
        reserved,
      }));
      const pull: StandbyPull = {
        after: stored?.cursor ?? 0,
        outboxAfter: stored?.outboxCursor ?? 0,
        port: this.options.port,
        certPem: this.certPem,
        acknowledged,
      };
      const answer = await this.post(TAKEOVER_PATHS.standby, pull);
      if (answer.status !== 200) throw new Error(`hub answered ${answer.status}`);
      const image = StandbyImageReply.parse(answer.body);
      this.options.write(() => {
        this.options.store.store(
          image.cursor,
          image.state,
          image.tickets,
          this.options.now().toISOString(),
          image.fromDate,
        );
        this.options.store.storeOutbox(image.outbox, image.outboxCursor);
      });
      this.pulls++;
      const before = new Map(acknowledged.map((b) => [`${b.officeId}|${b.localDate}|${b.letter}`, b.reserved]));
      const newReservation = image.state.blocks.some(
        (b) => b.reserved > (before.get(`${b.officeId}|${b.localDate}|${b.letter}`) ?? 0),
      );
      // Acknowledge new blocks at once (the hub may be waiting to issue from them).
      // And new outbox rows: the hub uploads only what this PC holds, so it waits for the word.
      if (!image.more && !newReservation && image.outbox.length === 0) return;
    }
  }
}
