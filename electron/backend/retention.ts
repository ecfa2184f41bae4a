import { TZDate } from '@date-fns/tz';
import { addDays, format } from 'date-fns';
import Holidays from 'date-holidays';
import { STATISTICS_TIME_ZONE } from '../../shared/domain';

/** Swedish public holidays, plus the "bank" days offices keep closed (midsommarafton, julafton, nyårsafton). */
const holidays = new Holidays('SE', { timezone: STATISTICS_TIME_ZONE, types: ['public', 'bank'] });

export function isWorkingDay(localDate: string): boolean {
  const noon = new TZDate(`${localDate}T12:00:00`, STATISTICS_TIME_ZONE);
  const weekday = noon.getDay();
  if (weekday === 0 || weekday === 6) return false;
  return !holidays.isHoliday(noon);
}

/**
 * When a note written at `writtenAt` must be gone: at the end of the next working day
 * (docs/domain.md, Privacy), i.e. the first instant of the day after it, Stockholm time.
 */
export function notePurgeAfter(writtenAt: Date): string {
  let day = new TZDate(writtenAt.getTime(), STATISTICS_TIME_ZONE);
  do day = addDays(day, 1);
  while (!isWorkingDay(format(day, 'yyyy-MM-dd')));
  const next = addDays(day, 1);
  const start = new TZDate(next.getFullYear(), next.getMonth(), next.getDate(), 0, 0, 0, STATISTICS_TIME_ZONE);
  return new Date(start.getTime()).toISOString();
}
