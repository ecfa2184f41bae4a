import type { Topic } from '../../../shared/api';
import type { ApiError } from '../../../shared/errors';
import type { EventBatchReply } from '../../../shared/sync';
import { MAX_BATCH_EVENTS } from '../../../shared/sync';
import type { StoreContext } from '../context';
import type { HubLink } from './hubLink';

/** Refusals that say nothing about the action itself: the hub was not there to judge it. */
const NOT_JUDGED = new Set<ApiError['code']>([
  'HUB_UNREACHABLE',
  'HUB_CERTIFICATE_CHANGED',
  'HUB_DEVICE_REVOKED',
  'INTERNAL',
  'STORE_UNAVAILABLE',
]);

/** While the hub is away, how often to look again (the event stream's reconnect usually wins). */
export const CATCH_UP_INTERVAL_MS = 30_000;

/**
 * What a counter PC owes its office hub, sent whenever the hub answers (decision 0008, "A
 * counter that cannot reach the hub"): first the statistics events of the arrivals this PC
 * writes (idempotent by event id: a resend is harmless), then the journal of hub actions
 * (a ticket's end), in order, each with the idempotency key it was written with, so a
 * replay of something the hub already did is answered from its remembered reply. A replay
 * the hub refuses is kept and shown, never retried by itself; it never touches the visit's
 * statistics, which are this PC's.
 */
export class HubCatchUp {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ctx: StoreContext,
    private readonly link: HubLink,
    private readonly publish: (topics: Topic[]) => void,
    private readonly log: (msg: string) => void = () => {},
  ) {}

  /** One run at a time; a call during a run makes it go round once more. Never rejects. */
  run(): Promise<void> {
    if (!this.link.linked || this.link.role !== 'counter') return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          const progressed = (await this.sendEvents()) + (await this.replayJournal());
          if (progressed > 0) this.publish(['hub', 'sync']);
        } catch (err) {
          this.log(`hub catch-up failed: ${(err as Error).message}`);
        }
      } while (this.again);
    })().finally(() => (this.running = null));
    return this.running;
  }

  /** Whether a hub action is still owed: queue requests wait for it (a call-next after a close). */
  owesActions(): boolean {
    return this.ctx.counterArrivals.counts().pending > 0;
  }

  /** Catches up now, whenever the link comes back, and every half minute besides. */
  start(): () => void {
    const off = this.link.subscribe((event) => {
      if (event.type === 'changed' && event.topics.includes('hub') && this.link.status().state === 'connected')
        void this.run();
    });
    this.timer = setInterval(() => void this.run(), CATCH_UP_INTERVAL_MS);
    this.timer.unref();
    void this.run();
    return () => {
      off();
      if (this.timer) clearInterval(this.timer);
    };
  }

  /** Events in batches of the service's size; returns how many the hub confirmed. */
  private async sendEvents(): Promise<number> {
    let confirmed = 0;
    for (;;) {
      const batch = this.ctx.officeEvents.pendingOwn(MAX_BATCH_EVENTS);
      if (batch.length === 0) return confirmed;
      const answer = await this.link.postEvents({
        sentAt: this.ctx.now().toISOString(),
        events: batch.map((e) => JSON.parse(e.payload) as unknown),
        arrivals: batch.map((e) => e.arrivalKey),
      });
      if (!answer) return confirmed;
      if (answer.status === 422) {
        // Events the hub will not take (another office, a ticket it handed elsewhere) are set
        // aside by name, as the uploader does with the service's: they never block the rest.
        const named = refusedIndexes(answer.body, batch.length);
        this.log(`hub refused ${named.length} event(s): ${JSON.stringify(answer.body).slice(0, 200)}`);
        if (named.length === 0) return confirmed;
        this.ctx.outbox.markRejected(
          named.map((i) => batch[i]!.id),
          'refused_by_hub',
        );
        continue;
      }
      if (answer.status !== 200) {
        this.log(`hub refused a batch of events: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
        return confirmed;
      }
      const reply = answer.body as EventBatchReply;
      const ofBatch = new Set(batch.map((e) => e.id));
      const stored = reply.stored.filter((id) => ofBatch.has(id));
      const conflicts = reply.conflicts.filter((id) => ofBatch.has(id));
      this.ctx.outbox.markSent(stored, this.ctx.now().toISOString());
      if (conflicts.length > 0) this.ctx.outbox.markRejected(conflicts, 'conflict');
      confirmed += stored.length;
      if (stored.length + conflicts.length === 0) return confirmed;
    }
  }

  /** The journal, oldest first; stops at the first action the hub could not judge. */
  private async replayJournal(): Promise<number> {
    let done = 0;
    for (;;) {
      const action = this.ctx.counterArrivals.nextPending();
      if (!action) return done;
      const reply = await this.link.forward(
        { id: 0, channel: action.channel, input: action.input },
        { key: action.key },
      );
      if (reply.ok) {
        this.ctx.counterArrivals.done(action.seq);
        done++;
        continue;
      }
      if (NOT_JUDGED.has(reply.error.code)) return done;
      this.ctx.counterArrivals.refused(action.seq, reply.error);
      this.log(`hub refused ${action.channel}: ${reply.error.code}`);
      done++;
    }
  }
}

/** Which events of the batch the hub's 422 names ("events.3.officeId", "arrivals.3" → 3). */
function refusedIndexes(body: unknown, length: number): number[] {
  const details = (body as { error?: { details?: { path?: unknown }[] } } | null)?.error?.details ?? [];
  const found = new Set<number>();
  for (const d of details) {
    const m = /^(?:events|arrivals)\.(\d+)(\.|$)/.exec(String(d.path));
    if (m && Number(m[1]) < length) found.add(Number(m[1]));
  }
  return [...found];
}
