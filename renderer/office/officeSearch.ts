import type { Office } from '../../shared/offices';
import { distanceKm } from '../../shared/referral';

/** Lower case without diacritics, so "vaxjo" finds Växjö and "goteborg" Göteborg. */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export interface PickerOffice {
  office: Office;
  /** Straight-line distance from the office the device knows it was at last; null when it knows none. */
  km: number | null;
}

/**
 * The offices the picker shows for a search: every word must match the name or the
 * municipality. Nearest first from the office the device was at last (the registry has
 * positions; a straight line, not a road), that office itself first; else by name.
 */
export function pickerOffices(offices: readonly Office[], query: string, from: Office | null): PickerOffice[] {
  const words = foldForSearch(query).split(/\s+/).filter(Boolean);
  return offices
    .filter((o) => {
      const text = foldForSearch(`${o.name} ${o.municipality}`);
      return words.every((w) => text.includes(w));
    })
    .map((office) => ({ office, km: from ? Math.round(distanceKm(from, office)) : null }))
    .sort(
      (a, b) =>
        Number(b.office.id === from?.id) - Number(a.office.id === from?.id) ||
        (a.km ?? 0) - (b.km ?? 0) ||
        a.office.name.localeCompare(b.office.name, 'sv'),
    );
}
