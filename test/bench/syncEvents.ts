import { uuidv7 } from '../../db/uuidv7';
import { mulberry32 } from '../support/prng';
import { AGENCIES, ERRAND_KINDS, OUTCOMES } from '../../shared/domain';
import { StatsEventSchema, SYNC_SCHEMA_VERSION, type StatsEvent, type StatsEventErrand } from '../../shared/sync';

/**
 * Statistics events as a busy office's devices write them, for the sync benchmarks: mostly
 * served visits with 1–3 errands, some no-shows, tickets never served, visits left open,
 * and a few corrections and voids that supersede an earlier event.
 */

function errandsOf(random: () => number, open: boolean): StatsEventErrand[] {
  const r = random();
  const n = r < 0.65 ? 1 : r < 0.9 ? 2 : 3;
  return Array.from({ length: n }, () => {
    const agency = AGENCIES[Math.floor(random() * AGENCIES.length)]!;
    const kinds = ERRAND_KINDS[agency];
    return {
      agency,
      errandKind: kinds[Math.floor(random() * kinds.length)]!,
      outcome: open && random() < 0.5 ? null : OUTCOMES[Math.floor(random() * OUTCOMES.length)]!,
      lacksEid: random() < 0.05,
      interpreter: random() < 0.08,
    };
  });
}

/** One new event (not a correction) of `officeId` on a day of 2025, 08:00–16:59. */
export function freshEvent(random: () => number, officeId: string, id = uuidv7()): StatsEvent {
  const day = new Date(Date.UTC(2025, 0, 1) + Math.floor(random() * 365) * 86_400_000).toISOString().slice(0, 10);
  const hh = String(8 + Math.floor(random() * 9)).padStart(2, '0');
  const mm = String(Math.floor(random() * 60)).padStart(2, '0');
  const r = random();
  const status = r < 0.89 ? 'served' : r < 0.95 ? 'no_show' : r < 0.98 ? 'unserved' : 'open';
  const visit = status === 'served' || status === 'open';
  return {
    id,
    supersedes: null,
    schemaVersion: SYNC_SCHEMA_VERSION,
    officeId,
    localDate: day,
    localTime: `${hh}:${mm}`,
    status,
    waitingSeconds: visit ? Math.floor(random() ** 2 * 3600) : null,
    serviceSeconds: status === 'served' ? 120 + Math.floor(random() * 1680) : null,
    errands: visit ? errandsOf(random, status === 'open') : [],
    recordedAt: `${day}T${hh}:${mm}:00.000Z`,
  };
}

/**
 * `count` events of one office, in outbox order: ~3 % are corrections (a served event
 * superseding an earlier event of the list) and ~0.5 % voids. All are checked against the
 * contract, so a refusal by the service cannot be the generator's fault.
 */
export function officeEvents(count: number, officeId: string, seed = 20_260_310): StatsEvent[] {
  const random = mulberry32(seed);
  const events: StatsEvent[] = [];
  for (let i = 0; i < count; i++) {
    const r = random();
    const earlier = events.length > 10 ? events[Math.floor(random() * events.length)]! : null;
    if (earlier && r < 0.005) {
      events.push({
        ...earlier,
        id: uuidv7(),
        supersedes: earlier.id,
        status: 'void',
        waitingSeconds: null,
        serviceSeconds: null,
        errands: [],
      });
    } else if (earlier && r < 0.035) {
      const served = freshEvent(random, officeId);
      events.push({
        ...served,
        status: 'served',
        serviceSeconds: served.serviceSeconds ?? 600,
        waitingSeconds: served.waitingSeconds ?? 300,
        errands: served.errands.length ? served.errands : errandsOf(random, false),
        localDate: earlier.localDate,
        localTime: earlier.localTime,
        supersedes: earlier.id,
      });
    } else {
      events.push(freshEvent(random, officeId));
    }
  }
  for (const e of events) StatsEventSchema.parse(e);
  return events;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const fmtInt = (n: number) => Math.round(n).toLocaleString('sv-SE');
