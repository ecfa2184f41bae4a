import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSetup } from '../../../db/settings';
import type { HubTakeoverStatus } from '../../../shared/api';
import { AppError } from '../../../shared/errors';
import type { ServiceContext } from '../context';
import { HubLinkSchema, readHubLink, type HubLinkRecord } from '../hubLink/hubLinkFile';
import { pinnedAgent, postJson } from '../hubLink/hubClient';
import { originOf } from '../hubLink/hubAddress';
import type { SecretStore } from '../sync/secretStore';
import { EPOCH_HEADER } from './takeoverWire';
import { HUB_PATHS } from './wire';

export interface HubTakeoverOptions {
  dataDir: string;
  secrets: SecretStore;
  /** Starts this installation's hub server (its own certificate, the standby's port). */
  serve: () => Promise<{ address: string; close(): Promise<void> }>;
  /** How often the new hub tells the old one (if it answers again) to step down. */
  notifyEveryMs?: number;
  log?: (entry: { level: 'error' | 'info'; msg: string }) => void;
}

const PREDECESSOR_FILE = 'hub-predecessor.json';
/**
 * Events a PC sent the hub this recently are sent again after a takeover (its own, at the new
 * hub; a counter's, to the new hub): the old hub may have taken them after the standby's last
 * pull and died before uploading them. The service and the hub keep an id once.
 */
export const RESEND_AFTER_TAKEOVER_MS = 7 * 86_400_000;

/**
 * A supervisor's takeover of a dead hub on its standby PC (decision 0008): the queue the
 * standby mirrored becomes this PC's live queue, with the same paired devices and the
 * office's passphrase; ticket numbers continue after the highest block the standby
 * acknowledged, so none the old hub gave out is issued again; the epoch goes up by one, so
 * devices follow this PC (their roster names it) and the old hub steps down when it
 * returns. This PC then serves as the hub and tells the old one, until it hears it, to
 * step down.
 */
