import { option, UsageError, type ParsedArgs } from './cliArgs';
import { escapeForTerminal as esc } from './printable';
import type { EventFilter, HeldEvent, ServerStore } from './store/types';

/**
 * The admin's commands over stored events (issue 19): list, void and restore by device,
 * office and dates; review and release the quarantine; read the audit log. Every void,
 * restore and release is audited by the store in the same transaction.
 */

/** An office id as the contract has it (shared/sync.ts). */
export const OFFICE_ID = /^[a-z0-9-]{2,60}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DEFAULT_LIST_LIMIT = 1000;

/** --device / --office (at least one) and --from / --to: which events a void, restore or listing means. */
function eventFilter(args: ParsedArgs): EventFilter {
  const filter: EventFilter = {
    deviceId: option(args, 'device'),
    officeId: option(args, 'office'),
    from: option(args, 'from'),
    to: option(args, 'to'),
  };
  if (!filter.deviceId && !filter.officeId) throw new UsageError('--device ID or --office ID is required');
  if (filter.officeId && !OFFICE_ID.test(filter.officeId)) throw new UsageError('--office is a–z, 0–9 and -');
  for (const d of [filter.from, filter.to])
    if (d !== undefined && (!DATE.test(d) || Number.isNaN(Date.parse(d))))
      throw new UsageError(`${d} is not a date (YYYY-MM-DD)`);
  if (filter.from && filter.to && filter.from > filter.to) throw new UsageError('--from is after --to');
  return filter;
}

function listLimit(args: ParsedArgs): number {
  const text = option(args, 'limit');
  const n = text === undefined ? DEFAULT_LIST_LIMIT : Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) throw new UsageError('--limit is a whole number 1–1000000');
  return n;
}

/** One event as a tab-separated row; every field escaped (a device chose these values). */
function eventLine(e: HeldEvent): string {
  const state = e.voidedAt ? `voided ${e.voidedAt}` : e.quarantined ? 'quarantined' : 'counted';
  return [
    e.id,
    e.officeId,
    e.deviceId ?? '-',
    e.localDate,
    e.localTime,
    e.status,
    e.waitingSeconds ?? '-',
    e.serviceSeconds ?? '-',
    e.supersedes ?? '-',
    state,
  ]
    .map((x) => esc(String(x)))
    .join('\t');
}

/** Runs one of the event commands; false when `command` is not one of them. */
export async function runEventCommand(
  command: string,
  args: ParsedArgs,
  store: ServerStore,
  io: { out: (line: string) => void; err: (line: string) => void },
  now: Date,
): Promise<boolean> {
  switch (command) {
    case 'events': {
      const filter = eventFilter(args);
      const events = await store.listEvents(filter, listLimit(args));
      if (events.length === 0) io.err('no events');
      for (const e of events) io.out(eventLine(e));
      return true;
    }
    case 'void-events':
    case 'restore-events': {
      const filter = eventFilter(args);
      const voiding = command === 'void-events';
      const changed = await store.setVoided(filter, voiding ? now.toISOString() : null, {
        at: now.toISOString(),
        action: voiding ? 'void' : 'restore',
        filter: JSON.stringify(filter),
        reason: option(args, 'reason') ?? null,
      });
      io.out(`${voiding ? 'voided' : 'restored'} ${changed} events; the figures are computed from what remains`);
      return true;
    }
    case 'quarantine': {
      const office = option(args, 'office');
      if (office && !OFFICE_ID.test(office)) throw new UsageError('--office is a–z, 0–9 and -');
      const held = await store.listQuarantine(office, listLimit(args));
      if (held.length === 0) io.err('no quarantined events');
      for (const e of held) io.out(`${eventLine(e)}\t${esc(e.reason)}\t${esc(e.quarantinedAt)}`);
      return true;
    }
    case 'release': {
      const id = option(args, 'event');
      if (!id) throw new UsageError('--event ID is required (see: quarantine)');
      const released = await store.releaseQuarantined(id, {
        at: now.toISOString(),
        action: 'release',
        filter: JSON.stringify({ eventId: id }),
        reason: option(args, 'reason') ?? null,
      });
      if (!released) throw new UsageError(`no quarantined event ${esc(id)}`);
      io.out(`released event ${esc(id)}: it counts from now on`);
      return true;
    }
    case 'audit': {
      const entries = await store.listAudit();
      if (entries.length === 0) io.err('no admin actions yet');
      for (const a of entries)
        io.out([a.id, a.at, a.action, a.filter, a.affected, a.reason ?? '-'].map((x) => esc(String(x))).join('\t'));
      return true;
    }
    default:
      return false;
  }
}
