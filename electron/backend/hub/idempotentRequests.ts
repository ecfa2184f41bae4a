import type { HubRepository } from '../../../db/hub';
import type { Reply } from '../../../shared/api';
import { apiError } from '../../../shared/errors';
import type { RequestCaller } from '../context';
import type { Host } from '../host';

/** How long the hub remembers a reply: far beyond any retry, short enough to stay small. */
export const REMEMBER_REPLIES_MS = 24 * 60 * 60_000;

function envelopeOf(raw: unknown): { id: number; channel: string } {
  const { id, channel } = (raw ?? {}) as { id?: unknown; channel?: unknown };
  return { id: typeof id === 'number' ? id : -1, channel: typeof channel === 'string' ? channel : '' };
}

/**
 * A device's request with its idempotency key has its effect once: a retry after a lost
 * reply (or while the first is still running) gets the first one's reply, never a second
 * action. Replies of requests that wrote are kept in the store for a day; the rest
 * changed nothing and may simply run again.
 */
export class IdempotentRequests {
  private readonly inFlight = new Map<string, Promise<Reply>>();

  constructor(
    private readonly repo: HubRepository,
    private readonly write: <T>(fn: () => T) => T,
    private readonly now: () => Date,
  ) {}

  async handle(host: Host, key: string | null, raw: unknown, caller: RequestCaller): Promise<Reply> {
    const deviceId = caller.deviceId;
    if (key === null) return host.handle(raw, { caller });
    const { id, channel } = envelopeOf(raw);
    const slot = `${deviceId}|${key}`;
    const running = this.inFlight.get(slot);
    if (running) return { ...(await running), id };
    const stored = this.repo.reply(deviceId, key);
    if (stored) {
      // The same key for another request is the device's bug: refused, never answered with another's reply.
      if (stored.channel !== channel)
        return { id, ok: false, error: apiError('BAD_REQUEST', [{ path: 'idempotencyKey', issue: 'reused' }]) };
      return { ...(JSON.parse(stored.reply) as Reply), id };
    }
    const first = (async () => {
      // The reply is recorded inside the handler's own transaction (as the write's result,
      // which for nearly every channel is the reply), so the effect and its record commit
      // together: a hub killed just after the commit still answers the retry.
      let recorded: string | null = null;
      const record = (reply: Reply) => {
        recorded = JSON.stringify(reply);
        this.repo.rememberReply({ deviceId, key, channel, reply: recorded, at: this.now().toISOString() });
      };
      let changed = false;
      const reply = await host.handle(raw, {
        inWrite: (result) => record({ id, ok: true, result: result === undefined ? null : result }),
        onChanged: () => (changed = true),
        caller,
      });
      if (recorded !== null || changed) {
        const final = JSON.stringify(reply);
        // Rare: the handler shaped its reply after its last write, or failed after one.
        if (!reply.ok) this.write(() => this.repo.forgetReply(deviceId, key));
        else if (final !== recorded) this.write(() => record(reply));
      }
      return reply;
    })();
    this.inFlight.set(slot, first);
    try {
      return await first;
    } finally {
      this.inFlight.delete(slot);
    }
  }

  /** Forgets replies older than a day; run with the hub's housekeeping. */
  purge(): number {
    const before = new Date(this.now().getTime() - REMEMBER_REPLIES_MS).toISOString();
    return this.write(() => this.repo.purgeReplies(before));
  }
}