export class HubTakeover {
  private server: { address: string; close(): Promise<void> } | null = null;
  /** Where devices reach this PC as the hub: the address the old hub announced in its roster. */
  private announced: string | null = null;
  private notifier: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly ctx: () => ServiceContext,
    private readonly options: HubTakeoverOptions,
  ) {}

  /** What Settings shows on a paired counter: whether it is the standby and how fresh its copy is. */
  status(): HubTakeoverStatus {
    const ctx = this.ctx();
    const link = readHubLink(this.options.dataDir);
    const image = ctx.standbyMirror.image();
    const deviceId = link && link !== 'unreadable' ? link.deviceId : null;
    const standby = image !== null && deviceId !== null && image.state.standbyDeviceId === deviceId;
    return {
      standby,
      mirroredAt: standby ? image.mirroredAt : null,
      tickets: standby ? ctx.standbyMirror.count() : 0,
      epoch: ctx.hubState.state().epoch,
      servingAfterTakeover: this.server ? this.announced : null,
    };
  }

  async takeOver(passphrase: string): Promise<HubTakeoverStatus> {
    const ctx = this.ctx();
    const link = readHubLink(this.options.dataDir);
    const image = ctx.standbyMirror.image();
    if (!link || link === 'unreadable' || link.revokedAt || link.role !== 'counter')
      throw new AppError('HUB_TAKEOVER_REFUSED', [{ path: '', issue: 'not_paired_counter' }]);
    if (!image || image.state.standbyDeviceId !== link.deviceId || !image.state.setup)
      throw new AppError('HUB_TAKEOVER_REFUSED', [{ path: '', issue: 'not_standby' }]);
    const { officeId, officerSignature } = image.state.setup;
    // The office's passphrase, as mirrored from the hub (with this PC's own lockout).
    await ctx.supervisor.unlock(officeId, passphrase);
    const token = await this.options.secrets.load('hub-token');

    ctx.hubLink.mirror?.stop();
    this.server = await this.options.serve();
    try {
      const epoch = image.state.epoch + 1;
      ctx.write(() => {
        ctx.standbyMirror.restore(image.state);
        ctx.standbyMirror.restoreOutbox(
          link.deviceId,
          new Date(ctx.now().getTime() - RESEND_AFTER_TAKEOVER_MS).toISOString(),
        );
        // Numbers up to the highest block the standby stored may have been given out: skip them.
        for (const b of image.state.blocks)
          ctx.hubState.raiseFloor(b.officeId, b.localDate, b.letter, Math.max(b.reserved, b.floor));
        ctx.hubState.becomeHub(epoch);
        ctx.standbyMirror.clear();
        const own = ctx.setup.get();
        const setup = {
          officeId,
          officerSignature: own?.officeId === officeId ? own.officerSignature : officerSignature,
        };
        writeSetup(ctx.store.db, setup);
        ctx.setup.set(setup);
      });
    } catch (err) {
      await this.server.close();
      this.server = null;
      throw err;
    }
    const standby = ctx.hubLink.knownRoster.standby;
    this.announced = standby ? originOf(standby.host, standby.port) : this.server.address;
    // The old hub is remembered only to tell it to step down.
    this.savePredecessor(link);
    if (token) await this.options.secrets.save('hub-predecessor-token', token);
    await ctx.hubLink.unpair();
    this.options.log?.({
      level: 'info',
      msg: `took over the office's queue as the hub of epoch ${image.state.epoch + 1}`,
    });
    this.notifyPredecessor();
    return this.status();
  }

  /**
   * At start: a PC that took over the queue (and has not met a newer hub since) serves it
   * again, and goes on telling the old hub to step down. Retried while its port is busy.
   */
  resume(): void {
    const ctx = this.ctx();
    if (!existsSync(join(this.options.dataDir, PREDECESSOR_FILE)) || readHubLink(this.options.dataDir) !== null) return;
    if (ctx.hubState.state().steppedDownAt || this.server || this.closed) return;
    this.options
      .serve()
      .then((server) => {
        if (this.closed) return void server.close();
        this.server = server;
        this.announced ??= server.address;
        this.options.log?.({ level: 'info', msg: `serving the office's queue again at ${server.address}` });
        this.notifyPredecessor();
      })
      .catch((err: Error) => {
        this.options.log?.({ level: 'error', msg: `serving the queue again failed: ${err.message}` });
        setTimeout(() => this.resume(), 2000).unref();
      });
  }

  close(): void {
    this.closed = true;
    if (this.notifier) clearInterval(this.notifier);
    this.notifier = null;
    void this.server?.close();
    this.server = null;
  }

  private savePredecessor(link: HubLinkRecord): void {
    const file = join(this.options.dataDir, PREDECESSOR_FILE);
    writeFileSync(`${file}.tmp`, JSON.stringify(link, null, 2), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  }

  /**
   * Until the old hub answers that it stepped down: a request to it every few seconds
   * carrying the new epoch and this PC's device token there (it trusts that token).
   */
  private notifyPredecessor(): void {
    const file = join(this.options.dataDir, PREDECESSOR_FILE);
    if (!existsSync(file)) return;
    const parsed = HubLinkSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) return;
    const old = parsed.data;
    const agent = pinnedAgent(old);
    const tell = async () => {
      const token = await this.options.secrets.load('hub-predecessor-token');
      try {
        const answer = await postJson(
          agent,
          { host: old.host, port: old.port, path: HUB_PATHS.request },
          { id: 0, channel: 'hub.status', input: {} },
          { authorization: `Bearer ${token}`, [EPOCH_HEADER]: String(this.ctx().hubState.state().epoch) },
          4000,
        );
        if ((answer.body as { error?: { code?: string } } | null)?.error?.code === 'HUB_STEPPED_DOWN') {
          this.options.log?.({ level: 'info', msg: `the old hub at ${old.address} stepped down` });
          if (this.notifier) clearInterval(this.notifier);
          this.notifier = null;
          agent.destroy();
        }
      } catch {
        // Still gone: try again later.
      }
    };
    this.notifier = setInterval(() => void tell(), this.options.notifyEveryMs ?? 10_000);
    this.notifier.unref();
    void tell();
  }
}
