import { addDays, endOfISOWeek, format, parseISO, startOfISOWeek, startOfMonth, subWeeks } from 'date-fns';

export const RANGE_PRESETS = ['today', 'yesterday', 'thisWeek', 'lastWeek', 'thisMonth', 'custom'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

const iso = (d: Date) => format(d, 'yyyy-MM-dd');

/**
 * The local days a preset covers, from today's local date in Stockholm. Weeks are ISO
 * weeks (Monday first), as Swedish calendars count them. Works on plain dates, so no
 * time zone or DST change can shift a day.
 */
export function presetRange(preset: Exclude<RangePreset, 'custom'>, today: string): { from: string; to: string } {
  const day = parseISO(today);
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday': {
      const y = iso(addDays(day, -1));
      return { from: y, to: y };
    }
    case 'thisWeek':
      return { from: iso(startOfISOWeek(day)), to: today };
    case 'lastWeek': {
      const last = subWeeks(day, 1);
      return { from: iso(startOfISOWeek(last)), to: iso(endOfISOWeek(last)) };
    }
    case 'thisMonth':
      return { from: iso(startOfMonth(day)), to: today };
  }
}
