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

/**
 * Which 02 hour of an autumn change day an instant is in: 'summer' for the first (CEST),
 * 'winter' for the second (CET); null on every other hour. The spring change day has no 02.
 */
export type ClockChange = 'summer' | 'winter' | null;

/** A local hour as it was lived: the hour, and which of the two it was when it came twice. */
export interface LivedHour {
  hour: number;
  clock: ClockChange;
}

function isRepeatedHour(ms: number): 'first' | 'second' | null {
  const offset = stockholmOffsetMinutes(ms);
  if (offset < stockholmOffsetMinutes(ms - HOUR_MS)) return 'second';
  if (offset > stockholmOffsetMinutes(ms + HOUR_MS)) return 'first';
  return null;
}

/** The local hour an instant falls in, telling the two 02 hours of the autumn change apart. */
export function stockholmHour(instant: Date): LivedHour {
  const ms = instant.getTime();
  const repeated = isRepeatedHour(ms);
  return {
    hour: Number(wallClock(instant).slice(11, 13)),
    clock: repeated === 'first' ? 'summer' : repeated === 'second' ? 'winter' : null,
  };
}

/** The hours a local day had, in order: 24, or 23 on the spring change day (no 02), or 25 in autumn (02 twice). */
export function hoursOfDay(localDate: string): LivedHour[] {
  const start = stockholmInstant(localDate, '00:00').getTime();
  const hours: LivedHour[] = [];
  for (let ms = start; stockholmDate(new Date(ms)) === localDate; ms += HOUR_MS)
    hours.push(stockholmHour(new Date(ms)));
  return hours;
}

/** A stable key for a lived hour ("02", "02s", "02w"), ordered as the day lived them. */
export function livedHourKey(h: LivedHour): string {
  return `${String(h.hour).padStart(2, '0')}${h.clock === 'summer' ? 's' : h.clock === 'winter' ? 'w' : ''}`;
}

/** "09", or "02 (sommartid)" / "02 (vintertid)" for the autumn day's two 02 hours (names from the caller's language). */
export function hourLabel(h: LivedHour, names: Record<'summer' | 'winter', string>): string {
  const hh = String(h.hour).padStart(2, '0');
  return h.clock ? `${hh} (${names[h.clock]})` : hh;
}
