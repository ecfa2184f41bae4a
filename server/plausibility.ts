import type { StatsEvent } from '../shared/sync';

/**
 * What an office can really report (issue 19). The contract accepts any calendar date and
 * waits up to a year; one such event moved an office's monthly average wait by days. An
 * event outside these bounds is stored quarantined: held (the device is told so and stops
 * sending it) but not counted until an admin releases it (`admin quarantine` / `release`).
 */
export interface PlausibilityRules {
  /** Oldest local date accepted, in days before the service's own (UTC) date: offline files may be months late. */
  pastDays: number;
  /** Newest local date accepted, in days after the service's UTC date (Sweden is ahead of UTC by up to 2 h). */
  futureDays: number;
  /** Longest plausible wait, seconds: an office is open at most a long day. */
  maxWaitingSeconds: number;
  /** Longest plausible service at the counter, seconds. */
  maxServiceSeconds: number;
}

export const DEFAULT_PLAUSIBILITY: PlausibilityRules = {
  pastDays: 400,
  futureDays: 1,
  maxWaitingSeconds: 12 * 3600,
  maxServiceSeconds: 12 * 3600,
};

const DAY_MS = 86_400_000;
const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The implausible events of a batch, each with why (id → reason, for the admin's review). */
export function implausibleEvents(
  events: readonly StatsEvent[],
  now: Date,
  rules: PlausibilityRules,
): Map<string, string> {
  const earliest = utcDate(now.getTime() - rules.pastDays * DAY_MS);
  const latest = utcDate(now.getTime() + rules.futureDays * DAY_MS);
  const found = new Map<string, string>();
  for (const e of events) {
    const reasons: string[] = [];
    if (e.localDate < earliest) reasons.push(`localDate before ${earliest}`);
    if (e.localDate > latest) reasons.push(`localDate after ${latest}`);
    if (e.waitingSeconds !== null && e.waitingSeconds > rules.maxWaitingSeconds)
      reasons.push(`waitingSeconds over ${rules.maxWaitingSeconds}`);
    if (e.serviceSeconds !== null && e.serviceSeconds > rules.maxServiceSeconds)
      reasons.push(`serviceSeconds over ${rules.maxServiceSeconds}`);
    if (reasons.length > 0) found.set(e.id, reasons.join('; '));
  }
  return found;
}
