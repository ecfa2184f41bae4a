import type { i18n as I18n, TFunction } from 'i18next';
import { stockholmHour, stockholmTime } from '../shared/time';

/**
 * A wait as the counter shows it, in whole minutes ("12 min", "1 h 5 min"): m:ss read as
 * hours:minutes ("30:00"), and seconds are noise at a counter. Under a minute is "0 min".
 */
export function formatWait(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '–';
  const minutes = Math.floor(Math.max(0, seconds) / 60);
  const h = Math.floor(minutes / 60);
  return h > 0 ? `${h} h ${minutes % 60} min` : `${minutes} min`;
}

export function secondsSince(iso: string, now: number): number {
  return Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
}

/** The locale numbers and dates are written in: Swedish, or British English (day first, 24-hour). */
export function localeOf(i18n: I18n): string {
  return i18n.language === 'en' ? 'en-GB' : 'sv-SE';
}

/** Numbers as the officer's language writes them (decimal comma in Swedish). */
export function numberFormat(i18n: I18n, maximumFractionDigits = 1) {
  return new Intl.NumberFormat(localeOf(i18n), { maximumFractionDigits });
}

/** Seconds as minutes with one decimal; a dash when there is nothing to average. */
export function minutesText(i18n: I18n, seconds: number | null): string {
  return seconds === null ? '–' : `${numberFormat(i18n).format(seconds / 60)} min`;
}

export function shareText(i18n: I18n, share: number | null): string {
  return share === null
    ? '–'
    : new Intl.NumberFormat(localeOf(i18n), { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

/**
 * A local time for the officer, with the clock named in the hour that comes twice on the
 * autumn change day ("02:56 (sommartid)" then "02:10 (vintertid)"), so a visit that seems to
 * end before it began reads right.
 */
export function clockTime(t: TFunction, iso: string): string {
  const instant = new Date(iso);
  const { clock } = stockholmHour(instant);
  const time = stockholmTime(instant);
  return clock ? `${time} (${t(`supervisor.clock.${clock}`)})` : time;
}
