import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { STATISTICS_TIME_ZONE } from './domain';

/** The local calendar day (YYYY-MM-DD) in Europe/Stockholm of a UTC instant. */
export function stockholmDate(instant: Date): string {
  return format(new TZDate(instant.getTime(), STATISTICS_TIME_ZONE), 'yyyy-MM-dd');
}

/** Local wall-clock time (HH:mm) in Europe/Stockholm, for display. */
export function stockholmTime(instant: Date): string {
  return format(new TZDate(instant.getTime(), STATISTICS_TIME_ZONE), 'HH:mm');
}

/** The UTC instant of a local wall-clock time (HH:mm) on a local day in Europe/Stockholm. */
export function stockholmInstant(localDate: string, time: string): Date {
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, 0, STATISTICS_TIME_ZONE).getTime());
}
