/**
 * The rate limiter's counters, one map for every route (a @fastify/rate-limit store). The
 * plugin's own store gives each route its own counters, so a client without a valid token
 * could try tokens on every token route in turn; here a key ("token:<hash>", "unknown:<address>",
 * an enrolling address) is counted once across the routes it is used on.
 */
interface Counter {
  current: number;
  startedAt: number;
}

/** Counters kept at most; past this, the oldest go. */
const MAX_KEYS = 50_000;

type Callback = (err: Error | null, res: { current: number; ttl: number }) => void;

export class SharedRateLimitStore {
  private readonly counters = new Map<string, Counter>();

  incr(key: string, cb: Callback, timeWindow: number): void {
    const now = Date.now();
    let counter = this.counters.get(key);
    if (!counter || counter.startedAt + timeWindow <= now) {
      counter = { current: 0, startedAt: now };
      this.counters.delete(key);
      this.counters.set(key, counter);
      this.trim();
    }
    counter.current++;
    cb(null, { current: counter.current, ttl: counter.startedAt + timeWindow - now });
  }

  read(key: string, cb: Callback, timeWindow: number): void {
    const now = Date.now();
    const counter = this.counters.get(key);
    if (!counter || counter.startedAt + timeWindow <= now) cb(null, { current: 0, ttl: timeWindow });
    else cb(null, { current: counter.current, ttl: counter.startedAt + timeWindow - now });
  }

  /** Every route shares this one store. */
  child(): this {
    return this;
  }

  /** Past MAX_KEYS, drop the oldest windows (insertion order is start order). */
  private trim(): void {
    for (const key of this.counters.keys()) {
      if (this.counters.size <= MAX_KEYS) return;
      this.counters.delete(key);
    }
  }
}
