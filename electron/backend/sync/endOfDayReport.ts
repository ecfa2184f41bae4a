import { stockholmDate } from '../../../shared/time';
import type { StoreContext } from '../context';
import type { HostLog } from '../host';
import { readSyncSettings, writeSyncSettings } from './syncSettings';

/** Arrivals reported per transaction. */
const PAGE = 500;

/** The day before a local date (YYYY-MM-DD), for the report's one day of overlap. */
function dayBefore(localDate: string): string {
  const d = new Date(`${localDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The end-of-day report: once per new local day, every arrival of the days since the
 * last one gets the event of its final state if that is news (a ticket left waiting, a
 * visit left open, a recalled no-show never served, history from before the outbox).
 * In pages of PAGE arrivals, one short transaction each with a turn of the event loop
 * between them: the first report after an upgrade (a year of history) never holds the
 * counter up. Returns the events written.
 */
export async function reportFinishedDays(ctx: StoreContext, log?: HostLog): Promise<number> {
  const today = stockholmDate(ctx.now());
  const { sweptBefore } = readSyncSettings(ctx.store.db);
  if (sweptBefore === today) return 0;
  // From the day before the last report's: a visit that crossed midnight may have closed
  // since. A clock that stepped back (the last report is "in the future") rereads only
  // yesterday, never the whole history.
  const since = !sweptBefore ? '0000-01-01' : sweptBefore < today ? dayBefore(sweptBefore) : dayBefore(today);
  // Once a day, what the service refused gets another chance (it may have been upgraded).
  ctx.write(() => ctx.outbox.retryParked());
  let written = 0;
  for (const kind of ['tickets', 'visits'] as const) {
    let afterId = '';
    for (;;) {
      const page = ctx.write(() => ctx.outbox.sweepPage(kind, { since, today, afterId, limit: PAGE }, ctx.now()));
      written += page.written;
      for (const failure of page.failed)
        log?.({ level: 'error', msg: `no statistics event for an arrival: ${failure}` });
      if (page.seen < PAGE || page.lastId === null) break;
      afterId = page.lastId;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  writeSyncSettings(ctx.store.db, { sweptBefore: today });
  return written;
}
