import { TZDate, tzOffset } from '@date-fns/tz';
import { STATISTICS_TIME_ZONE } from './domain';

const HOUR_MS = 3_600_000;
const offsets = new Map<number, number>();

/**
 * Stockholm's UTC offset (minutes) at an instant. Offsets only change on whole UTC hours
 * (01:00 UTC, both DST changes), so one time-zone lookup serves every instant of that
 * hour: statistics over a year of visits ask ~2,000 times instead of ~50,000.
 */
function stockholmOffsetMinutes(ms: number): number {
  const hour = Math.floor(ms / HOUR_MS);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    if (offsets.size > 100_000) offsets.clear();
    offset = tzOffset(STATISTICS_TIME_ZONE, new Date(hour * HOUR_MS));
    offsets.set(hour, offset);
  }
  return offset;
}

/** The instant shifted to Stockholm's wall clock, as an ISO string (only its date and time parts mean anything). */
function wallClock(instant: Date): string {
  const ms = instant.getTime();
  return new Date(ms + stockholmOffsetMinutes(ms) * 60_000).toISOString();
}

/** The local calendar day (YYYY-MM-DD) in Europe/Stockholm of a UTC instant. */
export function stockholmDate(instant: Date): string {
  return wallClock(instant).slice(0, 10);
}

/** Local wall-clock time (HH:mm) in Europe/Stockholm, for display. */
export function stockholmTime(instant: Date): string {
  return wallClock(instant).slice(11, 16);
}

/** The UTC instant of a local wall-clock time (HH:mm) on a local day in Europe/Stockholm. */
export function stockholmInstant(localDate: string, time: string): Date {
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, 0, STATISTICS_TIME_ZONE).getTime());
}
