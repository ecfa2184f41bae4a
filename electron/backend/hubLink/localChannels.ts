import type { ChannelName } from '../../../shared/api';

/**
 * Where a paired counter PC's requests are answered (decision 0008, "Where things live").
 * The case log stays on the PC that served it, with its notes, which so never leave it; the
 * officer's setup is the PC's own (sent to the hub with each request), and so is the office
 * registry it is chosen from (the same signed list; without it a counter restarted while the
 * hub is away could not open at all, walk-ins included). The link is always the
 * PC's own. Everything else (the queue, statistics for the supervisor, the hub's devices)
 * is the office's, at the hub. A kiosk or display PC keeps no case log: only its link is local.
 */
const COUNTER_LOCAL_PREFIXES = ['hubLink.', 'visits.', 'guides.', 'setup.', 'offices.'] as const;

export function answeredOnCounter(channel: string): boolean {
  return COUNTER_LOCAL_PREFIXES.some((prefix) => channel.startsWith(prefix));
}

/** Serving is both: the hub moves the ticket and hands the arrival over, this PC opens the visit. */
export const SERVE: ChannelName = 'tickets.serve';
export const HAND_OVER: ChannelName = 'tickets.handOver';

/** Queue requests that must not overtake a ticket's end still owed to the hub (a call-next after a close). */
export function waitsForJournal(channel: string): boolean {
  return channel.startsWith('tickets.') || channel.startsWith('counters.');
}
